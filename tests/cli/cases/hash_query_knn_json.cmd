# The 3 nearest examples of camera.png as JSON.
@ERLANGEN@ hash query @EXAMPLES@/../tests/cli/data/hash_index/examples_moment.ehi @EXAMPLES@/camera.png --k 3 --format json
