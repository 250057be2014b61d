#!/usr/bin/env bash
# Builds the Debian package from a fresh clone: build/package/cordon_<version>_<arch>.deb.
# Its own build folder (build/deb: no tests, no benchmarks, prefix /usr); JOBS=N to limit jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/bootstrap.sh
cmake -S . -B build/deb -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
    -DCORDON_BUILD_TESTS=OFF -DCORDON_BUILD_BENCH=OFF
cmake --build build/deb -j "${JOBS:-$(nproc)}"
(cd build/deb && cpack -G DEB -B "$PWD/../package")
ls -l build/package/cordon_*.deb
