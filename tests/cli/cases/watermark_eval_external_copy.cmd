# An external attack that copies its input: the decoded bits equal those of the unattacked image,
# and the temporary files of the hook are gone afterwards.
#! write @WORK@/copy.sh cp "$1" "$2"
#! write @WORK@/suite.txt jpeg:90
#! exists @WORK@/out/report.md
#! exists @WORK@/out/results.csv
#! exists @WORK@/out/bit_accuracy.png
@ERLANGEN@ watermark-eval --images @EXAMPLES@ --schemes dwtdctsvd --suite @WORK@/suite.txt --external-attack "sh @WORK@/copy.sh" --out @WORK@/out
