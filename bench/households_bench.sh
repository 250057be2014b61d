#!/usr/bin/env bash
# Household ledger benchmark (issue 14): a register of ROWS rows (default 100,000) for the
# generated district of BUILDINGS buildings (default 60,000), imported and matched by
# `cordon-cli households import`; prints the time, peak memory and match rates.
#
# Usage: bench/households_bench.sh [--no-build]
# Environment: BUILDINGS, ROWS, REPS (runs, default 3; the median time and the largest peak
# are reported), BUILD_DIR (default build/ci), DATA_DIR (default build/bench-data), FORMAT
# (csv or xlsx, default csv), WORK_DIR (outputs, default a temp folder).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

build=1
for arg in "$@"; do
    case $arg in
    --no-build) build=0 ;;
    -h | --help)
        sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "households_bench.sh: unknown argument $arg" >&2
        exit 2
        ;;
    esac
done

BUILDINGS=${BUILDINGS:-60000}
ROWS=${ROWS:-100000}
REPS=${REPS:-3}
FORMAT=${FORMAT:-csv}
BUILD_DIR=${BUILD_DIR:-build/ci}
DATA_DIR=${DATA_DIR:-build/bench-data}
cli=$BUILD_DIR/app/cli/cordon-cli
make_district=$BUILD_DIR/bench/cordon-make-district
make_register=$BUILD_DIR/tests/cordon-make-register

for tool in /usr/bin/time python3; do
    command -v "$tool" >/dev/null || { echo "households_bench.sh: $tool is missing" >&2; exit 1; }
done
if [[ $build == 1 ]]; then
    cmake --build "$BUILD_DIR" --target cordon-cli cordon-make-district cordon-make-register -j2
fi
for tool in "$cli" "$make_district" "$make_register"; do
    [[ -x $tool ]] || { echo "households_bench.sh: build $tool first" >&2; exit 1; }
done

mkdir -p "$DATA_DIR"
work=${WORK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/cordon-bench.XXXXXX")}
mkdir -p "$work"
trap '[[ -z ${WORK_DIR:-} ]] && rm -rf "$work"' EXIT

bench_name=households_bench.sh
# shellcheck source=bench/measure.sh
source "$root/bench/measure.sh"

# The district: generated, numbered (楼栋号 and addresses, as a district's own layer), imported.
district=$DATA_DIR/district-$BUILDINGS.gpkg
numbered=$DATA_DIR/numbered-$BUILDINGS.gpkg
project=$DATA_DIR/numbered-$BUILDINGS.cordon
register=$DATA_DIR/register-$BUILDINGS-$ROWS.$FORMAT
[[ -f $district ]] || "$make_district" -o "$district" --buildings "$BUILDINGS" >/dev/null
if [[ ! -f $project ]]; then
    "$cli" import "$district" -o "$work/plain.cordon" >/dev/null
    "$make_register" number "$work/plain.cordon" -o "$numbered" >/dev/null
    "$cli" import "$numbered" -o "$project" >/dev/null
fi
[[ -f $register ]] || "$make_register" register "$project" -o "$register" --rows "$ROWS" --seed 1 >/dev/null

times=()
cpus=()
peak=0
for ((i = 1; i <= REPS; ++i)); do
    cp "$project" "$work/p.cordon"
    read -r s cpu kb < <(measure "$cli" households import "$work/p.cordon" "$register" --json "$work/report.json")
    times+=("$s")
    cpus+=("$cpu")
    ((kb > peak)) && peak=$kb
done
median_of() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
median=$(median_of "${times[@]}")
cpu_median=$(median_of "${cpus[@]}")
load=$(cut -d' ' -f1 /proc/loadavg)

"$cli" households list "$work/p.cordon" -o "$work/list.csv" >/dev/null
python3 - "$work/list.csv" "$register.truth.csv" "$work/report.json" "$median" "$peak" "$BUILDINGS" "$ROWS" "${times[*]}" "$cpu_median" "$load" <<'PY'
import csv, json, sys
listing, truth, report, median, peak, buildings, rows, runs, cpu, load = sys.argv[1:]
with open(listing, encoding="utf-8-sig") as f:
    listed = {r["key"]: r for r in csv.DictReader(f)}
existing = right = wrong = none = none_matched = 0
with open(truth, encoding="utf-8") as f:
    for t in csv.DictReader(f):
        if t["kind"] == "duplicate":
            continue
        got = listed.get(t["key"])
        if got is None:
            continue
        if not t["building"]:
            none += 1
            none_matched += bool(got["building_id"])
        else:
            existing += 1
            right += got["building_source_id"] == t["building"]
            wrong += bool(got["building_id"]) and got["building_source_id"] != t["building"]
r = json.load(open(report))
s = r.get("seconds", {})
print(f"Household register: {int(rows):,} rows on the generated district of {int(buildings):,} buildings")
print()
print("| figure | value | target |")
print("|---|---|---|")
print(f"| `households import` wall time (median of {len(runs.split())}: {runs}; load {load}) | {float(median):.2f} s | <= 3 s |")
print(f"| `households import` CPU time (user + system, median) | {float(cpu):.2f} s | |")
for phase, v in s.items():
    print(f"| &nbsp; {phase} (wall) | {v:.2f} s | |")
print(f"| &nbsp; read register + match (wall) | {s.get('read register', 0) + s.get('match', 0):.2f} s | |")
print(f"| peak memory | {int(peak) / 1024:.0f} MB | |")
print(f"| rows naming an existing building matched right | {right:,} of {existing:,} ({100 * right / max(existing, 1):.2f} %) | >= 98 % |")
print(f"| rows naming an existing building matched wrong | {wrong:,} | 0 |")
print(f"| rows naming no building matched | {none_matched:,} of {none:,} | 0 |")
print(f"| ambiguous / unmatched listed | {r['ambiguous']:,} / {r['unmatched']:,} | |")
print(f"| matched per rule | {', '.join(f'{k} {v:,}' for k, v in r['matched'].items())} | |")
PY
