# NPY output: complex128 moments and a JSON sidecar with the labels; nothing on stdout.
#! exists @WORK@/camera.npy
#! exists @WORK@/camera.npy.json
@ERLANGEN@ moments @EXAMPLES@/camera.png -K 8 --format npy -o @WORK@/camera.npy
