# The method error uses the command-line spelling of the options.
@ERLANGEN@ moments @EXAMPLES@/camera.png --method polar-fft -K 2 --downsample 8
