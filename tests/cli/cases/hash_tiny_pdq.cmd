# PDQ needs 5 pixels per side: a 4 x 3 image gets the all-zero hash with quality 0.
#! write @WORK@/tiny.pgm P2 4 3 255 0 50 100 150 200 250 0 50 100 150 200 250
@ERLANGEN@ hash @WORK@/tiny.pgm --algorithm pdq
