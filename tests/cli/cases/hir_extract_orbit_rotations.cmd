# Orbit averaging over 4 rotations keeps one feature per path: 17 paths for K = 2, 17 features.
#! exists @WORK@/orbit.npy.json
@ERLANGEN@ hir extract @EXAMPLES@/coins.png --resize 48 --pad 16 -K 2 --orbit-rotations 4 -o @WORK@/orbit.npy
