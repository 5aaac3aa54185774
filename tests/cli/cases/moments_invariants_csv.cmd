@ERLANGEN@ moments @EXAMPLES@/camera.png -K 6 --downsample 2 --invariants magnitude --format csv
