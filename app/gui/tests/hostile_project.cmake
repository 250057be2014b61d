# A hostile project: its `parameters` row `scenario:evil` holds JSON nested 100,000 deep. The
# app opens the project, says its scenarios cannot be read (naming the row), stays up, still
# saves a new scenario and the project, and keeps the row as it was (nothing lost). Then a
# project with dangling ids: the app says so on opening (below).
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DSQLITE3=sqlite3 -DOSM=sample.osm -DWORK=dir
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(project ${WORK}/evil.cordon)
execute_process(COMMAND ${CLI} import ${OSM} -o ${project} RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cordon-cli import failed: ${rc}")
endif()
set(depth 100000)
string(REPEAT "[" ${depth} open)
string(REPEAT "]" ${depth} close)
file(WRITE ${WORK}/evil.sql
    "INSERT OR REPLACE INTO parameters(step, value) VALUES('scenario:evil', "
    "'{\"name\": \"evil\", \"state\": ${open}${close}}');\n")
execute_process(COMMAND ${SQLITE3} ${project} INPUT_FILE ${WORK}/evil.sql RESULT_VARIABLE rc
    ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sqlite3 could not plant the scenario: ${err}")
endif()

file(WRITE ${WORK}/script.txt "
state ${WORK}/opened.json
scenario save kept
state ${WORK}/scenario.json
save
state ${WORK}/saved.json
quit
")
run_app_script(${WORK}/script.txt ${project}) # fails the test unless the app ran to `quit`

json_get(open ${WORK}/opened.json project)
expect("project open in the app" "${open}" "${project}")
json_get(error ${WORK}/opened.json last_error)
expect_contains("the app's message" "${error}" "scenario:evil")
json_get(scenarios_error ${WORK}/opened.json scenarios_error)
expect_contains("the scenarios' error in the app's state" "${scenarios_error}" "scenario:evil")
json_get(modified ${WORK}/saved.json modified)
expect("modified after saving" "${modified}" "OFF")
execute_process(COMMAND ${SQLITE3} ${project}
    "SELECT step || ':' || length(value) FROM parameters WHERE step LIKE 'scenario:%' ORDER BY step"
    OUTPUT_VARIABLE rows OUTPUT_STRIP_TRAILING_WHITESPACE)
string(REPLACE "\n" ";" rows "${rows}")
list(GET rows 0 evil)
expect("the hostile row after saving (kept as it was)" "${evil}" "scenario:evil:200027")
list(LENGTH rows n)
expect("scenario rows after saving one in the app" "${n}" "2")
list(GET rows 1 kept)
string(REGEX MATCH "^scenario:kept:" m "${kept}")
expect("the scenario saved in the app" "${m}" "scenario:kept:")

# A project whose rows name rows it does not hold (a building's zone_id 99999, a gate's
# compound_id 99999): the app opens it and says so, naming them, as every command of the CLI
# does; the file is not touched by opening.
set(project ${WORK}/dangling.cordon)
execute_process(COMMAND ${CLI} import ${OSM} -o ${project} RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cordon-cli import failed: ${rc}")
endif()
execute_process(COMMAND ${SQLITE3} ${project}
    "UPDATE buildings SET zone_id = 99999 WHERE id = (SELECT min(id) FROM buildings);
     UPDATE gates SET compound_id = 99998 WHERE id = (SELECT min(id) FROM gates);"
    RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sqlite3 could not plant the ids: ${err}")
endif()
file(SHA256 ${project} before)
file(WRITE ${WORK}/dangling.txt "
state ${WORK}/dangling.json
quit
")
run_app_script(${WORK}/dangling.txt ${project})
json_get(open ${WORK}/dangling.json project)
expect("dangling-id project open in the app" "${open}" "${project}")
json_get(message ${WORK}/dangling.json last_error)
expect_contains("the app's message on opening" "${message}"
    "buildings names in zone_id zones that the project does not hold")
expect_contains("the app's message on opening" "${message}" "→ 99999)")
expect_contains("the app's message on opening" "${message}"
    "gates names in compound_id compounds that the project does not hold")
expect_contains("the app's message on opening" "${message}" "→ 99998)")
file(SHA256 ${project} after)
expect("the project after opening and quitting" "${after}" "${before}")
