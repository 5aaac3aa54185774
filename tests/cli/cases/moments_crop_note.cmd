# A non-square image is cropped to its centre square, with a note on stderr.
@ERLANGEN@ moments @EXAMPLES@/rocket.jpg -K 4 --downsample 4 --format csv
