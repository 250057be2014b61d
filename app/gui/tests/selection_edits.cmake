# Edits on a selection (issue 16): three compounds set to patrol from the Edit menu in one
# undoable step and undone in one; three gates closed with one Ctrl+G; the right-click menu on
# a selected compound and gate edits the whole selection; then the same through
# `cordon-cli edit` with id lists, checked in the saved project (sqlite3).
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DSQLITE3=sqlite3 -DOSM=sample.osm -DWORK=dir
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
set(project ${WORK}/sample.cordon)
sample_with_zones(${project})

file(WRITE ${WORK}/script.txt "
state ${WORK}/0-open.json
select compounds 3 4 5
menu mode-patrol
state ${WORK}/1-patrol.json
menu undo
state ${WORK}/2-undone.json
select gates 1 2 3
menu toggle-gate
state ${WORK}/3-gates.json
undo
layer buildings off
layer roads off
select compounds 3 4 5
context compounds 4 Control mode of 3 compounds > guarded
state ${WORK}/4-context.json
undo
select gates 1 2 3
context gates 2 Close the 3 selected gates
state ${WORK}/5-context-gates.json
quit
")
run_app_script(${WORK}/script.txt ${project})

function(expect_modes file what mode)
    foreach(id 3 4 5)
        json_get(m ${file} compound_modes ${id})
        expect("${what}: compound ${id}" "${m}" "${mode}")
    endforeach()
    json_get(m ${file} compound_modes 6)
    expect("${what}: compound 6 (not selected)" "${m}" "closed")
endfunction()

expect_modes(${WORK}/0-open.json "opened" closed)
expect_modes(${WORK}/1-patrol.json "Edit > Selected Compounds' Mode > Patrol" patrol)
json_get(undo ${WORK}/1-patrol.json undo)
expect("undo label" "${undo}" "set 3 compounds to patrol")
expect_modes(${WORK}/2-undone.json "one undo" closed)
json_get(redo ${WORK}/2-undone.json redo)
expect("redo label" "${redo}" "set 3 compounds to patrol")
json_get(undo ${WORK}/2-undone.json undo)
expect("undo label after the undo" "${undo}" "")

json_get(open0 ${WORK}/0-open.json figures gates open)
json_get(open3 ${WORK}/3-gates.json figures gates open)
math(EXPR closed_now "${open0} - ${open3}")
expect("gates closed by one Ctrl+G on three" ${closed_now} 3)
json_get(undo ${WORK}/3-gates.json undo)
expect("undo label" "${undo}" "close 3 gates")

expect_modes(${WORK}/4-context.json "right-click > Control mode of 3 compounds > guarded" guarded)
json_get(undo ${WORK}/4-context.json undo)
expect("undo label" "${undo}" "set 3 compounds to guarded")
json_get(open5 ${WORK}/5-context-gates.json figures gates open)
math(EXPR closed_now "${open0} - ${open5}")
expect("gates closed from the right-click menu" ${closed_now} 3)

# The same through cordon-cli edit: id lists, one line for the three, the project saved.
file(WRITE ${WORK}/edits.json [=[[{"edit":"compound","ids":[3,4,5],"mode":"patrol"}]]=])
execute_process(COMMAND ${CLI} edit ${project} --edits ${WORK}/edits.json
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cordon-cli edit failed (${rc}): ${out} ${err}")
endif()
expect_contains("cordon-cli edit says" "${out}" "set 3 compounds to patrol")
execute_process(COMMAND ${SQLITE3} ${project}
    "SELECT group_concat(id || ':' || mode, ' ') FROM compounds WHERE id BETWEEN 3 AND 6"
    OUTPUT_VARIABLE modes OUTPUT_STRIP_TRAILING_WHITESPACE)
expect("modes in the project after cordon-cli edit" "${modes}" "3:patrol 4:patrol 5:patrol 6:closed")
# One bad id in the list: nothing is saved (the project keeps its modes), exit 2.
file(WRITE ${WORK}/bad.json [=[[{"edit":"compound","ids":[6,7,999999],"mode":"guarded"}]]=])
execute_process(COMMAND ${CLI} edit ${project} --edits ${WORK}/bad.json
    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
expect("exit code of an edit naming no such compound" "${rc}" "2")
expect_contains("its message" "${err}" "compound 999999")
execute_process(COMMAND ${SQLITE3} ${project}
    "SELECT group_concat(id || ':' || mode, ' ') FROM compounds WHERE id BETWEEN 6 AND 7"
    OUTPUT_VARIABLE modes OUTPUT_STRIP_TRAILING_WHITESPACE)
expect("modes after the refused edit" "${modes}" "6:closed 7:closed")
