# A dropped connection loses no edit (issue 19, item 3): the app has the sample open from a
# throwaway cluster and closes a gate; the cluster is stopped (live_dropped_server.cmake, run at
# the same time); the app's save cannot reach the database: it says so, keeps the edit in the
# window and in a local project file (read back with sqlite3 by the helper), and once the
# cluster is started again sends it by itself: the gate is closed in the database.
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DPSQL=psql -DSQLITE3=sqlite3 -DOSM=sample.osm
# -DWORK=dir -DCLUSTER=installer/pg_cluster.sh -DSERVER=live_dropped_server.cmake
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
include(${CMAKE_CURRENT_LIST_DIR}/pg_support.cmake)
publish_sample(dropped)
psql(gate "SELECT id FROM dropped.gates WHERE state = 'open' ORDER BY id LIMIT 1")

file(WRITE ${WORK}/app.txt "
open ${url}?schema=dropped
gate ${gate} closed
state ${WORK}/d0.json
wait-file ${WORK}/stopped.txt 60
wait 2500
try-save
state ${WORK}/d1.json
wait-file ${WORK}/restarted.txt 60
wait-sent 30
state ${WORK}/d2.json
quit
")
execute_process(
    COMMAND ${XVFB_RUN} -a -s "-screen 0 1600x1000x24" ${CORDON} --autosave 0 --lang en
        --script ${WORK}/app.txt
    COMMAND ${CMAKE_COMMAND} -DWORK=${WORK} -DSQLITE3=${SQLITE3} -DGATE=${gate}
        -P ${SERVER}
    RESULTS_VARIABLE rcs OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 500)
file(WRITE ${WORK}/output.txt "${out}\n${err}")
list(GET rcs 0 app_rc)
list(GET rcs 1 server_rc)
if(NOT server_rc EQUAL 0 OR NOT app_rc EQUAL 0)
    fail("app ${app_rc}, server helper ${server_rc}:\n${out}\n${err}")
endif()

json_get(connection ${WORK}/d1.json live connection)
expect("the connection while the cluster was down" "${connection}" "lost")
json_get(message ${WORK}/d1.json last_error)
expect_contains("the message" "${message}" "the database does not answer")
json_get(state ${WORK}/d1.json gate_states ${gate})
expect("the edit kept in the window" "${state}" "closed")
json_get(modified ${WORK}/d1.json modified)
expect("unsaved while the database was away" "${modified}" "ON")
json_get(unsent ${WORK}/d2.json live unsent)
expect("nothing left to send" "${unsent}" "")
json_get(modified ${WORK}/d2.json modified)
expect("saved once the database was back" "${modified}" "OFF")
json_get(connection ${WORK}/d2.json live connection)
expect("the connection after the restart" "${connection}" "ok")
psql(state "SELECT state FROM dropped.gates WHERE id = ${gate}")
expect("the gate in the database after the restart" "${state}" "closed")
execute_process(COMMAND bash ${CLUSTER} stop ${WORK}/pg)
