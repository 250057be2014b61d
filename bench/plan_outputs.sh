#!/bin/bash
# Writes what a build's plan steps produce as files two builds can be compared on (issue 17:
# a refactoring changes no behaviour): the Chengdu sample imported (demo), `plan all --zones 8
# --unknown-mode closed`, `plan checkpoints --area bench/checkpoints_chengdu_area.geojson`,
# `print` (fixed date and plan name), and a generated district (cordon-make-district, 3,000
# buildings) zoned into 12. Every project layer as CSV (ogr2ogr, geometry as WKT), the atlas
# pages as PNG (pdftoppm -r 50), the plan reports as JSON without their timings.
#   bench/plan_outputs.sh BUILD_DIR OUT_DIR
# Compare two runs with bench/compare_outputs.sh OUT_A OUT_B.
set -euo pipefail
BUILD=$(realpath "$1")
OUT=$2
SRC=$(cd "$(dirname "$0")/.." && pwd)
CLI=$BUILD/app/cli/cordon-cli
MAKE=$BUILD/bench/cordon-make-district
mkdir -p "$OUT"
cd "$OUT"

# Every layer and table of a project as CSV; timestamps (history, metadata) blanked.
layers_csv() {
    local project=$1 dir=$2
    mkdir -p "$dir"
    for layer in $(ogrinfo -ro -q "$project" 2>/dev/null | sed -n 's/^[0-9]*: \([^ ]*\).*/\1/p'); do
        ogr2ogr -f CSV "$dir/$layer.csv" "$project" "$layer" -lco GEOMETRY=AS_WKT 2>/dev/null || true
        [ -f "$dir/$layer.csv" ] && sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+Z?/TIME/g' "$dir/$layer.csv"
    done
}
# A report without what depends on the clock.
strip_json() {
    jq -S 'walk(if type == "object" then with_entries(select(.key | test("seconds|_s$|time|elapsed|date") | not)) else . end)' "$1" > "$1.tmp" && mv "$1.tmp" "$1"
}

rm -rf sample generated
"$CLI" demo -o sample > /dev/null
P=sample/chengdu.cordon
"$CLI" plan all $P --zones 8 --unknown-mode closed --json plan_all.json > /dev/null
"$CLI" plan checkpoints $P --area "$SRC/bench/checkpoints_chengdu_area.geojson" \
    --json plan_checkpoints.json > /dev/null
"$CLI" print $P -o atlas.pdf --date 2026-01-01 --plan-name 成都样例 --json print.json > /dev/null
layers_csv $P layers
rm -rf pages && mkdir pages
pdftoppm -png -r 50 atlas.pdf pages/page

mkdir generated
"$MAKE" -o generated/district.gpkg --buildings 3000 --seed 7 > /dev/null
"$CLI" import generated/district.gpkg -o generated/g.cordon > /dev/null
"$CLI" plan all generated/g.cordon --zones 12 --unknown-mode closed \
    --json generated_plan_all.json > /dev/null
layers_csv generated/g.cordon generated_layers
for j in plan_all.json plan_checkpoints.json print.json generated_plan_all.json; do strip_json $j; done
echo "$OUT: $(ls layers | wc -l) + $(ls generated_layers | wc -l) layers, $(ls pages | wc -l) atlas pages"
