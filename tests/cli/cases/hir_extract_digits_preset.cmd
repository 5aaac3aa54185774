# Two example images through the digits preset (40x40, blur 0.5, border 12, reference paths K = 6).
#! exists @WORK@/digits.npy
#! exists @WORK@/digits.npy.json
@ERLANGEN@ hir extract @EXAMPLES@/coins.png @EXAMPLES@/camera.png --preset digits -o @WORK@/digits.npy
