# An index cut inside its codes is rejected, naming the field that does not fit.
#! truncate @EXAMPLES@/../tests/cli/data/hash_index/examples_moment.ehi @WORK@/short.ehi 300
@ERLANGEN@ hash query @WORK@/short.ehi @EXAMPLES@/camera.png
