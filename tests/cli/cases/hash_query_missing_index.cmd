# A missing index file is reported with its path.
@ERLANGEN@ hash query @WORK@/absent.ehi @EXAMPLES@/camera.png
