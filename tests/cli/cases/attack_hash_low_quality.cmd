# A uniform image has a low-quality hash: the attack runs, and a warning says that its result does not measure the algorithm.
#! write @WORK@/flat.pgm P2 8 8 255 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128 128
@ERLANGEN@ attack hash @WORK@/flat.pgm --algorithm phash --evade --queries 20 -o @WORK@/attacked.png
