# A failed evaluation (an external attack that exits with status 1) removes the --out folder that it created.
#! write @WORK@/images/README.txt one image for the run
#! truncate @EXAMPLES@/coins.png @WORK@/images/coins.png 100000000
#! write @WORK@/suite.txt jpeg:90
#! absent @WORK@/out
@ERLANGEN@ watermark-eval --images @WORK@/images --schemes dwtdct --suite @WORK@/suite.txt --external-attack false --out @WORK@/out
