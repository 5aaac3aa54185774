# A shard index must be below the shard count; nothing is read or written.
#! write @WORK@/list.txt missing.png
#! absent @WORK@/out
@ERLANGEN@ batch moments --manifest @WORK@/list.txt --shard 4/4 --out @WORK@/out
