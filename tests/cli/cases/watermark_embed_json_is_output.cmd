# A JSON report on the path of the marked image would overwrite it: rejected before any work.
#! absent @WORK@/marked.png
@ERLANGEN@ watermark embed @EXAMPLES@/camera.png --key 0123456789abcdef --message ff -o @WORK@/marked.png --json @WORK@/marked.png
