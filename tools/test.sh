#!/bin/sh
# Installs what is missing, builds Cellarium with warnings as errors and runs
# every test.
set -eu
cd "$(dirname "$0")/.."

sh tools/install-deps.sh test
# A folder left half-configured (an interrupted setup) is set up afresh.
[ -f build-test/meson-private/coredata.dat ] || { rm -rf build-test; meson setup build-test -Dwerror=true; }
meson compile -C build-test
meson test -C build-test --print-errorlogs
