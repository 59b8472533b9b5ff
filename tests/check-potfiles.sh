#!/bin/sh
# Fails when a source file with translatable strings is missing from
# po/POTFILES (or POTFILES names a file that no longer has any).
set -eu
cd "${1:-$(dirname "$0")/..}"
expected=$(sh tools/potfiles.sh)
listed=$(grep -v '^#' po/POTFILES | grep -v '^$' | LC_ALL=C sort -u)
if [ "$expected" != "$listed" ]; then
  echo "po/POTFILES is out of date; regenerate it with: sh tools/potfiles.sh > po/POTFILES" >&2
  echo "--- listed +++ expected" >&2
  printf '%s\n' "$listed" > /tmp/potfiles-listed.$$
  printf '%s\n' "$expected" > /tmp/potfiles-expected.$$
  diff -u /tmp/potfiles-listed.$$ /tmp/potfiles-expected.$$ >&2 || true
  rm -f /tmp/potfiles-listed.$$ /tmp/potfiles-expected.$$
  exit 1
fi
echo "1..1"
echo "ok 1 - po/POTFILES lists every file with translatable strings"
