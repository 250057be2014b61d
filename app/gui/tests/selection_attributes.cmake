# Bulk selection and attributes (issue 16): the courtyards (name LIKE '%院%') selected by
# expression and set to guarded in one step, undone in one; a shop's households set to 0 and
# "not a home" from the attribute form's edit, the zone's households going down by the
# shop's; Select by Location inside a drawn polygon against ogrinfo's own SQL (SpatiaLite
# centroids); Shift ranges and Ctrl+A in the table selecting on the map; then the same
# edits through `cordon-cli edit` and `cordon-cli select`, checked in the saved project.
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DSQLITE3=sqlite3 -DOGRINFO=ogrinfo
# -DOSM=sample.osm -DWORK=dir
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
set(project ${WORK}/sample.cordon)
sample_with_zones(${project})
file(COPY ${project} DESTINATION ${WORK}/cli)
set(cli_project ${WORK}/cli/sample.cordon)

function(sql out query)
    execute_process(COMMAND ${SQLITE3} ${ARGN} ${project} "${query}"
        OUTPUT_VARIABLE v OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "sqlite3 failed on ${query}")
    endif()
    set(${out} "${v}" PARENT_SCOPE)
endfunction()

# What SQL itself says of the project before any edit.
sql(courtyards "SELECT group_concat(id, ' ') FROM (SELECT id FROM compounds WHERE name LIKE '%院%' ORDER BY id)")
sql(n_courtyards "SELECT count(*) FROM compounds WHERE name LIKE '%院%'")
sql(other "SELECT min(id) FROM compounds WHERE name NOT LIKE '%院%' AND mode = 'closed'")
if(n_courtyards LESS 3)
    message(FATAL_ERROR "the sample has only ${n_courtyards} courtyards named …院")
endif()
# The shop: the patrolled building with the most households in a zone.
sql(shop "SELECT id || ' ' || zone_id || ' ' || households FROM buildings WHERE zone_id IS NOT NULL AND control = 'patrol' ORDER BY households DESC, id LIMIT 1")
separate_arguments(shop)
list(GET shop 0 shop_id)
list(GET shop 1 shop_zone)
list(GET shop 2 shop_households)
message(STATUS "courtyards: ${n_courtyards} (${courtyards}); shop: building ${shop_id} in zone ${shop_zone} with ${shop_households} households")

# A drawn polygon: the middle of the buildings' extent, a diamond; the buildings whose
# centroid lies in it, as SpatiaLite's SQL (through ogrinfo) finds them.
execute_process(COMMAND ${OGRINFO} -ro -so ${project} buildings OUTPUT_VARIABLE info)
string(REGEX MATCH "Extent: \\(([-0-9.]+), ([-0-9.]+)\\) - \\(([-0-9.]+), ([-0-9.]+)\\)" m "${info}")
set(x0 ${CMAKE_MATCH_1})
set(y0 ${CMAKE_MATCH_2})
set(x1 ${CMAKE_MATCH_3})
set(y1 ${CMAKE_MATCH_4})
string(REGEX REPLACE "\\..*" "" x0i "${x0}")
string(REGEX REPLACE "\\..*" "" x1i "${x1}")
string(REGEX REPLACE "\\..*" "" y0i "${y0}")
string(REGEX REPLACE "\\..*" "" y1i "${y1}")
math(EXPR cx "(${x0i} + ${x1i}) / 2")
math(EXPR cy "(${y0i} + ${y1i}) / 2")
math(EXPR rx "(${x1i} - ${x0i}) / 4")
math(EXPR ry "(${y1i} - ${y0i}) / 4")
math(EXPR left "${cx} - ${rx}")
math(EXPR right "${cx} + ${rx}")
math(EXPR bottom "${cy} - ${ry}")
math(EXPR top "${cy} + ${ry}")
set(diamond "${left} ${cy} ${cx} ${bottom} ${right} ${cy} ${cx} ${top}")
set(wkt "POLYGON((${left} ${cy}, ${cx} ${bottom}, ${right} ${cy}, ${cx} ${top}, ${left} ${cy}))")
execute_process(COMMAND ${OGRINFO} -ro -q ${project} -dialect SQLite -sql
    "SELECT id FROM buildings WHERE ST_Within(ST_Centroid(geom), ST_GeomFromText('${wkt}')) ORDER BY id"
    OUTPUT_VARIABLE out RESULT_VARIABLE rc)
string(REGEX MATCHALL "id \\(Integer[0-9]*\\) = [0-9]+" rows "${out}")
set(inside "")
foreach(r ${rows})
    string(REGEX REPLACE ".* = " "" r "${r}")
    list(APPEND inside ${r})
endforeach()
list(LENGTH inside n_inside)
if(n_inside LESS 5)
    message(FATAL_ERROR "ogrinfo found ${n_inside} buildings in the diamond (${rc}): ${out}")
endif()
message(STATUS "buildings inside the drawn diamond (SpatiaLite): ${n_inside}")

file(WRITE ${WORK}/script.txt "
state ${WORK}/0-open.json
select where compounds name LIKE '%院%'
state ${WORK}/1-selected.json
dialog attributes ${WORK}/form-courtyards-en.png
attributes mode=guarded
state ${WORK}/2-guarded.json
undo
state ${WORK}/3-undone.json
redo
select buildings ${shop_id}
dialog attributes ${WORK}/form-shop-en.png
attributes households=0 home=no
state ${WORK}/4-shop.json
draw ${diamond}
state ${WORK}/5-drawn.json
select inside compounds drawn
state ${WORK}/6-compounds-inside.json
dialog expression ${WORK}/expression-en.png
dialog location ${WORK}/location-en.png
select where buildings nme = 1
state ${WORK}/7-bad-expression.json
table buildings
table-click 2
table-click 6 shift
state ${WORK}/8-shift.json
table-key ctrl+a
state ${WORK}/9-ctrl-a.json
plan zones zones=8 unknown=closed
state ${WORK}/10-planned.json
lang zh_CN
select where compounds name LIKE '%院%'
dialog attributes ${WORK}/form-courtyards-zh.png
dialog expression ${WORK}/expression-zh.png
quit
")
run_app_script(${WORK}/script.txt ${project})

function(json_list out file)
    file(READ ${file} text)
    string(JSON n LENGTH "${text}" ${ARGN})
    set(items "")
    if(n GREATER 0)
        math(EXPR last "${n} - 1")
        foreach(i RANGE ${last})
            string(JSON v GET "${text}" ${ARGN} ${i})
            list(APPEND items ${v})
        endforeach()
    endif()
    set(${out} "${items}" PARENT_SCOPE)
endfunction()

# Select by Expression: exactly the compounds SQL names, on the map and in the table.
json_list(selected ${WORK}/1-selected.json selection ids)
string(REPLACE " " ";" expected "${courtyards}")
expect("Select by Expression name LIKE '%院%'" "${selected}" "${expected}")
json_get(layer ${WORK}/1-selected.json selection layer)
expect("selected layer" "${layer}" "compounds")
json_get(rows ${WORK}/1-selected.json table selected_rows)
string(JSON n_rows LENGTH "${rows}")
expect("rows selected in the table" "${n_rows}" "${n_courtyards}")

# Set to guarded in one step, undone in one.
foreach(id ${expected})
    json_get(m ${WORK}/2-guarded.json compound_modes ${id})
    expect("compound ${id} after the form's mode" "${m}" "guarded")
    json_get(m ${WORK}/3-undone.json compound_modes ${id})
    expect("compound ${id} after one undo" "${m}" "closed")
endforeach()
json_get(m ${WORK}/2-guarded.json compound_modes ${other})
expect("compound ${other} (not a courtyard)" "${m}" "closed")
json_get(undo ${WORK}/2-guarded.json undo)
expect("undo label" "${undo}" "set ${n_courtyards} compounds to guarded")

# The shop: households 0 and not a home; its zone loses its households.
function(zone_households out file zone)
    file(READ ${file} text)
    string(JSON n LENGTH "${text}" figures zones)
    math(EXPR last "${n} - 1")
    foreach(i RANGE ${last})
        string(JSON id GET "${text}" figures zones ${i} id)
        if(id EQUAL ${zone})
            string(JSON h GET "${text}" figures zones ${i} households)
            set(${out} ${h} PARENT_SCOPE)
            return()
        endif()
    endforeach()
    message(FATAL_ERROR "no zone ${zone} in ${file}")
endfunction()
# Numbers compared by SQLite (CMake has no fractions).
function(expect_near what a b)
    execute_process(COMMAND ${SQLITE3} :memory: "SELECT abs((${a}) - (${b})) < 1e-6"
        OUTPUT_VARIABLE ok OUTPUT_STRIP_TRAILING_WHITESPACE)
    expect("${what} (${a} = ${b})" "${ok}" "1")
endfunction()
zone_households(before ${WORK}/3-undone.json ${shop_zone})
zone_households(after ${WORK}/4-shop.json ${shop_zone})
expect_near("households of zone ${shop_zone} go down by the shop's" "${before} - ${after}"
    "${shop_households}")
json_get(undo ${WORK}/4-shop.json undo)
expect("undo label" "${undo}"
    "set households of building ${shop_id} to 0; mark building ${shop_id} not a home")

# Select by Location: the lasso, and compounds inside the drawn polygon.
json_list(drawn ${WORK}/5-drawn.json selection ids)
expect("buildings inside the drawn polygon (as SpatiaLite finds them)" "${drawn}" "${inside}")
json_get(layer ${WORK}/6-compounds-inside.json selection layer)
expect("Select by Location layer" "${layer}" "compounds")

json_get(err ${WORK}/7-bad-expression.json last_error)
expect_contains("a bad expression is said" "${err}" "no such column: nme")

# The table: a Shift range of rows 2..6 selects five features on the map; Ctrl+A all rows.
json_list(shift ${WORK}/8-shift.json selection ids)
list(LENGTH shift n_shift)
expect("Shift+click range in the table, selected on the map" "${n_shift}" "5")
json_list(all ${WORK}/9-ctrl-a.json selection ids)
list(LENGTH all n_all)
sql(n_buildings "SELECT count(*) FROM buildings")
expect("Ctrl+A in the table, selected on the map" "${n_all}" "${n_buildings}")

# Plan > zones: the Result box says what the Figures panel lists, row for row.
file(READ ${WORK}/10-planned.json planned)
string(JSON result GET "${planned}" plan_result)
string(JSON n LENGTH "${planned}" figure_rows)
math(EXPR last "${n} - 1")
set(compared 0)
foreach(i RANGE ${last})
    string(JSON name GET "${planned}" figure_rows ${i} 0)
    string(JSON value GET "${planned}" figure_rows ${i} 1)
    if(name MATCHES "^(Figures updated in|Last edit applied in)")
        continue()
    endif()
    string(STRIP "${name}" name)
    string(FIND "${result}" "${name}: ${value}\n" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "Figures row '${name}: ${value}' is not in the Result:\n${result}")
    endif()
    math(EXPR compared "${compared} + 1")
endforeach()
string(JSON zones LENGTH "${planned}" figures zones)
if(compared LESS 10 OR zones LESS 2)
    message(FATAL_ERROR "only ${compared} figures rows, ${zones} zones compared")
endif()
message(STATUS "ok: the Result holds all ${compared} rows of Figures (${zones} zones)")

# The same through cordon-cli: select, then edit with expressions and an area.
execute_process(COMMAND ${CLI} select ${cli_project} compounds --where "name LIKE '%院%'"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_QUIET)
string(STRIP "${out}" out)
string(REPLACE "\n" ";" out "${out}")
expect("cordon-cli select --where" "${out}" "${expected}")
file(WRITE ${WORK}/edits.json "[
 {\"edit\": \"set-attribute\", \"layer\": \"compounds\", \"where\": \"name LIKE '%院%'\",
  \"field\": \"mode\", \"value\": \"guarded\"},
 {\"edit\": \"set-attribute\", \"layer\": \"buildings\", \"ids\": [${shop_id}],
  \"field\": \"households\", \"value\": 0},
 {\"edit\": \"set-home\", \"ids\": [${shop_id}], \"home\": false}
]")
execute_process(COMMAND ${CLI} edit ${cli_project} --edits ${WORK}/edits.json
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cordon-cli edit failed (${rc}): ${out} ${err}")
endif()
expect_contains("cordon-cli edit says" "${out}" "set ${n_courtyards} compounds to guarded")
expect_contains("cordon-cli edit says" "${out}" "mark building ${shop_id} not a home")
set(project ${cli_project})
sql(modes "SELECT group_concat(DISTINCT mode) FROM compounds WHERE name LIKE '%院%'")
expect("courtyards' mode in the project after cordon-cli edit" "${modes}" "guarded")
sql(b "SELECT households || ' ' || control || ' ' || ifnull(zone_id, '-') FROM buildings WHERE id = ${shop_id}")
expect("the shop in the project" "${b}" "0.0 not_home -")
sql(zh "SELECT households FROM zones WHERE id = ${shop_zone}")
expect_near("zone ${shop_zone}'s households in the project after cordon-cli edit" "${zh}" "${after}")
