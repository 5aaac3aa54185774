# A uniform 8 x 8 image gets the all-zero hash of full length, flagged low quality, with a note on
# stderr.
#! write @WORK@/flat.pgm P2 8 8 255 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128
@ERLANGEN@ hash @WORK@/flat.pgm --algorithm phash --format json
