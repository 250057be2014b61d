#!/usr/bin/env bash
# Builds Cordon and opens the desktop app on the bundled sample district (central Chengdu).
# Without a display it runs the whole pipeline headless and says where the outputs are.
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/bootstrap.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
out="build/sample"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    build/release/app/cli/cordon-cli demo -o "$out" > /dev/null
    exec build/release/app/gui/cordon "$out/chengdu.cordon"
else
    echo "No display: running the sample pipeline headless."
    exec build/release/app/cli/cordon-cli demo -o "$out"
fi
