# An unknown algorithm is rejected before any image is read.
@ERLANGEN@ hash @EXAMPLES@/camera.png --algorithm md5
