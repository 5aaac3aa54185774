# hash-eval on three small synthetic images with the quick suite writes every table and plot.
#! exists @WORK@/out/summary.md
#! exists @WORK@/out/summary.csv
#! exists @WORK@/out/distances.csv
#! exists @WORK@/out/histograms.csv
#! exists @WORK@/out/roc.csv
#! exists @WORK@/out/hashes.csv
#! exists @WORK@/out/roc_all.png
#! exists @WORK@/out/roc_jpeg.png
#! exists @WORK@/out/tpr_dihedral.png
@ERLANGEN@ hash-eval --images @EXAMPLES@/../tests/cli/data/hash_eval --algorithms dhash,ahash,phash --suite quick --seed 3 --out @WORK@/out
