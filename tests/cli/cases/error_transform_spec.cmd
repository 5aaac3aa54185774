#! absent @WORK@/invariance.json
@ERLANGEN@ invariance @EXAMPLES@/camera.png -t spin:30 --json @WORK@/invariance.json
