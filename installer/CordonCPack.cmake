# CPack settings for every platform. Included by cmake/CordonInstall.cmake after the install()
# rules. Linux: a Debian package (tested, installer/README.md). Windows (NSIS, WiX) and macOS
# (app bundle in a disk image): written for the same CMake, NOT tested here.

set(CPACK_PACKAGE_NAME "cordon")
set(CPACK_PACKAGE_VENDOR "The Cordon developers")
set(CPACK_PACKAGE_CONTACT "Cordon developers <cordon@example.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "district planner for epidemic control")
set(CPACK_PACKAGE_DESCRIPTION
    "Cordon plans the control of a city district during an epidemic: which compound gates to "
    "close or guard, patrol zones and routes for the teams, staffing, and vehicle checkpoints "
    "on the choke-point roads. It reads OpenStreetMap extracts and GIS layers into one project "
    "file (SpatiaLite) and exports layers for other agencies.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Cordon")
set(CPACK_PACKAGE_EXECUTABLES "cordon;Cordon")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/installer/LICENSE.txt)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/\\\\.git/")

# --- Debian -------------------------------------------------------------------------------------
set(CPACK_DEBIAN_PACKAGE_NAME "cordon")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # cordon_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.org/cordon")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # dpkg-shlibdeps computes Depends from the binaries
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-wqy-microhei")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Debian's long description (the synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY; CPack indents
# the lines and turns empty ones into " .").
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Cordon plans the control of a city district during an epidemic: which
compound gates to close or guard, patrol zones and routes for the teams,
staffing, and vehicle checkpoints on the choke-point roads. It reads
OpenStreetMap extracts and GIS layers into one project file (SpatiaLite)
and exports layers for other agencies.

The package holds the desktop app (cordon), its command-line twin
(cordon-cli) and a sample district (central Chengdu, OpenStreetMap, ODbL).")
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr" AND NOT WIN32 AND NOT APPLE)
    message(WARNING "CMAKE_INSTALL_PREFIX is ${CMAKE_INSTALL_PREFIX}: the Debian package installs "
        "into /usr, but cordon-cli looks for its sample under ${CMAKE_INSTALL_FULL_DATADIR}. "
        "Configure a fresh build folder (or -DCMAKE_INSTALL_PREFIX=/usr) to package.")
endif()
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")

# --- Windows: NSIS (cordon-0.1.0-win64.exe) and WiX (.msi). Untested. ---------------------------
set(CPACK_NSIS_DISPLAY_NAME "Cordon")
set(CPACK_NSIS_PACKAGE_NAME "Cordon ${PROJECT_VERSION}")
set(CPACK_NSIS_MUI_ICON ${PROJECT_SOURCE_DIR}/installer/windows/cordon.ico)
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\cordon.exe")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MODIFY_PATH OFF)
set(CPACK_NSIS_CREATE_ICONS_EXTRA
    "CreateShortCut '$SMPROGRAMS\\\\$STARTMENU_FOLDER\\\\Cordon.lnk' '$INSTDIR\\\\bin\\\\cordon.exe'")
# *.cordon opens in Cordon.
# CPack writes these into CPackConfig.cmake inside "...": the quotes are escaped for that, and
# its re-reading turns \\ into the single backslash NSIS wants.
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS [=[
  WriteRegStr HKCR \".cordon\" \"\" \"Cordon.Project\"
  WriteRegStr HKCR \"Cordon.Project\" \"\" \"Cordon project\"
  WriteRegStr HKCR \"Cordon.Project\\DefaultIcon\" \"\" \"$INSTDIR\\bin\\cordon.exe,0\"
  WriteRegStr HKCR \"Cordon.Project\\shell\\open\\command\" \"\" '\"$INSTDIR\\bin\\cordon.exe\" \"%1\"'
]=])
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS [=[
  DeleteRegKey HKCR \".cordon\"
  DeleteRegKey HKCR \"Cordon.Project\"
]=])
set(CPACK_WIX_UPGRADE_GUID "6C1E2B55-3F3A-4E4B-9B77-3A2D0C0F7E11") # never change it
set(CPACK_WIX_PRODUCT_ICON ${PROJECT_SOURCE_DIR}/installer/windows/cordon.ico)
set(CPACK_WIX_PATCH_FILE ${PROJECT_SOURCE_DIR}/installer/windows/wix-file-association.xml)
set(CPACK_WIX_PROGRAM_MENU_FOLDER "Cordon")
if(WIN32)
    # The DLLs of GDAL, GEOS, PROJ, SpatiaLite, wxWidgets beside the executables (vcpkg or
    # OSGeo4W), found from the built executables.
    install(CODE [[
        file(GET_RUNTIME_DEPENDENCIES EXECUTABLES
                "${CMAKE_INSTALL_PREFIX}/bin/cordon.exe" "${CMAKE_INSTALL_PREFIX}/bin/cordon-cli.exe"
             RESOLVED_DEPENDENCIES_VAR deps
             PRE_EXCLUDE_REGEXES "api-ms-.*" "ext-ms-.*"
             POST_EXCLUDE_REGEXES ".*[/\\\\]system32[/\\\\].*")
        file(INSTALL ${deps} DESTINATION "${CMAKE_INSTALL_PREFIX}/bin")
    ]])
    set(CPACK_GENERATOR "NSIS;WIX")
endif()

# --- macOS: Cordon.app in a disk image. Untested. -------------------------------------------------
if(APPLE)
    if(TARGET cordon)
        set_target_properties(cordon PROPERTIES MACOSX_BUNDLE ON
            MACOSX_BUNDLE_INFO_PLIST ${PROJECT_SOURCE_DIR}/installer/macos/Info.plist.in
            MACOSX_BUNDLE_BUNDLE_NAME "Cordon"
            MACOSX_BUNDLE_GUI_IDENTIFIER "org.example.cordon"
            MACOSX_BUNDLE_ICON_FILE "cordon.icns"
            MACOSX_BUNDLE_BUNDLE_VERSION ${PROJECT_VERSION}
            MACOSX_BUNDLE_SHORT_VERSION_STRING ${PROJECT_VERSION})
        # installer/macos/make-icns.sh makes cordon.icns from the SVG (iconutil).
        install(FILES ${PROJECT_SOURCE_DIR}/installer/macos/cordon.icns
            DESTINATION Cordon.app/Contents/Resources OPTIONAL)
        # The Homebrew dylibs copied into the bundle and relinked.
        install(CODE [[
            include(BundleUtilities)
            fixup_bundle("${CMAKE_INSTALL_PREFIX}/Cordon.app" "" "")
        ]])
    endif()
    set(CPACK_GENERATOR "DragNDrop")
    set(CPACK_DMG_VOLUME_NAME "Cordon")
    set(CPACK_BUNDLE_NAME "Cordon")
elseif(NOT WIN32)
    set(CPACK_GENERATOR "DEB")
endif()

include(CPack)
