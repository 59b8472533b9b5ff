#!/bin/sh
# Lists the source files with translatable strings, as po/POTFILES should:
# C files that call _(), N_() or g_dngettext (), .ui files with
# translatable="yes", the presets' strings, and the desktop, metainfo and
# schema files. Works on a plain source tree (no git needed).
set -eu
cd "$(dirname "$0")/.."
{
  find app core ui -name '*.c' -type f | xargs grep -l -E '(^|[^a-zA-Z0-9_])(N?_|g_dngettext|ngettext) ?\(' || true
  find resources -name '*.ui' -type f | xargs grep -l 'translatable="yes"' || true
  find data/presets -name 'preset-strings.h' -type f
  find data -maxdepth 1 -type f \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.gschema.xml' \)
} | sed 's|^\./||' | LC_ALL=C sort -u
