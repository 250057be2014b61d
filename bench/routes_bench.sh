#!/bin/bash
# Patrol routes at district scale (issue 13): `plan routes` and `plan all` of this build beside
# the routes of Cordon before issue 13 (built from git history), measured in the same run, and
# the tour yardstick on TSPLIB. See bench/README.md "Patrol routes".
#
#   bench/routes_bench.sh [--no-old] [--no-build]
#
# BUILD (default build/ci) holds this build's cordon-cli, cordon-make-district and
# cordon-bench-tour. OLD_REV (default: the parent of the commit that added planner/src/tour.cpp)
# is checked out into build/bench-old/src and its cordon-cli built there with the same preset
# (the shared ccache makes that cheap). Data and projects go to build/bench-data/routes.
# OLD_CASES (default: all of li20 li4 d60k li-all d60k-all) picks the runs the old Cordon
# makes, OLD_TIMEOUT (default 1800) stops each of its runs after that many seconds (the old
# 60,000-building routes take over 20 minutes). Needs /usr/bin/time (Debian package time).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build/ci}
DATA=$ROOT/build/bench-data/routes
LI=${LI:-$ROOT/../shared/data/liechtenstein_osm2015/liechtenstein-2015.osm.pbf}
TSPLIB=$ROOT/bench/tsplib
OLD=1
BUILD_NEW=1
for a in "$@"; do
    case $a in
    --no-old) OLD= ;;
    --no-build) BUILD_NEW= ;;
    *) echo "usage: bench/routes_bench.sh [--no-old] [--no-build]" >&2; exit 2 ;;
    esac
done
mkdir -p "$DATA"
if [ -n "$BUILD_NEW" ]; then
    nice cmake --build "$BUILD" -j2 --target cordon-cli cordon-make-district cordon-bench-tour >/dev/null
fi
NEW_CLI=$ROOT/$BUILD/app/cli/cordon-cli
if [ -n "$OLD" ]; then
    OLD_REV=${OLD_REV:-$(git log --diff-filter=A --format=%H -- planner/src/tour.cpp | tail -1)^}
    OLD_REV=$(git rev-parse --short "$OLD_REV")
    OLD_SRC=$ROOT/build/bench-old/src
    if [ ! -d "$OLD_SRC" ]; then
        git worktree add --detach "$OLD_SRC" "$OLD_REV" >/dev/null 2>&1
    else
        git -C "$OLD_SRC" checkout --detach -q "$OLD_REV"
    fi
    (cd "$OLD_SRC" && { [ -d build/ci ] || cmake --preset ci >/dev/null; } &&
        nice cmake --build build/ci -j2 --target cordon-cli >/dev/null)
    OLD_CLI=$OLD_SRC/build/ci/app/cli/cordon-cli
fi

# One measured run: prints "seconds peak_MB" and leaves the command's output in $DATA/last.out.
measure() {
    /usr/bin/time -v "$@" >"$DATA/last.out" 2>"$DATA/last.time" || {
        cat "$DATA/last.out" "$DATA/last.time" >&2
        return 1
    }
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0;
        for (i = 1; i <= n; ++i) s = s * 60 + t[i]; print s}' "$DATA/last.time")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$DATA/last.time")
    echo "$wall $rss"
}
km() { sed -n 's/.*routes: [0-9]*, \([0-9.]*\) km in all.*/\1/p' "$DATA/last.out"; }

# Projects with zones, made by the old Cordon when it is measured (so both read them).
PREP_CLI=${OLD_CLI:-$NEW_CLI}
prepare() { # NAME SOURCE ZONES
    local p=$DATA/$1.cordon
    if [ ! -f "$p" ]; then
        "$PREP_CLI" import "$2" -o "$DATA/$1.base.cordon" >/dev/null
        cp "$DATA/$1.base.cordon" "$p"
        "$PREP_CLI" plan zones "$p" --zones "$3" >/dev/null
    fi
}
[ -f "$DATA/district-60k.gpkg" ] ||
    "$BUILD/bench/cordon-make-district" -o "$DATA/district-60k.gpkg" --buildings 60000 --seed 1 >/dev/null
prepare li20 "$LI" 20
prepare li4 "$LI" 4
prepare d60k "$DATA/district-60k.gpkg" 120

echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC on $(nproc) cores (load $(cut -d' ' -f1-3 /proc/loadavg));" \
    "Cordon $(git rev-parse --short HEAD)${OLD:+, old = $OLD_REV}"
echo
echo "| run | cordon | seconds | peak MB | route km |"
echo "|---|---|---:|---:|---:|"
OLD_CASES=${OLD_CASES:-li20 li4 d60k li-all d60k-all}
OLD_TIMEOUT=${OLD_TIMEOUT:-1800}
row() { # CASE LABEL WHICH CLI ARGS...
    local case=$1 label=$2 which=$3 cli=$4
    shift 4
    local m
    if [ "$which" = old ]; then
        case " $OLD_CASES " in *" $case "*) ;; *) echo "| $label | old | not run | | |"; return ;; esac
        m=$(measure timeout "$OLD_TIMEOUT" "$cli" "$@") ||
            { echo "| $label | old | > $OLD_TIMEOUT (stopped) | | |"; return; }
    else
        m=$(measure "$cli" "$@") || { echo "| $label | $which | failed | | |"; return; }
    fi
    echo "| $label | $which | ${m% *} | ${m#* } | $(km) |"
}
for which in new ${OLD:+old}; do
    cli=$NEW_CLI
    [ "$which" = old ] && cli=$OLD_CLI
    for case in "li20:Liechtenstein, 20 zones, plan routes" "li4:Liechtenstein, 4 zones, plan routes" \
        "d60k:generated 60,000 buildings, 120 zones, plan routes"; do
        name=${case%%:*}
        cp "$DATA/$name.cordon" "$DATA/run.cordon"
        row "$name" "${case#*:}" $which "$cli" plan routes "$DATA/run.cordon"
    done
    cp "$DATA/li20.base.cordon" "$DATA/run.cordon"
    row li-all "Liechtenstein, plan all --zones 20" $which "$cli" plan all "$DATA/run.cordon" --zones 20
    cp "$DATA/d60k.base.cordon" "$DATA/run.cordon"
    row d60k-all "generated 60,000, plan all --zones 120" $which "$cli" plan all "$DATA/run.cordon" --zones 120
done

echo
echo "Tour yardstick (TSPLIB, default effort; old = nearest neighbour + 2-opt + Or-opt):"
echo
rm -f "$DATA/tour.txt"
echo "| instance | n | optimum | length | gap % | seconds | old length | old gap % | old seconds |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for f in "$TSPLIB"/*.tsp; do
    read -r name n len opt gap sec < <("$BUILD/bench/cordon-bench-tour" "$f")
    if [ -n "$OLD" ]; then
        read -r _ _ olen _ ogap osec < <(timeout "$OLD_TIMEOUT" "$BUILD/bench/cordon-bench-tour" "$f" --old ||
            echo "- - - - - >$OLD_TIMEOUT")
    else
        olen=- ogap=- osec=-
    fi
    echo "| $name | $n | ${opt%.*} | $len | $gap | $sec | $olen | $ogap | $osec |"
    echo "$gap $sec $ogap $osec" >>"$DATA/tour.txt"
done
awk '{g += $1; t = $2 > t ? $2 : t; if ($3 != "-") { og += $3; on++ } }
    END { printf "| mean gap | | | | %.2f | max %.3f | | %s | |\n", g / NR, t,
        on ? sprintf("%.2f", og / on) : "-" }' "$DATA/tour.txt"
echo
echo "Load average at the end: $(cut -d" " -f1-3 /proc/loadavg)"
