# An --exclude-source name that matches no entry is an error, so a typing slip cannot pass as a
# smaller benchmark; nothing is written.
#! truncate @EXAMPLES@/camera.png @WORK@/camera.png 100000000
#! write @WORK@/manifest.json {"entries": [{"name": "camera", "image": "camera.png", "mask": "camera.png", "attack": "plain", "strength": 0, "source": "images/camera.png"}]}
#! absent @WORK@/res
@ERLANGEN@ cmfd-bench evaluate --truth @WORK@ --pred @WORK@ --out @WORK@/res --exclude-source grass
