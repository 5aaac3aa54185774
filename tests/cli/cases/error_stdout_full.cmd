# A failed write to standard output (a full device) exits 1 with a message, not 0.
#! stdout /dev/full
@ERLANGEN@ moments @EXAMPLES@/camera.png -K 2 --downsample 8 --format csv
