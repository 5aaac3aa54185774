# NPY is binary, so -o - (standard output) is rejected.
@ERLANGEN@ moments @EXAMPLES@/camera.png -K 2 --downsample 8 --format npy -o -
