# Autosave and recovery after a crash: app A opens a copy of the sample with a 2 s autosave,
# closes a compound and a gate through the script, and is killed with SIGKILL (by
# autosave_kill.cmake, run at the same time) once the autosave copy has appeared; the copy
# must appear within the interval (plus the time the write takes). App B opens the project,
# accepts the recovery, saves; the project read back with sqlite3 holds both edits.
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DSQLITE3=sqlite3 -DOSM=sample.osm
# -DWORK=dir -DKILLER=autosave_kill.cmake
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(project ${WORK}/sample.cordon)
set(autosave ${WORK}/.sample.cordon.autosave)
set(interval 2)
execute_process(COMMAND ${CLI} import ${OSM} -o ${project} RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cordon-cli import failed: ${rc}")
endif()

function(sql out db query)
    execute_process(COMMAND ${SQLITE3} ${db} "${query}" RESULT_VARIABLE rc
        OUTPUT_VARIABLE value ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "sqlite3 ${db} '${query}': ${err}")
    endif()
    set(${out} "${value}" PARENT_SCOPE)
endfunction()

# A compound not closed yet and an open gate: the edits close them.
sql(compound ${project} "SELECT id FROM compounds WHERE mode <> 'closed' ORDER BY id LIMIT 1")
sql(mode_before ${project} "SELECT mode FROM compounds WHERE id = ${compound}")
sql(gate ${project} "SELECT id FROM gates WHERE state = 'open' ORDER BY id LIMIT 1")
if(compound STREQUAL "" OR gate STREQUAL "")
    message(FATAL_ERROR "the sample has no compound to close ('${compound}') or no open gate ('${gate}')")
endif()
message(STATUS "closing compound ${compound} (${mode_before}) and gate ${gate}")
file(SHA256 ${project} sha_before)

# App A: the edits, then it waits (the title shows unsaved changes) until it is killed.
file(WRITE ${WORK}/a.txt "
mode ${compound} closed
gate ${gate} closed
state ${WORK}/a-edited.json
wait 500000
")
execute_process(
    COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x900x24" ${CORDON} --autosave ${interval} --lang en
        --script ${WORK}/a.txt ${project}
    COMMAND ${CMAKE_COMMAND} -DWORK=${WORK} -DAUTOSAVE=${autosave} -DINTERVAL=${interval}
        -P ${KILLER}
    RESULTS_VARIABLE rcs OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 500)
file(WRITE ${WORK}/output-a.txt "${out}\n${err}")
list(GET rcs 0 app_rc)
list(GET rcs 1 killer_rc)
if(NOT killer_rc EQUAL 0)
    message(FATAL_ERROR "autosave_kill.cmake failed (${killer_rc}):\n${out}\n${err}")
endif()
if(app_rc EQUAL 0)
    message(FATAL_ERROR "app A exited by itself instead of being killed\n${out}\n${err}")
endif()
message(STATUS "ok: app A killed (exit ${app_rc})")
json_get(title ${WORK}/a-edited.json title)
expect("title of the edited project" "${title}" "*sample.cordon - Cordon")
file(SHA256 ${project} sha_after)
expect("project file untouched by the autosave (sha256)" "${sha_after}" "${sha_before}")
sql(mode_kept ${project} "SELECT mode FROM compounds WHERE id = ${compound}")
expect("compound mode in the project after the crash" "${mode_kept}" "${mode_before}")
sql(mode_copy ${autosave} "SELECT mode FROM compounds WHERE id = ${compound}")
expect("compound mode in the autosave copy" "${mode_copy}" "closed")

# App B: opens the project, accepts the recovery, saves.
file(WRITE ${WORK}/b.txt "
recover yes
open ${project}
state ${WORK}/b-recovered.json
save
state ${WORK}/b-saved.json
quit
")
run_app_script(${WORK}/b.txt)
json_get(undo ${WORK}/b-recovered.json undo)
expect("undo after accepting the recovery" "${undo}" "recover autosave")
json_get(modified ${WORK}/b-recovered.json modified)
expect("recovered changes are unsaved" "${modified}" "ON")
json_get(modified ${WORK}/b-saved.json modified)
expect("modified after saving" "${modified}" "OFF")
if(EXISTS ${autosave})
    message(FATAL_ERROR "the autosave copy is still there after saving")
endif()
message(STATUS "ok: the autosave copy is removed by the save")
sql(mode_after ${project} "SELECT mode FROM compounds WHERE id = ${compound}")
expect("compound mode after recovering and saving" "${mode_after}" "closed")
sql(gate_after ${project} "SELECT state FROM gates WHERE id = ${gate}")
expect("gate state after recovering and saving" "${gate_after}" "closed")
execute_process(COMMAND ${CLI} info ${project} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cordon-cli info cannot read the recovered project: ${err}")
endif()
