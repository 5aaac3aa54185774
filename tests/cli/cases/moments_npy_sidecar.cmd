# The NPY sidecar carries the same metadata as the JSON output, and the labels.
#! exists @WORK@/m.npy
@ERLANGEN@ moments @EXAMPLES@/camera.png -K 1 --downsample 8 --format npy -o @WORK@/m.npy
