# A --suite that is neither a built-in name nor a file lists the built-in suites.
#! absent @WORK@/out
@ERLANGEN@ hash-eval --images @EXAMPLES@ --algorithms dhash --suite hashes --out @WORK@/out
