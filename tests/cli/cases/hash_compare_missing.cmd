# An operand that is neither a file nor a hex hash of the algorithm.
@ERLANGEN@ hash compare @EXAMPLES@/camera.png @WORK@/missing.png --algorithm ahash
