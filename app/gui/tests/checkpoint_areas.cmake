# The areas a planner means (issue 15): the Plan panel offers the whole district (the imported
# district boundary; the hull of the buildings when there is none), the selected features, a
# polygon drawn on the map, a polygon file, each compound and patrol zone; each is protected by
# a checkpoint run from the panel, with a screenshot; a run with nothing left to cut (the
# checkpoints placed by hand close every way in) says why there is no checkpoint; the Layers panel hides the choke points and the protected area.
# Checked against the project saved (sqlite3).
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DSQLITE3=sqlite3 -DOSM=sample.osm -DWORK=dir
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
set(project ${WORK}/sample.cordon)
sample_with_zones(${project})

# Places on the sample, in its CRS, from the extent cordon-cli info gives.
execute_process(COMMAND ${CLI} info ${project} --json OUTPUT_VARIABLE info RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cordon-cli info failed: ${rc}")
endif()
string(JSON epsg GET "${info}" crs epsg)
foreach(i 0 1 2 3)
    string(JSON v GET "${info}" extent ${i})
    string(REGEX REPLACE "\\..*" "" v "${v}")
    list(APPEND box ${v})
endforeach()
list(GET box 0 x0)
list(GET box 1 y0)
list(GET box 2 x1)
list(GET box 3 y1)
math(EXPR cx "(${x0} + ${x1}) / 2")
math(EXPR cy "(${y0} + ${y1}) / 2")
math(EXPR rx "(${x1} - ${x0}) / 2")
math(EXPR ry "(${y1} - ${y0}) / 2")
# A polygon drawn on the map: a skewed quadrilateral north-west of the centre.
math(EXPR dx0 "${cx} - ${rx} / 3")
math(EXPR dy0 "${cy}")
math(EXPR dx1 "${cx} - ${rx} / 12")
math(EXPR dy1 "${cy} + ${ry} / 20")
math(EXPR dx2 "${cx} - ${rx} / 10")
math(EXPR dy2 "${cy} + ${ry} / 3")
math(EXPR dx3 "${cx} - ${rx} / 3")
math(EXPR dy3 "${cy} + ${ry} / 4")
# A polygon file: a triangle south-east of the centre, in the project's CRS.
math(EXPR fx0 "${cx} + ${rx} / 20")
math(EXPR fy0 "${cy} - ${ry} / 20")
math(EXPR fx1 "${cx} + ${rx} / 3")
math(EXPR fy1 "${cy} - ${ry} / 8")
math(EXPR fx2 "${cx} + ${rx} / 8")
math(EXPR fy2 "${cy} - ${ry} / 3")
file(WRITE ${WORK}/area.geojson "{\"type\":\"FeatureCollection\",
\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::${epsg}\"}},
\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",
\"coordinates\":[[[${fx0},${fy0}],[${fx1},${fy1}],[${fx2},${fy2}],[${fx0},${fy0}]]]}}]}")
# A district boundary: a hexagon on half the data's width, not its box.
math(EXPR bx0 "${cx} - ${rx} / 2")
math(EXPR bx1 "${cx} - ${rx} / 4")
math(EXPR bx2 "${cx} + ${rx} / 4")
math(EXPR bx3 "${cx} + ${rx} / 2")
math(EXPR by0 "${cy} - ${ry} / 2")
math(EXPR by2 "${cy} + ${ry} / 2")
file(WRITE ${WORK}/boundary.geojson "{\"type\":\"FeatureCollection\",
\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::${epsg}\"}},
\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"test\"},\"geometry\":{\"type\":\"Polygon\",
\"coordinates\":[[[${bx0},${cy}],[${bx1},${by0}],[${bx2},${by0}],[${bx3},${cy}],[${bx2},${by2}],[${bx1},${by2}],[${bx0},${cy}]]]}}]}")
# Checkpoints placed by hand where Cordon would put them around compound 79: a run then has
# nothing left to cut, and the app says why.
execute_process(COMMAND ${CLI} plan checkpoints ${project} --area ids:compounds:79 --dry-run
    --json ${WORK}/c79.json RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cordon-cli plan checkpoints --dry-run failed: ${rc}")
endif()
file(READ ${WORK}/c79.json c79)
string(JSON n79 LENGTH "${c79}" checkpoints)
set(by_hand "")
math(EXPR last79 "${n79} - 1")
foreach(i RANGE ${last79})
    string(JSON x GET "${c79}" checkpoints ${i} x)
    string(JSON y GET "${c79}" checkpoints ${i} y)
    string(APPEND by_hand "add-checkpoint ${x} ${y}\n")
endforeach()
set(bounded ${WORK}/bounded.cordon)
execute_process(COMMAND ${CLI} import ${OSM} --map district=${WORK}/boundary.geojson -o ${bounded}
    RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cordon-cli import with a district boundary failed: ${rc}")
endif()

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
${by_hand}plan-area ids:compounds:79
plan checkpoints
state ${WORK}/6-nothing.json
layer cordon-areas on
draw ${dx0} ${dy0} ${dx1} ${dy1} ${dx2} ${dy2} ${dx3} ${dy3}
plan-area drawn
plan checkpoints
state ${WORK}/7-drawn.json
screenshot ${WORK}/7-drawn.png
plan-area file:${WORK}/area.geojson
plan checkpoints
state ${WORK}/8-file.json
screenshot ${WORK}/8-file.png
save
open ${bounded}
state ${WORK}/9-open-bounded.json
plan-area district
plan checkpoints
state ${WORK}/9-boundary.json
screenshot ${WORK}/9-boundary.png
save
quit
")
run_app_script(${WORK}/script.txt ${project})

json_get(first ${WORK}/0-open.json plan area_choices 0)
expect("no district boundary: the whole district is the hull" "${first}"
    "Whole district (hull of the buildings)")
json_get(second ${WORK}/0-open.json plan area_choices 1)
expect("the selection is offered" "${second}" "Selected features")
json_get(choices ${WORK}/0-open.json plan area_choices)
expect_contains("a patrol zone is offered" "${choices}" "Patrol zone")
expect_contains("a compound is offered" "${choices}" "Compound ")
expect_contains("a drawn polygon is offered" "${choices}" "Polygon drawn on the map")
expect_contains("a polygon file is offered" "${choices}" "Polygon from a file")

foreach(step 1-selection:ids:compounds:23,80,84 2-zone:ids:zones:2 3-compound:ids:compounds:79
        4-district:district 8-file:${WORK}/area.geojson 9-boundary:district)
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
expect_contains("0 checkpoints: the app says why" "${result}"
    "The checkpoints placed by hand already close every way in.")
json_get(n ${WORK}/6-nothing.json figures checkpoints count)
expect("only the checkpoints placed by hand" "${n}" "${n79}")

# The drawn polygon: named as well-known text in the project's CRS, as the CLI takes it.
json_get(area ${WORK}/7-drawn.json plan area 0)
expect_contains("7-drawn: the polygon drawn" "${area}" "wkt:POLYGON((${dx0}.00 ${dy0}.00,")
json_get(n ${WORK}/7-drawn.json figures checkpoints count)
if(n LESS 1)
    message(FATAL_ERROR "7-drawn: no checkpoint")
endif()
message(STATUS "ok: 7-drawn: ${n} checkpoints")

# With an imported boundary the whole district is that boundary, not the hull.
json_get(first ${WORK}/9-open-bounded.json plan area_choices 0)
expect("a district boundary: the whole district is it" "${first}" "Whole district")
json_get(result ${WORK}/9-boundary.json plan result)
string(FIND "${result}" "no district boundary" hull_note)
expect("9-boundary: no hull note" "${hull_note}" "-1")

# The last runs saved their protected areas: the polygon file's, and the boundary's.
execute_process(COMMAND ${SQLITE3} ${project} "SELECT name FROM cordon_areas"
    OUTPUT_VARIABLE saved OUTPUT_STRIP_TRAILING_WHITESPACE)
expect("the protected area saved" "${saved}" "area")
execute_process(COMMAND ${SQLITE3} ${bounded} "SELECT name FROM cordon_areas"
    OUTPUT_VARIABLE saved OUTPUT_STRIP_TRAILING_WHITESPACE)
expect("the district boundary saved as the protected area" "${saved}" "district")
