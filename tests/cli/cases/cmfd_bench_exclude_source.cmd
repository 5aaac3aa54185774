# --exclude-source leaves out every entry made from the named source image: only the camera entry
# is scored, so the plain row counts 1 image. The masks double as predictions (F1 1).
#! truncate @EXAMPLES@/camera.png @WORK@/camera.png 100000000
#! truncate @EXAMPLES@/horse.png @WORK@/horse.png 100000000
#! write @WORK@/manifest.json {"entries": [{"name": "camera", "image": "camera.png", "mask": "camera.png", "attack": "plain", "strength": 0, "source": "images/camera.png"}, {"name": "horse", "image": "horse.png", "mask": "horse.png", "attack": "plain", "strength": 0, "source": "images/horse.png"}]}
#! exists @WORK@/res/results.csv
@ERLANGEN@ cmfd-bench evaluate --truth @WORK@ --pred @WORK@ --out @WORK@/res --exclude-source horse
