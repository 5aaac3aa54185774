# An image against its own PDQ hex: distance 0, a match at the documented threshold 31.
@ERLANGEN@ hash compare @EXAMPLES@/camera.png dc9c9d3b746978f888f40ce6e5c3f70f7266623e8d989cb99f21f2010841e1c7 --algorithm pdq
