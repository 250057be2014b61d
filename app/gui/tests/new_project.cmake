# The New Project wizard driven through the --script hook under Xvfb: the sample OSM extract
# (read by the OSM rules) plus the Wuhou roads as a GBK Shapefile without .cpg and with
# Chinese field names (mapped by hand: 道路名称 → name, 道路等级 → class). Checks the preview
# (GBK readable, UTF-8 visibly garbled, GCJ-02 moves the features), that the import's counts
# equal `cordon-cli import` with the command line the wizard shows, screenshots of the preview
# page in English and Chinese, and the attribute table's filter (computed off the UI thread)
# against a count in SQL.
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DOGR2OGR=ogr2ogr -DOGRINFO=ogrinfo
# -DOSM=chengdu.osm -DROADS=wuhou_roads.gpkg -DWORK=dir
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(shp ${WORK}/roads_gbk.shp)
execute_process(COMMAND ${OGR2OGR} -f "ESRI Shapefile" -lco ENCODING=CP936 ${shp} ${ROADS}
    -sql "SELECT name AS 道路名称, highway AS 道路等级, oneway, layer, geom FROM roads"
    RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "ogr2ogr failed: ${err}")
endif()
file(REMOVE ${WORK}/roads_gbk.cpg) # the wizard detects GBK from the bytes

set(sources "${OSM} ${shp}")
set(mapping "--role roads_gbk=roads --field roads.name=道路名称 --field roads.class=道路等级")
file(WRITE ${WORK}/script.txt "
new-project ${sources} --role roads_gbk=roads --encoding utf8 --preview roads_gbk --shot ${WORK}/wizard-utf8.png --state ${WORK}/utf8.json
new-project ${sources} ${mapping} --encoding gbk --crs gcj02 --preview roads_gbk --state ${WORK}/gcj02.json
new-project ${sources} ${mapping} --preview roads_gbk --shot ${WORK}/wizard-en.png --state ${WORK}/wizard.json -o ${WORK}/new.cordon
state ${WORK}/app.json
table roads 棕南正街
state ${WORK}/filter.json
table roads
state ${WORK}/nofilter.json
lang zh
new-project ${sources} ${mapping} --preview roads_gbk --crs bd09 --shot ${WORK}/wizard-zh.png --state ${WORK}/wizard-zh.json
quit
")
run_app_script(${WORK}/script.txt)

# Read as UTF-8 the GBK text is visibly garbled (U+FFFD), and the wizard says the import
# would stop.
json_get(encoding ${WORK}/utf8.json preview encoding)
expect("utf8 preview encoding" "${encoding}" "UTF-8")
json_get(row ${WORK}/utf8.json preview rows 0 0)
expect_contains("utf8 preview row" "${row}" "�")
json_get(problem ${WORK}/utf8.json preview problem)
# The import names its parameter apart; the wizard says it as its own field.
expect_contains("utf8 preview problem" "${problem}" "not valid UTF-8 text (“Text encoding of Shapefiles”: UTF-8); it reads as GBK")

# GCJ-02: the features move (a few hundred metres in Chengdu), drawn over the data as it says.
json_get(info ${WORK}/gcj02.json preview info)
string(REGEX MATCH "Moved ([0-9]+) m" m "${info}")
if(NOT m OR CMAKE_MATCH_1 LESS 100 OR CMAKE_MATCH_1 GREATER 1000)
    message(FATAL_ERROR "gcj02 preview: no shift of 100-1000 m in '${info}'")
endif()
message(STATUS "ok: gcj02 moves the preview ${CMAKE_MATCH_1} m")
json_get(cell ${WORK}/gcj02.json preview rows 0 0)
expect("gbk preview first name" "${cell}" "棕南正街")

# Detected: GBK, Chinese readable, fields mapped as asked, the OSM extract by its rules.
json_get(encoding ${WORK}/wizard.json preview encoding)
expect("detected preview encoding" "${encoding}" "GBK")
json_get(column ${WORK}/wizard.json preview columns 0)
expect("first preview column" "${column}" "道路名称")
json_get(cell ${WORK}/wizard.json preview rows 0 0)
expect("detected preview first name" "${cell}" "棕南正街")
json_get(cell ${WORK}/wizard.json preview rows 7 0)
expect("detected preview 8th name" "${cell}" "棕竹街")
json_get(lines ${WORK}/wizard.json preview lines)
expect("preview features" "${lines}" "852")
json_get(role ${WORK}/wizard.json layers 5 role)
expect("shapefile role" "${role}" "roads")
json_get(field ${WORK}/wizard.json layers 5 fields class)
expect("roads.class field" "${field}" "道路等级")
json_get(role ${WORK}/wizard.json layers 0 role)
expect("OSM layer role" "${role}" "osm")

# The import's counts equal cordon-cli import with the wizard's command line.
json_get(words ${WORK}/wizard.json command_line)
string(JSON n LENGTH "${words}")
math(EXPR last "${n} - 1")
set(args)
foreach(i RANGE ${last})
    string(JSON w GET "${words}" ${i})
    list(APPEND args "${w}")
endforeach()
message(STATUS "cordon-cli ${args}")
execute_process(COMMAND ${CLI} ${args} -o ${WORK}/cli.cordon --json ${WORK}/cli.json
    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cordon-cli import failed: ${err}")
endif()
json_get(project ${WORK}/app.json project)
expect("project opened" "${project}" "${WORK}/new.cordon")
foreach(role buildings compounds gates roads)
    foreach(count read imported repaired dropped)
        json_get(app ${WORK}/app.json import layers ${role} ${count})
        json_get(cli ${WORK}/cli.json layers ${role} ${count})
        expect("${role} ${count} (app = cli)" "${app}" "${cli}")
    endforeach()
endforeach()
json_get(buildings ${WORK}/app.json import layers buildings imported)
expect("sample buildings" "${buildings}" "800")
json_get(roads ${WORK}/app.json import layers roads imported)
if(roads LESS 853)
    message(FATAL_ERROR "roads: ${roads}, expected the sample's and the 852 Shapefile roads")
endif()
json_get(encoding ${WORK}/app.json import sources 1 encoding)
expect("shapefile encoding" "${encoding}" "CP936 (detected)")

# The table's filter (off the UI thread) against SQL.
execute_process(COMMAND ${OGRINFO} -ro ${WORK}/new.cordon -sql
    "SELECT count(*) AS n FROM roads WHERE name LIKE '%棕南正街%'"
    OUTPUT_VARIABLE sql RESULT_VARIABLE rc)
string(REGEX MATCH "n \\(Integer\\) = ([0-9]+)" m "${sql}")
if(NOT m)
    message(FATAL_ERROR "ogrinfo count failed: ${sql}")
endif()
json_get(filtered ${WORK}/filter.json table rows)
expect("filtered roads rows" "${filtered}" "${CMAKE_MATCH_1}")
json_get(all ${WORK}/nofilter.json table rows)
expect("unfiltered roads rows" "${all}" "${roads}")

# Chinese: the page in Chinese; BD-09 moves the features too.
json_get(title ${WORK}/wizard-zh.json title)
expect("Chinese page title" "${title}" "3. 编码、坐标与预览")
json_get(info ${WORK}/wizard-zh.json preview info)
expect_contains("Chinese preview info" "${info}" "按GBK读取")

foreach(png wizard-en wizard-zh)
    file(SIZE ${WORK}/${png}.png size)
    if(size LESS 20000)
        message(FATAL_ERROR "${png}.png is only ${size} bytes")
    endif()
    message(STATUS "ok: ${png}.png ${size} bytes")
endforeach()
