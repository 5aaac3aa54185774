# Runs one CLI transcript case and compares it with the expected transcript.
#
# Called by tests/cli/CMakeLists.txt as
#   cmake -DERLANGEN=<binary> -DCASE=<dir>/<name>.cmd -DSOURCE_DIR=<repo> -DWORK_DIR=<scratch> -P run_transcript.cmake
# Add -DUPDATE=ON to (re)write the expected files from the actual run; review them before committing.
#
# <name>.cmd holds one command line; the first token is usually @ERLANGEN@.
# Tokens replaced in every argument: @ERLANGEN@ (the binary), @EXAMPLES@ (the
# examples folder), @WORK@ (a fresh empty scratch folder, also the working
# directory). Lines starting with '#' are comments, except directives:
#   #! truncate SRC DST BYTES   before the run, copy the first BYTES bytes of SRC to DST
#   #! write DST TEXT...        before the run, write the text to DST
#   #! absent PATH              after the run, PATH must not exist (no output left behind)
#   #! exists PATH              after the run, PATH must exist
#   #! stdout PATH              send standard output to PATH (such as /dev/full) instead of comparing it
# After every run, no temporary file (*.tmp-*) may remain in @WORK@.
#
# -DLAUNCHER="TOOL ARGS..." (optional) runs the binary through TOOL, such as valgrind. In
# LAUNCHER, @LOG@ becomes <scratch>.launcher.log, a file beside the scratch folder, and that file
# is shown when the exit code differs from the expected one. LAUNCHER must not contain ';',
# which CMake reads as a list separator.
#
# Expected results beside the .cmd: <name>.code (exit code, required),
# <name>.out (stdout) and <name>.err (stderr); a missing .out or .err is not
# checked. Lines of the form "~ REGEX" in an expected file are regular
# expressions that the whole normalised actual line must match (for values
# that are only rounding noise). A last line "~..." accepts any further output
# (for lists that other modules extend, such as the subcommands in --help).
# Before comparing, both sides are normalised:
#   * the actual paths of the binary, examples and scratch folders become the tokens;
#   * every number is rounded to 6 significant digits, and numbers below 1e-10 in
#     magnitude become 0, so that values that differ only by floating-point
#     rounding (thread count, compiler, summation order) compare equal while any
#     change in the 6th digit fails;
#   * trailing spaces at line ends are removed.
cmake_minimum_required(VERSION 3.20)

foreach(variable ERLANGEN CASE SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "run_transcript: -D${variable}=... is missing")
  endif()
endforeach()

get_filename_component(case_dir "${CASE}" DIRECTORY)
get_filename_component(case_name "${CASE}" NAME_WE)
set(examples_dir "${SOURCE_DIR}/examples")

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(substitute_tokens text out_var)
  string(REPLACE "@ERLANGEN@" "${ERLANGEN}" text "${text}")
  string(REPLACE "@EXAMPLES@" "${examples_dir}" text "${text}")
  string(REPLACE "@WORK@" "${WORK_DIR}" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# Rounds one decimal number (text) to 6 significant digits: "<sign>0.dddddde<E>", or "0".
function(normalise_number text out_var)
  string(REGEX MATCH "^([-+]?)([0-9]*)\\.?([0-9]*)([eE]([-+]?[0-9]+))?$" matched "${text}")
  if(NOT matched)
    set(${out_var} "${text}" PARENT_SCOPE)
    return()
  endif()
  set(sign "${CMAKE_MATCH_1}")
  set(integer_digits "${CMAKE_MATCH_2}")
  set(fraction_digits "${CMAKE_MATCH_3}")
  set(exponent "${CMAKE_MATCH_5}")
  if(exponent STREQUAL "")
    set(exponent 0)
  endif()
  string(REGEX REPLACE "^\\+" "" exponent "${exponent}")
  if(sign STREQUAL "+")
    set(sign "")
  endif()

  # value = 0.<digits> x 10^decimal_exponent
  string(REGEX REPLACE "^0+" "" integer_significant "${integer_digits}")
  string(LENGTH "${integer_significant}" integer_length)
  if(integer_length GREATER 0)
    set(digits "${integer_significant}${fraction_digits}")
    math(EXPR decimal_exponent "${exponent} + ${integer_length}")
  else()
    string(REGEX REPLACE "^0+" "" digits "${fraction_digits}")
    string(LENGTH "${fraction_digits}" fraction_length)
    string(LENGTH "${digits}" digits_length)
    math(EXPR decimal_exponent "${exponent} - (${fraction_length} - ${digits_length})")
  endif()
  string(REGEX REPLACE "0+$" "" digits "${digits}")
  if(digits STREQUAL "" OR decimal_exponent LESS -9)
    set(${out_var} "0" PARENT_SCOPE)
    return()
  endif()

  string(APPEND digits "0000000")
  string(SUBSTRING "${digits}" 0 6 kept)
  string(SUBSTRING "${digits}" 6 1 next_digit)
  string(REGEX REPLACE "^0+" "" kept_value "${kept}")
  if(next_digit GREATER_EQUAL 5)
    math(EXPR kept_value "${kept_value} + 1")
    if(kept_value EQUAL 1000000)
      set(kept_value 100000)
      math(EXPR decimal_exponent "${decimal_exponent} + 1")
    endif()
  endif()
  set(${out_var} "${sign}0.${kept_value}e${decimal_exponent}" PARENT_SCOPE)
endfunction()

# Normalises a whole transcript: paths to tokens, numbers rounded, trailing spaces removed.
function(normalise_transcript text out_var)
  string(REPLACE "${WORK_DIR}" "@WORK@" text "${text}")
  string(REPLACE "${examples_dir}" "@EXAMPLES@" text "${text}")
  string(REPLACE "${ERLANGEN}" "@ERLANGEN@" text "${text}")
  string(REGEX REPLACE "[ \t]+\n" "\n" text "${text}")
  string(REGEX REPLACE "[ \t]+$" "" text "${text}")

  set(result "")
  set(number_pattern "[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?")
  while(TRUE)
    string(REGEX MATCH "${number_pattern}" number "${text}")
    if(number STREQUAL "")
      break()
    endif()
    string(FIND "${text}" "${number}" position)
    string(SUBSTRING "${text}" 0 ${position} prefix)
    string(LENGTH "${number}" number_length)
    math(EXPR rest_start "${position} + ${number_length}")
    string(SUBSTRING "${text}" ${rest_start} -1 text)
    normalise_number("${number}" rounded)
    string(APPEND result "${prefix}${rounded}")
  endwhile()
  string(APPEND result "${text}")
  set(${out_var} "${result}" PARENT_SCOPE)
endfunction()

# Read the case: the command line and the directives.
file(STRINGS "${CASE}" case_lines)
set(command_line "")
set(absent_paths "")
set(existing_paths "")
foreach(line IN LISTS case_lines)
  if(line MATCHES "^#! *truncate +([^ ]+) +([^ ]+) +([0-9]+) *$")
    substitute_tokens("${CMAKE_MATCH_1}" source)
    substitute_tokens("${CMAKE_MATCH_2}" target)
    execute_process(COMMAND head -c "${CMAKE_MATCH_3}" "${source}" OUTPUT_FILE "${target}" RESULT_VARIABLE head_code)
    if(NOT head_code EQUAL 0)
      message(FATAL_ERROR "run_transcript: could not truncate ${source} into ${target}")
    endif()
  elseif(line MATCHES "^#! *write +([^ ]+) +(.*)$")
    substitute_tokens("${CMAKE_MATCH_1}" target)
    file(WRITE "${target}" "${CMAKE_MATCH_2}\n")
  elseif(line MATCHES "^#! *absent +(.+)$")
    substitute_tokens("${CMAKE_MATCH_1}" path)
    list(APPEND absent_paths "${path}")
  elseif(line MATCHES "^#! *stdout +(.+)$")
    substitute_tokens("${CMAKE_MATCH_1}" stdout_path)
  elseif(line MATCHES "^#! *exists +(.+)$")
    substitute_tokens("${CMAKE_MATCH_1}" path)
    list(APPEND existing_paths "${path}")
  elseif(line MATCHES "^#" OR line STREQUAL "")
    continue()
  elseif(command_line STREQUAL "")
    set(command_line "${line}")
  else()
    message(FATAL_ERROR "run_transcript: ${CASE} has more than one command line")
  endif()
endforeach()
if(command_line STREQUAL "")
  message(FATAL_ERROR "run_transcript: ${CASE} has no command line")
endif()

separate_arguments(arguments UNIX_COMMAND "${command_line}")
set(command "")
foreach(argument IN LISTS arguments)
  substitute_tokens("${argument}" argument)
  list(APPEND command "${argument}")
endforeach()

set(launcher_log "${WORK_DIR}.launcher.log")
file(REMOVE "${launcher_log}")
if(DEFINED LAUNCHER AND NOT LAUNCHER STREQUAL "")
  list(GET command 0 program)
  if(program STREQUAL ERLANGEN)
    string(REPLACE "@LOG@" "${launcher_log}" launcher "${LAUNCHER}")
    separate_arguments(launcher UNIX_COMMAND "${launcher}")
    list(PREPEND command ${launcher})
  endif()
endif()

if(DEFINED stdout_path)
  execute_process(COMMAND ${command}
    WORKING_DIRECTORY "${WORK_DIR}"
    OUTPUT_FILE "${stdout_path}"
    ERROR_VARIABLE actual_err
    RESULT_VARIABLE actual_code)
  set(actual_out "")
else()
  execute_process(COMMAND ${command}
    WORKING_DIRECTORY "${WORK_DIR}"
    OUTPUT_VARIABLE actual_out
    ERROR_VARIABLE actual_err
    RESULT_VARIABLE actual_code)
endif()

# Paths become tokens for the expected files (-DUPDATE=ON); numbers stay as printed there.
foreach(stream out err)
  set(raw_${stream} "${actual_${stream}}")
  string(REPLACE "${WORK_DIR}" "@WORK@" raw_${stream} "${raw_${stream}}")
  string(REPLACE "${examples_dir}" "@EXAMPLES@" raw_${stream} "${raw_${stream}}")
  string(REPLACE "${ERLANGEN}" "@ERLANGEN@" raw_${stream} "${raw_${stream}}")
  normalise_transcript("${actual_${stream}}" actual_${stream})
endforeach()

set(failures "")
set(expected_base "${case_dir}/${case_name}")
if(UPDATE)
  file(WRITE "${expected_base}.out" "${raw_out}")
  file(WRITE "${expected_base}.err" "${raw_err}")
  file(WRITE "${expected_base}.code" "${actual_code}\n")
  message(STATUS "run_transcript: updated ${expected_base}.{out,err,code}")
endif()

if(NOT EXISTS "${expected_base}.code")
  message(FATAL_ERROR "run_transcript: ${expected_base}.code is missing; run once with -DUPDATE=ON and review")
endif()
file(READ "${expected_base}.code" expected_code)
string(STRIP "${expected_code}" expected_code)
if(NOT actual_code STREQUAL expected_code)
  string(APPEND failures "exit code: expected ${expected_code}, got ${actual_code}\n")
  if(EXISTS "${launcher_log}")
    file(READ "${launcher_log}" launcher_output)
    string(APPEND failures "launcher log ${launcher_log}:\n${launcher_output}\n")
  endif()
endif()

# Compares line by line; an expected line "~ REGEX" matches any actual line
# that the regular expression matches as a whole (after normalisation).
function(transcripts_match expected actual out_var)
  string(REPLACE ";" "\\;" expected "${expected}")
  string(REPLACE ";" "\\;" actual "${actual}")
  string(REPLACE "\n" ";" expected_lines "${expected}")
  string(REPLACE "\n" ";" actual_lines "${actual}")
  list(LENGTH expected_lines expected_count)
  list(LENGTH actual_lines actual_count)
  # A last expected line "~..." accepts any further actual lines.
  list(GET expected_lines -1 last_line)
  if(last_line STREQUAL "")
    list(GET expected_lines -2 last_line)
  endif()
  if(last_line STREQUAL "~...")
    list(FIND expected_lines "~..." open_index)
    if(actual_count LESS open_index)
      set(${out_var} FALSE PARENT_SCOPE)
      return()
    endif()
    list(SUBLIST actual_lines 0 ${open_index} actual_lines)
    list(SUBLIST expected_lines 0 ${open_index} expected_lines)
    set(expected_count ${open_index})
    set(actual_count ${open_index})
  endif()
  if(NOT expected_count EQUAL actual_count)
    set(${out_var} FALSE PARENT_SCOPE)
    return()
  endif()
  set(index 0)
  while(index LESS expected_count)
    list(GET expected_lines ${index} expected_line)
    list(GET actual_lines ${index} actual_line)
    if(expected_line MATCHES "^~ (.*)$")
      if(NOT actual_line MATCHES "^${CMAKE_MATCH_1}$")
        set(${out_var} FALSE PARENT_SCOPE)
        return()
      endif()
    else()
      normalise_transcript("${expected_line}" expected_line)
      if(NOT expected_line STREQUAL actual_line)
        set(${out_var} FALSE PARENT_SCOPE)
        return()
      endif()
    endif()
    math(EXPR index "${index} + 1")
  endwhile()
  set(${out_var} TRUE PARENT_SCOPE)
endfunction()

foreach(stream out err)
  if(EXISTS "${expected_base}.${stream}")
    file(READ "${expected_base}.${stream}" expected_text)
    if(expected_text MATCHES "(^|\n)~( |\\.\\.\\.)")
      transcripts_match("${expected_text}" "${actual_${stream}}" same)
    else()
      normalise_transcript("${expected_text}" expected_text)
      if(actual_${stream} STREQUAL expected_text)
        set(same TRUE)
      else()
        set(same FALSE)
      endif()
    endif()
    if(NOT same)
      string(APPEND failures "std${stream} differs (normalised):\n--- expected\n${expected_text}\n--- actual\n${actual_${stream}}\n")
    endif()
  endif()
endforeach()

foreach(path IN LISTS absent_paths)
  if(EXISTS "${path}")
    string(APPEND failures "file should not exist after the run: ${path}\n")
  endif()
endforeach()
foreach(path IN LISTS existing_paths)
  if(NOT EXISTS "${path}")
    string(APPEND failures "file should exist after the run: ${path}\n")
  endif()
endforeach()
file(GLOB_RECURSE temporaries "${WORK_DIR}/*.tmp-*")
if(temporaries)
  string(APPEND failures "temporary files left behind: ${temporaries}\n")
endif()

if(NOT failures STREQUAL "")
  message(FATAL_ERROR "transcript ${case_name} failed:\n${failures}")
endif()
message(STATUS "transcript ${case_name} passed")
