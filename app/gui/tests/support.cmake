# Shared by the GUI tests (cmake -P scripts): run the app on a script under Xvfb, read the
# JSON it reports, check values.

# run_app_script(SCRIPT [ARGS...]): `cordon --script SCRIPT ARGS` under Xvfb (English, no
# autosave); its output goes to ${WORK}/stdout.txt and to `app_output` in the caller; a
# non-zero exit fails the test.
function(run_app_script script)
    execute_process(
        COMMAND ${XVFB_RUN} -a -s "-screen 0 1600x1000x24" ${CORDON} --autosave 0 --lang en
            --script ${script} ${ARGN}
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 500)
    file(WRITE ${WORK}/stdout.txt "${out}\n${err}")
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "cordon --script exited with ${rc}\n${out}\n${err}")
    endif()
    set(app_output "${out}" PARENT_SCOPE)
endfunction()

function(json_get out file)
    file(READ ${file} text)
    string(JSON value GET "${text}" ${ARGN})
    set(${out} "${value}" PARENT_SCOPE)
endfunction()

function(expect what actual expected)
    if(NOT "${actual}" STREQUAL "${expected}")
        message(FATAL_ERROR "${what}: got '${actual}', expected '${expected}'")
    endif()
    message(STATUS "ok: ${what} = ${actual}")
endfunction()

function(expect_contains what text part)
    string(FIND "${text}" "${part}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "${what}: '${part}' not in '${text}'")
    endif()
    message(STATUS "ok: ${what} contains '${part}'")
endfunction()

# sample_with_zones(PROJECT): a fresh ${WORK} holding the sample imported into PROJECT with
# `cordon-cli import` and 8 patrol zones planned by `cordon-cli plan zones` (unknown compounds
# closed), as most GUI tests start.
function(sample_with_zones project)
    file(REMOVE_RECURSE ${WORK})
    file(MAKE_DIRECTORY ${WORK})
    execute_process(COMMAND ${CLI} import ${OSM} -o ${project} RESULT_VARIABLE rc OUTPUT_QUIET)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "cordon-cli import failed: ${rc}")
    endif()
    execute_process(COMMAND ${CLI} plan zones ${project} --zones 8 --unknown-mode closed
        RESULT_VARIABLE rc OUTPUT_QUIET)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "cordon-cli plan zones failed: ${rc}")
    endif()
endfunction()

# The Latin words the Chinese UI may hold: units and the proper names of formats, coordinate
# systems and programs. One list for every test that looks for English in the Chinese UI
# (gui.chinese_ui, gui.ledger), so that a name allowed in one is allowed in all.
set(k_chinese_ui_allowed km Cordon English EPSG WGS UTM CGCS OpenStreetMap OSM GeoJSON
    GeoPackage GPKG Shapefile CSV PDF PNG ZIP UTF GBK KML XLSX XLS ODS Windows PostgreSQL PostGIS
    MBTiles GeoTIFF WMS WMTS XYZ cordon pdf png csv xlsx xls ods)
