#!/usr/bin/env bash
# Same outputs before and after a change that should change no behaviour (issue 17): the
# sample's `plan all --zones 8 --unknown-mode closed`, then `plan checkpoints --area
# bench/checkpoints_chengdu_area.geojson`, `print` and `handover`, run by two cordon-cli and
# compared:
#   * the project's layers and tables, each dumped with `ogr2ogr -f CSV` (the history table
#     apart: its times differ; its differences are printed, not counted);
#   * the atlas pages, rendered with `pdftoppm` and compared pixel for pixel (`compare -metric AE`);
#   * the hand-over: the same file list; each file the same bytes, GeoPackages and the
#     project copy compared as CSV like the project, PDFs as pages, the contents files but
#     for the time and folder they name.
#
# Usage: bench/same_outputs.sh OLD_CLI NEW_CLI
#        bench/same_outputs.sh --build COMMIT [NEW_CLI]
#   --build COMMIT: checks COMMIT out in a temporary worktree and builds its cordon-cli (ci
#   preset, through the shared ccache when CCACHE_* is set); NEW_CLI defaults to this
#   worktree's build/ci/app/cli/cordon-cli.
# Exit status 0 when everything compared is the same, 1 otherwise. KEEP=1 keeps the outputs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
old_tree=
cleanup() {
    [[ -n $old_tree ]] && git -C "$root" worktree remove --force "$old_tree" >/dev/null 2>&1
    if [[ ${KEEP:-} == 1 ]]; then echo "outputs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

if [[ ${1:-} == --build ]]; then
    commit=$2
    old_tree=$work/old-tree
    git -C "$root" worktree add --detach "$old_tree" "$commit" >/dev/null
    (cd "$old_tree" && cmake --preset ci >/dev/null &&
        nice cmake --build --preset ci -j2 --target cordon-cli >/dev/null)
    old_cli=$old_tree/build/ci/app/cli/cordon-cli
    new_cli=${3:-$root/build/ci/app/cli/cordon-cli}
else
    old_cli=$1
    new_cli=$2
fi

area=$root/bench/checkpoints_chengdu_area.geojson
run() { # NAME CLI: the sample planned, checkpoints, atlas and hand-over in $work/NAME
    local out=$work/$1 cli=$2
    mkdir -p "$out"
    "$cli" import "$root/data/chengdu/chengdu.osm" -o "$out/p.cordon" >/dev/null
    "$cli" plan all "$out/p.cordon" --zones 8 --unknown-mode closed >/dev/null
    "$cli" plan checkpoints "$out/p.cordon" --area "$area" --json "$out/checkpoints.json" >/dev/null
    "$cli" print "$out/p.cordon" -o "$out/atlas.pdf" >/dev/null
    "$cli" handover "$out/p.cordon" -o "$out/handover" >/dev/null
}
run old "$old_cli"
run new "$new_cli"

differences=0
differ() {
    echo "DIFFERENT: $*"
    differences=$((differences + 1))
}

# A SQLite/GeoPackage file's layers as CSV files in DIR (geometry as WKT), and of a project
# also its tables cordon_meta, cordon_sources, parameters, plans and history.
as_csv() {
    ogr2ogr -f CSV "$2" "$1" -lco GEOMETRY=AS_WKT >/dev/null 2>&1 || {
        echo "ogr2ogr cannot read $1"
        exit 1
    }
    if [[ $1 == *.cordon ]]; then
        for t in cordon_meta cordon_sources parameters plans history; do
            ogr2ogr -f CSV "$2/$t.csv" "$1" "$t" -oo LIST_ALL_TABLES=YES >/dev/null 2>&1 || true
        done
    fi
}
# The tables whose rows carry times or the steps' recorded parameters: their differences
# beyond times are printed for the reader, not counted.
informative=" cordon_meta.csv parameters.csv history.csv "
same_tables() { # OLD NEW LABEL
    as_csv "$1" "$1.csv.d"
    as_csv "$2" "$2.csv.d"
    local tables
    tables=$( (cd "$1.csv.d" && ls; cd "$2.csv.d" && ls) | sort -u)
    local n=0
    for t in $tables; do
        n=$((n + 1))
        if [[ $informative == *" $t "* ]]; then
            local times='s/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+Z?//g'
            if ! diff <(sed -E "$times" "$1.csv.d/$t") <(sed -E "$times" "$2.csv.d/$t") \
                >"$work/table.diff"; then
                echo "note: $3 table ${t%.csv} differs beyond its times (not counted):"
                cut -c1-300 "$work/table.diff" | sed 's/^/    /'
            fi
            continue
        fi
        cmp -s "$1.csv.d/$t" "$2.csv.d/$t" || differ "$3 table ${t%.csv}"
    done
    echo "$3: $n tables compared"
}
same_pages() { # OLD.pdf NEW.pdf LABEL
    pdftoppm -r 72 -png "$1" "$1.page"
    pdftoppm -r 72 -png "$2" "$2.page"
    local old_pages new_pages
    old_pages=$(ls "$1".page*.png | wc -l)
    new_pages=$(ls "$2".page*.png | wc -l)
    [[ $old_pages == "$new_pages" ]] || differ "$3: $old_pages pages before, $new_pages after"
    for page in "$1".page*.png; do
        local other=$2.page${page#"$1".page}
        local pixels
        pixels=$(compare -metric AE "$page" "$other" /dev/null 2>&1 || true)
        [[ $pixels == 0 ]] || differ "$3 page ${page#"$1".page}: $pixels pixels differ"
    done
    echo "$3: $old_pages pages compared pixel for pixel"
}

same_tables "$work/old/p.cordon" "$work/new/p.cordon" "project"
cmp -s <(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), sort_keys=True))' "$work/old/checkpoints.json") \
    <(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), sort_keys=True))' "$work/new/checkpoints.json") ||
    differ "plan checkpoints --json report"
same_pages "$work/old/atlas.pdf" "$work/new/atlas.pdf" "atlas"

old_list=$(cd "$work/old/handover" && find . -type f | sort)
new_list=$(cd "$work/new/handover" && find . -type f | sort)
[[ $old_list == "$new_list" ]] || differ "hand-over file list: $(diff <(echo "$old_list") <(echo "$new_list") | tr '\n' ' ')"
files=0
for f in $old_list; do
    [[ -f $work/new/handover/$f ]] || continue
    files=$((files + 1))
    a=$work/old/handover/$f b=$work/new/handover/$f
    case $f in
    *.pdf) same_pages "$a" "$b" "hand-over $f" ;;
    *.gpkg | *.cordon) same_tables "$a" "$b" "hand-over $f" ;;
    CONTENTS.txt | */CONTENTS.txt | contents.json | */contents.json)
        # They say when they were written, and where to.
        mask() { sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:]+Z?//g' -e "s|$work/(old\|new)|OUT|g" "$1"; }
        cmp -s <(mask "$a") <(mask "$b") || differ "hand-over $f (beyond its time and folder)" ;;
    *) cmp -s "$a" "$b" || differ "hand-over $f" ;;
    esac
done
echo "hand-over: $files files compared"

if ((differences == 0)); then
    echo "same outputs"
else
    echo "$differences differences"
    exit 1
fi
