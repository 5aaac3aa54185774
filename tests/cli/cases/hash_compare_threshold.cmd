# --threshold overrides the documented threshold.
@ERLANGEN@ hash compare @EXAMPLES@/camera.png @EXAMPLES@/coins.png --algorithm pdq --threshold 200
