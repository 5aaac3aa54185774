# A model file cut after 400 bytes is reported as truncated.
#! truncate @EXAMPLES@/../tests/cli/data/hir_learn/model.ehm @WORK@/short.ehm 400
#! absent @WORK@/predictions.csv
@ERLANGEN@ hir predict @EXAMPLES@/../tests/cli/data/hir_learn/test --model @WORK@/short.ehm -o @WORK@/predictions.csv
