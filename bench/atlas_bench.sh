#!/usr/bin/env bash
# Atlas benchmark (issue 6, "Speed"): seconds per page of `cordon-cli print` against QGIS
# exporting an atlas of the same zones (bench/atlas_qgis.py, headless). See bench/README.md.
#
# Usage: bench/atlas_bench.sh [--no-build]
# Environment: ZONES (default "20 100"), PER_ZONE (district buildings per zone, default 500;
# about a quarter of them are patrolled and numbered, the rest are in closed compounds),
# REPS (runs per tool and size, default 3; the median is reported), THREADS (Cordon's
# `print --threads N`; default: one thread per core), BUILD_DIR (a Release
# build, default build/release), WORK_DIR (data and outputs, default build/bench-data/atlas).
# Needs Debian's qgis and python3-qgis (a benchmark tool only, not a build dependency).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

build=1
for arg in "$@"; do
    case $arg in
    --no-build) build=0 ;;
    -h | --help)
        sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "atlas_bench.sh: unknown argument $arg" >&2
        exit 2
        ;;
    esac
done

ZONES=${ZONES:-"20 100"}
PER_ZONE=${PER_ZONE:-500}
REPS=${REPS:-3}
BUILD_DIR=${BUILD_DIR:-build/release}
WORK_DIR=${WORK_DIR:-build/bench-data/atlas}
cli=$BUILD_DIR/app/cli/cordon-cli
make_district=$BUILD_DIR/bench/cordon-make-district

python3=/usr/bin/python3 # Debian's, which has the qgis module
$python3 -c 'import qgis.core' 2>/dev/null ||
    { echo "atlas_bench.sh: PyQGIS is missing (apt-get install qgis python3-qgis)" >&2; exit 1; }
command -v pdfinfo >/dev/null || { echo "atlas_bench.sh: pdfinfo is missing (poppler-utils)" >&2; exit 1; }
if [[ $build == 1 ]]; then
    cmake --build "$BUILD_DIR" --target cordon-cli cordon-make-district -j2
fi
[[ -x $cli && -x $make_district ]] || { echo "atlas_bench.sh: build $cli and $make_district first" >&2; exit 1; }
mkdir -p "$WORK_DIR"

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
pages() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }

rows=()
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for k in $ZONES; do
    n=$((k * PER_ZONE))
    dir=$WORK_DIR/z$k
    project=$dir/district.cordon
    mkdir -p "$dir/gpkg"
    if [[ ! -s $project ]]; then
        echo "== preparing $k zones: $n buildings, import, plan, export"
        "$make_district" -o "$dir/district.gpkg" --buildings "$n" --seed 1 >/dev/null
        rm -f "$project"
        "$cli" import "$dir/district.gpkg" -o "$project" >/dev/null
        "$cli" plan all "$project" --zones "$k" --unknown-mode closed >/dev/null
    fi
    for layer in zones buildings roads routes; do
        [[ -s $dir/gpkg/$layer.gpkg ]] ||
            "$cli" export "$project" --layer "$layer" --format gpkg -o "$dir/gpkg/$layer.gpkg" >/dev/null
    done
    echo "== $k zones: $REPS runs each, alternating"
    : >"$dir/cordon.s"; : >"$dir/cordon.cpu"; : >"$dir/cordon.pages.s"; : >"$dir/qgis.s"; : >"$dir/qgis.cpu"; : >"$dir/qgis.all"
    for ((rep = 1; rep <= REPS; ++rep)); do
        /usr/bin/time -f "%e %U %S" -o "$dir/cordon.time" \
            "$cli" print "$project" -o "$dir/cordon.pdf" --date 2026-01-01 --json "$dir/cordon.json" \
            ${THREADS:+--threads "$THREADS"} >/dev/null
        read -r wall user sys <"$dir/cordon.time"
        echo "$wall" >>"$dir/cordon.s"
        echo "$user + $sys" | bc -l >>"$dir/cordon.cpu"
        # The report's seconds: opening the PDF to closing it, without start-up and loading
        # the project (like QGIS's export call, which leaves out its project set-up).
        $python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"])' "$dir/cordon.json" >>"$dir/cordon.pages.s"
        cordon_pages=$(pages "$dir/cordon.pdf")
        echo "   cordon run $rep: $wall s (CPU $(tail -1 "$dir/cordon.cpu") s; writing the PDF $(tail -1 "$dir/cordon.pages.s") s), $cordon_pages pages"

        t0=$(now)
        QT_QPA_PLATFORM=offscreen $python3 bench/atlas_qgis.py --gpkg-dir "$dir/gpkg" -o "$dir/qgis.pdf" >"$dir/qgis.json" 2>"$dir/qgis.err"
        t1=$(now)
        echo "$t1 - $t0" | bc -l >>"$dir/qgis.all"
        $python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["export_s"])' "$dir/qgis.json" >>"$dir/qgis.s"
        $python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["export_cpu_s"])' "$dir/qgis.json" >>"$dir/qgis.cpu"
        qgis_pages=$(pages "$dir/qgis.pdf")
        echo "   qgis   run $rep: export $(tail -1 "$dir/qgis.s") s (CPU $(tail -1 "$dir/qgis.cpu") s; process $(tail -1 "$dir/qgis.all") s), $qgis_pages pages"
    done
    [[ $qgis_pages == "$k" ]] || { echo "atlas_bench.sh: QGIS wrote $qgis_pages pages, not $k" >&2; exit 1; }
    c=$(median <"$dir/cordon.s"); cc=$(median <"$dir/cordon.cpu"); cp=$(median <"$dir/cordon.pages.s")
    qs=$(median <"$dir/qgis.s"); qc=$(median <"$dir/qgis.cpu"); qa=$(median <"$dir/qgis.all")
    # Per map page: Cordon's time over its zone map pages, QGIS's over its atlas pages (one
    # per zone); Cordon's overview and list continuation pages come on top, uncounted.
    rows+=("$(printf '| %d | %d | %d (%d maps) | %.2f s / %.2f s | **%.3f** / %.3f | %.2f s | **%.3f** | %d | %.2f s / %.2f s | **%.3f** / %.3f | %.2f s | %.2f / %.2f | **%.2f** | %.2f |' \
        "$k" "$n" "$cordon_pages" "$k" "$c" "$cc" "$(echo "$c / $k" | bc -l)" "$(echo "$cc / $k" | bc -l)" \
        "$cp" "$(echo "$cp / $k" | bc -l)" \
        "$k" "$qs" "$qc" "$(echo "$qs / $k" | bc -l)" "$(echo "$qc / $k" | bc -l)" "$qa" \
        "$(echo "$c / $qs" | bc -l)" "$(echo "$cc / $qc" | bc -l)" "$(echo "$cp / $qs" | bc -l)" \
        "$(echo "$c / $qa" | bc -l)")")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

qgis_version=$($python3 -c 'from qgis.core import Qgis; print(Qgis.QGIS_VERSION)' 2>/dev/null)
echo
echo "Median of $REPS; load average before: $load_before, after: $load_after; QGIS $qgis_version;"
echo "Cordon on ${THREADS:-one thread per core ($(nproc))} thread(s)"
echo "Wall / CPU seconds, median of $REPS. Cordon process: the whole cordon-cli print process (start-up,"
echo "loading the project, writing the PDF); Cordon PDF: its report's seconds, opening the PDF to closing it"
echo "(wall); QGIS: the atlas export call (its project set-up not counted); QGIS process: the whole"
echo "python3 bench/atlas_qgis.py process (start-up, loading the layers, building the layout, exporting)."
echo "| zones | buildings | Cordon pages | Cordon process wall / CPU | Cordon process s per map page (wall / CPU) | Cordon PDF wall | Cordon PDF s per map page | QGIS pages | QGIS wall / CPU | QGIS s per page (wall / CPU) | QGIS process wall | Cordon process ÷ QGIS (wall / CPU) | Cordon PDF ÷ QGIS (wall) | Cordon process ÷ QGIS process (wall) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
