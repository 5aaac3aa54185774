# 256 bits exceed the moment scheme's capacity: the message names the capacity and the image size.
#! absent @WORK@/marked.png
@ERLANGEN@ watermark embed @EXAMPLES@/camera.png --key 0123456789abcdef --message 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef -o @WORK@/marked.png
