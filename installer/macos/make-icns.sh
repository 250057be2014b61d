#!/usr/bin/env bash
# Makes installer/macos/cordon.icns from installer/linux/cordon.svg (run on macOS; untested).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
set_dir="$(mktemp -d)/cordon.iconset"
mkdir -p "$set_dir"
for s in 16 32 128 256 512; do
    rsvg-convert -w $s -h $s -o "$set_dir/icon_${s}x${s}.png" "$here/../linux/cordon.svg"
    rsvg-convert -w $((s * 2)) -h $((s * 2)) -o "$set_dir/icon_${s}x${s}@2x.png" "$here/../linux/cordon.svg"
done
iconutil -c icns -o "$here/cordon.icns" "$set_dir"
