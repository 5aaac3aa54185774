# Two examples indexed with the moment hash: one summary line and the index file.
#! exists @WORK@/two.ehi
@ERLANGEN@ hash index @EXAMPLES@/camera.png @EXAMPLES@/coins.png --algorithm moment -o @WORK@/two.ehi
