# A manifest that does not exist stops the command before any output is written.
#! absent @WORK@/none.ehi
@ERLANGEN@ hash index --manifest @WORK@/absent.txt -o @WORK@/none.ehi
