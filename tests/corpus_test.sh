#!/usr/bin/env bash
# Imports one broken file over an existing project (issue 7, tests/corpus/README.md).
#   corpus_test.sh CLI WORK EXPECT [holds:LAYER:TEXT]... -- IMPORT_ARGS...
# EXPECT is error:REGEX (exit 2, REGEX in the message, the project byte for byte as it was) or
# repair:REGEX (exit 0, REGEX in the JSON report, the new project opens). Any other exit code,
# and any signal, fails. holds:LAYER:TEXT (repair only): the new project's LAYER, exported as
# CSV, holds TEXT (e.g. a Chinese name read back as it should be). An IMPORT_ARG of the form
# cut:SRC:BYTES:NAME becomes WORK/NAME, the first BYTES of SRC.
set -uo pipefail
cli="$1" work="$2" expect="$3"
shift 3
holds=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    holds+=("$1")
    shift
done
shift
fail() { echo "corpus_test: FAIL: $*" >&2; exit 1; }
here="$(cd "$(dirname "$0")" && pwd)"
rm -rf "$work" && mkdir -p "$work"
project="$work/project.cordon"
"$cli" import --map "buildings=$here/corpus/good/buildings.geojson" -o "$project" > /dev/null ||
    fail "could not make the existing project"
before=$(sha256sum < "$project")
args=()
for a in "$@"; do
    if [[ "$a" == cut:* ]]; then
        IFS=: read -r _ src bytes name <<< "$a"
        head -c "$bytes" "$src" > "$work/$name"
        a="$work/$name"
    fi
    args+=("$a")
done
timeout 300 "$cli" import "${args[@]}" -o "$project" --json "$work/report.json" \
    > "$work/stdout.txt" 2> "$work/stderr.txt"
rc=$?
cat "$work/stderr.txt"
[ "$rc" -lt 124 ] || fail "cordon-cli ended with $rc (crash, signal or timeout)"
leftovers=$(ls "$work" | grep -c '\.tmp-' || true)
[ "$leftovers" -eq 0 ] || fail "temporary files left: $(ls "$work")"
kind="${expect%%:*}" pattern="${expect#*:}"
case "$kind" in
error)
    [ "$rc" -eq 2 ] || fail "expected a clear error (exit 2), got exit $rc"
    grep -q "error: " "$work/stderr.txt" || fail "no 'error:' message"
    grep -Eq -- "$pattern" "$work/stderr.txt" || fail "the message does not match /$pattern/"
    [ "$(sha256sum < "$project")" = "$before" ] || fail "the existing project was changed"
    ;;
repair)
    [ "$rc" -eq 0 ] || fail "expected an import with a reported repair, got exit $rc"
    grep -Eq -- "$pattern" "$work/report.json" || fail "the report does not match /$pattern/"
    "$cli" info "$project" > /dev/null || fail "the new project does not open"
    for h in "${holds[@]}"; do
        IFS=: read -r _ layer text <<< "$h"
        "$cli" export "$project" --layer "$layer" --format csv -o "$work/$layer.csv" > /dev/null ||
            fail "cannot export layer $layer"
        grep -qF -- "$text" "$work/$layer.csv" || fail "layer $layer does not hold '$text'"
    done
    ;;
*) fail "EXPECT must be error:REGEX or repair:REGEX" ;;
esac
echo "corpus_test: OK ($kind, exit $rc)"
