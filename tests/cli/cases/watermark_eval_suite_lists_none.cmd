# A suite file that lists "none" gets a note and counts one attack, because the clean case is always decoded.
#! exists @WORK@/out/report.md
@ERLANGEN@ watermark-eval --images @EXAMPLES@/../tests/cli/data/hash_eval --schemes dwtdct --suite @EXAMPLES@/../tests/cli/data/suites/none_and_jpeg.txt --out @WORK@/out
