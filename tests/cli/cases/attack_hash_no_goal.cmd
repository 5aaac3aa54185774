# An attack needs a goal: exactly one of --evade and --target-hash.
#! absent @WORK@/attacked.png
@ERLANGEN@ attack hash @EXAMPLES@/camera.png --algorithm ahash -o @WORK@/attacked.png
