# Every output path is checked before detection, so no mask is left when the report folder is missing.
#! absent @WORK@/mask.png
@ERLANGEN@ cmfd @EXAMPLES@/coins.png -o @WORK@/mask.png --json @WORK@/nodir/r.json
