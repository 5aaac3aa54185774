# Predictions of unlabelled image files written to a CSV file.
#! exists @WORK@/predictions.csv
@ERLANGEN@ hir predict @EXAMPLES@/../tests/cli/data/hir_learn/test/brick/4.pgm @EXAMPLES@/../tests/cli/data/hir_learn/test/coins/5.pgm --model @EXAMPLES@/../tests/cli/data/hir_learn/model.ehm -o @WORK@/predictions.csv
