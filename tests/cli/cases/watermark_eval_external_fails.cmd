# An external attack that exits with status 1 stops the run with an I/O error naming the command and the image.
#! write @WORK@/suite.txt jpeg:90
#! absent @WORK@/out/report.md
@ERLANGEN@ --threads 1 watermark-eval --images @EXAMPLES@ --schemes dwtdct --suite @WORK@/suite.txt --external-attack false --out @WORK@/out
