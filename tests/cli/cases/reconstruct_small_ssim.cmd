# A reconstruction of an image below 11x11 pixels reports SSIM as n/a instead of failing.
@ERLANGEN@ reconstruct @EXAMPLES@/camera.png -K 2 --downsample 64 -o @WORK@/r.png
