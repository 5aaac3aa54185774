#! exists @WORK@/recon.png
@ERLANGEN@ reconstruct @EXAMPLES@/camera.png --family pcet --max-order 10 --downsample 4 -o @WORK@/recon.png
