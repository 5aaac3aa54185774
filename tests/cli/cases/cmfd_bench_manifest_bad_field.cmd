# A manifest entry with a field of the wrong type names the entry and the field.
#! write @WORK@/manifest.json {"entries": [{"name": "a", "image": "a.png", "mask": "a_gt.png", "attack": "plain", "strength": "high"}]}
@ERLANGEN@ cmfd-bench evaluate --truth @WORK@ --pred @WORK@
