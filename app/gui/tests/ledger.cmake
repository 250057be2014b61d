# The household ledger in the app (issue 14): a made-up register of the sample imported through
# the register wizard (Households › Import Household Register), its figures against `cordon-cli
# households import` of the same file; a household on no building matched by hand to a building
# picked on the map (undone and redone), kept when the register is imported again; two days of
# visits imported, the Screening panel's counts per zone against counts worked out here from the
# visits written (SQL on the saved project), Select Not Yet Met against the same, the chart's days,
# the map coloured by screening with its legend; the Chinese UI of the wizard, the dialog and the
# panel holds no English; screenshots in both languages.
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DMAKE_REGISTER=cordon-make-register
# -DSQLITE3=sqlite3 -DOSM=sample.osm -DWORK=dir [-DSHOTS=dir: the screenshots copied there]
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${ARGN} failed (${rc}): ${out} ${err}")
    endif()
endfunction()

# The sample as a district's own building layer (楼栋号, addresses), 12 zones, a register of it.
set(project ${WORK}/sample.cordon)
run(${CLI} import ${OSM} -o ${WORK}/osm.cordon)
run(${MAKE_REGISTER} number ${WORK}/osm.cordon -o ${WORK}/numbered.gpkg)
run(${CLI} import ${WORK}/numbered.gpkg -o ${project})
run(${CLI} plan zones ${project} --zones 12)
run(${MAKE_REGISTER} register ${project} -o ${WORK}/register.csv --rows 600 --seed 11)
file(COPY ${project} DESTINATION ${WORK}/cli)
run(${CLI} households import ${WORK}/cli/sample.cordon ${WORK}/register.csv
    --json ${WORK}/cli.json)

function(sql out query)
    execute_process(COMMAND ${SQLITE3} ${ARGN} ${project} "${query}"
        OUTPUT_VARIABLE v OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "sqlite3 failed on ${query}")
    endif()
    set(${out} "${v}" PARENT_SCOPE)
endfunction()

# 1. The wizard: its guesses and preview, then the import; saved.
file(WRITE ${WORK}/script1.txt "
resize 1280 800
register-import ${WORK}/register.csv --shot ${WORK}/wizard-en.png --state ${WORK}/wizard.json
state ${WORK}/1-imported.json
save
quit
")
run_app_script(${WORK}/script1.txt ${project})
json_get(roles ${WORK}/wizard.json roles)
foreach(role household compound building unit room)
    string(JSON column ERROR_VARIABLE missing GET "${roles}" ${role})
    if(missing)
        message(FATAL_ERROR "the wizard did not guess the ${role} column: ${roles}")
    endif()
endforeach()
json_get(preview ${WORK}/wizard.json preview_rows)
string(JSON n_preview LENGTH "${preview}")
expect("rows in the wizard's preview" "${n_preview}" "20")
json_get(w1 ${WORK}/wizard.json command_line 1)
json_get(w2 ${WORK}/wizard.json command_line 2)
expect("the wizard's command line" "${w1} ${w2}" "households import")
foreach(figure households matched_total ambiguous unmatched duplicates)
    json_get(gui ${WORK}/1-imported.json ledger register ${figure})
    json_get(cli ${WORK}/cli.json ${figure})
    expect("${figure}: the wizard's import = cordon-cli households import" "${gui}" "${cli}")
endforeach()
sql(n "SELECT count(*) FROM households")
json_get(cli ${WORK}/cli.json households)
expect("households saved by the app" "${n}" "${cli}")
sql(step "SELECT step FROM history ORDER BY id DESC LIMIT 1")
expect("the import in the project's history" "${step}" "households import")
json_get(undo ${WORK}/1-imported.json undo)
expect("undo label" "${undo}" "import register register.csv")

# 2. A household on no building matched by hand to a building picked on the map.
sql(key "SELECT key FROM households WHERE building_id IS NULL AND instr(key, ' ') = 0 AND key <> '' ORDER BY id LIMIT 1")
sql(building "SELECT id FROM buildings WHERE zone_id IS NOT NULL ORDER BY id LIMIT 1")
if(key STREQUAL "" OR building STREQUAL "")
    message(FATAL_ERROR "no household on no building (${key}) or no zoned building (${building})")
endif()
sql(n_unmatched "SELECT count(*) FROM households WHERE building_id IS NULL")
message(STATUS "matching household ${key} (one of ${n_unmatched} on no building) to building ${building}")

# Two days of visits, written here: day 1 every 7th household vacant, every 3rd met, every 3rd + 1
# not met; day 2 those not met met when their id is even, away when odd.
set(status_sql "CASE WHEN instr(key, ',') > 0 OR instr(key, '\"') > 0 THEN NULL
    WHEN id % 7 = 0 THEN 'vacant' WHEN id % 3 = 0 THEN 'met'
    WHEN id % 3 = 1 THEN (CASE WHEN id % 2 = 0 THEN 'met' ELSE 'away' END) END")
sql(day1 "SELECT key || ',2026-12-01,' || (CASE WHEN id % 7 = 0 THEN '空置' WHEN id % 3 = 0 THEN '已见面' ELSE '未见面' END) FROM households WHERE instr(key, ',') = 0 AND instr(key, '\"') = 0 AND (id % 7 = 0 OR id % 3 <> 2) ORDER BY id")
sql(day2 "SELECT key || ',2026/12/02,' || (CASE WHEN id % 2 = 0 THEN '已见面' ELSE '外出' END) FROM households WHERE instr(key, ',') = 0 AND instr(key, '\"') = 0 AND id % 7 <> 0 AND id % 3 = 1 ORDER BY id")
file(WRITE ${WORK}/day1.csv "户编号,走访日期,排查结果\n${day1}\n")
file(WRITE ${WORK}/day2.csv "户编号,走访日期,排查结果\n${day2}\n")
string(REGEX MATCHALL "\n" l1 "${day1}\n")
string(REGEX MATCHALL "\n" l2 "${day2}\n")
list(LENGTH l1 n_day1)
list(LENGTH l2 n_day2)

file(WRITE ${WORK}/script2.txt "
resize 1280 800
select buildings ${building}
households-match ${key} pick
state ${WORK}/2-matched.json
dialog households ${WORK}/households-en.png
undo
state ${WORK}/3-undone.json
redo
register-import ${WORK}/register.csv
state ${WORK}/4-reimported.json
visits-import ${WORK}/day1.csv
visits-import ${WORK}/day2.csv
screening show
screening colour on
zoom full
screening select
wait 500
state ${WORK}/5-screening.json
select zones 1
zoom selection
select buildings
wait 300
window-shot ${WORK}/screening-en.png
lang zh_CN
wait 800
screening show
register-import ${WORK}/register.csv --cancel --shot ${WORK}/wizard-zh.png --texts ${WORK}/wizard-zh.txt
register-import ${WORK}/register.csv --cancel --page personal --texts ${WORK}/wizard-personal-zh.txt
dialog households ${WORK}/households-zh.png ${WORK}/households-zh.txt
screening show
select zones 1
zoom selection
select buildings
wait 500
texts ${WORK}/main-zh.txt
window-shot ${WORK}/screening-zh.png
state ${WORK}/6-zh.json
save
quit
")
run_app_script(${WORK}/script2.txt ${project})

# The match: on the building, by the rule manual, undone and redone, kept when imported again.
json_get(matched_key ${WORK}/2-matched.json ledger match key)
json_get(matched_building ${WORK}/2-matched.json ledger match building_id)
expect("household matched by hand" "${matched_key}" "${key}")
expect("to the building picked on the map" "${matched_building}" "${building}")
json_get(undo ${WORK}/2-matched.json undo)
expect("undo label" "${undo}" "match household ${key} to building ${building}")
json_get(keys ${WORK}/2-matched.json ledger households keys)
string(FIND "${keys}" "\"${key}\"" at)
if(NOT at EQUAL -1)
    message(FATAL_ERROR "household ${key} is still listed on no building after the match")
endif()
json_get(keys ${WORK}/3-undone.json ledger households keys)
expect_contains("household listed again after undo" "${keys}" "\"${key}\"")
json_get(applied ${WORK}/4-reimported.json ledger register manual_matches_applied)
expect("manual matches applied by the next import" "${applied}" "1")
sql(row "SELECT building_id || ' ' || rule FROM households WHERE key = '${key}'")
expect("the household in the saved project" "${row}" "${building} manual")
sql(kept "SELECT building_id FROM household_matches WHERE key = '${key}'")
expect("the match kept in the project" "${kept}" "${building}")
sql(steps "SELECT group_concat(step, ',') FROM (SELECT step FROM history ORDER BY id)")
expect_contains("history" "${steps}" "households match,households import,screening import,screening import")

# The Screening panel: its counts per zone against those worked out here from the visits written.
sql(expected "WITH hs AS (SELECT building_id, ${status_sql} AS st FROM households),
    s AS (SELECT z.name AS zone, hs.st FROM hs JOIN buildings b ON b.id = hs.building_id
    JOIN zones z ON z.id = b.zone_id)
    SELECT zone || '|' || count(*) || '|' || count(st) || '|' || sum(st = 'met') || '|' ||
    sum(st = 'away') || '|' || sum(st = 'vacant') FROM s GROUP BY zone ORDER BY zone")
string(REPLACE "\n" ";" expected "${expected}")
file(READ ${WORK}/5-screening.json state)
string(JSON n_rows LENGTH "${state}" ledger screening rows)
math(EXPR last "${n_rows} - 1")
set(zones_checked 0)
foreach(line IN LISTS expected)
    string(REPLACE "|" ";" want "${line}")
    list(GET want 0 zone)
    list(SUBLIST want 1 5 want_counts)
    set(found "")
    foreach(i RANGE ${last})
        string(JSON name GET "${state}" ledger screening rows ${i} 0)
        if(name STREQUAL zone)
            set(found "")
            foreach(c RANGE 1 5)
                string(JSON v GET "${state}" ledger screening rows ${i} ${c})
                string(REPLACE "," "" v "${v}")
                list(APPEND found ${v})
            endforeach()
            break()
        endif()
    endforeach()
    expect("zone ${zone}: households, visited, met, not yet met, vacant" "${found}" "${want_counts}")
    math(EXPR zones_checked "${zones_checked} + 1")
endforeach()
if(zones_checked LESS 4)
    message(FATAL_ERROR "only ${zones_checked} zones have households")
endif()
# The district's row, and the not-yet-met buildings selected.
sql(total "SELECT count(*) || ';' || count(st) || ';' || sum(st = 'met') || ';' || sum(st = 'away') || ';' || sum(st = 'vacant') FROM (SELECT ${status_sql} AS st FROM households)")
foreach(i RANGE ${last})
    string(JSON name GET "${state}" ledger screening rows ${i} 0)
    if(name STREQUAL "District")
        set(got "")
        foreach(c RANGE 1 5)
            string(JSON v GET "${state}" ledger screening rows ${i} ${c})
            string(REPLACE "," "" v "${v}")
            list(APPEND got ${v})
        endforeach()
        expect("the district's row" "${got}" "${total}")
    endif()
endforeach()
sql(away_buildings "SELECT group_concat(b, ' ') FROM (SELECT DISTINCT building_id AS b FROM (SELECT building_id, ${status_sql} AS st FROM households) WHERE st = 'away' AND building_id IS NOT NULL ORDER BY b)")
string(JSON n_sel LENGTH "${state}" selection ids)
set(selected "")
if(n_sel GREATER 0)
    math(EXPR last_sel "${n_sel} - 1")
    foreach(i RANGE ${last_sel})
        string(JSON id GET "${state}" selection ids ${i})
        list(APPEND selected ${id})
    endforeach()
endif()
string(REPLACE " " ";" away_buildings "${away_buildings}")
expect("Select Not Yet Met: the buildings of the households away" "${selected}" "${away_buildings}")
# The chart: two days, the visits of each.
string(JSON n_days LENGTH "${state}" ledger screening days)
expect("days in the chart" "${n_days}" "2")
string(JSON v1 GET "${state}" ledger screening days 0 visits)
string(JSON v2 GET "${state}" ledger screening days 1 visits)
expect("visits on day 1, day 2" "${v1} ${v2}" "${n_day1} ${n_day2}")
# The map coloured by the screening, with its legend.
string(JSON on GET "${state}" ledger map_screening)
expect("the map coloured by screening" "${on}" "ON")
string(JSON legend GET "${state}" ledger legend)
expect_contains("the legend names the screening" "${legend}" "not_yet_met")

# The Chinese UI holds no English: the wizard (both pages), the dialog, the main window with the
# Screening panel; names and keys from the register excused, as gui.chinese_ui excuses the data's.
json_get(tab ${WORK}/6-zh.json tabs 5)
expect("the Screening tab in Chinese" "${tab}" "入户排查")
set(k_allowed ${k_chinese_ui_allowed})
set(found "")
foreach(part wizard-zh wizard-personal-zh households-zh main-zh)
    file(STRINGS ${WORK}/${part}.txt lines ENCODING UTF-8)
    foreach(line IN LISTS lines)
        string(REGEX REPLACE "/[^ \t]*" "" text "${line}")
        string(REGEX REPLACE "[A-Za-z0-9_.-]+\\.(cordon|csv|png)" "" text "${text}")
        string(REGEX REPLACE "^[a-z-]+\t" "" text "${text}")
        # The command line the wizard shows is a command, not a sentence.
        string(REGEX REPLACE "cordon-cli .*" "" text "${text}")
        # Register keys, codes and the words of data names (the sample's roads).
        string(REGEX REPLACE "[A-Za-z]*[0-9][A-Za-z0-9_-]*" "" text "${text}")
        string(REGEX MATCHALL "[A-Za-z][A-Za-z]+[A-Za-z]" words "${text}")
        foreach(w IN LISTS words)
            list(FIND k_allowed ${w} a)
            if(a EQUAL -1)
                execute_process(COMMAND ${SQLITE3} ${project}
                    "SELECT count(*) FROM (SELECT name AS t FROM roads UNION SELECT address FROM buildings UNION SELECT compound FROM households UNION SELECT address FROM households UNION SELECT code FROM households UNION SELECT name FROM compounds UNION SELECT name FROM buildings) WHERE t LIKE '%${w}%'"
                    OUTPUT_VARIABLE in_data OUTPUT_STRIP_TRAILING_WHITESPACE)
                if(in_data EQUAL 0)
                    list(APPEND found "${part}: ${w} in: ${line}")
                    break()
                endif()
            endif()
        endforeach()
    endforeach()
endforeach()
list(LENGTH found n)
if(n GREATER 0)
    string(REPLACE ";" "\n" found "${found}")
    message(FATAL_ERROR "${n} texts of the Chinese UI hold English:\n${found}")
endif()
message(STATUS "ok: no English word in the Chinese wizard, households dialog and Screening panel")

if(SHOTS)
    file(MAKE_DIRECTORY ${SHOTS})
    foreach(shot wizard-en wizard-zh households-en households-zh screening-en screening-zh)
        file(COPY_FILE ${WORK}/${shot}.png ${SHOTS}/ledger-${shot}.png)
    endforeach()
endif()
