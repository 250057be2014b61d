# The Chinese UI holds no English (issue 16): the app is run in English on the sample (import
# through the New Project wizard, every plan step, two scenarios, an edit on three compounds),
# switched to Chinese, and every text it shows is collected: the main window (menus, status
# bar, title, every panel and tab, the table), the import report, the comparison of the two
# scenarios, the attribute form, the print preview, and the atlas's text (pdftotext). Any
# ASCII word of three letters or more fails the test, except:
# - names from the data (the project's names, addresses and teams, the scenarios' names),
#   file names and paths;
# - units and the names of formats, coordinate systems and programs, listed in k_allowed.
# The same run checks that the language switch keeps the Result box, the status and the
# checkpoint areas, and that no zone name doubles 片区.
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DSQLITE3=sqlite3 -DPDFTOTEXT=pdftotext
# -DOSM=sample.osm -DWORK=dir
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(project ${WORK}/sample.cordon)

file(WRITE ${WORK}/script.txt "
new-project ${OSM} -o ${project}
resize 1280 800
plan zones zones=6 unknown=closed
plan routes
plan gates unknown=closed
plan checkpoints
plan staffing
scenario save 甲
plan zones zones=8 unknown=closed
scenario save 乙
select compounds 3 4 5
menu mode-patrol
select gates 1
menu toggle-gate
lang zh_CN
wait 800
select gates 1
texts ${WORK}/gate.txt
select compounds 3
texts ${WORK}/compound.txt
select zones 2
texts ${WORK}/zone.txt
select checkpoints 1
texts ${WORK}/checkpoint.txt
select buildings 1 2 3
texts ${WORK}/main.txt
window-shot ${WORK}/main-zh.png
state ${WORK}/state-zh.json
dialog import-report ${WORK}/import-zh.png ${WORK}/import.txt
dialog compare:甲:乙 ${WORK}/compare-zh.png ${WORK}/compare.txt
dialog attributes ${WORK}/form-zh.png ${WORK}/form.txt
preview open a4 portrait zh
preview texts ${WORK}/preview.txt
preview shot ${WORK}/preview-zh.png
preview close
atlas ${WORK}/atlas.pdf a4 portrait zh
quit
")
run_app_script(${WORK}/script.txt)
execute_process(COMMAND ${PDFTOTEXT} -enc UTF-8 ${WORK}/atlas.pdf ${WORK}/atlas.txt RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pdftotext failed on the atlas")
endif()
file(READ ${WORK}/atlas.txt atlas)
string(REPLACE "\n" "\natlas\t" atlas "atlas\t${atlas}")
file(WRITE ${WORK}/atlas-lines.txt "${atlas}")

# The words the data brings: names, addresses, teams, scenario names.
execute_process(COMMAND ${SQLITE3} ${project}
    "SELECT name FROM compounds UNION SELECT name FROM roads UNION SELECT name FROM buildings UNION SELECT address FROM buildings UNION SELECT name FROM zones UNION SELECT team FROM zones UNION SELECT name FROM communities"
    OUTPUT_VARIABLE data_names RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sqlite3 failed on ${project}")
endif()
# The names that hold a Latin word ("Section 2 Renmin Road South"): taken out of a line whole,
# so that their words do not excuse the same words in the UI's own text.
string(REPLACE ";" "," data_names "${data_names}")
string(REPLACE "\n" ";" data_names "${data_names}")
set(latin_names "")
foreach(name IN LISTS data_names)
    if(name MATCHES "[A-Za-z][A-Za-z][A-Za-z]")
        list(APPEND latin_names "${name}")
    endif()
endforeach()
# Units and proper names of formats, coordinate systems and programs (support.cmake).
set(k_allowed ${k_chinese_ui_allowed})

# Identify on a gate closed by hand, a compound, a zone, a checkpoint; then the rest.
set(k_parts main gate compound zone checkpoint import compare form preview atlas-lines)
set(found "")
foreach(part ${k_parts})
    file(STRINGS ${WORK}/${part}.txt lines ENCODING UTF-8)
    foreach(line IN LISTS lines)
        # File names and paths are the planner's own.
        string(REGEX REPLACE "/[^ \t]*" "" text "${line}")
        string(REGEX REPLACE "[A-Za-z0-9_.-]+\\.(cordon|pdf|png|osm)" "" text "${text}")
        string(REGEX REPLACE "^[a-z-]+\t" "" text "${text}")
        string(REGEX MATCHALL "[A-Za-z][A-Za-z]+[A-Za-z]" words "${text}")
        if(words)
            foreach(name IN LISTS latin_names)
                string(REPLACE "${name}" "" text "${text}")
            endforeach()
            string(REGEX MATCHALL "[A-Za-z][A-Za-z]+[A-Za-z]" words "${text}")
        endif()
        foreach(w IN LISTS words)
            list(FIND k_allowed ${w} a)
            if(a EQUAL -1)
                list(APPEND found "${part}: ${w} in: ${line}")
                break()
            endif()
        endforeach()
    endforeach()
endforeach()
list(LENGTH found n)
if(n GREATER 0)
    string(REPLACE ";" "\n" found "${found}")
    message(FATAL_ERROR "${n} texts of the Chinese UI hold English:\n${found}")
endif()
message(STATUS "ok: no English word in the Chinese UI (main window, import report, compare, form, preview, atlas)")

# No doubled 片区 in zone names, anywhere.
foreach(part main preview atlas-lines compare)
    file(READ ${WORK}/${part}.txt text)
    string(FIND "${text}" "片区 片区" at)
    if(NOT at EQUAL -1)
        message(FATAL_ERROR "${part}: a zone name doubles 片区")
    endif()
endforeach()

# The language switch keeps what the window showed.
file(READ ${WORK}/main.txt main)
string(FIND "${main}" "未打开项目" at)
if(NOT at EQUAL -1)
    message(FATAL_ERROR "after the language switch the status says no project is open")
endif()
json_get(result ${WORK}/state-zh.json plan_result)
if(result STREQUAL "")
    message(FATAL_ERROR "after the language switch the Result box is empty")
endif()
expect_contains("Result in Chinese" "${result}" "巡查片区")
message(STATUS "ok: after the switch the Result box reads: ${result}")
