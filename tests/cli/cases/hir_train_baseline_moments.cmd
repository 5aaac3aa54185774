# Baseline: global Zernike magnitudes up to order 8, logistic regression with C cross-validated
# over 2 folds.
@ERLANGEN@ hir train @EXAMPLES@/../tests/cli/data/hir_learn/train --model @WORK@/model.ehm --extractor moments --family zernike -K 8 --classifier logreg --folds 2 --c 0.1 --c 10
