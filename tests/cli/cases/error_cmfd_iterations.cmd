# --iterations is range-checked when the command line is parsed.
@ERLANGEN@ cmfd @EXAMPLES@/coins.png -o @WORK@/mask.png --iterations 5000
