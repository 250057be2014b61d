#!/bin/bash
# Zones on real ground (issue 13 item 3) and compactness against METIS and k-means, on a real
# district (default: Liechtenstein, OSM 2015). Prints two Markdown tables; see bench/README.md.
#   bench/zone_ground.sh [BUILD_DIR] [PROJECT]
# PROJECT defaults to /tmp/cordon-liechtenstein.cordon, imported from
# ../shared/data/liechtenstein_osm2015 when missing.
set -euo pipefail
BUILD=${1:-build/ci}
PROJECT=${2:-/tmp/cordon-liechtenstein.cordon}
BIN=$BUILD/bench/cordon-zoning-bench
if [ ! -f "$PROJECT" ]; then
    "$BUILD/app/cli/cordon-cli" import ../shared/data/liechtenstein_osm2015/liechtenstein-2015.osm.pbf \
        -o "$PROJECT" >/dev/null
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for k in 10 20 50; do
    "$BIN" --project "$PROJECT" --method cordon --zones $k --ground --workdir "$WORK" >>"$WORK/ground.jsonl"
done
for method in cordon metis kmeans; do
    "$BIN" --project "$PROJECT" --method $method --zones 20 --workdir "$WORK" >>"$WORK/compact.jsonl"
done
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
print("| zones | one polygon | largest overlap (m²) | farthest outline point from its own ground (m) | largest deviation | contiguous | zone_patrols wall (s) |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for line in open(work + "/ground.jsonl"):
    r = json.loads(line); g = r["ground"]
    print(f"| {r['zones']} | {100*g['share_one_polygon']:.0f} % | {g['largest_overlap_m2']:.3f} | "
          f"{g['largest_distance_to_own_ground_m']:.1f} | {100*r['largest_deviation']:.1f} % | "
          f"{100*r['share_contiguous']:.0f} % | {r['seconds']:.1f} |")
print()
print("| method (20 zones) | Polsby–Popper of the buildings' hull, mean | largest deviation | contiguous |")
print("|---|---:|---:|---:|")
for line in open(work + "/compact.jsonl"):
    r = json.loads(line)
    print(f"| {r['method']} | {r['mean_building_hull_polsby_popper']:.3f} | "
          f"{100*r['largest_deviation']:.1f} % | {100*r['share_contiguous']:.0f} % |")
PY
