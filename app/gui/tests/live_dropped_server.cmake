# The other side of live_dropped.cmake: stops the cluster once the app has made its edit
# (d0.json), checks the local copy the app keeps when its save fails (d1.json: the unsent file,
# read with sqlite3: the gate closed), then starts the cluster again on the same port.
# -DWORK=dir -DSQLITE3=sqlite3 -DGATE=id
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
function(wait_for file)
    foreach(i RANGE 1200)
        if(EXISTS ${file})
            execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 0.2) # written completely
            return()
        endif()
        execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 0.1)
    endforeach()
    message(FATAL_ERROR "${file} did not appear")
endfunction()
file(READ ${WORK}/pg/datadir data)
string(STRIP "${data}" data)
file(READ ${WORK}/pg/port port)
string(STRIP "${port}" port)
set(bin /usr/lib/postgresql/15/bin)
set(as_owner)
execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
if(uid STREQUAL "0")
    set(as_owner runuser -u postgres --)
endif()

wait_for(${WORK}/d0.json)
execute_process(COMMAND ${as_owner} ${bin}/pg_ctl -D ${data}/data -m fast -w stop
    RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pg_ctl stop failed")
endif()
file(WRITE ${WORK}/stopped.txt "stopped\n")

wait_for(${WORK}/d1.json)
json_get(unsent ${WORK}/d1.json live unsent)
if(NOT EXISTS "${unsent}")
    message(FATAL_ERROR "the app keeps no local copy of its edit ('${unsent}')")
endif()
execute_process(COMMAND ${SQLITE3} ${unsent} "SELECT state FROM gates WHERE id = ${GATE}"
    OUTPUT_VARIABLE state OUTPUT_STRIP_TRAILING_WHITESPACE)
expect("the gate in the local copy ${unsent}" "${state}" "closed")

execute_process(COMMAND ${as_owner} ${bin}/pg_ctl -D ${data}/data -l ${data}/server.log -w -t 60
    start -o "-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${data} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
    RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pg_ctl start failed")
endif()
file(WRITE ${WORK}/restarted.txt "restarted\n")
