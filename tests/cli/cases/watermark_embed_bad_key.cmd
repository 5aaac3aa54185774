# A key of 5 hex digits is too short (8 to 64 are accepted).
#! absent @WORK@/marked.png
@ERLANGEN@ watermark embed @EXAMPLES@/camera.png --key 12345 --message ff -o @WORK@/marked.png
