# K above 20 is rejected with exit code 2, and no output is written.
#! absent @WORK@/features.npy
@ERLANGEN@ hir extract @EXAMPLES@/camera.png -K 30 -o @WORK@/features.npy
