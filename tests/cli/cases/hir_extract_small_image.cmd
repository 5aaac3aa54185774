# An 18x18 image cannot hold two 10-pixel layers (it needs 2 * 9 + 1 = 19 pixels); nothing is written.
#! absent @WORK@/features.npy
#! absent @WORK@/features.npy.json
@ERLANGEN@ hir extract @EXAMPLES@/camera.png --resize 18 -o @WORK@/features.npy
