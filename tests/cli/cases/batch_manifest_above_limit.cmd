# A manifest above --max-input-bytes is rejected before it is read.
#! write @WORK@/list.txt @EXAMPLES@/camera.png
#! absent @WORK@/out
@ERLANGEN@ batch moments --manifest @WORK@/list.txt --max-input-bytes 10 --out @WORK@/out
