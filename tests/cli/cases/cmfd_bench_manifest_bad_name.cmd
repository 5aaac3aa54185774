# A manifest entry whose name is not a plain file name is rejected before any image is read,
# because the detector writes NAME.png into the --out folder.
#! write @WORK@/manifest.json {"entries": [{"name": "../escape", "image": "a.png", "mask": "a_gt.png", "attack": "plain", "strength": 0}]}
#! absent @WORK@/escape.png
@ERLANGEN@ cmfd-bench detect --truth @WORK@ --out @WORK@/pred
