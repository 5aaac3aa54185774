# The JSON path is checked before computing, so the plot is not written either.
#! absent @WORK@/plot.png
@ERLANGEN@ invariance @EXAMPLES@/camera.png -K 4 --downsample 8 -t rot90 --plot @WORK@/plot.png --json @WORK@/nodir/j.json
