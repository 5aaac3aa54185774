# PDQ hashes of two examples, one "HEX  PATH" line each; they equal Meta's reference hashes.
@ERLANGEN@ hash @EXAMPLES@/camera.png @EXAMPLES@/coins.png --algorithm pdq
