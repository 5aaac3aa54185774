# A file that is not an index is rejected by its magic bytes.
#! write @WORK@/fake.ehi this is not an index
@ERLANGEN@ hash query @WORK@/fake.ehi @EXAMPLES@/camera.png
