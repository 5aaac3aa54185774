// Helpers shared by the subcommands: moment options, image loading, output.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/image.hpp"
#include "erlangen/moments/cartesian.hpp"
#include "erlangen/moments/plan.hpp"

namespace erlangen::cli {

// The options that select a moment family and a plan, as given on the command line.
struct MomentArguments {
  std::string family = "zernike";
  int max_order = 20;
  double alpha = 1.0;
  double p = 2.0;
  double q = 2.0;
  std::string method = "auto";
  std::string grid = "edge";
  std::string integration = "midpoint";
  int nodes = 4;
  std::string convention = "textbook";
  double krawtchouk_p = 0.5;  // Krawtchouk parameter P in (0, 1), rows and columns

  // True when --family names a Cartesian family (legendre, tchebichef, krawtchouk).
  bool is_cartesian() const;
  // Builds a Cartesian plan for a side x side image; throws InvalidArgument for an order outside [0, side - 1].
  moments::CartesianPlan make_cartesian_plan(std::ptrdiff_t side) const;

  // Builds the disk-based family; throws InvalidArgument for an unknown name, a
  // Cartesian name or parameters out of range.
  std::shared_ptr<const basis::Family> make_family() const;
  // Translates the option strings; throws InvalidArgument for an unknown choice.
  moments::MomentOptions make_options() const;
  // Builds the plan for a side x side image; the plan validates the order and the method.
  moments::MomentPlan make_plan(std::ptrdiff_t side) const;
};

// Adds --family, --max-order, --alpha, --p, --q, --method, --grid,
// --integration, --nodes, --convention and --krawtchouk-p to a subcommand.
void add_moment_options(CLI::App& app, MomentArguments& arguments);

// Adds --downsample (box-average factor applied after the centre crop, stored in `factor`).
void add_downsample_option(CLI::App& app, int& factor);

// Sets and returns the size limit of input files (--max-input-bytes); main() sets it after parsing,
// so that helpers deep in a command apply it without passing GlobalOptions along.
void set_input_byte_limit(std::uint64_t max_bytes);
std::uint64_t input_byte_limit();

// Reads a whole input file (a manifest, suite file or path list) within input_byte_limit(); the
// LimitExceeded message names --max-input-bytes. `operation` prefixes error messages.
std::string read_input_file(const std::filesystem::path& path, std::string_view operation);

// Reads an image as one luma plane (BT.601) with the global pixel limit. A
// non-square image is cropped to its centre square, and unless `quiet` a note
// saying so goes to stderr. A downsample factor F > 1 then averages F x F blocks.
ImageF load_square_grey(const std::filesystem::path& path, std::uint64_t max_pixels, bool quiet,
                        int downsample = 1);

// Reads an image with the global pixel limit and prints each decoder warning as
// "erlangen: note: FILE: WARNING" on stderr unless `quiet`.
ImageF load_grey(const std::filesystem::path& path, std::uint64_t max_pixels, bool quiet);

// Checks an output path given to `option` before any computation: throws
// IoError when it is empty, names a folder or its parent folder is missing.
// "-" (standard output) is accepted only when `allows_stdout`, because it is a
// text format, and otherwise rejected with InvalidArgument.
void check_output_option(const std::filesystem::path& path, std::string_view option, bool allows_stdout);

// Throws InvalidArgument when the file given to `option` is also the file given to `other_option`
// (compared after resolving "." and ".." and symbolic links of existing parents), so that a report
// never overwrites the image just written or the input. "-" never clashes.
void check_distinct_files(const std::filesystem::path& path, std::string_view option,
                          const std::filesystem::path& other, std::string_view other_option);

// Throws InvalidArgument when the output folder given to `option` is the input folder given to
// `input_option`, because a rerun would then read the reports and plots of the first run as
// inputs. A subfolder is accepted: the input folder is listed without recursion.
void check_folder_is_not_input(const std::filesystem::path& folder, std::string_view option,
                               const std::filesystem::path& input, std::string_view input_option,
                               std::string_view operation);

// One CSV field quoted as RFC 4180 requires: fields that contain a comma, a
// double quote, CR or LF are enclosed in double quotes, with quotes doubled.
std::string csv_field(std::string_view text);

// JSON text indented by 2 spaces; invalid UTF-8 in strings (file names from
// the command line) becomes U+FFFD instead of raising nlohmann's type_error.
std::string dump_json(const nlohmann::json& value);

// Writes `report` (dump_json and one blank line) to standard output when `target` is "-", and
// otherwise to the file `target` through io::write_json (a temporary file, then a rename).
void emit_json_report(const std::string& target, const nlohmann::json& report);

// Flushes standard output and throws IoError "<operation>: writing to standard output failed" when
// a write failed (a closed pipe, a full disk), so that a lost report never exits with code 0.
void finish_stdout(std::string_view operation);

// True when stderr is a terminal, so that progress lines are worth printing.
bool stderr_is_terminal();

// Shortest text that reads back to the same double ("inf", "nan" for those).
std::string format_double(double value);

}  // namespace erlangen::cli
