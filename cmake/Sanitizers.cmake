# Compiles and links every target that follows (library, CLI, tests, Python module) with the
# sanitizers listed in ERLANGEN_SANITIZE, for scripts/sanitize.sh. An undefined-behaviour report
# aborts the run instead of printing and continuing, so ctest sees it as a failure.
#
# Sets ERLANGEN_SANITIZE_ADDRESS to ON when AddressSanitizer is among them, so that the Python test
# can preload its runtime.
set(ERLANGEN_SANITIZE_ADDRESS OFF)
if(ERLANGEN_SANITIZE STREQUAL "")
  return()
endif()

if(NOT CMAKE_CXX_COMPILER_ID MATCHES "^(GNU|Clang)$")
  message(FATAL_ERROR "ERLANGEN_SANITIZE=${ERLANGEN_SANITIZE} needs GCC or Clang, "
                      "but the C++ compiler is ${CMAKE_CXX_COMPILER_ID}; "
                      "configure with -DCMAKE_CXX_COMPILER=g++ or leave ERLANGEN_SANITIZE empty")
endif()

set(erlangen_supported_sanitizers address undefined leak)
string(REPLACE "," ";" erlangen_sanitizers "${ERLANGEN_SANITIZE}")
foreach(sanitizer IN LISTS erlangen_sanitizers)
  if(NOT sanitizer IN_LIST erlangen_supported_sanitizers)
    message(FATAL_ERROR "ERLANGEN_SANITIZE=${ERLANGEN_SANITIZE}: unsupported sanitizer "
                        "'${sanitizer}'; use a comma-separated subset of address,undefined,leak")
  endif()
endforeach()
if("address" IN_LIST erlangen_sanitizers)
  set(ERLANGEN_SANITIZE_ADDRESS ON)
endif()

add_compile_options(-fsanitize=${ERLANGEN_SANITIZE} -fno-omit-frame-pointer)
if("undefined" IN_LIST erlangen_sanitizers)
  add_compile_options(-fno-sanitize-recover=undefined)
endif()
add_link_options(-fsanitize=${ERLANGEN_SANITIZE})
message(STATUS "erlangen: sanitizers ${ERLANGEN_SANITIZE}")
