#! absent @WORK@/no/such/folder/out.csv
@ERLANGEN@ moments @EXAMPLES@/camera.png -K 2 --downsample 8 --format csv -o @WORK@/no/such/folder/out.csv
