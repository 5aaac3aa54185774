# The class folders of this folder (test, train) contain only folders, so the first class has no image.
#! absent @WORK@/model.ehm
@ERLANGEN@ hir train @EXAMPLES@/../tests/cli/data/hir_learn --model @WORK@/model.ehm
