# Quarter turns and flips are exact pixel permutations: errors at rounding level.
#! exists @WORK@/invariance.json
#! exists @WORK@/invariance.png
@ERLANGEN@ invariance @EXAMPLES@/camera.png --max-order 8 --downsample 4 -t rot90 -t flip:lr -t flip:ud --json @WORK@/invariance.json --plot @WORK@/invariance.png
