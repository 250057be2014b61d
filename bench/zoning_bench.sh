#!/bin/bash
# Patrol zoning benchmark: Cordon, METIS (gpmetis, Debian package metis) and k-means on the
# same units and adjacency graph. Prints one JSON line per run; see bench/README.md.
#   bench/zoning_bench.sh [BUILD_DIR] [PROJECT]   (defaults: build/zoning-release, /tmp/z.cordon)
set -euo pipefail
BUILD=${1:-build/zoning-release}
PROJECT=${2:-/tmp/z.cordon}
BIN=$BUILD/bench/cordon-zoning-bench
WORK=$(mktemp -d)
for method in cordon metis kmeans; do
    [ -f "$PROJECT" ] && timeout 600 $BIN --project "$PROJECT" --method $method --zones 8 --workdir "$WORK" || true
    timeout 600 $BIN --generate 10000 --method $method --zones 50 --workdir "$WORK" || true
    [ -n "${BIG:-}" ] && { timeout 1200 $BIN --generate 1000000 --method $method --zones 2000 --workdir "$WORK" || echo "{\"method\":\"$method\",\"buildings\":1000000,\"failed\":true}"; }
done
rm -rf "$WORK"
