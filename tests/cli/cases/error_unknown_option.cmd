@ERLANGEN@ moments @EXAMPLES@/camera.png --colour red
