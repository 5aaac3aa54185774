# A suite file that lists "none" gets a note and counts one attack, because the clean pairs are always evaluated.
#! exists @WORK@/out/summary.md
@ERLANGEN@ hash-eval --images @EXAMPLES@/../tests/cli/data/hash_eval --algorithms dhash --suite @EXAMPLES@/../tests/cli/data/suites/none_and_jpeg.txt --out @WORK@/out
