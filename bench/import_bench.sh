#!/usr/bin/env bash
# Import benchmark: Cordon's import of a large synthetic district against ogr2ogr writing the
# same features into SpatiaLite, on this machine. Prints a table and writes it into
# bench/README.md (between the "results" markers). See bench/README.md.
#
# Usage: bench/import_bench.sh [--no-build] [--no-readme]
# Environment: SIZES (buildings, default "100000 1000000"), REPS (runs per tool and size,
# default 3; the median is reported), BUILD_DIR (default build/release),
# DATA_DIR (default build/bench-data), WORK_DIR (outputs, default a temp folder).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

build=1
readme=1
for arg in "$@"; do
    case $arg in
    --no-build) build=0 ;;
    --no-readme) readme=0 ;;
    -h | --help)
        sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "import_bench.sh: unknown argument $arg" >&2
        exit 2
        ;;
    esac
done

SIZES=${SIZES:-"100000 1000000"}
REPS=${REPS:-3}
BUILD_DIR=${BUILD_DIR:-build/release}
DATA_DIR=${DATA_DIR:-build/bench-data}
cli=$BUILD_DIR/app/cli/cordon-cli
make_district=$BUILD_DIR/bench/cordon-make-district

for tool in /usr/bin/time ogr2ogr ogrinfo; do
    command -v "$tool" >/dev/null || { echo "import_bench.sh: $tool is missing (apt-get install time gdal-bin)" >&2; exit 1; }
done

if [[ $build == 1 ]]; then
    if [[ $BUILD_DIR == build/release ]]; then
        cmake --preset release >/dev/null
        cmake --build --preset release --target cordon-cli cordon-make-district -j2
    else
        cmake --build "$BUILD_DIR" --target cordon-cli cordon-make-district -j2
    fi
fi
[[ -x $cli && -x $make_district ]] || { echo "import_bench.sh: build $cli and $make_district first" >&2; exit 1; }

mkdir -p "$DATA_DIR"
work=${WORK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/cordon-bench.XXXXXX")}
mkdir -p "$work"
trap '[[ -z ${WORK_DIR:-} ]] && rm -rf "$work"' EXIT

label() { # 100000 → 100k, 1000000 → 1M
    local n=$1
    if ((n % 1000000 == 0)); then echo "$((n / 1000000))M"
    elif ((n % 1000 == 0)); then echo "$((n / 1000))k"
    else echo "$n"; fi
}

bench_name=import_bench.sh
# shellcheck source=bench/measure.sh
source "$root/bench/measure.sh"

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maximum() { sort -g | tail -1; }

count_features() { # FILE LAYER
    ogrinfo -ro -so "$1" "$2" 2>/dev/null | awk -F': ' '/Feature Count/ { print $2 }'
}

cordon_cmd() { echo "$cli import $1 -o $2"; }
ogr_cmd() { echo "ogr2ogr -f SQLite -dsco SPATIALITE=YES -t_srs EPSG:32648 -gt unlimited $2 $1"; }

rows=()
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for n in $SIZES; do
    name=$(label "$n")
    src=$DATA_DIR/district-$(echo "$name" | tr 'A-Z' 'a-z').gpkg
    if [[ ! -s $src ]]; then
        echo "== generating $src ($n buildings)"
        "$make_district" -o "$src.part" --buildings "$n" --seed 1
        mv "$src.part" "$src"
    fi
    echo "== $name buildings: $REPS runs each, alternating"
    : >"$work/cordon.s"; : >"$work/cordon.kb"; : >"$work/ogr.s"; : >"$work/ogr.kb"
    for ((rep = 1; rep <= REPS; ++rep)); do
        rm -f "$work/out.cordon"
        result=$(measure $(cordon_cmd "$src" "$work/out.cordon"))
        read -r s _ kb <<<"$result"
        echo "$s" >>"$work/cordon.s"; echo "$kb" >>"$work/cordon.kb"
        echo "   cordon  run $rep: ${s} s, $((kb / 1024)) MiB"
        if ((rep == 1)); then
            got=$(count_features "$work/out.cordon" buildings)
            [[ $got == "$n" ]] || { echo "import_bench.sh: Cordon wrote $got buildings, not $n" >&2; exit 1; }
        fi
        rm -f "$work/out.cordon"

        rm -f "$work/out.sqlite"
        result=$(measure $(ogr_cmd "$src" "$work/out.sqlite"))
        read -r s _ kb <<<"$result"
        echo "$s" >>"$work/ogr.s"; echo "$kb" >>"$work/ogr.kb"
        echo "   ogr2ogr run $rep: ${s} s, $((kb / 1024)) MiB"
        if ((rep == 1)); then
            got=$(count_features "$work/out.sqlite" buildings)
            [[ $got == "$n" ]] || { echo "import_bench.sh: ogr2ogr wrote $got buildings, not $n" >&2; exit 1; }
        fi
        rm -f "$work/out.sqlite"
    done
    cs=$(median <"$work/cordon.s"); os=$(median <"$work/ogr.s")
    ckb=$(maximum <"$work/cordon.kb"); okb=$(maximum <"$work/ogr.kb")
    ratio=$(awk -v a="$cs" -v b="$os" 'BEGIN { printf "%.2f", a / b }')
    mratio=$(awk -v a="$ckb" -v b="$okb" 'BEGIN { printf "%.1f", a / b }')
    runs_c=$(paste -sd/ "$work/cordon.s"); runs_o=$(paste -sd/ "$work/ogr.s")
    rows+=("| $name | Cordon | $cs | $runs_c | $((ckb / 1024)) | **$ratio** | $mratio |")
    rows+=("| $name | ogr2ogr | $os | $runs_o | $((okb / 1024)) | 1 | 1 |")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
gdal=$(gdal-config --version 2>/dev/null || ogr2ogr --version | awk '{ print $2 }' | tr -d ,)
spatialite=$(pkg-config --modversion spatialite 2>/dev/null || echo "?")
sqlite=$(pkg-config --modversion sqlite3 2>/dev/null || echo "?")
geos=$(geos-config --version 2>/dev/null || echo "?")
proj=$(pkg-config --modversion proj 2>/dev/null || echo "?")
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
if ! git diff --quiet HEAD -- geo bench 2>/dev/null; then commit="$commit + uncommitted changes in geo/ or bench/"; fi

report=$(
    cat <<EOF
Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, $cpu, $mem RAM
(load average before/after: $load_before / $load_after; other jobs may share the machine).
Cordon $commit, build \`$BUILD_DIR\` ($(awk -F= '/^CMAKE_BUILD_TYPE:/ { print $2 }' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null)).
GDAL $gdal, SpatiaLite $spatialite, SQLite $sqlite, GEOS $geos, PROJ $proj.
Median of $REPS runs each (runs alternate between the tools); peak memory is the largest
"Maximum resident set size" of \`/usr/bin/time -v\` over the runs.

| buildings | tool | median s | runs (s) | peak MiB | time ratio Cordon/ogr2ogr | memory ratio |
|---|---|---:|---|---:|---:|---:|
$(printf '%s\n' "${rows[@]}")

Commands (DIST is \`$DATA_DIR/district-100k.gpkg\` or \`district-1m.gpkg\`, made by
\`$make_district -o DIST --buildings N --seed 1\`):

    $(cordon_cmd DIST OUT.cordon)
    $(ogr_cmd DIST OUT.sqlite)
EOF
)

echo
echo "$report"

if [[ $readme == 1 ]]; then
    readme_file=bench/README.md
    start='<!-- results:start (written by bench/import_bench.sh) -->'
    end='<!-- results:end -->'
    if [[ -f $readme_file ]] && grep -qF "$start" "$readme_file"; then
        body=$report awk -v start="$start" -v end="$end" '
            $0 == start { print; print ""; print ENVIRON["body"]; print ""; skip = 1; next }
            $0 == end { skip = 0 }
            !skip { print }' "$readme_file" >"$work/README.md"
        cp "$work/README.md" "$readme_file"
    else
        printf '\n## Results\n\n%s\n\n%s\n\n%s\n' "$start" "$report" "$end" >>"$readme_file"
    fi
    echo
    echo "Wrote the table into $readme_file"
fi
