# Locates erlangen's dependencies, all of them Debian packages installed by
# scripts/setup.sh. FFTW3 ships no CMake package on Debian, so pkg-config finds it.
find_package(PkgConfig REQUIRED)
pkg_check_modules(FFTW3 REQUIRED IMPORTED_TARGET fftw3 fftw3f)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(PNG REQUIRED)
find_package(JPEG REQUIRED)

set(ERLANGEN_HAVE_TIFF OFF)
if(ERLANGEN_WITH_TIFF)
  find_package(TIFF QUIET)
  if(TIFF_FOUND)
    set(ERLANGEN_HAVE_TIFF ON)
  endif()
endif()

set(ERLANGEN_HAVE_OPENMP OFF)
if(ERLANGEN_WITH_OPENMP)
  find_package(OpenMP QUIET)
  if(OpenMP_CXX_FOUND)
    set(ERLANGEN_HAVE_OPENMP ON)
  endif()
endif()

if(ERLANGEN_BUILD_CLI)
  find_package(CLI11 REQUIRED)
endif()
if(ERLANGEN_BUILD_TESTS)
  find_package(GTest REQUIRED)
  find_package(rapidcheck REQUIRED)
endif()
if(ERLANGEN_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

# The Python module needs the interpreter, its headers, numpy and pybind11 (Debian: python3-dev,
# python3-numpy, pybind11-dev). Without any of them the module is skipped, not an error.
set(ERLANGEN_HAVE_PYTHON OFF)
if(ERLANGEN_BUILD_PYTHON)
  find_package(Python3 COMPONENTS Interpreter Development.Module NumPy QUIET)
  if(Python3_FOUND AND Python3_NumPy_FOUND)
    # pybind11's own search for Python would otherwise pick the first python3 on PATH.
    set(PYTHON_EXECUTABLE "${Python3_EXECUTABLE}" CACHE FILEPATH "Python used by pybind11" FORCE)
    find_package(pybind11 2.6 CONFIG QUIET)
    if(pybind11_FOUND)
      set(ERLANGEN_HAVE_PYTHON ON)
    endif()
  endif()
  if(NOT ERLANGEN_HAVE_PYTHON)
    message(STATUS "erlangen: Python module skipped (needs Python3 with numpy and pybind11; "
                   "pass -DPython3_EXECUTABLE=/usr/bin/python3 on Debian)")
  endif()
endif()

# liblinear (Debian liblinear-dev) ships neither a CMake package nor a pkg-config file, so its
# header and library are located directly.
find_path(LIBLINEAR_INCLUDE_DIR linear.h REQUIRED)
find_library(LIBLINEAR_LIBRARY NAMES linear REQUIRED)
if(NOT TARGET liblinear::liblinear)
  add_library(liblinear::liblinear UNKNOWN IMPORTED)
  set_target_properties(liblinear::liblinear PROPERTIES
    IMPORTED_LOCATION "${LIBLINEAR_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LIBLINEAR_INCLUDE_DIR}")
endif()
