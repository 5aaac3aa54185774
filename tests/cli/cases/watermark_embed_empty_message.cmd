# "0x" alone leaves no hex digit: an empty payload is rejected and no output is written.
#! absent @WORK@/marked.png
@ERLANGEN@ watermark embed @EXAMPLES@/camera.png --key 0123456789abcdef --message 0x -o @WORK@/marked.png
