#!/bin/sh
# Lists the functions longer than LIMIT lines (default 120) in Cordon's C++ sources, longest
# first, then the longest files. Function extents come from Universal Ctags' end: field
# (lambdas are counted as part of the function that holds them).
#   bench/long_functions.sh [LIMIT] [DIR...]      (default DIRs: geo planner app tests)
set -eu
cd "$(dirname "$0")/.."
limit=${1:-120}
[ $# -gt 0 ] && shift
dirs=${*:-geo planner app tests}
# shellcheck disable=SC2086
files=$(find $dirs -name '*.cpp' -o -name '*.hpp' | grep -v '/build/' | sort)
echo "functions over $limit lines:"
# shellcheck disable=SC2086
ctags --languages=C++ --c++-kinds=f --fields=+ne -o - $files |
    awk -F'\t' -v limit="$limit" '
        $1 !~ /^__anon/ {
            l = 0; e = 0; scope = ""
            for (i = 4; i <= NF; i++) {
                if ($i ~ /^line:/) l = substr($i, 6)
                if ($i ~ /^end:/) e = substr($i, 5)
                if ($i ~ /^(class|struct|namespace):/) scope = substr($i, index($i, ":") + 1) "::"
            }
            gsub(/__anon[0-9a-f]+::/, "", scope)
            n = e - l + 1
            if (e > 0 && n > limit) printf "%6d  %s:%d  %s%s\n", n, $2, l, scope, $1
        }' | sort -rn
echo "longest files:"
# shellcheck disable=SC2086
wc -l $files | grep -v ' total$' | sort -rn | head -15
