# An image file above --max-input-bytes is rejected before it is read, naming the option.
@ERLANGEN@ moments @EXAMPLES@/camera.png -K 4 --max-input-bytes 1000
