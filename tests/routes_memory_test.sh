#!/usr/bin/env bash
# Patrol routes held to a memory bound (issue 20: `plan routes` with 4 zones on a real district
# of 23 k buildings took 292 s and 5.6 GB). A generated district of 10,000 buildings in 4 zones
# of about 2,500 each: `plan routes` must make the 4 routes within MB of peak memory (its CPU
# time is printed: speed is shown by bench/routes_bench.sh, not asserted here).
#   routes_memory_test.sh CLI MAKE_DISTRICT WORK MB
set -uo pipefail
cli="$1" make="$2" work="$3" mb="$4"
fail() { echo "routes_memory_test: FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
project="$work/district.cordon"
"$make" -o "$work/district.gpkg" --buildings 10000 --seed 1 > /dev/null || fail "no district"
"$cli" import "$work/district.gpkg" -o "$project" > /dev/null || fail "import failed"
"$cli" plan classify "$project" --unknown-mode closed > /dev/null || fail "classify failed"
"$cli" plan zones "$project" --zones 4 > /dev/null || fail "zones failed"
timeout 300 /usr/bin/time -f "%M %U %S %e" -o "$work/time.txt" "$cli" plan routes "$project" \
    > "$work/stdout.txt" 2> "$work/stderr.txt"
rc=$?
cat "$work/stderr.txt"
[ "$rc" -eq 0 ] || fail "plan routes ended with $rc"
read -r peak_kb user sys wall < <(tail -n 1 "$work/time.txt")
echo "routes_memory_test: peak memory $((peak_kb / 1024)) MB (limit $mb MB); CPU ${user} s" \
    "user + ${sys} s system, ${wall} s elapsed"
[ "$peak_kb" -le $((mb * 1024)) ] || fail "plan routes took $((peak_kb / 1024)) MB, over $mb MB"
routes=$("$cli" info "$project" --json | sed -n 's/^ *"routes": \([0-9]*\),*$/\1/p')
[ "$routes" = 4 ] || fail "expected 4 routes, the project holds '$routes'"
echo "routes_memory_test: OK (4 routes)"
rm -rf "$work"
