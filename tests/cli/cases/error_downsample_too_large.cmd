# A downsample factor above the image side names --downsample and the largest factor.
@ERLANGEN@ moments @EXAMPLES@/camera.png -K 2 --downsample 4096
