#!/bin/sh
# Fails when data/presets/preset-strings.h (the presets' names and notes for
# translation) is not what tools/preset-strings.sh makes of the presets.
set -eu
cd "${1:-$(dirname "$0")/..}"
if ! sh tools/preset-strings.sh | cmp -s - data/presets/preset-strings.h; then
  echo "data/presets/preset-strings.h is out of date; regenerate it with:" >&2
  echo "  sh tools/preset-strings.sh > data/presets/preset-strings.h" >&2
  exit 1
fi
count=$(grep -c 'N_(' data/presets/preset-strings.h)
presets=$(ls data/presets/*.cellarium | wc -l)
# Every preset has a name and notes.
if [ "$count" -ne $((presets * 2)) ]; then
  echo "expected a name and notes for each of the $presets presets, found $count strings" >&2
  exit 1
fi
echo "1..1"
echo "ok 1 - the $presets presets' names and notes are marked for translation"
