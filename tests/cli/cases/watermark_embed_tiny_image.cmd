# A 64 x 64 image is below the moment scheme's minimum of 128 pixels on the shorter side.
#! absent @WORK@/marked.png
@ERLANGEN@ watermark embed @EXAMPLES@/../tests/cli/data/hash_eval/bars.png --key 0123456789abcdef --message ff -o @WORK@/marked.png
