# --pixel-scale accepts auto or a factor in [0.25, 1]; the library names the value and the range.
@ERLANGEN@ cmfd @EXAMPLES@/coins.png -o @WORK@/mask.png --pixel-scale 2
