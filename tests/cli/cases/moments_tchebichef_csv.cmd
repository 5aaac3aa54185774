@ERLANGEN@ moments @EXAMPLES@/camera.png --downsample 8 --family tchebichef --max-order 3 --format csv
