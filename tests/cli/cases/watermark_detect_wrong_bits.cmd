# With --bits different from the embedded 40 bits the mark reads as not detected, and a note says that the length may be wrong.
@ERLANGEN@ watermark detect @EXAMPLES@/../tests/cli/data/watermark/coins_crop_marked.png --key 0123456789abcdef --bits 48
