# batch hir checks --orbit-rotations against [1, 16] before any image is read.
#! write @WORK@/list.txt missing.png
#! absent @WORK@/out
@ERLANGEN@ batch hir --manifest @WORK@/list.txt --out @WORK@/out --orbit-rotations 17
