#! absent @WORK@/out.json
@ERLANGEN@ moments @EXAMPLES@/camera.png --family zernikee -o @WORK@/out.json
