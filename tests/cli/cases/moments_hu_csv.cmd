# Hu invariants of the grey image, as CSV with labels Hu phi1..phi7.
@ERLANGEN@ moments @EXAMPLES@/coins.png -K 4 --downsample 3 --invariants hu --format csv --quiet
