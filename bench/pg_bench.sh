#!/usr/bin/env bash
# The project from PostGIS against the project file (issue 19), in one run on a throwaway
# cluster (installer/pg_cluster.sh): publishing, opening (`cordon-cli info`: the whole project
# read) and `plan all` (read, plan, write back) of the sample and of the generated district of
# 60,000 buildings (bench/district_scale.sh's), and with LI=1 also Liechtenstein (OSM 2015).
# Prints a Markdown table: wall and CPU seconds from the file and from the database, and the
# ratio of the wall times. See bench/README.md "PostGIS against the file".
#
#   [LI=1] bench/pg_bench.sh [BUILD_DIR]      (default build/ci; DATA=build/bench-data/pg)
#
# Needs /usr/bin/time, cordon-cli and cordon-make-district built in BUILD_DIR, and Debian
# postgresql-15 + postgresql-15-postgis-3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${1:-build/ci}
CLI=$ROOT/$BUILD/app/cli/cordon-cli
DATA=${DATA:-$ROOT/build/bench-data/pg}
LI_PBF=${LI_PBF:-/work/shared/data/liechtenstein_osm2015/liechtenstein-2015.osm.pbf}
work=$(mktemp -d)
bench_name=pg_bench
# shellcheck source=measure.sh
source bench/measure.sh
cluster=$work/cluster
installer/pg_cluster.sh start "$cluster" >/dev/null
trap 'installer/pg_cluster.sh stop "$cluster"; rm -rf "$work"' EXIT
export PGPASSFILE=$cluster/pgpass
URL=$(cat "$cluster/url")

mkdir -p "$DATA"
[ -f "$DATA/sample.base.cordon" ] ||
    "$CLI" import data/chengdu/chengdu.osm -o "$DATA/sample.base.cordon" >/dev/null 2>&1
[ -f "$DATA/d60k.gpkg" ] ||
    "$BUILD/bench/cordon-make-district" -o "$DATA/d60k.gpkg" --buildings 60000 --seed 1 >/dev/null
[ -f "$DATA/d60k.base.cordon" ] ||
    "$CLI" import "$DATA/d60k.gpkg" -o "$DATA/d60k.base.cordon" >/dev/null 2>&1
names="sample d60k"
if [ "${LI:-}" = 1 ]; then
    [ -f "$DATA/li.base.cordon" ] || "$CLI" import "$LI_PBF" -o "$DATA/li.base.cordon" >/dev/null 2>&1
    names="$names li"
fi

echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" \
    "at the start; Cordon $(git rev-parse --short HEAD); PostgreSQL 15 + PostGIS 3 on 127.0.0.1."
echo
echo "| project | run | file: wall | file: CPU | PostGIS: wall | PostGIS: CPU | PostGIS / file (wall) | load after |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }'; }
row() { # PROJECT RUN FILE_RESULT DB_RESULT ("WALL CPU KIB")
    read -r fw fc _ <<<"$3"
    read -r dw dc _ <<<"$4"
    echo "| $1 | $2 | $fw s | $fc s | $dw s | $dc s | $(ratio "$fw" "$dw") | $(cut -d' ' -f1 /proc/loadavg) |"
}
for name in $names; do
    cp "$DATA/$name.base.cordon" "$work/$name.cordon"
    zones=8
    [ "$name" = d60k ] && zones=120
    [ "$name" = li ] && zones=20
    db="$URL?schema=$name"
    pub=$(measure "$CLI" publish "$work/$name.cordon" "$URL" --schema "$name")
    buildings=$("$CLI" info "$work/$name.cordon" --json |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["layers"]["buildings"])')
    read -r pw pc _ <<<"$pub"
    echo "| $name ($buildings buildings) | publish | - | - | $pw s | $pc s | - | $(cut -d' ' -f1 /proc/loadavg) |"
    row "$name" "open (info)" "$(measure "$CLI" info "$work/$name.cordon")" "$(measure "$CLI" info "$db")"
    row "$name" "plan all --zones $zones" \
        "$(measure "$CLI" plan all "$work/$name.cordon" --zones $zones --unknown-mode closed)" \
        "$(measure "$CLI" plan all "$db" --zones $zones --unknown-mode closed)"
    row "$name" "open after plan" "$(measure "$CLI" info "$work/$name.cordon")" "$(measure "$CLI" info "$db")"
    # The plans are the same: the figures of both, compared.
    "$CLI" plan staffing "$work/$name.cordon" --json "$work/f.json" >/dev/null
    "$CLI" plan staffing "$db" --json "$work/d.json" >/dev/null
    cmp -s "$work/f.json" "$work/d.json" || echo "| $name | DIFFERENT staffing figures from the file and the database | | | | | | |"
done
