#! write @WORK@/notes.png this is a text file, not an image
#! absent @WORK@/out.csv
@ERLANGEN@ moments @WORK@/notes.png --format csv -o @WORK@/out.csv
