# Dense maps: quarter turns, mirrors and integer shifts move every map exactly (rounding level);
# a 30-degree rotation interpolates the image and the maps, so its error is a few percent.
@ERLANGEN@ invariance @EXAMPLES@/camera.png --family pct --max-order 3 --downsample 4 --representation dense -t rot90 -t flip:lr -t translate:4:8 -t rotate:30
