# A scheme that is not registered is named in the error, with the registered ones.
#! absent @WORK@/out
@ERLANGEN@ watermark-eval --images @EXAMPLES@ --schemes dwtdct,rivagan --out @WORK@/out
