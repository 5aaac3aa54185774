# The images folder cannot also be the distractor folder: each image would count its own copies as different images.
#! absent @WORK@/out
@ERLANGEN@ hash-eval --images @EXAMPLES@ --distractors @EXAMPLES@/. --algorithms dhash --suite quick --out @WORK@/out
