# --max-order belongs to the moments feature; dense rejects it instead of ignoring it.
#! write @WORK@/list.txt missing.png
#! absent @WORK@/out
@ERLANGEN@ batch dense --manifest @WORK@/list.txt --max-order 3 --out @WORK@/out
