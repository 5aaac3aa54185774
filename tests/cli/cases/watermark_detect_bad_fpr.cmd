# --fpr outside (0, 1) is rejected naming the option, not the library field.
@ERLANGEN@ watermark detect @EXAMPLES@/camera.png --key 0123456789abcdef --bits 40 --fpr 1
