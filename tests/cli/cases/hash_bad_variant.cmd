# An unknown pHash variant names the accepted ones.
@ERLANGEN@ hash @EXAMPLES@/camera.png --algorithm phash --phash-variant radial
