# A hex hash of the wrong length for the algorithm is rejected with the expected length.
@ERLANGEN@ hash compare @EXAMPLES@/camera.png 0123abcd --algorithm pdq
