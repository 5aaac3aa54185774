# Train a linear SVM (C = 1) on HIR features (tree paths, K = 3, D = 2, S = 8, 8 px border) of a
# class folder of 32x32 crops of three example images; the model file must exist afterwards.
#! exists @WORK@/model.ehm
@ERLANGEN@ hir train @EXAMPLES@/../tests/cli/data/hir_learn/train --model @WORK@/model.ehm -K 3 -D 2 -S 8 --pad 8 --c 1
