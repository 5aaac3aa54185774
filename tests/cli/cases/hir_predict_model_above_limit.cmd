# A model above --max-input-bytes is rejected before it is read.
@ERLANGEN@ hir predict @EXAMPLES@/../tests/cli/data/hir_learn/test/brick/4.pgm --model @EXAMPLES@/../tests/cli/data/hir_learn/model.ehm --max-input-bytes 100
