# The 8 dihedral PDQ hashes of camera.png, in the order of Meta's pdq-photo-hasher --pdqdih (all
# eight equal its output).
@ERLANGEN@ hash @EXAMPLES@/camera.png --algorithm pdq --dihedral --format json
