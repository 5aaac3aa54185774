# A folder with fewer than two images has no different-image pairs.
#! write @WORK@/images/notes.txt not an image
#! absent @WORK@/out
@ERLANGEN@ hash-eval --images @WORK@/images --algorithms dhash --out @WORK@/out
