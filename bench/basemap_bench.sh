#!/usr/bin/env bash
# Basemap benchmark (issue 18): an atlas zone page with and without a basemap under it, and a
# render PNG of the district with and without. The basemap is a GeoTIFF of the project's own
# buildings in CGCS2000 Gauss-Kruger (EPSG:4544, another CRS than the project's; CRS=), made by
# cordon-make-basemap (tests/make_basemap.cpp) at PIXEL metres, with overviews.
#
# Usage: bench/basemap_bench.sh SOURCE.osm|.pbf [NAME]
# Environment: BUILD_DIR (default build/ci), WORK_DIR (default build/bench-data/basemap/NAME),
# REPS (runs each, alternating; median reported; default 5), PIXEL (default 0.5), ZONES (plan
# all --zones, default 3), CRS (the GeoTIFF's, default EPSG:4544; EPSG:2056 for Liechtenstein).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source=${1:?usage: bench/basemap_bench.sh SOURCE.osm|.pbf [NAME]}
name=${2:-$(basename "${source%%.*}")}
BUILD_DIR=${BUILD_DIR:-build/ci}
WORK_DIR=${WORK_DIR:-build/bench-data/basemap/$name}
REPS=${REPS:-5}
PIXEL=${PIXEL:-0.5}
ZONES=${ZONES:-3}
CRS=${CRS:-EPSG:4544}
cli=$BUILD_DIR/app/cli/cordon-cli
make=$BUILD_DIR/tests/cordon-make-basemap
[[ -x $cli && -x $make ]] || { echo "basemap_bench.sh: build cordon-cli and cordon-make-basemap in $BUILD_DIR" >&2; exit 1; }
mkdir -p "$WORK_DIR"
project=$WORK_DIR/project.cordon
with=$WORK_DIR/with.cordon
tif=$WORK_DIR/ortho_${CRS#EPSG:}.tif

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

if [[ ! -s $project ]]; then
    t0=$(now)
    "$cli" import "$source" -o "$project" >/dev/null
    "$cli" plan all "$project" --zones "$ZONES" --unknown-mode closed >/dev/null
    echo "import + plan: $(echo "$(now) - $t0" | bc -l | cut -c1-6) s"
fi
if [[ ! -s $with ]]; then
    t0=$(now)
    "$make" "$project" -o "$tif" --crs "$CRS" --pixel "$PIXEL"
    echo "GeoTIFF made in $(echo "$(now) - $t0" | bc -l | cut -c1-6) s: $(du -h "$tif" | cut -f1)"
    cp "$project" "$with"
    t0=$(now)
    "$cli" basemap add "$with" "$tif" --name ortho --attribution "bench basemap"
    echo "basemap add: $(echo "$(now) - $t0" | bc -l | cut -c1-6) s"
fi
zone=${ZONE:-1} # by id
: >"$WORK_DIR/page.without"; : >"$WORK_DIR/page.with"; : >"$WORK_DIR/png.without"; : >"$WORK_DIR/png.with"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((rep = 1; rep <= REPS; ++rep)); do
    for p in without with; do
        proj=$project
        [[ $p == with ]] && proj=$with
        "$cli" print "$proj" -o "$WORK_DIR/$p.pdf" --zones "$zone" --threads 1 --date 2026-01-01 \
            --json "$WORK_DIR/$p.json" >/dev/null
        # The report's seconds: drawing and writing the pages (overview + the zone's pages).
        python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"])' "$WORK_DIR/$p.json" >>"$WORK_DIR/page.$p"
        t0=$(now)
        "$cli" render "$proj" -o "$WORK_DIR/$p.png" --size 1600x1200 >/dev/null
        echo "$(now) - $t0" | bc -l >>"$WORK_DIR/png.$p"
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
pw=$(median <"$WORK_DIR/page.without"); ph=$(median <"$WORK_DIR/page.with")
rw=$(median <"$WORK_DIR/png.without"); rh=$(median <"$WORK_DIR/png.with")
printf '| %s | atlas (overview + zone %s) | %.3f s | %.3f s | %.2f × |\n' "$name" "$zone" "$pw" "$ph" "$(echo "$ph / $pw" | bc -l)"
printf '| %s | render 1600x1200 (whole process) | %.3f s | %.3f s | %.2f × |\n' "$name" "$rw" "$rh" "$(echo "$rh / $rw" | bc -l)"
echo "median of $REPS, load $load_before -> $load_after; PDFs $(du -h "$WORK_DIR/without.pdf" | cut -f1) -> $(du -h "$WORK_DIR/with.pdf" | cut -f1)"
# The whole atlas (every zone, WHOLE_REPS runs each, default 1): a page's time once the one-off
# costs (opening the raster, PROJ's transformation) are shared by all the pages, as a planner
# prints it.
: >"$WORK_DIR/atlas.without"; : >"$WORK_DIR/atlas.with"
for ((rep = 1; rep <= ${WHOLE_REPS:-1}; ++rep)); do
    for p in without with; do
        proj=$project
        [[ $p == with ]] && proj=$with
        "$cli" print "$proj" -o "$WORK_DIR/all-$p.pdf" --threads 1 --date 2026-01-01 \
            --json "$WORK_DIR/all-$p.json" >/dev/null
        python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); print(d["seconds"] / d["pages"])' \
            "$WORK_DIR/all-$p.json" >>"$WORK_DIR/atlas.$p"
    done
done
aw=$(median <"$WORK_DIR/atlas.without"); ah=$(median <"$WORK_DIR/atlas.with")
pages=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pages"])' "$WORK_DIR/all-with.json")
printf '| %s | whole atlas, a page (%s pages) | %.3f s | %.3f s | %.2f × |\n' "$name" "$pages" "$aw" "$ah" "$(echo "$ah / $aw" | bc -l)"
