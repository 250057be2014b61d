# Compile flags shared by every Cordon target (see GEOS' geos_developer_cxx_flags).
add_library(cordon_flags INTERFACE)
target_compile_options(cordon_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
target_compile_definitions(cordon_flags INTERFACE CORDON_VERSION="${PROJECT_VERSION}")
if(CORDON_WERROR)
    target_compile_options(cordon_flags INTERFACE -Werror)
endif()
if(CORDON_SANITIZE)
    target_compile_options(cordon_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(cordon_flags INTERFACE -fsanitize=address,undefined)
endif()

# cordon_executable_flags(TARGET): what every executable of ours gets (sanitizer suppressions).
function(cordon_executable_flags target)
    target_link_libraries(${target} PRIVATE cordon_flags)
    if(CORDON_SANITIZE)
        target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support/lsan_suppressions.cpp)
    endif()
endfunction()

# cordon_library(NAME DIR DEPS...): a library from DIR/src/*.cpp with public headers in
# DIR/include, and its unit tests DIR/tests/*_test.cpp as one test program NAME_tests.
function(cordon_library name dir)
    cmake_parse_arguments(ARG "" "" "PUBLIC;PRIVATE;TEST_LIBS" ${ARGN})
    file(GLOB sources CONFIGURE_DEPENDS ${dir}/src/*.cpp)
    add_library(${name} STATIC ${sources})
    target_include_directories(${name} PUBLIC ${dir}/include PRIVATE ${dir}/src)
    target_link_libraries(${name} PUBLIC ${ARG_PUBLIC} PRIVATE cordon_flags ${ARG_PRIVATE})
    if(CORDON_BUILD_TESTS)
        file(GLOB tests CONFIGURE_DEPENDS ${dir}/tests/*_test.cpp)
        if(tests)
            add_executable(${name}_tests ${tests})
            target_include_directories(${name}_tests PRIVATE ${dir}/src ${PROJECT_SOURCE_DIR}/tests/support)
            target_link_libraries(${name}_tests PRIVATE ${name} cordon_flags ${ARG_PRIVATE}
                ${ARG_TEST_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
            cordon_executable_flags(${name}_tests)
            target_compile_definitions(${name}_tests PRIVATE
                CORDON_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                CORDON_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
            gtest_discover_tests(${name}_tests DISCOVERY_TIMEOUT 60
                PROPERTIES LABELS "unit;${name}")
        endif()
    endif()
endfunction()
