# Neither --message nor --text: the payload is missing.
#! absent @WORK@/marked.png
@ERLANGEN@ watermark embed @EXAMPLES@/camera.png --key 0123456789abcdef -o @WORK@/marked.png
