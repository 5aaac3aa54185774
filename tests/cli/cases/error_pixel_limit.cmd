@ERLANGEN@ --max-pixels 1000 moments @EXAMPLES@/camera.png
