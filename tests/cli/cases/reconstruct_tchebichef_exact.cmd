# Tchebichef polynomials are exactly orthogonal on the samples: K = N - 1 reconstructs to rounding.
# A 5 x 5 box average keeps every pixel away from a half-way point of the 8-bit rounding, so PSNR is inf.
#! exists @WORK@/recon.png
@ERLANGEN@ reconstruct @EXAMPLES@/camera.png --downsample 5 --family tchebichef --max-order 101 -o @WORK@/recon.png
