# Phase-cancelled invariants need one reference order for every image of the batch.
#! write @WORK@/list.txt missing.png
#! absent @WORK@/out
@ERLANGEN@ batch moments --manifest @WORK@/list.txt --invariants complete --out @WORK@/out
