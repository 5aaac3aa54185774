# Distractors add different-image pairs: 3 images and 6 distractors give 3 + 3*6 + 6 + 3*6 = 45 per attack.
#! exists @WORK@/out/summary.md
#! exists @WORK@/out/summary.csv
@ERLANGEN@ hash-eval --images @EXAMPLES@/../tests/cli/data/hash_eval --distractors @EXAMPLES@ --algorithms dhash,moment --suite quick --seed 3 --out @WORK@/out
