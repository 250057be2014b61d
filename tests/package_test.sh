#!/usr/bin/env bash
# Builds the Debian package from an already-built tree and checks it (issue 7):
# its control fields and contents (dpkg-deb -I/-c), the extracted programs run (cordon-cli,
# the app under Xvfb in Chinese), lintian reports no errors (when installed), and, as root on
# a machine where Cordon is not installed, a real install, run and clean removal.
#   package_test.sh BUILD_DIR WORK_DIR
# CORDON_PACKAGE_INSTALL=0 skips the real install.
set -euo pipefail
build="$1"
work="$2"
fail() { echo "package_test: FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
(cd "$build" && cpack -G DEB -B "$work" --config CPackConfig.cmake) > "$work/cpack.log" 2>&1 ||
    { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/cordon_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no cordon_*.deb in $work"
echo "package: $deb ($(stat -c %s "$deb") bytes)"

# --- Control fields -----------------------------------------------------------------------------
dpkg-deb -I "$deb" > "$work/info.txt"
cat "$work/info.txt"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = cordon ] || fail "Package is '$(field Package)'"
[ "$(field Section)" = science ] || fail "Section is '$(field Section)'"
depends=$(field Depends)
for lib in libgdal libgeos-c libspatialite libsqlite3 libwxgtk3.2 libcairo2 libc6 libstdc++6; do
    grep -q "$lib" <<< "$depends" || fail "Depends lacks $lib (shlibdeps): $depends"
done
grep -q " md5sums" "$work/info.txt" || fail "no md5sums in the control archive"

# --- Contents -----------------------------------------------------------------------------------
dpkg-deb -c "$deb" > "$work/contents.txt"
for path in ./usr/bin/cordon ./usr/bin/cordon-cli \
    ./usr/share/cordon/chengdu/chengdu.osm ./usr/share/cordon/chengdu/ATTRIBUTION.md \
    ./usr/share/locale/zh_CN/LC_MESSAGES/cordon.mo \
    ./usr/share/applications/cordon.desktop ./usr/share/mime/packages/cordon.xml \
    ./usr/share/icons/hicolor/scalable/apps/cordon.svg \
    ./usr/share/icons/hicolor/48x48/apps/cordon.png ./usr/share/icons/hicolor/256x256/apps/cordon.png \
    ./usr/share/man/man1/cordon-cli.1.gz ./usr/share/man/man1/cordon.1.gz \
    ./usr/share/doc/cordon/copyright ./usr/share/doc/cordon/changelog.gz; do
    grep -q " $path\$" "$work/contents.txt" || fail "the package lacks $path"
done
grep -q "^-rwxr-xr-x root/root .* ./usr/bin/cordon-cli$" "$work/contents.txt" ||
    fail "cordon-cli is not root-owned 0755"
if grep -E " \./(usr/local|home|root|tmp|work)/" "$work/contents.txt"; then fail "files outside /usr"; fi

# --- The extracted programs run -----------------------------------------------------------------
root="$work/root"
dpkg-deb -x "$deb" "$root"
"$root/usr/bin/cordon-cli" --version | grep -q "^cordon-cli " || fail "cordon-cli --version"
grep -q "/usr/share/cordon" < <(strings "$root/usr/bin/cordon-cli") ||
    fail "cordon-cli does not look for its sample under /usr/share/cordon"
file "$root/usr/bin/cordon-cli" | grep -q ", stripped" || fail "cordon-cli is not stripped"
CORDON_DATA_DIR="$root/usr/share/cordon" "$root/usr/bin/cordon-cli" demo -o "$work/demo" > "$work/demo.log" ||
    { cat "$work/demo.log"; fail "cordon-cli demo from the package failed"; }
"$root/usr/bin/cordon-cli" info "$work/demo/chengdu.cordon" > /dev/null || fail "info on the demo project"
man -l "$root/usr/share/man/man1/cordon-cli.1.gz" > /dev/null 2>&1 || fail "man page does not format"
if command -v desktop-file-validate > /dev/null; then
    desktop-file-validate "$root/usr/share/applications/cordon.desktop" || fail "desktop entry"
fi
if command -v xvfb-run > /dev/null; then
    xvfb-run -a -s "-screen 0 1280x800x24" "$root/usr/bin/cordon" "$work/demo/chengdu.cordon" \
        --lang zh_CN --screenshot "$work/gui.png" > "$work/gui.log" 2>&1 ||
        { cat "$work/gui.log"; fail "the packaged app under Xvfb"; }
    [ -s "$work/gui.png" ] || fail "the packaged app wrote no screenshot"
    if grep -q "catalog cordon.mo was not found" "$work/gui.log"; then
        fail "the packaged app does not find its Chinese catalog"
    fi
fi

# --- lintian ------------------------------------------------------------------------------------
if command -v lintian > /dev/null; then
    lintian --fail-on error --tag-display-limit 0 "$deb" | tee "$work/lintian.txt" ||
        fail "lintian reports errors (above)"
    echo "lintian: $(grep -c '^E:' "$work/lintian.txt" || true) errors, $(grep -c '^W:' "$work/lintian.txt" || true) warnings"
else
    echo "lintian: not installed, skipped (installer/debian-packages.txt lists it)"
fi

# --- A real install, where the machine allows it ------------------------------------------------
if [ "${CORDON_PACKAGE_INSTALL:-1}" = 1 ] && [ "$(id -u)" -eq 0 ] &&
    ! dpkg-query -W -f='${Status}' cordon 2> /dev/null | grep -q "install ok installed"; then
    dpkg -i "$deb" > "$work/install.log" 2>&1 || { cat "$work/install.log"; dpkg -r cordon || true; fail "dpkg -i"; }
    trap 'dpkg -r cordon > /dev/null 2>&1 || true' EXIT
    /usr/bin/cordon-cli --version
    /usr/bin/cordon-cli demo -o "$work/installed-demo" > /dev/null || fail "installed cordon-cli demo"
    if command -v xvfb-run > /dev/null; then
        xvfb-run -a /usr/bin/cordon "$work/installed-demo/chengdu.cordon" --screenshot "$work/installed.png" \
            > /dev/null 2>&1 || fail "installed app under Xvfb"
    fi
    dpkg -r cordon > "$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail "dpkg -r"; }
    trap - EXIT
    for f in /usr/bin/cordon /usr/bin/cordon-cli /usr/share/cordon /usr/share/applications/cordon.desktop; do
        [ ! -e "$f" ] || fail "$f is left after dpkg -r"
    done
    echo "install: installed, ran and removed cleanly"
else
    echo "install: skipped (needs root and no installed cordon; CORDON_PACKAGE_INSTALL=0 skips)"
fi
echo "package_test: OK"
