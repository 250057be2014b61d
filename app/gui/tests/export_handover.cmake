# Hand-over from the app (issue 16, item 8): after an unsaved edit (a gate closed), File >
# Export Layers writes several layers at once as the map shows them (the closed gate closed,
# the project file untouched and still unsaved), in the CGCS2000 3° Gauss–Krüger zone of the
# district's centre, which the dialog preselects (EPSG:4523 for Chengdu); File > Hand-over
# Package writes the package `cordon-cli handover` writes, from the same edit; the people
# available typed into the Plan panel give the shortfall that `cordon-cli plan staffing
# --available` gives.
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DSQLITE3=sqlite3 -DOSM=sample.osm -DWORK=dir
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
set(project ${WORK}/sample.cordon)
sample_with_zones(${project})

function(sql out query)
    execute_process(COMMAND ${SQLITE3} ${project} "${query}"
        OUTPUT_VARIABLE v OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "sqlite3 failed on ${query}")
    endif()
    set(${out} "${v}" PARENT_SCOPE)
endfunction()
sql(gate "SELECT min(id) FROM gates WHERE state = 'open'")
message(STATUS "gate closed by hand, not saved: ${gate}")
file(MAKE_DIRECTORY ${WORK}/layers)

file(WRITE ${WORK}/script.txt "
gate ${gate} closed
dialog export ${WORK}/export-dialog.png ${WORK}/export-dialog.txt
dialog handover ${WORK}/handover-dialog.png ${WORK}/handover-dialog.txt
export gates,zones,compounds geojson ${WORK}/layers crs=EPSG:4523
handover ${WORK}/package
plan-form staffing volunteers=10 property=100000
state ${WORK}/state.json
quit
")
run_app_script(${WORK}/script.txt ${project})

# The dialog offers the Gauss–Krüger zones and preselects the centre's.
file(READ ${WORK}/export-dialog.txt dialog)
expect_contains("export dialog: chosen coordinates" "${dialog}"
    "selected\tCGCS2000 3-degree Gauss-Kruger zone 35 (EPSG:4523)")
foreach(code 4491 4502 4513 4534 4554)
    expect_contains("export dialog offers EPSG:${code}" "${dialog}" "(EPSG:${code})")
endforeach()
# Every layer the CLI exports, the district boundary among them.
foreach(layer "District boundary" "Protected areas" "Road network: junctions")
    expect_contains("export dialog lists ${layer}" "${dialog}" "${layer}")
endforeach()
file(READ ${WORK}/handover-dialog.txt dialog)
expect_contains("hand-over dialog: chosen coordinates" "${dialog}" "(EPSG:4523)")

# Three layers at once, the edit in them, in EPSG:4523 (3° zone 35: eastings 35 500 000 ± 200 km).
foreach(layer gates zones compounds)
    if(NOT EXISTS ${WORK}/layers/${layer}.geojson)
        message(FATAL_ERROR "export wrote no ${layer}.geojson")
    endif()
endforeach()
file(READ ${WORK}/layers/gates.geojson gates)
string(JSON n LENGTH "${gates}" features)
math(EXPR last "${n} - 1")
set(state "")
foreach(i RANGE ${last})
    string(JSON id GET "${gates}" features ${i} properties id)
    if(id EQUAL gate)
        string(JSON state GET "${gates}" features ${i} properties state)
        string(JSON x GET "${gates}" features ${i} geometry coordinates 0)
    endif()
endforeach()
expect("the exported gate ${gate} (closed, not saved)" "${state}" "closed")
string(REGEX REPLACE "\\..*" "" x "${x}")
if(x LESS 35300000 OR x GREATER 35700000)
    message(FATAL_ERROR "gate ${gate} exported at easting ${x}: not in EPSG:4523")
endif()
message(STATUS "ok: gate ${gate} at easting ${x} (EPSG:4523)")
sql(on_disk "SELECT state FROM gates WHERE id = ${gate}")
expect("the gate in the project file (not saved)" "${on_disk}" "open")
json_get(modified ${WORK}/state.json modified)
expect("the project still has unsaved changes" "${modified}" "ON")

# The hand-over package: as cordon-cli handover writes it, with the edit.
foreach(f atlas.pdf staffing.csv CONTENTS.txt shp/gates.shp gpkg/zones.gpkg kml/zones.kml csv/gates.csv)
    if(NOT EXISTS ${WORK}/package/${f})
        message(FATAL_ERROR "the hand-over package has no ${f}")
    endif()
endforeach()
file(STRINGS ${WORK}/package/csv/gates.csv rows ENCODING UTF-8)
set(found "")
foreach(row ${rows})
    if(row MATCHES ",\"${gate}\",")
        set(found "${row}")
    endif()
endforeach()
expect_contains("gate ${gate} in the package's gates.csv" "${found}" "closed")
execute_process(COMMAND ${CLI} handover ${project} -o ${WORK}/cli-package RESULT_VARIABLE rc
    OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cordon-cli handover failed: ${rc}")
endif()
file(GLOB_RECURSE app_files RELATIVE ${WORK}/package ${WORK}/package/*)
file(GLOB_RECURSE cli_files RELATIVE ${WORK}/cli-package ${WORK}/cli-package/*)
list(SORT app_files)
list(SORT cli_files)
expect("the package's files: app = cordon-cli handover" "${app_files}" "${cli_files}")

# People available from the Plan panel: the shortfall, as cordon-cli says it.
execute_process(COMMAND ${CLI} plan staffing ${project} --available volunteers=10
    --available property=100000 OUTPUT_VARIABLE cli_out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cordon-cli plan staffing failed: ${rc}")
endif()
string(REGEX MATCH "short of ([0-9.]+) volunteers" m "${cli_out}")
set(short ${CMAKE_MATCH_1})
if(short STREQUAL "")
    message(FATAL_ERROR "cordon-cli plan staffing names no shortfall of volunteers: ${cli_out}")
endif()
json_get(rows ${WORK}/state.json figure_rows)
string(JSON n LENGTH "${rows}")
math(EXPR last "${n} - 1")
set(volunteers "")
set(property "")
foreach(i RANGE ${last})
    string(JSON name GET "${rows}" ${i} 0)
    string(JSON value GET "${rows}" ${i} 1)
    if(name STREQUAL "  volunteers")
        set(volunteers "${value}")
    elseif(name STREQUAL "  property company staff")
        set(property "${value}")
    endif()
endforeach()
string(REGEX REPLACE "([0-9]),([0-9])" "\\1\\2" volunteers "${volunteers}")
string(REGEX REPLACE "\\.0$" "" short "${short}")
expect_contains("Figures: volunteers" "${volunteers}" ", 10 available: ${short} short")
expect_contains("Figures: property company staff (enough)" "${property}" "available")
string(FIND "${property}" "short" at)
if(NOT at EQUAL -1)
    message(FATAL_ERROR "Figures: property company staff short with 100000 available: ${property}")
endif()
