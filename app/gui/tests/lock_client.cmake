# The other side of lock.cmake, run while app A holds the sample: cordon-cli and a second app
# are refused, told who holds it since when, and write nothing; once A has opened another
# project, the CLI writes the sample. Signals A through the files b-done and c-done.
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DWORK=dir
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
set(project ${WORK}/sample.cordon)
function(fail text)
    file(TOUCH ${WORK}/b-done ${WORK}/c-done) # let app A finish
    message(FATAL_ERROR "${text}")
endfunction()
function(wait_for file)
    foreach(i RANGE 2000)
        if(EXISTS ${file})
            execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 0.3)
            return()
        endif()
        execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 0.1)
    endforeach()
    fail("${file} did not appear")
endfunction()
wait_for(${WORK}/a-open.json)
json_get(pid ${WORK}/a-open.json pid)

# cordon-cli may not write the project app A has open.
file(SHA256 ${project} before)
execute_process(COMMAND ${CLI} plan zones ${project} --zones 4
    RESULT_VARIABLE rc OUTPUT_VARIABLE cli_out ERROR_VARIABLE cli_err)
message("cordon-cli while app A holds the lock (exit ${rc}): ${cli_err}")
if(rc EQUAL 0)
    fail("cordon-cli wrote the project while app A had it open")
endif()
foreach(needle "in use by another Cordon" "process ${pid}" "since ")
    string(FIND "${cli_err}" "${needle}" at)
    if(at EQUAL -1)
        fail("cordon-cli's message does not say '${needle}': ${cli_err}")
    endif()
endforeach()
file(SHA256 ${project} after)
if(NOT before STREQUAL after)
    fail("the project changed although cordon-cli was refused")
endif()

# A second app may not open it: it says who holds it and stays up with nothing open.
file(WRITE ${WORK}/b.txt "state ${WORK}/b.json\nquit\n")
execute_process(
    COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x900x24" ${CORDON} --autosave 0 --lang en
        --script ${WORK}/b.txt ${project}
    RESULT_VARIABLE rc OUTPUT_VARIABLE b_out ERROR_VARIABLE b_err TIMEOUT 200)
message("second app (exit ${rc}): ${b_err}")
if(NOT rc EQUAL 0 OR NOT EXISTS ${WORK}/b.json)
    fail("the second app exited with ${rc}: ${b_out} ${b_err}")
endif()
json_get(error ${WORK}/b.json last_error)
json_get(open ${WORK}/b.json project)
json_get(lock ${WORK}/b.json lock)
if(NOT open STREQUAL "" OR NOT lock STREQUAL "")
    fail("the second app opened the project (${open}, lock ${lock})")
endif()
foreach(needle "is open in another Cordon" "process ${pid}" "since " "Nothing was changed")
    string(FIND "${error}" "${needle}" at)
    if(at EQUAL -1)
        fail("the second app's message does not say '${needle}': ${error}")
    endif()
endforeach()
file(SHA256 ${project} after)
if(NOT before STREQUAL after)
    fail("the project changed when the second app tried to open it")
endif()
file(TOUCH ${WORK}/b-done)

# App A saves (it may, holding the lock), then opens another project: the sample is free.
wait_for(${WORK}/a-other.json)
execute_process(COMMAND ${CLI} plan zones ${project} --zones 4
    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE cli_err)
if(NOT rc EQUAL 0)
    fail("cordon-cli could not write the project after app A let go of it: ${cli_err}")
endif()
message("cordon-cli wrote the sample after app A opened another project")
file(TOUCH ${WORK}/c-done)
