#!/bin/sh
# Installs a build into a temporary DESTDIR and checks that the install
# works on its own: the files a desktop needs are there and valid, the MIME
# types resolve, the command line runs, and the window starts (under Xvfb)
# from the installed binary and the installed schemas without warnings.
#   tests/test-install.sh BUILDDIR
# Meson skips the post-install caches when DESTDIR is set, so this script
# builds the schema and MIME caches inside the DESTDIR itself.
set -eu

build="${1:?usage: $0 BUILDDIR}"
src="$(cd "$(dirname "$0")/.." && pwd)"
id=io.github.cellarium.Cellarium
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fail () {
  echo "test-install: $*" >&2
  exit 1
}

meson install -C "$build" --no-rebuild --destdir "$tmp/root" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log" >&2; fail "meson install failed"; }

bin="$(find "$tmp/root" -path '*/bin/cellarium' -type f)"
[ -n "$bin" ] || fail "no bin/cellarium under the DESTDIR"
prefix="${bin%/bin/cellarium}"
share="$prefix/share"

for f in bin/cellarium bin/cellarium-cli \
         "share/applications/$id.desktop" \
         "share/metainfo/$id.metainfo.xml" \
         "share/glib-2.0/schemas/$id.gschema.xml" \
         "share/mime/packages/$id.xml" \
         "share/icons/hicolor/scalable/apps/$id.svg" \
         "share/icons/hicolor/symbolic/apps/$id-symbolic.svg"; do
  [ -f "$prefix/$f" ] || fail "$f is not installed"
done
[ -x "$prefix/bin/cellarium" ] && [ -x "$prefix/bin/cellarium-cli" ] || fail "binaries are not executable"
echo "ok: installed files"

desktop-file-validate "$share/applications/$id.desktop" || fail "desktop file does not validate"
grep -qx "Icon=$id" "$share/applications/$id.desktop" || fail "desktop file names another icon"
grep -qx "Exec=cellarium %F" "$share/applications/$id.desktop" || fail "desktop file runs another command"
appstreamcli validate --no-net "$share/metainfo/$id.metainfo.xml" >"$tmp/as.log" 2>&1 ||
  { cat "$tmp/as.log" >&2; fail "metainfo does not validate"; }
echo "ok: desktop file and metainfo validate"

glib-compile-schemas --strict "$share/glib-2.0/schemas" || fail "installed schemas do not compile"
update-mime-database "$share/mime" >/dev/null 2>&1 || fail "update-mime-database rejects the MIME package"
[ -f "$share/mime/mime.cache" ] || fail "no MIME cache built"

# Each file type resolves to our MIME type, by name and by content. An .rle
# file is told from a Utah raster image (image/rle, same glob) by its header.
mkdir "$tmp/files" "$tmp/data-home"
cp "$src/tests/patterns/glider.rle" "$src/tests/patterns/glider.cells" "$tmp/files/"
cp "$src/data/presets/rule-30.cellarium" "$tmp/files/rule-30.cellarium"
cp "$src/data/presets/rule-30.cellarium" "$tmp/files/experiment-without-extension"
printf 'x = 3, y = 3, rule = B3/S23\nbo$2bo$3o!\n' >"$tmp/files/bare.rle"
check_type () {
  got="$(XDG_DATA_HOME="$tmp/data-home" XDG_DATA_DIRS="$share:/usr/share" \
         gio info -a standard::content-type "$tmp/files/$1" | sed -n 's/^ *standard::content-type: //p')"
  [ "$got" = "$2" ] || fail "$1 is detected as '$got', not $2"
}
check_type glider.rle application/x-life-rle
check_type bare.rle application/x-life-rle
check_type glider.cells application/x-life-cells
check_type rule-30.cellarium application/x-cellarium-experiment
check_type experiment-without-extension application/x-cellarium-experiment
echo "ok: MIME types"

"$prefix/bin/cellarium-cli" list >"$tmp/list.txt" || fail "installed cellarium-cli list failed"
grep -q '^life' "$tmp/list.txt" || fail "installed cellarium-cli does not list the life model"
"$prefix/bin/cellarium-cli" run life --steps 10 --save "$tmp/files/ten.cellarium" ||
  fail "installed cellarium-cli cannot run a model"
echo "ok: installed cellarium-cli runs"

# The installed window, opening an installed-type file from the command
# line, must still be running after 5 s (timeout's status 124) and print
# no warning or critical (fatal-criticals turns one into a crash). It gets
# a session bus of its own, as in a desktop session, and empty user
# folders, so that no autosave or recent file of the user is touched.
for tool in xvfb-run dbus-run-session; do
  command -v $tool >/dev/null || fail "$tool is not installed (tools/install-deps.sh test)"
done
GSETTINGS_SCHEMA_DIR="$share/glib-2.0/schemas" \
GSETTINGS_BACKEND=memory \
XDG_DATA_DIRS="$share:/usr/share" \
XDG_DATA_HOME="$tmp/data-home" \
XDG_STATE_HOME="$tmp/state-home" \
XDG_CONFIG_HOME="$tmp/config-home" \
XDG_CACHE_HOME="$tmp/cache-home" \
G_DEBUG=fatal-criticals \
NO_AT_BRIDGE=1 GTK_A11Y=none \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
  sh -c 'timeout 5 "$1" "$2"; echo $? >"$3"' sh \
  "$prefix/bin/cellarium" "$tmp/files/glider.rle" "$tmp/rc" >"$tmp/app.log" 2>&1 || true
rc="$(cat "$tmp/rc" 2>/dev/null || echo none)"
if [ "$rc" != 124 ] || grep -q -E 'CRITICAL|WARNING|ERROR' "$tmp/app.log"; then
  cat "$tmp/app.log" >&2
  fail "installed cellarium did not keep running cleanly (exit status $rc)"
fi
echo "ok: installed cellarium starts"
