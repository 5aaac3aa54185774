@ERLANGEN@ moments @EXAMPLES@/camera.png --family zernike --max-order 8 --format csv
