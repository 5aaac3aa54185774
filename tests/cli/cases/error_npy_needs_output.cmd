@ERLANGEN@ moments @EXAMPLES@/camera.png --format npy
