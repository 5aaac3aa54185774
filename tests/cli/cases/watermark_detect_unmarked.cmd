# An unmarked image is not detected at the default FPR 1e-6, and the exit code is still 0.
@ERLANGEN@ watermark detect @EXAMPLES@/camera.png --key 0123456789abcdef --bits 40
