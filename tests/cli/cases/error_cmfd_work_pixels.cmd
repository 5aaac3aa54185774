# An image above the detector's working-pixel limit is rejected naming the option that raises it, and no mask is written.
#! absent @WORK@/mask.png
@ERLANGEN@ cmfd @EXAMPLES@/coins.png -o @WORK@/mask.png --max-work-pixels 1000
