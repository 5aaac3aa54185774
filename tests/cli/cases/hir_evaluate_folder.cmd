# Accuracy, macro precision, recall and F1 and the confusion matrix of the committed model on the
# rotated test crops, also written as JSON.
#! exists @WORK@/report.json
@ERLANGEN@ hir evaluate @EXAMPLES@/../tests/cli/data/hir_learn/test --model @EXAMPLES@/../tests/cli/data/hir_learn/model.ehm --json @WORK@/report.json
