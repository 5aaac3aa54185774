# Paths come from the manifest; a listed image that does not exist stops the command.
#! write @WORK@/list.txt absent.png
#! absent @WORK@/list.ehi
@ERLANGEN@ hash index --manifest @WORK@/list.txt --algorithm pdq -o @WORK@/list.ehi
