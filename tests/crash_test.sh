#!/usr/bin/env bash
# kill -9 during saves and plan runs (issue 7): the project must always open with the last saved
# state, pass SQLite's integrity check, and the next run must not be blocked by the dead one.
#   crash_test.sh CLI OSM WORK ROUNDS
# Each round starts a command that rewrites the project and kills it with SIGKILL: half the
# rounds at a point spread over the whole run, half while the new file is being written (as soon
# as PROJECT.tmp-* appears, plus a small delay). Commands: `plan all` and `import` over it.
# Also checks the lock: a second writer fails with exit 2 while the lock is held.
set -uo pipefail
cli="$1" osm="$2" work="$3" rounds="${4:-6}"
fail() { echo "crash_test: FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
project="$work/district.cordon"

layers() { "$cli" info "$1" --json | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["layers"], sort_keys=True))'; }
check_opens() {
    layers "$project" > "$work/now.txt" || fail "round $1: the project does not open after kill -9"
    [ "$(sqlite3 "$project" 'PRAGMA integrity_check')" = ok ] || fail "round $1: integrity check"
    grep -qxF "$(cat "$work/now.txt")" "$work/states.txt" ||
        fail "round $1: the project holds neither the old nor the new state: $(cat "$work/now.txt")"
}

"$cli" import "$osm" -o "$project" > /dev/null || fail "import"
layers "$project" > "$work/states.txt"
# The states a complete run gives: the plan, and the import again (the same as the first).
cp "$project" "$work/planned.cordon"
start=$(date +%s.%N)
"$cli" plan all "$work/planned.cordon" --zones 8 > /dev/null || fail "plan all"
plan_seconds=$(python3 -c "print(round($(date +%s.%N) - $start, 2))")
layers "$work/planned.cordon" >> "$work/states.txt"
start=$(date +%s.%N)
"$cli" import "$osm" -o "$work/again.cordon" > /dev/null || fail "import again"
import_seconds=$(python3 -c "print(round($(date +%s.%N) - $start, 2))")
echo "plan all: ${plan_seconds}s, import: ${import_seconds}s; states:"
cat "$work/states.txt"

kills_in_save=0
for ((i = 1; i <= rounds; ++i)); do
    if ((i % 2)); then
        cmd=("$cli" plan all "$project" --zones 8) seconds=$plan_seconds what="plan all"
    else
        cmd=("$cli" import "$osm" -o "$project") seconds=$import_seconds what=import
    fi
    "${cmd[@]}" > /dev/null 2>&1 &
    pid=$!
    if ((i % 4 < 2)); then
        # During the save: as soon as the temporary file appears, then 0-150 ms.
        for ((w = 0; w < 6000; ++w)); do
            compgen -G "$project.tmp-*" > /dev/null && break
            kill -0 $pid 2> /dev/null || break
            sleep 0.01
        done
        sleep "0.0$((RANDOM % 15))"
        when="while saving"
    else
        delay=$(python3 -c "print(round($seconds * $i / ($rounds + 1), 2))")
        sleep "$delay"
        when="at ${delay}s"
    fi
    if kill -9 $pid 2> /dev/null; then
        wait $pid 2> /dev/null
        [[ "$when" == while* ]] && kills_in_save=$((kills_in_save + 1))
        echo "round $i: killed $what $when"
    else
        wait $pid
        echo "round $i: $what finished before the kill ($when)"
    fi
    check_opens "$i"
done

# The dead writers block nothing, and a complete run cleans up after them.
"$cli" plan all "$project" --zones 8 > /dev/null || fail "plan all after the kills"
check_opens final
if compgen -G "$project.tmp-*" > /dev/null; then fail "temporary files left: $(ls "$work")"; fi

# Two writers: while another process holds the lock, a save fails clearly, the project intact.
before=$(sha256sum < "$project")
flock "$project.lock" sleep 30 &
holder=$!
sleep 0.5
"$cli" plan all "$project" --zones 8 > /dev/null 2> "$work/locked.txt"
rc=$?
kill $holder 2> /dev/null
wait $holder 2> /dev/null
cat "$work/locked.txt"
[ $rc -eq 2 ] || fail "a save under another process's lock gave exit $rc, not 2"
grep -q "in use by another Cordon" "$work/locked.txt" || fail "no clear message about the lock"
[ "$(sha256sum < "$project")" = "$before" ] || fail "the project changed under another's lock"
echo "crash_test: OK ($rounds rounds, $kills_in_save killed while saving)"
