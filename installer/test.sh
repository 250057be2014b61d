#!/usr/bin/env bash
# Builds Cordon and runs every test (unit, end-to-end, GUI under Xvfb) on a fresh Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/bootstrap.sh
cmake --preset ci
cmake --build --preset ci -j "$(nproc)"
ctest --preset ci -j "$(nproc)"
