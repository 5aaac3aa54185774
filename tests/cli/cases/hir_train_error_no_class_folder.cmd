# A folder of images without class subfolders is rejected with the layout it needs.
#! absent @WORK@/model.ehm
@ERLANGEN@ hir train @EXAMPLES@/../tests/cli/data/hir_learn/train/brick --model @WORK@/model.ehm
