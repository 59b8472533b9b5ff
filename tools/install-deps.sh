#!/bin/sh
# Installs the Debian 12 packages Cellarium needs, only those missing.
#   tools/install-deps.sh run    to build and run
#   tools/install-deps.sh test   to build and run the whole test suite
# Uses sudo when not run as root.
set -eu

profile="${1:-run}"

PACKAGES="
  build-essential pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-bin libjson-glib-dev
  libopenblas-dev liblapacke-dev
  libgtk-4-dev libadwaita-1-dev libepoxy-dev
  libcairo2-dev libpango1.0-dev fonts-noto-color-emoji
"

case "$profile" in
  run) ;;
  test)
    # golly: its pattern collection is parsed by the format tests, and
    # bgolly is the reference in the Life benchmark.
    # xvfb, xauth: the window tests run under Xvfb.
    # desktop-file-utils, appstream: validate the desktop file and metainfo.
    # shared-mime-info, dbus-daemon: the install check (tests/test-install.sh)
    # builds the MIME cache and starts the installed app on a session bus.
    # libgl1-mesa-dri, libegl-mesa0: software OpenGL, so the GL paths of the
    # window tests really run under Xvfb.
    PACKAGES="$PACKAGES golly xvfb xauth desktop-file-utils appstream shared-mime-info dbus-daemon
      libgl1-mesa-dri libegl-mesa0"
    ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "Missing packages:$missing — run this script as root, or install sudo." >&2
  exit 1
fi

echo "Installing:$missing" >&2
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
