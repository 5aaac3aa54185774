# --algorithm must match the algorithm stored in the index.
@ERLANGEN@ hash query @EXAMPLES@/../tests/cli/data/hash_index/examples_moment.ehi @EXAMPLES@/camera.png --algorithm pdq
