# The project lock under Xvfb: app A opens the sample and holds its lock; meanwhile (the second
# command of one execute_process runs at the same time, lock_client.cmake) cordon-cli may not
# write the project and a second app may not open it, both told who holds it since when; A can
# still save; opening another project releases the sample's lock, quitting releases all.
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DOSM=sample.osm -DWORK=dir -DCLIENT=script
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(project ${WORK}/sample.cordon)
foreach(p ${project} ${WORK}/other.cordon)
    execute_process(COMMAND ${CLI} import ${OSM} -o ${p} RESULT_VARIABLE rc OUTPUT_QUIET)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "cordon-cli import failed: ${rc}")
    endif()
endforeach()

file(WRITE ${WORK}/a.txt "
state ${WORK}/a-open.json
wait-file ${WORK}/b-done 240
save
state ${WORK}/a-saved.json
open ${WORK}/other.cordon
state ${WORK}/a-other.json
wait-file ${WORK}/c-done 240
quit
")
execute_process(
    COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x900x24" ${CORDON} --autosave 0 --lang en
        --script ${WORK}/a.txt ${project}
    COMMAND ${CMAKE_COMMAND} -DCORDON=${CORDON} -DXVFB_RUN=${XVFB_RUN} -DCLI=${CLI}
        -DWORK=${WORK} -P ${CLIENT}
    RESULTS_VARIABLE rcs OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 560)
file(WRITE ${WORK}/output.txt "${out}\n${err}")
message(STATUS "${out}")
if(NOT rcs STREQUAL "0;0")
    message(FATAL_ERROR "exit codes (app A; client) ${rcs}\n${out}\n${err}")
endif()

json_get(lock ${WORK}/a-open.json lock)
expect("lock held by app A" "${lock}" "${project}.lock")
json_get(error ${WORK}/a-saved.json last_error)
expect("app A saves its own project while holding the lock" "${error}" "")
json_get(modified ${WORK}/a-saved.json modified)
expect("modified after saving" ${modified} OFF)
json_get(lock ${WORK}/a-other.json lock)
expect("lock after opening another project" "${lock}" "${WORK}/other.cordon.lock")
foreach(p ${project} ${WORK}/other.cordon)
    if(EXISTS ${p}.lock)
        message(FATAL_ERROR "${p}.lock is still there after app A quit")
    endif()
endforeach()
message(STATUS "ok: no lock file left after app A quit")
