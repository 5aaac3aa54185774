# Excluding every source image leaves nothing to score, which is an error and not an empty table.
# Naming the same source twice is accepted.
#! truncate @EXAMPLES@/camera.png @WORK@/camera.png 100000000
#! write @WORK@/manifest.json {"entries": [{"name": "camera", "image": "camera.png", "mask": "camera.png", "attack": "plain", "strength": 0, "source": "images/camera.png"}]}
#! absent @WORK@/res
@ERLANGEN@ cmfd-bench evaluate --truth @WORK@ --pred @WORK@ --out @WORK@/res --exclude-source camera --exclude-source camera
