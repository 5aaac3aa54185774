# An unknown algorithm is rejected before any image is read.
#! absent @WORK@/out
@ERLANGEN@ hash-eval --images @EXAMPLES@ --algorithms dhash,blockhash --out @WORK@/out
