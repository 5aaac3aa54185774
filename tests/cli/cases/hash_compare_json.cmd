# Two different images with dHash as JSON: no match, and the exit code is still 0.
@ERLANGEN@ hash compare @EXAMPLES@/camera.png @EXAMPLES@/coins.png --algorithm dhash --json
