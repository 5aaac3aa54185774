#! absent @WORK@/out.json
@ERLANGEN@ moments @EXAMPLES@/camera.png --max-order -1 -o @WORK@/out.json
