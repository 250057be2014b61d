# The other side of autosave.cmake, run while app A holds its edits unsaved: waits for the
# edits (a-edited.json), then for the autosave copy, which must appear within the autosave
# interval plus the time the write takes; then kills app A with SIGKILL.
# -DWORK=dir -DAUTOSAVE=path -DINTERVAL=seconds
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
# Writing the sample's copy takes well under a second; the slack covers a loaded machine.
set(slack 8)

foreach(i RANGE 3000)
    if(EXISTS ${WORK}/a-edited.json)
        break()
    endif()
    execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 0.1)
endforeach()
if(NOT EXISTS ${WORK}/a-edited.json)
    message(FATAL_ERROR "app A did not make its edits")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 0.2) # written completely
json_get(pid ${WORK}/a-edited.json pid)

string(TIMESTAMP start "%s" UTC)
math(EXPR deadline "${start} + ${INTERVAL} + ${slack}")
set(now ${start})
while(NOT EXISTS ${AUTOSAVE} AND now LESS_EQUAL deadline)
    execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 0.1)
    string(TIMESTAMP now "%s" UTC)
endwhile()
math(EXPR waited "${now} - ${start}")
execute_process(COMMAND kill -9 ${pid} RESULT_VARIABLE rc)
if(NOT EXISTS ${AUTOSAVE})
    message(FATAL_ERROR "no autosave copy ${AUTOSAVE} ${waited} s after the edits "
        "(autosave every ${INTERVAL} s)")
endif()
message(STATUS "ok: autosave copy written ${waited} s after the edits (every ${INTERVAL} s)")
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "kill -9 ${pid} failed: ${rc}")
endif()
message(STATUS "ok: app A (process ${pid}) killed with SIGKILL")
