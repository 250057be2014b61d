# Drives the desktop app under Xvfb through its --script hook on the planned sample and checks
# what it reports (figures, table, language, undo) and its screenshots (not blank, zone
# colours present).
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DOSM=sample.osm -DWORK=dir
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
set(project ${WORK}/sample.cordon)
# The zones come from the CLI (the same library call); the app then runs steps itself.
# (Not `plan all`: patrol routes take minutes in Debug + ASan builds.)
sample_with_zones(${project})

file(WRITE ${WORK}/script.txt "
state ${WORK}/0-open.json
plan gates unknown=closed
plan staffing
state ${WORK}/1-planned.json
layer by-zone on
screenshot ${WORK}/map-en.png
gate auto toggle
state ${WORK}/2-gate.json
undo
state ${WORK}/3-undo.json
scenario save A
move-buildings auto
state ${WORK}/4-moved.json
screenshot ${WORK}/map-stale.png
refresh
state ${WORK}/4-refreshed.json
scenario save B
scenario compare A B
add-checkpoint 410000 3395000
close-road 1
state ${WORK}/5-edits.json
table zones
sort 3 desc
lang zh_CN
wait 300
state ${WORK}/6-zh.json
screenshot ${WORK}/map-zh.png
window-shot ${WORK}/window-zh.png
lang en
wait 300
window-shot ${WORK}/window-en.png
save ${WORK}/saved.cordon
state ${WORK}/7-saved.json
quit
")
run_app_script(${WORK}/script.txt ${project})

json_get(open0 ${WORK}/0-open.json figures gates open)
json_get(zones ${WORK}/1-planned.json figures zones)
string(JSON zone_count LENGTH "${zones}")
expect("zones after planning" ${zone_count} 8)
json_get(undo1 ${WORK}/1-planned.json undo)
expect("undo after the plan" "${undo1}" "plan staffing")
json_get(open1 ${WORK}/1-planned.json figures gates open)
json_get(open2 ${WORK}/2-gate.json figures gates open)
json_get(open3 ${WORK}/3-undo.json figures gates open)
math(EXPR diff "${open1} - ${open2}")
if(NOT diff EQUAL 1 AND NOT diff EQUAL -1)
    message(FATAL_ERROR "toggling a gate changed the open gates from ${open1} to ${open2}")
endif()
expect("open gates after undo" ${open3} ${open1})
json_get(undo2 ${WORK}/2-gate.json undo)
string(REGEX MATCH "^(open|close) gate [0-9]+$" m "${undo2}")
expect("undo label after toggling" "${m}" "${undo2}")

# Moving a building: one zone loses its households, another gains them; the total stays.
file(READ ${WORK}/3-undo.json before)
file(READ ${WORK}/4-moved.json after)
set(total_before 0)
set(total_after 0)
set(changed 0)
math(EXPR last "${zone_count} - 1")
foreach(i RANGE ${last})
    string(JSON hb GET "${before}" figures zones ${i} households)
    string(JSON ha GET "${after}" figures zones ${i} households)
    string(REGEX REPLACE "\\..*$" "" hb "${hb}") # whole households, written 123.0
    string(REGEX REPLACE "\\..*$" "" ha "${ha}")
    math(EXPR total_before "${total_before} + ${hb}")
    math(EXPR total_after "${total_after} + ${ha}")
    if(NOT hb EQUAL ha)
        math(EXPR changed "${changed} + 1")
    endif()
endforeach()
expect("zones whose workload changed" ${changed} 2)
expect("households in zones after the move" ${total_after} ${total_before})
string(JSON ms GET "${after}" figures_ms)
string(JSON edit_ms GET "${after}" edit_ms)
message(STATUS "figures updated in ${ms} ms; the move with its figures took ${edit_ms} ms")
if(edit_ms GREATER 100)
    message(FATAL_ERROR "the move's figures took ${edit_ms} ms (more than 100 ms)")
endif()
# The two zones' outlines are out of date until refreshed; the refresh redraws them.
string(JSON stale GET "${after}" stale outlines)
string(JSON stale_count LENGTH "${stale}")
expect("zones with stale outlines after the move" ${stale_count} 2)
json_get(stale_after ${WORK}/4-refreshed.json stale outlines)
expect("stale outlines after the refresh" "${stale_after}" "[]")
json_get(undo_refresh ${WORK}/4-refreshed.json undo)
string(REGEX MATCH "^refresh zones [0-9]+ [0-9]+$" m "${undo_refresh}")
expect("undo label after the refresh" "${m}" "${undo_refresh}")
json_get(redrawn ${WORK}/4-refreshed.json refresh outlines_changed)
string(JSON redrawn_count LENGTH "${redrawn}")
if(redrawn_count LESS 1)
    message(FATAL_ERROR "the refresh changed no outline")
endif()
string(JSON z0 GET "${stale}" 0)
string(JSON z1 GET "${stale}" 1)
string(FIND "${redrawn}" "${z0}" a)
string(FIND "${redrawn}" "${z1}" b)
if(a EQUAL -1 AND b EQUAL -1)
    message(FATAL_ERROR "the refresh redrew ${redrawn}, none of the edited zones ${stale}")
endif()
json_get(refresh_ms ${WORK}/4-refreshed.json refresh ms)
message(STATUS "ok: outlines redrawn ${redrawn} in ${refresh_ms} ms")
file(READ ${WORK}/4-refreshed.json refreshed)
foreach(i RANGE ${last})
    string(JSON ha GET "${after}" figures zones ${i} households)
    string(JSON hr GET "${refreshed}" figures zones ${i} households)
    expect("zone ${i} households kept by the refresh" "${hr}" "${ha}")
endforeach()

string(FIND "${app_output}" "\"buildings\":[{\"a\"" found)
if(found EQUAL -1)
    message(FATAL_ERROR "scenario comparison lists no building in another zone:\n${app_output}")
endif()
json_get(cps ${WORK}/5-edits.json figures checkpoints count)
expect("checkpoints after adding one" ${cps} 1)
json_get(closed ${WORK}/5-edits.json figures closed_roads)
expect("closed roads" ${closed} 1)
json_get(scenarios ${WORK}/5-edits.json scenarios)
expect("scenarios" "${scenarios}" "[ \"A\", \"B\" ]")

json_get(lang ${WORK}/6-zh.json language)
expect("language" ${lang} zh_CN)
json_get(menu ${WORK}/6-zh.json menus 0)
expect("first menu in Chinese" "${menu}" "文件")
json_get(col ${WORK}/6-zh.json table columns 3)
expect("zones table column 3 in Chinese" "${col}" "户数")
json_get(layer ${WORK}/6-zh.json table layer)
expect("table layer kept across the language switch" ${layer} zones)
json_get(undo6 ${WORK}/6-zh.json undo)
expect("undo history kept across the language switch" "${undo6}" "close road 1")
json_get(r0 ${WORK}/6-zh.json table first_rows 0 3)
json_get(r1 ${WORK}/6-zh.json table first_rows 1 3)
string(REPLACE "," "" r0n "${r0}")
string(REPLACE "," "" r1n "${r1}")
if(r0n LESS r1n)
    message(FATAL_ERROR "zones table sorted by households descending: ${r0} before ${r1}")
endif()
json_get(modified ${WORK}/7-saved.json modified)
expect("modified after saving" ${modified} OFF)
if(NOT EXISTS ${WORK}/saved.cordon)
    message(FATAL_ERROR "Save As wrote nothing")
endif()

# Screenshots: not blank, and zone colours (the palette's first three) present.
find_program(CONVERT convert)
foreach(png map-en map-stale map-zh window-zh window-en)
    file(SIZE ${WORK}/${png}.png bytes)
    if(bytes LESS 30000)
        message(FATAL_ERROR "${png}.png is only ${bytes} bytes")
    endif()
endforeach()
if(CONVERT)
    foreach(colour 1f77b4 ff7f0e 2ca02c)
        execute_process(COMMAND ${CONVERT} ${WORK}/map-en.png -alpha off -fuzz 8% -fill black
            +opaque "#${colour}" -fill white -opaque "#${colour}" -format "%[fx:mean*100]" info:
            OUTPUT_VARIABLE share RESULT_VARIABLE rc)
        message(STATUS "zone colour #${colour}: ${share} % of the map")
        if(NOT rc EQUAL 0 OR share LESS 0.05)
            message(FATAL_ERROR "zone colour #${colour} missing from map-en.png (${share} %)")
        endif()
    endforeach()
endif()
