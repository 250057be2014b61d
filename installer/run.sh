#!/usr/bin/env bash
# Builds Cordon and opens the desktop app on the bundled sample district (central Chengdu).
# Without a display it runs the whole pipeline headless and says where the outputs are.
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/bootstrap.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
out="build/sample"
cli=build/release/app/cli/cordon-cli
project="$out/chengdu.cordon"
# The sample district imported (with its map and exports), then the whole plan: classify,
# gates, 8 patrol zones, routes, staffing, checkpoints around a 2 km square in the centre; the
# planned map, the patrol atlas and the hand-over package for other agencies.
plan_sample() {
    rm -rf "$out"
    "$cli" demo -o "$out"
    "$cli" plan all "$project" --zones 8 --unknown-mode closed --json "$out/plan-report.json"
    "$cli" plan checkpoints "$project" --area bench/checkpoints_chengdu_area.geojson \
        --json "$out/checkpoints-report.json"
    "$cli" render "$project" -o "$out/plan.png" --size 2000x1600
    "$cli" print "$project" -o "$out/atlas.pdf"
    "$cli" handover "$project" -o "$out/handover"
}
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    plan_sample > /dev/null
    exec build/release/app/gui/cordon "$project"
else
    echo "No display: running the sample's whole plan headless."
    plan_sample
    echo
    echo "Outputs (in $(pwd)/$out):"
    echo "  project:            $project"
    echo "  planned map:        $out/plan.png"
    echo "  patrol atlas (PDF): $out/atlas.pdf"
    echo "  hand-over package:  $out/handover/ (see CONTENTS.txt)"
    echo "  plan reports:       $out/plan-report.json, $out/checkpoints-report.json"
fi
