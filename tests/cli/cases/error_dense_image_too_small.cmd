# A window larger than the image in valid mode: the message states the minimum size.
#! absent @WORK@/features.npy
@ERLANGEN@ dense @EXAMPLES@/coins.png --scales 320 -o @WORK@/features.npy
