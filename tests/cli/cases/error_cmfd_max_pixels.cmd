# An image above the pixel limit is rejected from its header, before decoding, and no mask is written.
#! absent @WORK@/mask.png
@ERLANGEN@ --max-pixels 10000 cmfd @EXAMPLES@/coins.png -o @WORK@/mask.png
