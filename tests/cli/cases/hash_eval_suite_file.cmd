# A suite file with one named chain (rotation by 5 degrees, then JPEG at quality 80).
#! write @WORK@/suite.txt rotated = rotate:5,jpeg:80
#! exists @WORK@/out/roc_rotated.png
#! absent @WORK@/out/tpr_rotated.png
@ERLANGEN@ hash-eval --images @EXAMPLES@/../tests/cli/data/hash_eval --algorithms dhash --suite @WORK@/suite.txt --out @WORK@/out
