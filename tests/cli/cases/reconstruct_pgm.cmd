# A PGM name writes a PGM reconstruction.
#! exists @WORK@/r.pgm
@ERLANGEN@ reconstruct @EXAMPLES@/camera.png -K 4 --downsample 8 -o @WORK@/r.pgm
