# An index above --max-input-bytes is rejected before it is read.
@ERLANGEN@ hash query @EXAMPLES@/../tests/cli/data/hash_index/examples_moment.ehi @EXAMPLES@/camera.png --k 3 --max-input-bytes 100
