# An unknown algorithm is rejected with the list of registered ones.
#! absent @WORK@/none.ehi
@ERLANGEN@ hash index @EXAMPLES@/camera.png --algorithm sift -o @WORK@/none.ehi
