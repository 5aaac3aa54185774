# An --out folder equal to --images is rejected before anything is written.
@ERLANGEN@ watermark-eval --images @EXAMPLES@/../tests/cli/data/hash_eval --schemes dwtdct --suite quick --out @EXAMPLES@/../tests/cli/data/hash_eval
