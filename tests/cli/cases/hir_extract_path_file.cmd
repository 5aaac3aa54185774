# Explicit paths from a file, with a per-layer side; the manifest names both paths with their sides.
#! write @WORK@/paths.txt (0,0)->(0,1)@8; (2,1)
#! exists @WORK@/selected.npy.json
@ERLANGEN@ hir extract @EXAMPLES@/coins.png --resize 64 --path-file @WORK@/paths.txt -o @WORK@/selected.npy
