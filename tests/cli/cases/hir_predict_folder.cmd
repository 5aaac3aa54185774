# Predict the test crops (rotated by 90 degrees) with the committed model, which the command of
# hir_train_folder wrote; the CSV goes to standard output.
@ERLANGEN@ hir predict @EXAMPLES@/../tests/cli/data/hir_learn/test --model @EXAMPLES@/../tests/cli/data/hir_learn/model.ehm
