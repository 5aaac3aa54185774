# A PNG cut after 3000 bytes: decoding fails and no output is written.
#! truncate @EXAMPLES@/camera.png @WORK@/cut.png 3000
#! absent @WORK@/recon.png
@ERLANGEN@ reconstruct @WORK@/cut.png -o @WORK@/recon.png
