# The examples folder and a second folder both hold coins.png: the first folder's copy is used,
# and stderr names the skipped one.
#! truncate @EXAMPLES@/coins.png @WORK@/coins.png 100000000
#! exists @WORK@/set/manifest.json
@ERLANGEN@ cmfd-bench generate --images @EXAMPLES@ --images @WORK@ --out @WORK@/set --grid small --seed 1
