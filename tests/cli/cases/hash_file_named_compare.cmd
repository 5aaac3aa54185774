# A file named like the subcommand is hashed when written as ./compare.
#! truncate @EXAMPLES@/coins.png @WORK@/compare 75825
@ERLANGEN@ hash ./compare --algorithm ahash
