# A fractional order is rejected with the accepted range.
@ERLANGEN@ moments @EXAMPLES@/camera.png -K 2.5
