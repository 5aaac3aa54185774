# A truncated index is rejected before anything is allocated for its codes.
#! truncate @EXAMPLES@/../tests/cli/data/hash_index/examples_moment.ehi @WORK@/short.ehi 120
@ERLANGEN@ hash query @WORK@/short.ehi @EXAMPLES@/camera.png
