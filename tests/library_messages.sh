#!/usr/bin/env bash
# No library message names a command-line option (issue 17): geo, planner, the ledger, the renderer and the
# session name parameters ("encoding", "source_crs": ParamError, ParamText) and each front end
# says them its own way (cordon-cli "--encoding", the app its field's label). Fails on every
# string literal in their sources (tests aside) that holds an option ("--name") or "cordon-cli";
# comments may name them.
#   library_messages.sh SOURCE_DIR [DIR...] [--except FILE...]
# DIRs default to geo planner ledger app/render app/session; FILEs (relative to SOURCE_DIR) are left
# out, for files still being reworked.
set -uo pipefail
root="$1"
shift
dirs=() except=()
while [ $# -gt 0 ] && [ "$1" != "--except" ]; do
    dirs+=("$1")
    shift
done
[ $# -eq 0 ] || { shift; except=("$@"); }
[ ${#dirs[@]} -gt 0 ] || dirs=(geo planner ledger app/render app/session)
cd "$root" || exit 2
files=()
while IFS= read -r -d '' f; do
    skip=
    for e in "${except[@]}"; do [ "$f" != "$e" ] || skip=1; done
    [ -n "$skip" ] || files+=("$f")
done < <(find "${dirs[@]}" -path '*/tests' -prune -o \
    \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) -type f -print0 | sort -z)
[ ${#files[@]} -gt 0 ] || { echo "library_messages: no sources under ${dirs[*]}"; exit 2; }
# Every string literal as FILE:LINE:"TEXT", read as the compiler does: not in comments, not
# in character literals; adjacent lines of one literal are not joined (each piece is checked).
# Raw strings R"(...)" are read up to their closing )".
found=$(awk '
FNR == 1 { state = "code" }
{
    line = $0
    n = length(line)
    if (state == "line") state = "code"
    for (i = 1; i <= n; i++) {
        c = substr(line, i, 1)
        two = substr(line, i, 2)
        if (state == "block") {
            if (two == "*/") { state = "code"; i++ }
        } else if (state == "raw") {
            if (two == ")\"") { print FILENAME ":" FNR ":" lit ")\""; state = "code"; i++ }
            else lit = lit c
        } else if (state == "string") {
            lit = lit c
            if (c == "\\") { lit = lit substr(line, i + 1, 1); i++ }
            else if (c == "\"") { print FILENAME ":" start ":" lit; state = "code" }
        } else if (state == "char") {
            if (c == "\\") i++
            else if (c == "\x27") state = "code"
        } else if (two == "//") {
            state = "line"; break
        } else if (two == "/*") {
            state = "block"; i++
        } else if (two == "R\"" && (i == 1 || substr(line, i - 1, 1) !~ /[A-Za-z0-9_]/)) {
            state = "raw"; lit = "R\""; start = FNR; i++
        } else if (c == "\"") {
            state = "string"; lit = "\""; start = FNR
        } else if (c == "\x27" && (i == 1 || substr(line, i - 1, 1) !~ /[0-9A-Fa-f]/)) {
            state = "char"
        }
    }
    if (state == "string") { print FILENAME ":" start ":" lit; state = "code" }
}' "${files[@]}" | grep -E -- '--[a-z]|cordon-cli')
if [ -n "$found" ]; then
    sed 's/$/   <- names a command-line option/' <<< "$found"
    echo "library_messages: $(wc -l <<< "$found") message(s) in ${#files[@]} files name a" \
        "command-line option; name the parameter (ParamError, ParamText: geo/param_text.hpp)" \
        "and let the front end say it its way"
    exit 1
fi
echo "library_messages: OK (${#files[@]} files, no message names a command-line option)"
