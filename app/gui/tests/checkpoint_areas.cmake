# The areas a planner means (issue 15): the Plan panel offers the whole district (the hull of
# the buildings when there are no communities), the selected features, each compound and
# patrol zone; each is protected by a checkpoint run from the panel, with a screenshot; a run
# with nothing beyond the margin says why there is no checkpoint; the Layers panel hides the
# choke points and the protected area. Checked against the project saved (sqlite3).
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DSQLITE3=sqlite3 -DOSM=sample.osm -DWORK=dir
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
set(project ${WORK}/sample.cordon)
sample_with_zones(${project})

file(WRITE ${WORK}/script.txt "
state ${WORK}/0-open.json
select compounds 23 80 84
plan-area selection
plan checkpoints
state ${WORK}/1-selection.json
screenshot ${WORK}/1-selection.png
plan-area ids:zones:2
plan checkpoints
state ${WORK}/2-zone.json
screenshot ${WORK}/2-zone.png
plan-area ids:compounds:79
plan checkpoints
state ${WORK}/3-compound.json
screenshot ${WORK}/3-compound.png
plan-area district
plan checkpoints
state ${WORK}/4-district.json
screenshot ${WORK}/4-district.png
layer choke-points off
layer cordon-areas off
state ${WORK}/5-hidden.json
plan checkpoints margin=100000
state ${WORK}/6-nothing.json
save
quit
")
run_app_script(${WORK}/script.txt ${project})

json_get(first ${WORK}/0-open.json plan area_choices 0)
expect("no communities: the whole district is the hull" "${first}"
    "Whole district (hull of the buildings)")
json_get(second ${WORK}/0-open.json plan area_choices 1)
expect("the selection is offered" "${second}" "Selected features")
json_get(choices ${WORK}/0-open.json plan area_choices)
expect_contains("a patrol zone is offered" "${choices}" "Patrol zone")
expect_contains("a compound is offered" "${choices}" "Compound ")

foreach(step 1-selection:ids:compounds:23,80,84 2-zone:ids:zones:2 3-compound:ids:compounds:79
        4-district:district)
    string(FIND "${step}" ":" colon)
    string(SUBSTRING "${step}" 0 ${colon} name)
    math(EXPR after "${colon} + 1")
    string(SUBSTRING "${step}" ${after} -1 spec)
    json_get(area ${WORK}/${name}.json plan area 0)
    expect("${name}: the area taken from the panel" "${area}" "${spec}")
    json_get(n ${WORK}/${name}.json figures checkpoints count)
    if(n LESS 1)
        message(FATAL_ERROR "${name}: no checkpoint")
    endif()
    message(STATUS "ok: ${name}: ${n} checkpoints")
    if(NOT EXISTS ${WORK}/${name}.png)
        message(FATAL_ERROR "${name}: no screenshot")
    endif()
endforeach()

json_get(choke ${WORK}/5-hidden.json render choke_points)
expect("Layers panel hides the choke points" "${choke}" "OFF")
json_get(area ${WORK}/5-hidden.json render cordon_areas)
expect("Layers panel hides the protected area" "${area}" "OFF")

json_get(result ${WORK}/6-nothing.json plan result)
expect_contains("0 checkpoints: the app says why" "${result}" "Use a smaller margin")
json_get(n ${WORK}/6-nothing.json figures checkpoints count)
expect("nothing beyond the margin" "${n}" "0")

# The district's run protected the hull, saved as the project's cordon area.
execute_process(COMMAND ${SQLITE3} ${project} "SELECT name FROM cordon_areas"
    OUTPUT_VARIABLE saved OUTPUT_STRIP_TRAILING_WHITESPACE)
expect("the protected area saved" "${saved}" "district")
