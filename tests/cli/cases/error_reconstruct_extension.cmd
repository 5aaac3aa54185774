# A JPEG name is rejected before any computation, so no PNG bytes go under a .jpg name.
#! absent @WORK@/r.jpg
@ERLANGEN@ reconstruct @EXAMPLES@/camera.png -K 4 --downsample 8 -o @WORK@/r.jpg
