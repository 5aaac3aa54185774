@ERLANGEN@ invariance @EXAMPLES@/camera.png --family legendre -t rot90
