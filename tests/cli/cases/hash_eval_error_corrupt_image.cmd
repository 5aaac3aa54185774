# A truncated image stops the run with the decoder's message naming the file, and no report is written.
#! write @WORK@/images/notes.txt not an image
#! truncate @EXAMPLES@/camera.png @WORK@/images/camera.png 100000000
#! truncate @EXAMPLES@/coins.png @WORK@/images/coins.png 2000
#! absent @WORK@/out/summary.md
@ERLANGEN@ hash-eval --images @WORK@/images --algorithms dhash --suite quick --out @WORK@/out
