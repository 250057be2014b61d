#!/usr/bin/env bash
# gui.basemap_tiles (issue 18): the app with a project whose basemap is an XYZ service on the
# loopback test server (tests/support/tile_server.py, every tile answered 0.15 s late): the
# tiles are fetched and warped off the UI thread and appear under the map, the window keeps
# drawing frames while they load (the script pans and zooms meanwhile); with the server
# stopped the disk cache serves them; Add Basemap… with a key keeps the key in the user's
# settings, never in the project; a refused key is said in the Layers panel, the map drawn.
#   basemap_tiles.sh CORDON CLI XVFB_RUN SOURCE_DIR WORK [SHOTS]
set -euo pipefail
app=$1 cli=$2 xvfb=$3 src=$4 work=$5 shots=${6:-}
rm -rf "$work"
mkdir -p "$work/home"
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/cache"
export CORDON_KEYS_FILE="$work/keys"
unset CORDON_OFFLINE
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

convert -size 256x256 'xc:rgb(200,30,30)' "PNG24:$work/red.png"
convert -size 256x256 'xc:rgb(30,30,200)' "PNG24:$work/blue.png"
server=
start_server() {
    rm -f "$work/port"
    python3 "$src/tests/support/tile_server.py" --port-file "$work/port" --any "$work/red.png" \
        --any-odd "$work/blue.png" --delay 0.15 --key GOODKEY123 --log "$work/requests.log" &
    server=$!
    for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
    [ -s "$work/port" ] || fail "the tile server did not start"
    base="http://127.0.0.1:$(cat "$work/port")"
}
trap '[ -z "$server" ] || kill $server 2>/dev/null || true' EXIT
start_server

"$cli" import "$src/data/chengdu/chengdu.osm" -o "$work/p.cordon" >/dev/null 2>&1
cp "$work/p.cordon" "$work/q.cordon"
"$cli" basemap add "$work/p.cordon" "$base/xyz/{z}/{x}/{y}.png" --name tiles >/dev/null

run_app() { # SCRIPT PROJECT
    "$xvfb" -a -s "-screen 0 1600x1000x24" "$app" --autosave 0 --lang en --script "$1" "$2" \
        >"$work/stdout.txt" 2>&1 || { cat "$work/stdout.txt"; fail "cordon --script $1"; }
}
tile_pixels() { # PNG: pixels of the tiles' red or blue
    convert "$1" -fuzz 2% -fill black -opaque 'rgb(200,30,30)' -opaque 'rgb(30,30,200)' \
        -fill white +opaque black -format '%[fx:round((1-mean)*w*h)]' info:
}

# 1. Tiles appear while the window keeps drawing.
cat >"$work/load.txt" <<EOF
resize 1280 800
sidebar 560
wait 200
pan 60 0
wait 120
pan -60 30
wait 120
zoom 1.25
wait 120
pan 0 -30
state $work/loading.json
basemap-wait 90
screenshot $work/tiles.png
window-shot $work/window.png
state $work/loaded.json
quit
EOF
run_app "$work/load.txt" "$work/p.cordon"
[ "$(json "$work/loaded.json" "d['basemaps']['images']")" -ge 1 ] || fail "no basemap image arrived"
[ "$(json "$work/loaded.json" "len(d['basemaps']['warnings'])")" = 0 ] ||
    fail "warnings: $(json "$work/loaded.json" "d['basemaps']['warnings']")"
while_loading=$(json "$work/loaded.json" "d['basemaps']['frames_while_loading']")
[ "$while_loading" -ge 3 ] || fail "only $while_loading frames drawn while the tiles loaded"
ok "$while_loading frames drawn while the tiles loaded (of $(json "$work/loaded.json" "d['basemaps']['frames']"))"
[ "$(json "$work/loading.json" "d['basemaps']['loading']")" = True ] ||
    fail "the script's state ran after loading was over: not a test of responsiveness"
ok "first basemap image after $(json "$work/loaded.json" "d['basemaps']['first_image_ms']") ms"
n=$(tile_pixels "$work/tiles.png")
[ "$n" -gt 100000 ] || fail "only $n tile pixels in the map screenshot"
ok "$n tile pixels under the map"
requests=$(curl -s "$base/stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['counts'].get('xyz', 0))")
ok "$requests tile requests"

# 2. The server stops: the same view comes from the disk cache.
kill $server
wait $server 2>/dev/null || true
server=
cat >"$work/offline.txt" <<EOF
resize 1280 800
sidebar 560
wait 200
pan 60 0
wait 120
pan -60 30
wait 120
zoom 1.25
wait 120
pan 0 -30
basemap-wait 60
screenshot $work/offline.png
state $work/offline.json
quit
EOF
run_app "$work/offline.txt" "$work/p.cordon"
[ "$(json "$work/offline.json" "d['basemaps']['images']")" -ge 1 ] || fail "no image offline"
[ "$(json "$work/offline.json" "len(d['basemaps']['warnings'])")" = 0 ] ||
    fail "offline warnings: $(json "$work/offline.json" "d['basemaps']['warnings']")"
m=$(tile_pixels "$work/offline.png")
[ $((m * 100)) -ge $((n * 99)) ] || fail "offline: $m tile pixels, online $n"
ok "offline: the same $m tile pixels from the disk cache"

# 3. Add Basemap… with a key (the dialog's code path), and a refused key.
start_server
cat >"$work/add.txt" <<EOF
resize 1280 800
basemap-add $base/keyed/{z}/{x}/{y}.png?tk=GOODKEY123 name=office opacity=0.8
basemap-wait 60
state $work/added.json
save
basemap-add $base/keyed/{z}/{x}/{y}.png?style=other&tk=BADKEY999 name=refused
basemap-wait 60
window-shot $work/refused.png
state $work/refused.json
basemap-dialog $work/dialog-en.png $base/keyed/{z}/{x}/{y}.png?tk={key} name=office grey crs=gcj02
lang zh_CN
wait 300
basemap-dialog $work/dialog-zh.png $base/keyed/{z}/{x}/{y}.png?tk={key} name=office grey crs=gcj02
window-shot $work/window-zh.png
quit
EOF
run_app "$work/add.txt" "$work/q.cordon"
grep -q "basemap-add: added" "$work/stdout.txt" || fail "Add Basemap refused: $(cat "$work/stdout.txt")"
[ "$(json "$work/added.json" "d['basemaps']['names']")" = "['office']" ] || fail "basemaps after adding"
[ "$(json "$work/added.json" "len(d['basemaps']['warnings'])")" = 0 ] ||
    fail "warnings with the good key: $(json "$work/added.json" "d['basemaps']['warnings']")"
! grep -q GOODKEY123 "$work/q.cordon" || fail "the key is in the project file"
grep -q 'tk={key}' "$work/q.cordon" || fail "the project does not keep the template"
grep -rq GOODKEY123 "$HOME" || fail "the key is not in the user's settings ($HOME)"
settings=$(grep -rl GOODKEY123 "$HOME" | head -1)
[ "$(stat -c %a "$settings")" = 600 ] || fail "$settings holds the key and is mode $(stat -c %a "$settings")"
ok "the key is in the user's settings, not in the project"
json "$work/refused.json" "d['basemaps']['warnings']" | grep -q "basemap 'refused'.*refused the key" ||
    fail "no warning for the refused key: $(json "$work/refused.json" "d['basemaps']['warnings']")"
! grep -q BADKEY999 "$work/refused.json" || fail "the refused key is shown"
ok "a refused key is said, naming the basemap"

if [ -n "$shots" ]; then
    mkdir -p "$shots"
    cp "$work/tiles.png" "$shots/basemap-tiles-map.png"
    cp "$work/window.png" "$shots/basemap-tiles-window.png"
    cp "$work/refused.png" "$shots/basemap-refused-key.png"
    cp "$work/dialog-en.png" "$shots/basemap-dialog-en.png"
    cp "$work/dialog-zh.png" "$shots/basemap-dialog-zh.png"
    cp "$work/window-zh.png" "$shots/basemap-window-zh.png"
fi
echo "gui.basemap_tiles: passed"
