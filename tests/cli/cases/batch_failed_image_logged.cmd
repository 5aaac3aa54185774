# An unreadable image is logged in the JSONL file with its error; the shard completes (exit 0).
#! write @WORK@/list.txt missing.png
#! exists @WORK@/out/shard-00000-of-00001.npy
#! exists @WORK@/out/shard-00000-of-00001.jsonl
#! exists @WORK@/out/shard-00000-of-00001.json
@ERLANGEN@ batch moments --manifest @WORK@/list.txt --max-order 8 --out @WORK@/out
