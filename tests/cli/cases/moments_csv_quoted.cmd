# The family label contains commas, so the CSV field is quoted (RFC 4180).
@ERLANGEN@ moments @EXAMPLES@/camera.png -f fjfm -K 1 --downsample 8 --format csv
