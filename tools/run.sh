#!/bin/sh
# Installs what is missing, builds Cellarium and starts it.
set -eu
cd "$(dirname "$0")/.."

sh tools/install-deps.sh run
# A folder left half-configured (an interrupted setup) is set up afresh.
[ -f build/meson-private/coredata.dat ] || { rm -rf build; meson setup build; }
meson compile -C build
# The settings schema is compiled into the build tree; use it from there.
GSETTINGS_SCHEMA_DIR="$PWD/build/data" exec ./build/app/cellarium "$@"
