# --exact-init-stride is range-checked when the command line is parsed.
@ERLANGEN@ cmfd @EXAMPLES@/coins.png -o @WORK@/mask.png --exact-init-stride 65
