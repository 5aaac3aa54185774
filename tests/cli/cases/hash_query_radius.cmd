# Each example finds itself at distance 0 and no other example within the threshold of 32 bits.
@ERLANGEN@ hash query @EXAMPLES@/../tests/cli/data/hash_index/examples_moment.ehi @EXAMPLES@/camera.png @EXAMPLES@/horse.png
