#!/bin/bash
# Compares two bench/plan_outputs.sh runs: every layer's CSV and report byte for byte, every
# atlas page pixel for pixel (ImageMagick compare -metric AE: the number of differing pixels).
# Exit 0 when everything is identical.
#   bench/compare_outputs.sh OUT_A OUT_B
set -uo pipefail
A=$1
B=$2
status=0
for f in $(cd "$A" && ls layers/*.csv generated_layers/*.csv *.json); do
    if ! cmp -s "$A/$f" "$B/$f"; then
        echo "differs: $f"
        status=1
    fi
done
for f in $(cd "$B" && ls layers/*.csv generated_layers/*.csv *.json); do
    [ -e "$A/$f" ] || { echo "only in $B: $f"; status=1; }
done
pages=0
for f in $(cd "$A" && ls pages/*.png); do
    pages=$((pages + 1))
    if [ ! -e "$B/$f" ]; then
        echo "only in $A: $f"
        status=1
        continue
    fi
    ae=$(compare -metric AE "$A/$f" "$B/$f" null: 2>&1)
    [ "$ae" = "0" ] || { echo "differs: $f ($ae pixels)"; status=1; }
done
[ "$(ls "$B/pages" | wc -l)" = "$pages" ] || { echo "page counts differ"; status=1; }
[ $status = 0 ] && echo "identical: $(cd "$A" && ls layers/*.csv generated_layers/*.csv *.json | wc -l) files, $pages pages"
exit $status
