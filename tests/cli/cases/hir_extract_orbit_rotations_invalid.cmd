# More orbit rotations than the limit are rejected with exit code 2, and no output is written.
#! absent @WORK@/orbit.npy
@ERLANGEN@ hir extract @EXAMPLES@/coins.png --resize 48 --orbit-rotations 17 -o @WORK@/orbit.npy
