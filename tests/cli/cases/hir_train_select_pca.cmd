# Keep the 8 features with the highest chi-square score on 4 equal-frequency bins, then fit the
# affine PCA subspace classifier; the output names the number of paths the selection needs.
#! exists @WORK@/model.ehm
@ERLANGEN@ hir train @EXAMPLES@/../tests/cli/data/hir_learn/train --model @WORK@/model.ehm -K 3 -D 2 -S 8 --pad 8 --select chi2 --top 8 --bins 4 --classifier pca
