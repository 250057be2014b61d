#!/usr/bin/env bash
# Checkpoint benchmark: Cordon's cheapest cordon against networkx minimum_cut on the very
# same cut problem, on generated road grids and on the real networks. Prints a Markdown
# table (bench/checkpoints.md explains it).
#
# Usage: bench/checkpoints_bench.sh [--no-build]
# Environment: PLAIN=0 skips the minimum-cut table, BARRIERS=0 the barriers table; SIZES (grid nodes, default "10000 100000 1000000"), BUILD_DIR (default
# build/checkpoints-release), NX_MAX (largest grid given to networkx, default 1000000),
# REPS (timing loops per case, default 3; each loop repeats the call until it has taken
# MIN_LOOP seconds, default 0.1, and gives the time per call), CLI (the cordon-cli that imports the real
# networks, default the one in BUILD_DIR).
# Needs /usr/bin/python3 with Debian's python3-networkx.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build_dir=${BUILD_DIR:-build/checkpoints-release}
sizes=${SIZES:-"10000 100000 1000000"}
nx_max=${NX_MAX:-1000000}
if [[ ${1:-} != --no-build ]]; then
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCORDON_BUILD_GUI=OFF >/dev/null
    cmake --build "$build_dir" --target cordon-bench-checkpoints cordon-cli -j2 >/dev/null
fi
bench=$build_dir/bench/cordon-bench-checkpoints
cli=${CLI:-$build_dir/app/cli/cordon-cli}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$cli" import data/chengdu/chengdu.osm -o "$work/chengdu.cordon" >/dev/null 2>&1
"$cli" import data/wuhou/wuhou_roads.gpkg --map roads=data/wuhou/wuhou_roads.gpkg:roads --field roads.class=highway \
    --map communities=data/wuhou/yulin.geojson -o "$work/wuhou.cordon" >/dev/null 2>&1

row() { # label, cordon json, networkx json (or empty)
    python3 - "$1" "$2" "$3" <<'PY'
import json, sys
label, c, n = sys.argv[1], json.loads(sys.argv[2]), (json.loads(sys.argv[3]) if sys.argv[3] else None)
if n is not None and (n["nodes"], n["arcs"]) != (c["contracted_nodes"], c["contracted_arcs"]):
    sys.exit("%s: networkx read %s nodes, %s arcs; Cordon's contracted graph has %s, %s" % (
        label, n["nodes"], n["arcs"], c["contracted_nodes"], c["contracted_arcs"]))
same = "—" if n is None else ("yes" if int(n["cut_value"]) == int(c["cut_value"]) else "NO (%s)" % n["cut_value"])
ms = lambda s: ("%.4f" if s < 1e-3 else "%.3f" if s < 1e-2 else "%.2f" if s < 1 else "%.0f") % (s * 1000)
nx_s = "—" if n is None else ms(n["cut_s"])
ratio = "—" if n is None else "%.0f×" % (n["cut_s"] / c["cut_bk_s"])
nx_mb = "—" if n is None else "%.0f" % n["peak_mb"]
print("| %s | %s | %s | %s / %s | %d | %s | %s | %s | %s | %s | %s | %s | %.0f | %s |" % (
    label, f'{c["network_nodes"]:,}', f'{c["free_nodes"]:,}', f'{c["contracted_nodes"]:,}',
    f'{c["contracted_arcs"]:,}', c["cut_value"], ms(c["plan_s"]), ms(c["cut_bk_s"]), ms(c["cut_pr_s"]),
    ms(c["whole_bk_s"]), nx_s, ratio, same, c["peak_mb"], nx_mb))
PY
}

if [[ ${PLAIN:-1} != 0 ]]; then # PLAIN=0: only the barriers table
    echo "| case | nodes | free nodes in the margin | cut graph nodes / arcs | cut value | Cordon plan ms | Cordon cut (BK) ms | Cordon cut (push–relabel) ms | Cordon cut (BK) on the whole network ms | networkx minimum_cut ms | networkx ÷ Cordon BK | same cut value | Cordon peak MB | networkx peak MB |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    run_case() { # label, bench args..., (last = edges file)
        local label=$1
        shift
        local c n=""
        c=$("$bench" "$@")
        local edges=${*: -1}
        if [[ $label != grid* ]] || (( ${label#grid } <= nx_max )); then
            n=$(/usr/bin/python3 bench/checkpoints_networkx.py "$edges")
        fi
        row "$label" "$c" "$n"
    }
    run_case "Chengdu 泉水社区 (OSM)" project "$work/chengdu.cordon" "compound:泉水社区" 300 "$work/e1.txt"
    run_case "Chengdu centre 2 km (OSM)" project "$work/chengdu.cordon" bench/checkpoints_chengdu_area.geojson 300 "$work/e3.txt"
    run_case "Wuhou 玉林 (SUMO)" project "$work/wuhou.cordon" "community:玉林" 300 "$work/e2.txt"
    for n in $sizes; do
        run_case "grid $n" grid "$n" "$work/g$n.txt"
    done
fi

# Staffed or barred (issue 15): plan checkpoints --barriers beside the plain minimum cut, through
# cordon-cli on the sample and on Liechtenstein (BARRIERS=0 skips it; LIECHTENSTEIN sets the
# .pbf, default ../shared/data/liechtenstein_osm2015/liechtenstein-2015.osm.pbf).
[[ ${BARRIERS:-1} == 0 ]] && exit 0
li=${LIECHTENSTEIN:-$root/../shared/data/liechtenstein_osm2015/liechtenstein-2015.osm.pbf}
timed() { # json, args...: runs cordon-cli plan checkpoints --dry-run, prints "wall_s peak_mb"
    local json=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$cli" plan checkpoints "$@" --dry-run --json "$json" >/dev/null
    awk '{printf "%s %.0f", $1, $2 / 1024}' "$work/time.txt"
}
barrier_row() { # label, project, args...
    local label=$1 project=$2
    shift 2
    local plain with
    plain=$(timed "$work/plain.json" "$project" "$@")
    with=$(timed "$work/bar.json" "$project" "$@" --barriers)
    python3 - "$label" "$*" "$plain" "$with" "$work/plain.json" "$work/bar.json" <<'PY'
import json, sys
label, args, plain, with_, pj, bj = sys.argv[1:]
p, b = json.load(open(pj)), json.load(open(bj))
br = b["barriers"]
pw, pm = plain.split()
bw, bm = with_.split()
print("| %s | `%s` | %d / %d | %s | %d / %d / %d | %s | %.2f %% | %d | %.2f | %d | %d / %d | %s | %s / %s |" % (
    label, args.replace(" --area", "").strip(), p["placed"]["checkpoints"], p["placed"]["crew"],
    pw, br["staffed"], br["crew"], br["barriers"], br["status"], br["gap_percent"],
    br["cost_lower_bound"], br["seconds"], br["rounds"], br["variables"], br["constraints"], bw,
    pm, bm))
PY
}
echo
echo "| case | options | plain min cut: checkpoints / crew | plain s | barriers: staffed / crew / barriers | status | gap | crew lower bound | solver s | rounds | variables / constraints | with barriers s | peak MB plain / barriers |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
barrier_row "Chengdu centre 2 km (OSM)" "$work/chengdu.cordon" --area bench/checkpoints_chengdu_area.geojson
barrier_row "Chengdu centre 2 km (OSM)" "$work/chengdu.cordon" --area bench/checkpoints_chengdu_area.geojson --margin 0 --access-km 1.1
if [[ -f $li ]]; then
    "$cli" import "$li" -o "$work/li.cordon" >/dev/null 2>&1
    barrier_row "Liechtenstein, Vaduz 2 km (OSM)" "$work/li.cordon" --area bench/checkpoints_vaduz_area.geojson
    barrier_row "Liechtenstein, whole district (OSM)" "$work/li.cordon" --area district --margin 0 --min-staffed 1 --access-km 20
    barrier_row "Liechtenstein, whole district (OSM)" "$work/li.cordon" --area district --margin 0 --min-staffed 1 --access-km 20 --time-limit 2
fi
