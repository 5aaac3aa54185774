#!/usr/bin/env bash
# Numeric edge cases of the public commands: uniform and all-zero images, 1x1, 1xN and Nx1 images,
# NaN and infinity in a float TIFF, orders at the documented maximum and scales equal to the image
# size. Each row of numeric_edges.txt gives the exit code and a regular expression that the
# combined stdout and stderr must match; every run must also end without a signal, and a run with
# exit code 0 must print no NaN unless its row expects one.
# Usage: numeric_edges.sh ERLANGEN TABLE WORK_DIR PYTHON
set -uo pipefail
erlangen=$(realpath "$1")
table=$2
work=$(realpath -m "$3")
python=$4
here=$(cd "$(dirname "$0")" && pwd)

rm -rf "$work"
mkdir -p "$work/images"
"$python" "$here/make_edge_images.py" "$work/images" || { echo "numeric_edges: cannot write the images" >&2; exit 1; }

failures=0
count=0
while IFS=$'\t' read -r name expected_code pattern command; do
  [ -z "$name" ] || [ "${name:0:1}" = "#" ] && continue
  count=$((count + 1))
  dir=$work/$name
  mkdir -p "$dir"
  command=${command//@ERLANGEN@/$erlangen}
  command=${command//@IMAGES@/$work/images}
  command=${command//@WORK@/$dir}
  output=$(cd "$dir" && eval "$command" 2>&1)
  code=$?
  if [ "$code" -ge 128 ]; then
    echo "numeric_edges: $name: ended by signal $((code - 128)): $output" >&2
    failures=$((failures + 1))
    continue
  fi
  if [ "$code" != "$expected_code" ]; then
    echo "numeric_edges: $name: exit code $code, expected $expected_code: $output" >&2
    failures=$((failures + 1))
  fi
  if ! grep -Eq -- "$pattern" <<<"$output"; then
    echo "numeric_edges: $name: the output does not match /$pattern/: $output" >&2
    failures=$((failures + 1))
  fi
  if [ "$code" = 0 ] && [[ "$pattern" != *nan* ]] && grep -Eqiw -- "-?nan" <<<"$output"; then
    echo "numeric_edges: $name: NaN in the output: $output" >&2
    failures=$((failures + 1))
  fi
done <"$table"

if [ "$failures" -ne 0 ]; then
  echo "numeric_edges: $failures of $count case(s) failed" >&2
  exit 1
fi
echo "numeric_edges: $count cases gave their documented result"
