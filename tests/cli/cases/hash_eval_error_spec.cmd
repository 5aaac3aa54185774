# An out-of-range value in a suite file names the line, the value, the range and the fix.
#! write @WORK@/suite.txt jpeg:101
#! absent @WORK@/out
@ERLANGEN@ hash-eval --images @EXAMPLES@ --algorithms dhash --suite @WORK@/suite.txt --out @WORK@/out
