# Mean-pooled PCT NM10 maps at ten scales, every 8th pixel, as NPY with a JSON sidecar.
#! exists @WORK@/features.npy
#! exists @WORK@/features.npy.json
#! exists @WORK@/maps.png
@ERLANGEN@ dense @EXAMPLES@/coins.png --family pct --orders "n+m<=3" --scales 8:32:10 --pool mean --stride 8 -o @WORK@/features.npy --preview @WORK@/maps.png
