# An unknown C rule is rejected before any image is read, and no model file is left.
#! absent @WORK@/model.ehm
@ERLANGEN@ hir train @EXAMPLES@/../tests/cli/data/hir_learn/train --model @WORK@/model.ehm --c-rule median
