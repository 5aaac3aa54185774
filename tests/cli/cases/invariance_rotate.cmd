@ERLANGEN@ invariance @EXAMPLES@/camera.png --max-order 8 --downsample 4 -t rotate:0:90:30
