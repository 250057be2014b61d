# Install rules and packaging (issue 7). Included from the top-level CMakeLists.txt before the
# subdirectories: it picks the install prefix (app/cli bakes ${CMAKE_INSTALL_FULL_DATADIR}
# into cordon-cli, so the prefix must be known before app/cli is configured), then defers the
# install() rules and CPack to the end of the top-level directory, when every target exists.
#
#   cmake --build BUILD --target package     # or: cd BUILD && cpack -G DEB
#
# makes BUILD/cordon_<version>_<arch>.deb (installer/README.md).

# Cordon is packaged for /usr (Debian). A build configured without an explicit prefix gets
# /usr, so the packaged cordon-cli finds its sample under /usr/share/cordon. Build folders
# configured before this file existed carry CMake's default /usr/local: they are moved to /usr
# once (CORDON_PREFIX_CHOSEN); a prefix set after that is kept.
if(NOT WIN32 AND NOT APPLE AND NOT DEFINED CACHE{CORDON_PREFIX_CHOSEN})
    if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT OR CMAKE_INSTALL_PREFIX STREQUAL "/usr/local")
        set(CMAKE_INSTALL_PREFIX "/usr" CACHE PATH "Install prefix" FORCE)
    endif()
    set(CORDON_PREFIX_CHOSEN ON CACHE INTERNAL "The install prefix was chosen once")
endif()
include(GNUInstallDirs)

function(cordon_install_rules)
    set(linux ${PROJECT_SOURCE_DIR}/installer/linux)
    set(out ${PROJECT_BINARY_DIR}/installer)
    file(MAKE_DIRECTORY ${out})

    if(TARGET cordon-cli)
        install(TARGETS cordon-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cordon)
    endif()
    if(TARGET cordon)
        # app/gui installs its catalogs itself (share/locale/LANG/LC_MESSAGES/cordon.mo, found
        # from <exe>/../share/locale by app/gui/app.cpp).
        install(TARGETS cordon RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
            BUNDLE DESTINATION . COMPONENT cordon)
    endif()
    # The sample district, where cordon-cli demo looks (app/cli/CMakeLists.txt).
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/chengdu/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/cordon/chengdu COMPONENT cordon)

    if(WIN32 OR APPLE)
        include(${PROJECT_SOURCE_DIR}/installer/CordonCPack.cmake)
        return()
    endif()

    # Freedesktop integration: desktop entry, MIME type for *.cordon, icons.
    install(FILES ${linux}/cordon.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications
        COMPONENT cordon)
    install(FILES ${linux}/cordon-mime.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
        RENAME cordon.xml COMPONENT cordon)
    install(FILES ${linux}/cordon.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT cordon)
    find_program(RSVG_CONVERT rsvg-convert)
    find_program(MAGICK_CONVERT NAMES magick convert)
    set(pngs)
    foreach(size 16 24 32 48 64 128 256)
        set(png ${out}/icons/${size}x${size}/cordon.png)
        if(RSVG_CONVERT)
            set(render ${RSVG_CONVERT} -w ${size} -h ${size} -o ${png} ${linux}/cordon.svg)
        elseif(MAGICK_CONVERT)
            set(render ${MAGICK_CONVERT} -background none -density 384 ${linux}/cordon.svg
                -resize ${size}x${size} ${png})
        else()
            message(WARNING "Neither rsvg-convert (librsvg2-bin) nor ImageMagick found: the "
                "package gets only the SVG icon")
            break()
        endif()
        add_custom_command(OUTPUT ${png}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${out}/icons/${size}x${size}
            COMMAND ${render}
            DEPENDS ${linux}/cordon.svg COMMENT "icon ${size}x${size}")
        list(APPEND pngs ${png})
        install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
            COMPONENT cordon)
    endforeach()

    # Man pages and Debian documentation, compressed as Debian wants (gzip -9n: no timestamp).
    find_program(GZIP gzip REQUIRED)
    set(docs)
    foreach(page cordon-cli.1 cordon.1)
        add_custom_command(OUTPUT ${out}/${page}.gz
            COMMAND ${GZIP} -9nc ${linux}/${page} > ${out}/${page}.gz
            DEPENDS ${linux}/${page} COMMENT "gzip ${page}")
        list(APPEND docs ${out}/${page}.gz)
        install(FILES ${out}/${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT cordon)
    endforeach()
    add_custom_command(OUTPUT ${out}/changelog.gz
        COMMAND ${GZIP} -9nc ${linux}/changelog > ${out}/changelog.gz
        DEPENDS ${linux}/changelog COMMENT "gzip changelog")
    list(APPEND docs ${out}/changelog.gz)
    install(FILES ${out}/changelog.gz ${linux}/copyright
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/cordon COMPONENT cordon)
    add_custom_target(cordon_install_files ALL DEPENDS ${pngs} ${docs})

    include(${PROJECT_SOURCE_DIR}/installer/CordonCPack.cmake)
endfunction()

cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL cordon_install_rules)
