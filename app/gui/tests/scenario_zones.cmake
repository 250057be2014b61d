# Scenario comparison zone by zone (issue 16, item 7): a scenario of the planned sample, an
# edit of households that changes the zoning, a scenario refused while outlines are out of
# date (the warning), zones re-run, a second scenario; then the comparison's zone rows against
# SQL over the two saved projects: every zone whose households mostly stay together keeps its
# number and name, and the compare dialog shows it in words and units (screenshot).
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DSQLITE3=sqlite3 -DOSM=sample.osm -DWORK=dir
# [-DSHOTS=dir: the compare dialog's screenshot is copied there as app-compare-zones-en.png]
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
set(project ${WORK}/sample.cordon)
sample_with_zones(${project})
file(COPY_FILE ${project} ${WORK}/a.cordon) # the plan of scenario A, for SQL

function(sql out query)
    execute_process(COMMAND ${SQLITE3} ${project} "${query}"
        OUTPUT_VARIABLE v OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "sqlite3 failed on ${query}")
    endif()
    set(${out} "${v}" PARENT_SCOPE)
endfunction()

# The edit: the six patrolled buildings with the most households in zone 1 down to one
# household each, so zone 1 must take in more buildings when zones are re-run.
sql(heavy "SELECT group_concat(id, ' ') FROM (SELECT id FROM buildings WHERE zone_id = 1 AND control = 'patrol' ORDER BY households DESC, id LIMIT 6)")
sql(moved "SELECT min(id) FROM buildings WHERE zone_id = 2")
message(STATUS "buildings of zone 1 set to 1 household: ${heavy}; building moved to zone 3: ${moved}")

file(WRITE ${WORK}/script.txt "
scenario save A
select buildings ${heavy}
attributes households=1
move-buildings 3 ${moved}
state ${WORK}/1-stale.json
scenario save B
undo
plan zones zones=8
state ${WORK}/2-rerun.json
scenario save B
scenario compare A B
dialog compare:A:B ${WORK}/compare-en.png ${WORK}/compare-en.txt
save
quit
")
run_app_script(${WORK}/script.txt ${project})

# Saving a scenario while outlines are out of date asks first (the script answers cancel).
json_get(stale ${WORK}/1-stale.json stale outlines)
expect_contains("outlines out of date after moving a building" "${stale}" "3")
string(REGEX MATCHALL "scenario-save: [^\n]*" saves "${app_output}")
list(LENGTH saves n_saves)
expect("scenario saves tried" ${n_saves} 3)
list(GET saves 0 first)
list(GET saves 1 refused)
list(GET saves 2 second)
string(SUBSTRING "${first}" 15 -1 first)
string(SUBSTRING "${refused}" 15 -1 refused)
string(SUBSTRING "${second}" 15 -1 second)
string(JSON ok GET "${first}" saved)
expect("scenario A saved" "${ok}" "ON")
string(JSON ok GET "${refused}" saved)
expect("scenario B while outlines are out of date: not saved" "${ok}" "OFF")
string(JSON warning GET "${refused}" warning)
expect_contains("the warning" "${warning}" "out of date")
expect_contains("the warning names the zone" "${warning}" "3")
string(JSON ok GET "${second}" saved)
expect("scenario B after zones were re-run" "${ok}" "ON")
string(JSON warning GET "${second}" warning)
expect("no warning once outlines are drawn again" "${warning}" "")

# The comparison the app made.
string(REGEX MATCH "compare: [^\n]*" cmp "${app_output}")
string(SUBSTRING "${cmp}" 9 -1 cmp)
string(JSON n_rows LENGTH "${cmp}" zones)
file(READ ${WORK}/compare-en.txt texts)

# SQL over the two plans: for each zone of A, the zone of B holding most of its households
# (households as re-run, the edit included).
execute_process(COMMAND ${SQLITE3} ${project}
    "ATTACH '${WORK}/a.cordon' AS a;
     WITH pairs AS (SELECT o.zone_id AS za, n.zone_id AS zb, sum(n.households) AS h
                    FROM a.buildings o JOIN main.buildings n ON n.id = o.id
                    WHERE o.zone_id IS NOT NULL AND n.zone_id IS NOT NULL GROUP BY za, zb),
          totals AS (SELECT za, sum(h) AS t FROM pairs GROUP BY za)
     SELECT p.za || ':' || p.zb || ':' || CAST(round(100.0 * p.h / t.t) AS INTEGER)
     FROM pairs p JOIN totals t USING (za)
     WHERE p.h = (SELECT max(h) FROM pairs q WHERE q.za = p.za) ORDER BY p.za"
    OUTPUT_VARIABLE best OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sqlite3 failed comparing the plans")
endif()
string(REPLACE "\n" ";" best "${best}")
set(kept 0)
set(changed 0)
foreach(entry ${best})
    string(REPLACE ":" ";" parts "${entry}")
    list(GET parts 0 za)
    list(GET parts 1 zb)
    list(GET parts 2 share)
    # The comparison's row of zone za.
    set(row "")
    math(EXPR last "${n_rows} - 1")
    foreach(i RANGE ${last})
        string(JSON id GET "${cmp}" zones ${i} id)
        if(id EQUAL za)
            string(JSON row GET "${cmp}" zones ${i})
        endif()
    endforeach()
    if(row STREQUAL "")
        message(FATAL_ERROR "zone ${za} of A has no row in the comparison")
    endif()
    string(JSON built GET "${row}" a buildings)
    string(JSON kept_b GET "${row}" buildings_kept)
    if(NOT kept_b EQUAL built)
        math(EXPR changed "${changed} + 1")
    endif()
    if(share GREATER 50)
        expect("zone ${za} keeps ${share} % of its households: its number in B" "${zb}" "${za}")
        string(JSON name_a GET "${row}" a name)
        string(JSON name_b GET "${row}" b name)
        expect("zone ${za}: its name in B" "${name_b}" "${name_a}")
        expect_contains("the compare dialog's row of zone ${za}" "${texts}" "${name_a} (")
        math(EXPR kept "${kept} + 1")
    endif()
endforeach()
message(STATUS "zones keeping most of their households: ${kept}; zones whose buildings changed: ${changed}")
if(kept LESS 4)
    message(FATAL_ERROR "only ${kept} zones kept most of their households")
endif()
if(changed LESS 1)
    message(FATAL_ERROR "the re-run changed no zone: the test shows nothing")
endif()
# Rows in words and units, no raw keys.
expect_contains("compare dialog" "${texts}" "Households per zone")
expect_contains("compare dialog" "${texts}" " households")
expect_contains("compare dialog" "${texts}" "buildings kept)")
foreach(raw zone_mean_households compounds_without_open_gate zone_max_deviation)
    string(FIND "${texts}" "${raw}" at)
    if(NOT at EQUAL -1)
        message(FATAL_ERROR "the compare dialog shows the raw key ${raw}")
    endif()
endforeach()
if(DEFINED SHOTS)
    file(MAKE_DIRECTORY ${SHOTS})
    file(COPY_FILE ${WORK}/compare-en.png ${SHOTS}/app-compare-zones-en.png)
endif()
