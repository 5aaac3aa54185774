# dense rejects Cartesian families with a message that says so.
@ERLANGEN@ dense @EXAMPLES@/coins.png -f legendre -o @WORK@/e.npy
