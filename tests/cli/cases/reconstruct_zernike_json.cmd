#! exists @WORK@/recon.png
@ERLANGEN@ reconstruct @EXAMPLES@/camera.png --family zernike --max-order 20 --downsample 4 --integration zoa -o @WORK@/recon.png --json
