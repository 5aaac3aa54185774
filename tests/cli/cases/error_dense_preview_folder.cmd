# The preview path is checked before computing, so the NPY file is not written either.
#! absent @WORK@/e.npy
#! absent @WORK@/e.npy.json
@ERLANGEN@ dense @EXAMPLES@/coins.png --family pct --orders "n+m<=1" --scales 8 --stride 8 -o @WORK@/e.npy --preview @WORK@/nodir/p.png
