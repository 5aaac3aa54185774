# A radius of 100 bits also reports the nearest other examples.
@ERLANGEN@ hash query @EXAMPLES@/../tests/cli/data/hash_index/examples_moment.ehi @EXAMPLES@/camera.png --radius 100
