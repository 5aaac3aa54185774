#! absent @WORK@/out.json
@ERLANGEN@ moments @WORK@/missing.png -o @WORK@/out.json
