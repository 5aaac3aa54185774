#! absent @WORK@/out.json
@ERLANGEN@ moments @EXAMPLES@/camera.png --family gpcet --alpha 0 -o @WORK@/out.json
