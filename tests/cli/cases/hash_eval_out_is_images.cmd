# An --out folder equal to --images is rejected before anything is written, because a rerun would read the plots as images.
@ERLANGEN@ hash-eval --images @EXAMPLES@/../tests/cli/data/hash_eval --algorithms dhash --suite quick --out @EXAMPLES@/../tests/cli/data/hash_eval/.
