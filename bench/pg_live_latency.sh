#!/usr/bin/env bash
# Live updates in the app (issue 19, item 3): how long from another writer's commit to the app
# showing it (notification -> rows read -> figures -> map), on a published project.
#   bench/pg_live_latency.sh BUILD_DIR SOURCE [N]
# SOURCE: an .osm/.pbf imported first (the sample: data/chengdu/chengdu.osm; Liechtenstein:
# ../shared/data/liechtenstein_osm2015/liechtenstein-2015.osm.pbf). A throwaway cluster
# (installer/pg_cluster.sh), the project published to it, `cordon` opened on it under Xvfb;
# psql closes N gates one second apart; the app's state after each names the delay it saw
# (live.last.latency_ms: now - the change's statement time; apply_ms: reading the rows and the
# figures). Prints one line per change and the median.
set -euo pipefail
build=$1
source=$2
n=${3:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/cordon-live-bench.XXXXXX")
cluster=$root/installer/pg_cluster.sh
trap 'bash "$cluster" stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
url=$(bash "$cluster" start "$work/pg")
export PGPASSFILE=$work/pg/pgpass
psql=(${PG_BIN:-/usr/lib/postgresql/15/bin}/psql -X -q -A -t -v ON_ERROR_STOP=1 "$url")
cli=$build/app/cli/cordon-cli
app=$build/app/gui/cordon

start=$(date +%s.%N)
"$cli" import "$source" -o "$work/p.cordon" >/dev/null
"$cli" publish "$work/p.cordon" "$url" --schema bench >/dev/null
echo "import + publish: $(echo "$(date +%s.%N) - $start" | bc) s"
echo "buildings: $("${psql[@]}" -c "SELECT count(*) FROM bench.buildings"), gates: $("${psql[@]}" -c "SELECT count(*) FROM bench.gates")"
mapfile -t gates < <("${psql[@]}" -c "SELECT id FROM bench.gates WHERE state = 'open' ORDER BY id LIMIT $n")
{
    echo "open $url?schema=bench"
    echo "state $work/ready.json"
    i=0
    for g in "${gates[@]}"; do
        echo "wait-live gates $g 60"
        echo "state $work/l$i.json"
        i=$((i + 1))
    done
    echo "quit"
} >"$work/script.txt"
(
    while [[ ! -f $work/ready.json ]]; do sleep 0.1; done
    sleep 1
    for g in "${gates[@]}"; do
        "${psql[@]}" -c "UPDATE bench.gates SET state = 'closed' WHERE id = $g" >/dev/null
        sleep 1
    done
) &
xvfb-run -a -s "-screen 0 1600x1000x24" "$app" --autosave 0 --lang en --script "$work/script.txt" \
    >"$work/app.txt" 2>&1 || { cat "$work/app.txt"; exit 1; }
wait
python3 - "$work" "${#gates[@]}" <<'EOF'
import json, statistics, sys
work, n = sys.argv[1], int(sys.argv[2])
lat, apply = [], []
for i in range(n):
    s = json.load(open(f"{work}/l{i}.json"))
    last = s["live"]["last"]
    lat.append(last["latency_ms"]); apply.append(last["apply_ms"])
    print(f"change {i + 1}: shown {last['latency_ms']} ms after the commit (rows + figures {last['apply_ms']:.1f} ms)")
print(f"median: {statistics.median(lat)} ms after the commit, rows + figures {statistics.median(apply):.1f} ms")
EOF
