#!/usr/bin/env bash
# kill -9 during saves and plan runs (issue 7): the project must always open with the last saved
# state, pass SQLite's integrity check, and the next run must not be blocked by the dead one.
#   crash_test.sh CLI OSM WORK ROUNDS
# ROUNDS kills of `cordon-cli plan all` (a plan run, which ends in a save) and ROUNDS kills of
# `cordon-cli import` over the project (a save of a whole district). For each command, half the
# rounds kill at a random moment of the whole run, half while this very process writes the new
# file (as soon as its PROJECT.tmp-PID-* appears, plus 0-150 ms). After every kill the project
# must open, pass the integrity check and hold either the state before or after the command.
# Moments come from a fixed seed (CORDON_TEST_SEED overrides; printed). Kills that hit nothing
# (the command had finished) are counted; too few hits fail the test.
# Also checks the lock: a second writer fails with exit 2 while the lock is held.
set -uo pipefail
cli="$1" osm="$2" work="$3" rounds="${4:-20}"
fail() { echo "crash_test: FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
project="$work/district.cordon"
seed="${CORDON_TEST_SEED:-20261128}"
RANDOM=$seed
echo "crash_test: seed $seed (set CORDON_TEST_SEED to repeat another run)"

layers() { "$cli" info "$1" --json | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["layers"], sort_keys=True))'; }
check_opens() {
    layers "$project" > "$work/now.txt" || fail "round $1: the project does not open after kill -9"
    [ "$(sqlite3 "$project" 'PRAGMA integrity_check')" = ok ] || fail "round $1: integrity check"
    grep -qxF "$(cat "$work/now.txt")" "$work/states.txt" ||
        fail "round $1: the project holds neither the old nor the new state: $(cat "$work/now.txt")"
}
now() { date +%s%N; }

"$cli" import "$osm" -o "$project" > /dev/null || fail "import"
layers "$project" > "$work/states.txt"
# The states a complete run gives: the plan, and the import again (the same as the first).
cp "$project" "$work/planned.cordon"
# The calibration run also notes when its save starts (its temporary file appears), so that the
# rounds meant to kill a plan while it plans draw their moment from the planning part only: how
# much of the run the save takes changes with the data and the project format. Later runs re-plan
# a warm, already planned project and reach their save sooner than this first one: half the
# calibrated planning time keeps the kill inside the planning part.
start=$(now)
"$cli" plan all "$work/planned.cordon" --zones 8 > /dev/null &
pid=$!
save_ms=""
while kill -0 $pid 2> /dev/null; do
    if [ -z "$save_ms" ] && compgen -G "$work/planned.cordon.tmp-$pid-*" > /dev/null; then
        save_ms=$((($(now) - start) / 1000000))
    fi
    sleep 0.01
done
wait $pid || fail "plan all"
plan_ms=$((($(now) - start) / 1000000))
plan_until_ms=$((${save_ms:-$plan_ms} / 2))
layers "$work/planned.cordon" >> "$work/states.txt"
start=$(now)
"$cli" import "$osm" -o "$work/again.cordon" > /dev/null || fail "import again"
import_ms=$((($(now) - start) / 1000000))
echo "plan all: ${plan_ms} ms (its save from ${save_ms:-?} ms; plan kills before ${plan_until_ms} ms), import: ${import_ms} ms; states:"
cat "$work/states.txt"

kills=0 kills_in_save=0 kills_in_plan=0 total=$((2 * rounds))
for ((i = 1; i <= total; ++i)); do
    if ((i % 2)); then
        cmd=("$cli" plan all "$project" --zones 8) ms=$plan_until_ms what="plan all"
    else
        cmd=("$cli" import "$osm" -o "$project") ms=$import_ms what=import
    fi
    "${cmd[@]}" > /dev/null 2>&1 &
    pid=$!
    if (((i + 1) / 2 % 2)); then
        # While this process saves: its own temporary file (not one a killed writer left).
        for ((w = 0; w < 6000; ++w)); do
            compgen -G "$project.tmp-$pid-*" > /dev/null && break
            kill -0 $pid 2> /dev/null || break
            sleep 0.01
        done
        sleep "0.$(printf %03d $((RANDOM % 150)))"
        when="while saving"
    else
        delay_ms=$((RANDOM * 32768 + RANDOM))
        delay_ms=$((delay_ms % (ms + 1)))
        sleep "$((delay_ms / 1000)).$(printf %03d $((delay_ms % 1000)))"
        when="at ${delay_ms} ms"
    fi
    kill -9 $pid 2> /dev/null
    wait $pid 2> /dev/null
    rc=$? # 137 (128 + SIGKILL) when the kill hit; a finished run gives its own exit code
    if [ $rc -eq 137 ]; then
        kills=$((kills + 1))
        # Its temporary file outlives it only if it was killed before the rename.
        if compgen -G "$project.tmp-$pid-*" > /dev/null; then
            kills_in_save=$((kills_in_save + 1))
            when="$when (mid-save: its temporary file is left)"
        elif [ "$what" = "plan all" ] && [[ "$when" == at* ]]; then
            kills_in_plan=$((kills_in_plan + 1))
        fi
        echo "round $i: killed $what $when"
    elif [ $rc -eq 0 ]; then
        echo "round $i: $what finished before the kill ($when)"
    else
        fail "round $i: $what failed with exit $rc without being killed"
    fi
    check_opens "$i"
done
echo "crash_test: $kills of $total runs killed: $kills_in_save mid-save," \
    "$kills_in_plan plan runs before their save"
# Enough hits to mean something: most runs killed, a quarter of them mid-save, and plan runs
# killed while planning (not saving).
((kills * 4 >= total * 3)) || fail "only $kills of $total runs were killed"
((kills_in_save * 4 >= total)) || fail "only $kills_in_save kills hit a save"
((kills_in_plan * 4 >= rounds)) || fail "only $kills_in_plan plan runs were killed before saving"

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
echo "crash_test: OK ($total runs, $kills killed, $kills_in_save mid-save)"
