# A --param key that the algorithm does not read is rejected with the accepted keys.
@ERLANGEN@ hash @EXAMPLES@/camera.png --algorithm pdq --param strenght=2
