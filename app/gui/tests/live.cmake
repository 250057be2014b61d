# Two app instances on one shared plan (issue 19, item 3): the sample published to a throwaway
# cluster (installer/pg_cluster.sh); apps A and B open it from the database on one Xvfb display.
# - A closes a gate and saves: B shows it within a second of the commit (B reports the delay
#   from the change to the refresh), and B's figures count one open gate less.
# - A sets a compound to patrol (not saved); B sets it to guarded and saves; A is told (kept as
#   A's own); A saves: the conflict dialog shows both versions (screenshot), A takes theirs, the
#   undo stack has "take their version of compounds C"; undo brings A's version back.
# - The database holds B's mode for the compound and A's gate, the history both revisions.
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DPSQL=psql -DOSM=sample.osm -DWORK=dir
# -DCLUSTER=installer/pg_cluster.sh [-DSHOTS=dir for the screenshot]
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
if(NOT SHOTS)
    set(SHOTS ${WORK})
endif()

include(${CMAKE_CURRENT_LIST_DIR}/pg_support.cmake)
publish_sample(live)
set(db "${url}?schema=live")

psql(gate "SELECT id FROM live.gates WHERE state = 'open' ORDER BY id LIMIT 1")
psql(compound "SELECT id FROM live.compounds WHERE mode NOT IN ('patrol', 'guarded') ORDER BY id LIMIT 1")
if(gate STREQUAL "" OR compound STREQUAL "")
    fail("the sample has no open gate ('${gate}') or no compound to change ('${compound}')")
endif()
message(STATUS "gate ${gate}, compound ${compound}")

file(WRITE ${WORK}/a.txt "
open ${db}
resize 1280 800
state ${WORK}/a0.json
wait-file ${WORK}/b0.json 120
gate ${gate} closed
save
state ${WORK}/a1.json
wait-file ${WORK}/b1.json 60
mode ${compound} patrol
state ${WORK}/a2.json
wait-file ${WORK}/b2.json 60
wait-live compounds ${compound} 10
state ${WORK}/a3.json
conflict-answer theirs ${SHOTS}/live-conflict.png
save
state ${WORK}/a4.json
undo
state ${WORK}/a5.json
wait-file ${WORK}/b3.json 60
quit
")
file(WRITE ${WORK}/b.txt "
open ${db}
resize 1280 800
state ${WORK}/b0.json
wait-live gates ${gate} 30
wait 300
window-shot ${SHOTS}/live-b-after-a.png
state ${WORK}/b1.json
wait-file ${WORK}/a2.json 60
mode ${compound} guarded
save
state ${WORK}/b2.json
wait-file ${WORK}/a5.json 60
state ${WORK}/b3.json
quit
")
execute_process(
    COMMAND ${XVFB_RUN} -a -s "-screen 0 1600x1000x24" sh -c
        "\"$0\" --autosave 0 --lang en --script \"$1\" & a=$!; \"$0\" --autosave 0 --lang en --script \"$2\"; b=$?; wait $a; ra=$?; echo \"exit a=$ra b=$b\"; exit $((ra + b))"
        ${CORDON} ${WORK}/a.txt ${WORK}/b.txt
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 500)
file(WRITE ${WORK}/output.txt "${out}\n${err}")
if(NOT rc EQUAL 0)
    fail("the apps failed (${rc}):\n${out}\n${err}")
endif()

# B saw A's gate within a second of the commit, with the figures updated.
json_get(seen ${WORK}/b1.json gate_states ${gate})
expect("gate ${gate} in B after A saved" "${seen}" "closed")
json_get(latency ${WORK}/b1.json live last latency_ms)
message(STATUS "B showed A's change ${latency} ms after the commit")
if(latency LESS 0 OR latency GREATER 1000)
    fail("B showed A's change after ${latency} ms (more than 1 s)")
endif()
json_get(open0 ${WORK}/b0.json figures gates open)
json_get(open1 ${WORK}/b1.json figures gates open)
math(EXPR fewer "${open0} - ${open1}")
expect("open gates in B's figures after A closed one" "${fewer}" "1")
json_get(modified ${WORK}/b1.json modified)
expect("B has no unsaved change after the refresh" "${modified}" "OFF")

# A's unsaved compound was kept as A's when B's change came in.
json_get(kept ${WORK}/a3.json live last changed compounds kept 0)
expect("A kept its own compound ${compound}" "${kept}" "${compound}")
json_get(mode ${WORK}/a3.json compound_modes ${compound})
expect("A's compound after B's save" "${mode}" "patrol")

# The conflict: shown, theirs taken, undoable.
json_get(layer ${WORK}/a4.json live conflicts 0 layer)
expect("conflict layer" "${layer}" "compounds")
json_get(id ${WORK}/a4.json live conflicts 0 id)
expect("conflict feature" "${id}" "${compound}")
json_get(kept ${WORK}/a4.json live conflicts 0 kept)
expect("the planner's choice" "${kept}" "theirs")
json_get(who ${WORK}/a4.json live conflicts 0 who)
expect("who changed it (the history)" "${who}" "cordon")
json_get(mode ${WORK}/a4.json compound_modes ${compound})
expect("A's compound after taking theirs" "${mode}" "guarded")
json_get(undo ${WORK}/a4.json undo)
expect("A's undo step" "${undo}" "take their version of compounds ${compound}")
json_get(mode ${WORK}/a5.json compound_modes ${compound})
expect("A's compound after undo" "${mode}" "patrol")
json_get(undo ${WORK}/a5.json undo)
expect("A's undo step after undo" "${undo}" "set compound ${compound} to patrol")
if(NOT EXISTS ${SHOTS}/live-conflict.png)
    fail("no screenshot of the conflict dialog")
endif()

# The database: A's gate, B's compound, both revisions of the compound in the history.
psql(state "SELECT state FROM live.gates WHERE id = ${gate}")
expect("gate ${gate} in the database" "${state}" "closed")
psql(mode "SELECT mode FROM live.compounds WHERE id = ${compound}")
expect("compound ${compound} in the database" "${mode}" "guarded")
psql(revs "SELECT count(*) FROM live.feature_history WHERE layer = 'compounds' AND feature_id = ${compound}")
if(revs LESS 1)
    fail("no history of compound ${compound}")
endif()
stop_cluster()
