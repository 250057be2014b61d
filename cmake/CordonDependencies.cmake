# Every third-party dependency is found here, in one place.
find_package(PkgConfig REQUIRED)
find_package(GDAL CONFIG REQUIRED)            # GDAL::GDAL (GDAL >= 3.5 ships its config)
find_package(GEOS 3.10 CONFIG REQUIRED)       # GEOS::geos_c
find_package(Boost 1.74 REQUIRED)             # Boost.Graph is header-only for our use
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(SPATIALITE REQUIRED IMPORTED_TARGET spatialite)
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo cairo)
pkg_check_modules(OPENCC REQUIRED IMPORTED_TARGET opencc) # Traditional ↔ Simplified (ledger)
pkg_check_modules(QPDF REQUIRED IMPORTED_TARGET libqpdf) # joins an atlas written in parts
pkg_check_modules(CBC REQUIRED IMPORTED_TARGET cbc)     # COIN-OR CBC: checkpoints with barriers
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq) # projects in PostgreSQL/PostGIS (issue 19)
find_package(OpenSSL REQUIRED)                # SHA-256 of source files
find_package(CURL REQUIRED)                   # tile services: basemap fetch (issue 18)

if(CORDON_BUILD_TESTS)
    find_package(GTest REQUIRED)
endif()
if(CORDON_BUILD_BENCH)
    find_package(benchmark REQUIRED)
endif()

if(CORDON_BUILD_GUI)
    # CMake 3.25's FindwxWidgets has no imported target: wrap its variables in one of ours.
    find_package(wxWidgets 3.2 REQUIRED COMPONENTS core base)
    add_library(cordon_wx INTERFACE)
    target_include_directories(cordon_wx SYSTEM INTERFACE ${wxWidgets_INCLUDE_DIRS})
    target_compile_definitions(cordon_wx INTERFACE ${wxWidgets_DEFINITIONS})
    target_compile_options(cordon_wx INTERFACE ${wxWidgets_CXX_FLAGS})
    target_link_libraries(cordon_wx INTERFACE ${wxWidgets_LIBRARIES})
    pkg_check_modules(GTK3 REQUIRED IMPORTED_TARGET gtk+-3.0)
endif()
