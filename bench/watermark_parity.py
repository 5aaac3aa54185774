"""Parity of erlangen's dwtdct and dwtdctsvd (compat mode) with the invisible-watermark package.

Usage: python3 bench/watermark_parity.py PACKAGE_DIR ERLANGEN OUT_DIR IMAGE...
  PACKAGE_DIR  a checkout of ShieldMnt/invisible-watermark (v0.2.0 is commit 68d0376)
  ERLANGEN     the erlangen binary
  OUT_DIR      folder for the marked PNG files (created when missing)

Needs numpy, OpenCV (cv2) and PyWavelets, for example the Debian packages python3-opencv and
python3-pywt. Each image is read as 8-bit BGR, marked with the same 64-bit payload by the package
and by `erlangen watermark embed`, and the two marked images are compared sample by sample. Both
decoders then read both marked images. Prints one line per image and method.
"""
import json
import os
import subprocess
import sys
import types

import cv2
import numpy as np

package_dir, erlangen, out = sys.argv[1], sys.argv[2], sys.argv[3]
images = sys.argv[4:]
# The package imports torch for its RivaGAN method at module level; dwtDct and dwtDctSvd never use it.
sys.modules.setdefault('torch', types.ModuleType('torch'))
sys.path.insert(0, package_dir)
from imwatermark import WatermarkDecoder, WatermarkEncoder  # noqa: E402

KEY = '00000000'  # both schemes ignore the key, but the command requires one
os.makedirs(out, exist_ok=True)
bits = [int(b) for b in np.random.default_rng(2026).integers(0, 2, 64)]
payload_hex = ''.join('%x' % int(''.join(map(str, bits[i:i + 4])), 2) for i in range(0, 64, 4))


def erlangen_matches(path, scheme):
    result = subprocess.run([erlangen, 'watermark', 'detect', path, '--scheme', scheme, '--key', KEY, '--bits', '64',
                             '--json', '-'], capture_output=True, text=True)
    if result.returncode != 0:
        return 'failed: ' + result.stderr.strip()
    decoded = [int(c) for digit in json.loads(result.stdout)['payload_hex'] for c in format(int(digit, 16), '04b')]
    return sum(int(a == b) for a, b in zip(decoded, bits))


def package_matches(bgr, method):
    return sum(int(a == b) for a, b in zip(WatermarkDecoder('bits', 64).decode(bgr, method), bits))


for path in images:
    name = os.path.splitext(os.path.basename(path))[0]
    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    source = os.path.join(out, name + '.png')
    cv2.imwrite(source, bgr)  # the same 8-bit input for both implementations
    for method, scheme in (('dwtDct', 'dwtdct'), ('dwtDctSvd', 'dwtdctsvd')):
        encoder = WatermarkEncoder()
        encoder.set_watermark('bits', bits)
        package_marked = encoder.encode(bgr, method)
        package_path = os.path.join(out, '%s_%s_package.png' % (name, scheme))
        cv2.imwrite(package_path, package_marked)
        erlangen_path = os.path.join(out, '%s_%s_erlangen.png' % (name, scheme))
        result = subprocess.run([erlangen, 'watermark', 'embed', source, '--scheme', scheme, '--key', KEY,
                                 '--message', payload_hex, '-o', erlangen_path], capture_output=True, text=True)
        if result.returncode != 0:
            print('%s | %s | erlangen embed failed: %s' % (name, scheme, result.stderr.strip()))
            continue
        erlangen_marked = cv2.imread(erlangen_path, cv2.IMREAD_COLOR)
        difference = np.abs(erlangen_marked.astype(int) - package_marked.astype(int))
        print('%s | %s | %d x %d | samples differing %d of %d, largest difference %d | bits of 64 decoded: '
              'package on package %s, package on erlangen %s, erlangen on package %s, erlangen on erlangen %s' % (
                  name, scheme, bgr.shape[0], bgr.shape[1], int((difference > 0).sum()), difference.size,
                  int(difference.max()), package_matches(package_marked, method),
                  package_matches(erlangen_marked, method), erlangen_matches(package_path, scheme),
                  erlangen_matches(erlangen_path, scheme)))
