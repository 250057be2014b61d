#!/bin/bash
# Builds the libFuzzer harnesses of fuzz/ (clang 14, ASan + UBSan; build/fuzz) and runs each
# for CORDON_FUZZ_SECONDS (600 by default), one at a time and niced, each on a copy of its seed
# corpus fuzz/corpus/NAME. Prints a Markdown table: harness, time, runs, crashes (inputs that
# crashed, leaked, hung or broke a property; kept in build/fuzz/runs/NAME/artifacts).
#   fuzz/run.sh                 every harness
#   fuzz/run.sh edits scenario  those only
# Environment: CORDON_FUZZ_SECONDS, CORDON_FUZZ_BUILD (build folder), CORDON_FUZZ_JOBS (build
# jobs, 2). Exits 1 when any harness found something.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${CORDON_FUZZ_BUILD:-$src/build/fuzz}
seconds=${CORDON_FUZZ_SECONDS:-600}
jobs=${CORDON_FUZZ_JOBS:-2}

if [ $# -gt 0 ]; then
    harnesses=("$@")
else
    harnesses=()
    for dir in "$src"/fuzz/corpus/*/; do harnesses+=("$(basename "$dir")"); done
fi

if [ ! -f "$build/build.ninja" ]; then
    CC=${CC:-clang-14} CXX=${CXX:-clang++-14} cmake -S "$src" -B "$build" -G Ninja \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCORDON_BUILD_FUZZ=ON -DCORDON_BUILD_GUI=OFF \
        -DCORDON_BUILD_TESTS=OFF -DCORDON_BUILD_BENCH=OFF >/dev/null
fi
targets=()
for h in "${harnesses[@]}"; do targets+=(--target "fuzz_$h"); done
nice cmake --build "$build" -j "$jobs" "${targets[@]}" >/dev/null

found=0
echo "| harness | time | runs | crashes |"
echo "|---|---|---|---|"
for h in "${harnesses[@]}"; do
    work=$build/runs/$h
    rm -rf "$work"
    mkdir -p "$work/corpus" "$work/artifacts"
    cp -r "$src/fuzz/corpus/$h/." "$work/corpus/"
    start=$(date +%s)
    status=0
    # -fork would run the harness in children and keep going after a crash; one process, stopped
    # at the first finding, keeps the figures simple: any crash is a bug to fix before the table.
    ASAN_OPTIONS=detect_leaks=1 nice -n 19 "$build/fuzz/fuzz_$h" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/log" 2>&1 || status=$?
    elapsed=$(($(date +%s) - start))
    runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$work/log" | tail -1)
    if [ -z "$runs" ]; then # killed before its final stats: the last progress line
        runs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$work/log" | tail -1)
    fi
    crashes=$(find "$work/artifacts" -type f | wc -l)
    if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes="exit $status"; fi
    if [ "$crashes" != 0 ]; then found=1; fi
    printf '| `fuzz_%s` | %d s | %s | %s |\n' "$h" "$elapsed" "$(printf "%'d" "${runs:-0}")" "$crashes"
done
exit $found
