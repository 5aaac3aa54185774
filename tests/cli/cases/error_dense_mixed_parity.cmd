# Scales of both parities cannot share patch centres: rejected, no output written.
#! absent @WORK@/features.npy
@ERLANGEN@ dense @EXAMPLES@/coins.png --scales 8,9,12 -o @WORK@/features.npy
