@ERLANGEN@ --threads 1 moments @EXAMPLES@/camera.png --downsample 8 --max-order 2 --format csv
