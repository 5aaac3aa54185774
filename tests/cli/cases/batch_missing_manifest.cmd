# A manifest that does not exist stops the command before any output is written.
#! absent @WORK@/out
@ERLANGEN@ batch moments --manifest @WORK@/none.txt --out @WORK@/out
