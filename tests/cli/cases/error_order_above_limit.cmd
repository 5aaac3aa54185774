#! absent @WORK@/out.json
@ERLANGEN@ moments @EXAMPLES@/camera.png --downsample 8 --max-order 5000 -o @WORK@/out.json
