# A missing image stops the command and leaves no index behind.
#! absent @WORK@/none.ehi
@ERLANGEN@ hash index @EXAMPLES@/camera.png @WORK@/absent.png --algorithm moment -o @WORK@/none.ehi
