# Without images or a manifest nothing is written.
#! absent @WORK@/none.ehi
@ERLANGEN@ hash index --algorithm moment -o @WORK@/none.ehi
