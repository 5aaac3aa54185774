# A --suite that is neither a built-in name nor a file lists the built-in suites and creates no output folder.
#! absent @WORK@/out
@ERLANGEN@ watermark-eval --images @EXAMPLES@ --schemes dwtdct --suite watermark-evaluation --out @WORK@/out
