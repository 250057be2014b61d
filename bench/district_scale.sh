#!/bin/bash
# The patrol plan at district scale (issue 13, "Done when"): on Liechtenstein (OSM 2015) and a
# generated district of 60,000 buildings, every figure of the issue's table (Cordon before
# issue 13, on this 2-core machine) printed beside the same run measured now with
# /usr/bin/time -v, the targets and whether they hold; the route length against the old tour
# solver on the same zones; zones balanced by walking time; and the zones' compactness
# (Polsby-Popper of the convex hull of each zone's buildings) beside the zoning before the
# power-cell start, METIS (gpmetis, Debian package metis) and k-means. See bench/README.md
# "District scale".
#
#   [OLD_CLI=/path/to/old/cordon-cli] bench/district_scale.sh [BUILD_DIR]
#                                      (default build/ci; DATA=build/bench-data/scale)
#
# Needs /usr/bin/time (Debian package time) and gpmetis; cordon-cli, cordon-make-district,
# cordon-bench-tour and cordon-zoning-bench built in BUILD_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${1:-build/ci}
CLI=$ROOT/$BUILD/app/cli/cordon-cli
DATA=${DATA:-$ROOT/build/bench-data/scale}
LI=${LI:-$ROOT/../shared/data/liechtenstein_osm2015/liechtenstein-2015.osm.pbf}
mkdir -p "$DATA"
[ -f "$DATA/li.base.cordon" ] || "$CLI" import "$LI" -o "$DATA/li.base.cordon" >/dev/null
[ -f "$DATA/d60k.gpkg" ] ||
    "$BUILD/bench/cordon-make-district" -o "$DATA/d60k.gpkg" --buildings 60000 --seed 1 >/dev/null
[ -f "$DATA/d60k.base.cordon" ] || "$CLI" import "$DATA/d60k.gpkg" -o "$DATA/d60k.base.cordon" >/dev/null
# OLD_CLI: cordon-cli as it was before issue 13 (commit f7c0f5b), built in a clone of its own;
# see bench/README.md "District scale". Its projects are imported by itself.
if [ -n "${OLD_CLI:-}" ]; then
    [ -f "$DATA/li.old.base.cordon" ] || "$OLD_CLI" import "$LI" -o "$DATA/li.old.base.cordon" >/dev/null
    [ -f "$DATA/d60k.old.base.cordon" ] ||
        "$OLD_CLI" import "$DATA/d60k.gpkg" -o "$DATA/d60k.old.base.cordon" >/dev/null
fi

# One measured run: sets WALL (s), CPU (user + system s), PEAK (MB) and LOAD (the 1-minute load
# average after it); the command's output is in $DATA/last.out.
measure() {
    /usr/bin/time -v "$@" >"$DATA/last.out" 2>"$DATA/last.time" || {
        cat "$DATA/last.out" "$DATA/last.time" >&2
        return 1
    }
    WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0;
        for (i = 1; i <= n; ++i) s = s * 60 + t[i]; print s}' "$DATA/last.time")
    CPU=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$DATA/last.time")
    LOAD=$(cut -d' ' -f1 /proc/loadavg)
    PEAK=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$DATA/last.time")
}
# A row: LABEL BEFORE MAX_SECONDS MAX_MB (- for none); WALL and PEAK from the last measure.
row() {
    local holds=yes target="≤ $3 s"
    awk -v w="$WALL" -v m="$3" 'BEGIN { exit !(w <= m) }' || holds=no
    if [ "$4" != - ]; then
        target="$target, ≤ $4 MB"
        [ "$PEAK" -le "$4" ] || holds=no
    fi
    [ "$3" = - ] && { target=-; holds=-; }
    echo "| $1 | $2 | $WALL s | $CPU s | $PEAK MB | $LOAD | $target | $holds |"
}

echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" \
    "at the start; Cordon $(git rev-parse --short HEAD)."
echo
echo "Wall times hold only on a quiet machine (2 cores): the CPU time (user + system) and the load"
echo "average after each run are given beside them."
echo
echo "| run | before issue 13 (f7c0f5b), this run: wall, CPU, peak | now: wall | now: CPU | now: peak | load | target | holds (wall) |"
echo "|---|---|---:|---:|---:|---:|---|---|"
# Each step run by Cordon before issue 13 (OLD_CLI) and now, one after the other in this run,
# each on its own copy of the district imported by that version (the project format changed).
pair() { # LABEL MAX_S MAX_MB PROJECT STEP [ARGS...]: the step on $DATA/PROJECT{.old,}.cordon
    local label=$1 max_s=$2 max_mb=$3 project=$4
    shift 4
    local before="not run (OLD_CLI unset)"
    if [ -n "${OLD_CLI:-}" ]; then
        measure "$OLD_CLI" plan "$1" "$DATA/$project.old.cordon" "${@:2}"
        before="$WALL s, $CPU s CPU, $PEAK MB"
    fi
    measure "$CLI" plan "$1" "$DATA/$project.cordon" "${@:2}"
    row "$label" "$before" "$max_s" "$max_mb"
}
fresh() { # PROJECT BASE: both versions' copies of the district start again from the import
    cp "$DATA/$2.base.cordon" "$DATA/$1.cordon"
    [ -z "${OLD_CLI:-}" ] || cp "$DATA/$2.old.base.cordon" "$DATA/$1.old.cordon"
}
fresh li li
pair "Liechtenstein, plan zones --zones 20" - - li zones --zones 20
cp "$DATA/li.cordon" "$DATA/li20.cordon"
pair "Liechtenstein, plan routes (20 zones)" 1.5 250 li routes
fresh li li
pair "Liechtenstein, plan all --zones 20" 5 - li all --zones 20
fresh d60k d60k
pair "generated 60,000 buildings, plan zones --zones 120" - - d60k zones --zones 120
pair "generated 60,000 buildings, plan routes (120 zones)" 5 - d60k routes
fresh d60k d60k
pair "generated 60,000 buildings, plan all --zones 120" 15 - d60k all --zones 120

echo
echo "Route length on the same zones (Liechtenstein, 20 zones; target: now ≤ old solver):"
echo
echo "| solver | total km | seconds |"
echo "|---|---:|---:|"
read -r km sec < <("$BUILD/bench/cordon-bench-tour" --project "$DATA/li20.cordon")
echo "| now (plan routes, default effort) | $km | $sec |"
read -r okm osec < <("$BUILD/bench/cordon-bench-tour" --project "$DATA/li20.cordon" --old)
echo "| old (nearest neighbour + 2-opt + Or-opt) | $okm | $osec |"

echo
echo "Balanced by walking time (Liechtenstein, plan zones --zones K --balance-by walk; target:"
echo "every zone's route within 10 % of every other's, i.e. longest ≤ 1.10 × shortest):"
echo
echo "| zones | shortest route | longest | mean | longest / shortest - 1 | largest deviation | holds | wall | CPU |"
echo "|---:|---:|---:|---:|---:|---:|---|---:|---:|"
for k in 10 20 50; do
    cp "$DATA/li.base.cordon" "$DATA/li.cordon"
    measure "$CLI" plan zones "$DATA/li.cordon" --zones $k --balance-by walk --json "$DATA/walk$k.json"
    python3 - "$DATA/walk$k.json" "$k" "$WALL" "$CPU" <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))["walk_balance"]
ratio = w["largest_m"] / w["smallest_m"] - 1
print(f"| {sys.argv[2]} | {w['smallest_m'] / 1000:.1f} km | {w['largest_m'] / 1000:.1f} km | "
      f"{w['mean_m'] / 1000:.1f} km | {100 * ratio:.1f} % | {100 * w['largest_deviation']:.1f} % | "
      f"{'yes' if ratio <= 0.10 else 'no'} | {sys.argv[3]} s | {sys.argv[4]} s |")
PY
done
cp "$DATA/li.base.cordon" "$DATA/li.cordon"
"$CLI" plan zones "$DATA/li.cordon" --zones 20 --balance-by walk >/dev/null
"$CLI" plan routes "$DATA/li.cordon" --json "$DATA/walk-routes.json" >/dev/null
python3 - "$DATA/walk-routes.json" <<'PY'
import json, sys
m = [r["minutes"] for r in json.load(open(sys.argv[1]))["routes"]]
print()
print(f"plan routes on those 20 zones: route minutes {min(m):.0f} to {max(m):.0f} "
      f"(longest / shortest - 1 = {100 * (max(m) / min(m) - 1):.1f} %)")
PY
echo

echo "Compactness on Liechtenstein (mean Polsby-Popper of the convex hull of each zone's"
echo "buildings; target ≥ 0.80 with 20 zones, balance ≤ 5 %, every zone contiguous and one polygon):"
echo
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for k in 10 20 50; do
    for method in cordon cordon-grown metis kmeans; do
        "$BUILD/bench/cordon-zoning-bench" --project "$DATA/li.base.cordon" --method $method \
            --zones $k --workdir "$WORK" >>"$WORK/compact.jsonl" || true
    done
done
python3 - "$WORK/compact.jsonl" <<'PY'
import json, sys
names = {"cordon": "Cordon now", "cordon-grown": "Cordon before (zones grown on the streets)",
         "metis": "METIS (gpmetis -contig)", "kmeans": "k-means"}
print("| zones | method | Polsby-Popper of the buildings' hull, mean | largest deviation | contiguous | one polygon |")
print("|---:|---|---:|---:|---:|---:|")
for line in open(sys.argv[1]):
    r = json.loads(line)
    print(f"| {r['zones']} | {names[r['method']]} | {r['mean_building_hull_polsby_popper']:.3f} | "
          f"{100 * r['largest_deviation']:.1f} % | {100 * r['share_contiguous']:.0f} % | "
          f"{100 * r['share_one_polygon']:.0f} % |")
PY
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
