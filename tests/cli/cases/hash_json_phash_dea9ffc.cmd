# The pHash C++ variant dea9ffc as JSON: 64 bits, quality and the low-quality flag.
@ERLANGEN@ hash @EXAMPLES@/camera.png --algorithm phash --phash-variant dea9ffc --format json
