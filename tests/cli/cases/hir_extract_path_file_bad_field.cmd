# A path manifest with a filter field of the wrong type names the path and the field.
#! write @WORK@/paths.json {"paths": [{"filters": [{"n": 0, "m": "one", "side": 8}]}]}
#! absent @WORK@/selected.npy
@ERLANGEN@ hir extract @EXAMPLES@/coins.png --resize 64 --path-file @WORK@/paths.json -o @WORK@/selected.npy
