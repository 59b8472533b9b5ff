#!/bin/sh
# Installs what is missing, builds Cellarium and starts it.
set -eu
cd "$(dirname "$0")/.."

sh tools/install-deps.sh run
[ -d build ] || meson setup build
meson compile -C build
# The settings schema is compiled into the build tree; use it from there.
GSETTINGS_SCHEMA_DIR="$PWD/build/data" exec ./build/app/cellarium "$@"
