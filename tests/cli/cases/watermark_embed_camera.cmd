# Embeds 40 bits in the grey camera image: the marked PNG is written and PSNR, SSIM and the capacity are reported.
#! exists @WORK@/marked.png
@ERLANGEN@ watermark embed @EXAMPLES@/camera.png --key 0123456789abcdef --message 0badc0ffee -o @WORK@/marked.png
