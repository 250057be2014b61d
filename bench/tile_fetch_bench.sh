#!/usr/bin/env bash
# Basemap fetch timings (issue 18): `cordon-cli basemap fetch` of the sample district at zoom
# 15-17 and of Liechtenstein at zoom 10-14 from the loopback test server
# (tests/support/tile_server.py; every tile the same 256-pixel PNG, answered after DELAY
# seconds to stand in for a real service's latency), with 1 and 4 connections.
#   bench/tile_fetch_bench.sh BUILD_DIR [DELAY]      (e.g. build/ci 0.02)
set -euo pipefail
build=$(cd "$1" && pwd)
delay=${2:-0.02}
src=$(cd "$(dirname "$0")/.." && pwd)
cli="$build/app/cli/cordon-cli"
work=$(mktemp -d /tmp/cordon-tile-bench.XXXXXX)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache" CORDON_KEYS_FILE="$work/keys"

# One PNG tile (GDAL): 256x256, light grey.
convert -size 256x256 'xc:rgb(220,220,220)' "PNG24:$work/tile.png"
python3 "$src/tests/support/tile_server.py" --port-file "$work/port" --any "$work/tile.png" \
    --delay "$delay" &
server=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$work/port")/xyz/{z}/{x}/{y}.png"

"$cli" import "$src/data/chengdu/chengdu.osm" -o "$work/sample.cordon" >/dev/null 2>&1
"$cli" import "${LIECHTENSTEIN:-/work/shared/data/liechtenstein_osm2015/liechtenstein-2015.osm.pbf}" \
    -o "$work/li.cordon" >/dev/null 2>&1
for p in sample li; do
    "$cli" basemap add "$work/$p.cordon" "$url" --name bench >/dev/null
done

run() { # PROJECT ZOOM CONNECTIONS
    rm -f "$work/out.mbtiles" "$work/out.mbtiles.part"
    local start end
    start=$(date +%s.%N)
    "$cli" basemap fetch "$work/$1.cordon" bench --extent district --zoom "$2" \
        --max-connections "$3" --rate 0 -o "$work/out.mbtiles" | sed 's|^.*out.mbtiles: ||'
    end=$(date +%s.%N)
    printf '%s zoom %s, %s connection(s), server delay %s s: %.2f s wall\n' "$1" "$2" "$3" \
        "$delay" "$(echo "$end - $start" | bc)"
}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
run sample 15-17 1
run sample 15-17 4
run li 10-14 4
run li 10-14 1
