# Print from the app under Xvfb: the atlas preview (pages drawn by render::draw_atlas, page
# navigation, paper, orientation, language, zones) and Export PDF (render::write_atlas on the
# worker thread); the PDF's page count (pdfinfo) is the overview + zones + continuation pages
# and matches `cordon-cli print` with the same options.
# -DCORDON=app -DXVFB_RUN=xvfb-run -DCLI=cordon-cli -DOSM=sample.osm -DWORK=dir
include(${CMAKE_CURRENT_LIST_DIR}/support.cmake)
cmake_policy(SET CMP0054 NEW)
set(project ${WORK}/sample.cordon)
sample_with_zones(${project})

file(WRITE ${WORK}/script.txt "
atlas ${WORK}/app-a4.pdf a4 portrait zh
state ${WORK}/1-atlas.json
preview open a4 portrait zh
state ${WORK}/2-preview.json
preview page 2
state ${WORK}/3-page2.json
preview save ${WORK}/preview-page2.png
preview shot ${WORK}/preview-window.png
preview set a3 landscape en zones=2,5
state ${WORK}/4-preview-a3.json
preview save ${WORK}/preview-a3-page1.png
preview close
atlas ${WORK}/app-a3.pdf a3 landscape en zones=2,5
state ${WORK}/5-atlas-a3.json
preview open a4 portrait zh zones=1 title=玉林街道防控巡查图
state ${WORK}/6-preview-title.json
preview save ${WORK}/preview-title.png
preview close
atlas ${WORK}/app-title.pdf a4 portrait zh zones=1 title=玉林街道防控巡查图
quit
")
run_app_script(${WORK}/script.txt ${project})

function(pdf_pages out pdf)
    execute_process(COMMAND pdfinfo ${pdf} OUTPUT_VARIABLE info RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "pdfinfo ${pdf} failed")
    endif()
    string(REGEX MATCH "Pages: *([0-9]+)" m "${info}")
    set(${out} ${CMAKE_MATCH_1} PARENT_SCOPE)
endfunction()
# The pages an atlas report adds up to: its overview pages and each zone's pages.
function(report_pages out file)
    json_get(zones ${file} ${ARGN} zones)
    json_get(n ${file} ${ARGN} overview_pages)
    string(JSON count LENGTH "${zones}")
    if(count GREATER 0)
        math(EXPR last "${count} - 1")
        foreach(i RANGE ${last})
            string(JSON p GET "${zones}" ${i} pages)
            math(EXPR n "${n} + ${p}")
        endforeach()
    endif()
    set(${out} ${n} PARENT_SCOPE)
endfunction()

# A4 portrait, Chinese, every zone.
execute_process(COMMAND ${CLI} print ${project} -o ${WORK}/cli-a4.pdf --paper A4
    --orientation portrait --lang zh RESULT_VARIABLE rc OUTPUT_VARIABLE cli_out)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cordon-cli print failed: ${rc}")
endif()
pdf_pages(app_pages ${WORK}/app-a4.pdf)
pdf_pages(cli_pages ${WORK}/cli-a4.pdf)
json_get(reported ${WORK}/1-atlas.json atlas pages)
json_get(zone_count ${WORK}/1-atlas.json atlas zones)
string(JSON zone_count LENGTH "${zone_count}")
expect("zones in the A4 atlas" ${zone_count} 8)
report_pages(sum ${WORK}/1-atlas.json atlas)
expect("A4 atlas pages (pdfinfo) = overview + zones + continuation pages" ${app_pages} ${sum})
expect("A4 atlas pages the app reports" ${reported} ${app_pages})
expect("A4 atlas pages: app = cordon-cli print" ${app_pages} ${cli_pages})

# The preview: the same pages, navigation.
json_get(images ${WORK}/2-preview.json preview images)
expect("preview pages" ${images} ${app_pages})
json_get(page ${WORK}/3-page2.json preview page)
expect("preview page after 'page 2'" ${page} 2)
json_get(label ${WORK}/3-page2.json preview label)
string(FIND "${label}" "Page 2 of ${app_pages}" at)
if(at EQUAL -1)
    message(FATAL_ERROR "preview label '${label}' does not say Page 2 of ${app_pages}")
endif()
message(STATUS "ok: preview label '${label}'")

# A3 landscape, English, zones 2 and 5: the preview, the app's PDF and the CLI's agree.
json_get(images ${WORK}/4-preview-a3.json preview images)
json_get(paper ${WORK}/4-preview-a3.json preview paper)
expect("preview paper" ${paper} A3)
execute_process(COMMAND ${CLI} print ${project} -o ${WORK}/cli-a3.pdf --paper A3
    --orientation landscape --lang en --zones 2,5 RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cordon-cli print --paper A3 failed: ${rc}")
endif()
pdf_pages(app_pages ${WORK}/app-a3.pdf)
pdf_pages(cli_pages ${WORK}/cli-a3.pdf)
report_pages(sum ${WORK}/5-atlas-a3.json atlas)
json_get(zone_count ${WORK}/5-atlas-a3.json atlas zones)
string(JSON zone_count LENGTH "${zone_count}")
expect("zones in the A3 atlas" ${zone_count} 2)
expect("A3 atlas pages (pdfinfo) = overview + zones + continuation pages" ${app_pages} ${sum})
expect("A3 atlas pages: app = cordon-cli print" ${app_pages} ${cli_pages})
expect("A3 preview pages" ${images} ${app_pages})
execute_process(COMMAND pdfinfo ${WORK}/app-a3.pdf OUTPUT_VARIABLE info)
string(REGEX MATCH "Page size: *([0-9.]+) x ([0-9.]+)" m "${info}")
if(NOT CMAKE_MATCH_1 GREATER CMAKE_MATCH_2)
    message(FATAL_ERROR "the A3 landscape atlas is not landscape: ${m}")
endif()
message(STATUS "ok: A3 landscape page ${m}")

foreach(png preview-page2 preview-a3-page1 preview-window)
    file(SIZE ${WORK}/${png}.png bytes)
    if(bytes LESS 30000)
        message(FATAL_ERROR "${png}.png is only ${bytes} bytes")
    endif()
endforeach()

# The title field: the preview and the printed page carry the planner's title, not the
# default one.
json_get(title ${WORK}/6-preview-title.json preview title)
expect("the preview's title" "${title}" "玉林街道防控巡查图")
execute_process(COMMAND pdftotext ${WORK}/app-title.pdf - OUTPUT_VARIABLE title_text RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pdftotext failed on the titled atlas")
endif()
expect_contains("the printed atlas's title" "${title_text}" "玉林街道防控巡查图")
execute_process(COMMAND pdftotext ${WORK}/app-a4.pdf - OUTPUT_VARIABLE plain_text)
string(FIND "${plain_text}" "玉林街道防控巡查图" at)
if(NOT at EQUAL -1)
    message(FATAL_ERROR "the untitled atlas carries the title")
endif()
