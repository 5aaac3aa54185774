# Phase-cancelled ZM: exact under quarter turns, imaginary parts change sign under a mirror.
@ERLANGEN@ invariance @EXAMPLES@/camera.png --max-order 6 --downsample 4 --representation complete -t rotate:0:180:90 -t flip:ud
