# --images is required.
#! absent @WORK@/out
@ERLANGEN@ watermark-eval --schemes dwtdct --out @WORK@/out
