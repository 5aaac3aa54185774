# The one-standard-error rule: the highest 2-fold accuracy is at C = 0.1, and the smallest C within
# one standard error of it is 0.01; the line reports both.
@ERLANGEN@ hir train @EXAMPLES@/../tests/cli/data/hir_learn/train --model @WORK@/model.ehm --extractor moments --family zernike -K 8 --classifier logreg --folds 2 --c 0.01 --c 0.1 --c 1 --c 10 --c 100 --c-rule one-se
