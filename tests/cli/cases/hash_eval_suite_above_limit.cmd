# A suite file above --max-input-bytes is rejected before it is read, and no --out folder is created.
#! absent @WORK@/out
@ERLANGEN@ hash-eval --images @EXAMPLES@/../tests/cli/data/hash_eval --algorithms dhash --suite @EXAMPLES@/../tests/cli/data/suites/none_and_jpeg.txt --max-input-bytes 20 --out @WORK@/out
