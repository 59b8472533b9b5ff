#!/bin/sh
# Installs what is missing, builds Cellarium with warnings as errors and runs
# every test.
set -eu
cd "$(dirname "$0")/.."

sh tools/install-deps.sh test
[ -d build-test ] || meson setup build-test -Dwerror=true
meson compile -C build-test
meson test -C build-test --print-errorlogs
