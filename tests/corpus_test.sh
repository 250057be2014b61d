#!/usr/bin/env bash
# Imports one broken file over an existing project (issues 7 and 20, tests/corpus/README.md).
#   corpus_test.sh CLI WORK EXPECT [CHECK]... -- IMPORT_ARGS...
# EXPECT is error:REGEX (exit 2, REGEX in the message, the project byte for byte as it was) or
# repair:REGEX (exit 0, REGEX in the JSON report, the new project opens). Any other exit code,
# and any signal, fails. CHECKs:
#   holds:LAYER:TEXT  (repair only) the new project's LAYER, exported as CSV, holds TEXT (e.g.
#                     a Chinese name read back as it should be)
#   lacks:LAYER:TEXT  (repair only) ... does not hold TEXT
#   report:REGEX      (repair only) the JSON report matches REGEX too
#   export:LAYER:FORMAT:MB:BYTES  (repair only) exporting LAYER as FORMAT takes at most MB of
#                     peak memory and writes at least BYTES (the whole outline came through)
#   within:SECONDS    the import is stopped (and the test fails) after SECONDS (default 300)
#   rss:MB            the import's peak memory (resident set) stays within MB (its CPU time
#                     is printed too: speed is shown, not asserted; within: is the hang guard)
# An IMPORT_ARG of the form cut:SRC:BYTES:NAME becomes WORK/NAME, the first BYTES of SRC; one
# of the form polygons:KIND:VERTICES:NAME becomes WORK/NAME written by the corpus_polygons
# program ($CORDON_CORPUS_POLYGONS; tests/corpus_polygons.cpp).
set -uo pipefail
cli="$1" work="$2" expect="$3"
shift 3
checks=()
within=300 rss=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    case "$1" in
    within:*) within="${1#within:}" ;;
    rss:*) rss="${1#rss:}" ;;
    *) checks+=("$1") ;;
    esac
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
    elif [[ "$a" == polygons:* ]]; then
        IFS=: read -r _ kind vertices name <<< "$a"
        "${CORDON_CORPUS_POLYGONS:?}" "$kind" "$vertices" "$work/$name" || fail "cannot make $name"
        a="$work/$name"
    fi
    args+=("$a")
done
measure=()
[ -z "$rss" ] || measure=(/usr/bin/time -f "%M %U %S %e" -o "$work/rss.txt")
timeout "$within" "${measure[@]}" "$cli" import "${args[@]}" -o "$project" \
    --json "$work/report.json" > "$work/stdout.txt" 2> "$work/stderr.txt"
rc=$?
cat "$work/stderr.txt"
if [ -n "$rss" ] && [ "$rc" -lt 124 ]; then
    read -r peak_kb user sys wall < <(tail -n 1 "$work/rss.txt")
    echo "corpus_test: peak memory $((peak_kb / 1024)) MB (limit $rss MB);" \
        "CPU ${user} s user + ${sys} s system, ${wall} s elapsed"
    [ "$peak_kb" -le $((rss * 1024)) ] || fail "the import took $((peak_kb / 1024)) MB, over $rss MB"
fi
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
    for c in "${checks[@]}"; do
        case "$c" in
        export:*)
            IFS=: read -r _ layer format mb bytes <<< "$c"
            out="$work/export.$format"
            /usr/bin/time -f "%M %U %S %e" -o "$work/export_rss.txt" "$cli" export "$project" \
                --layer "$layer" --format "$format" -o "$out" > /dev/null ||
                fail "cannot export layer $layer as $format"
            read -r peak_kb user sys wall < <(tail -n 1 "$work/export_rss.txt")
            echo "corpus_test: export as $format: peak memory $((peak_kb / 1024)) MB (limit" \
                "$mb MB); CPU ${user} s user + ${sys} s system, ${wall} s elapsed;" \
                "$(stat -c %s "$out") bytes"
            [ "$peak_kb" -le $((mb * 1024)) ] ||
                fail "the export took $((peak_kb / 1024)) MB, over $mb MB"
            [ "$(stat -c %s "$out")" -ge "$bytes" ] || fail "the export is under $bytes bytes"
            rm -f "$out"
            ;;
        report:*)
            grep -Eq -- "${c#report:}" "$work/report.json" ||
                fail "the report does not match /${c#report:}/"
            ;;
        holds:* | lacks:*)
            IFS=: read -r check layer text <<< "$c"
            [ -e "$work/$layer.csv" ] ||
                "$cli" export "$project" --layer "$layer" --format csv -o "$work/$layer.csv" \
                    > /dev/null || fail "cannot export layer $layer"
            if grep -qF -- "$text" "$work/$layer.csv"; then
                [ "$check" = holds ] || fail "layer $layer holds '$text'"
            else
                [ "$check" = lacks ] || fail "layer $layer does not hold '$text'"
            fi
            ;;
        *) fail "unknown check $c" ;;
        esac
    done
    ;;
*) fail "EXPECT must be error:REGEX or repair:REGEX" ;;
esac
# Inputs made here can be big (the 1 M-vertex ring is 30 MB): kept only when the test fails.
for a in "$@"; do
    [[ "$a" != polygons:* ]] || rm -f "$work/${a##*:}"
done
echo "corpus_test: OK ($kind, exit $rc)"
