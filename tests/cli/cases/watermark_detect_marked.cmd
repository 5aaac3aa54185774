# Reads the 40-bit payload 0badc0ffee from a 128 x 128 crop marked with
# `erlangen watermark embed tests/cli/data/hash/coins_crop.png --key 0123456789abcdef --message 0badc0ffee`.
@ERLANGEN@ watermark detect @EXAMPLES@/../tests/cli/data/watermark/coins_crop_marked.png --key 0123456789abcdef --bits 40 --json -
