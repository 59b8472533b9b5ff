#!/bin/sh
# Lists the source files with translatable strings, as po/POTFILES should:
# C files that call _(), N_() or g_dngettext (), .ui files with
# translatable="yes", and the desktop, metainfo and schema files.
set -eu
cd "$(dirname "$0")/.."
{
  git ls-files --cached --others --exclude-standard 'app/*.c' 'core/*.c' 'ui/*.c' | xargs grep -l -E '(^|[^a-zA-Z0-9_])(N?_|g_dngettext|ngettext) ?\(' || true
  git ls-files --cached --others --exclude-standard 'resources/*.ui' | xargs grep -l 'translatable="yes"' || true
  git ls-files --cached --others --exclude-standard 'data/presets/preset-strings.h'
  git ls-files --cached --others --exclude-standard 'data/*.desktop.in' 'data/*.metainfo.xml.in' 'data/*.gschema.xml' || true
} | LC_ALL=C sort -u
