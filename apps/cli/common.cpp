// Helpers shared by the subcommands (declared in common.hpp).
#include "common.hpp"

#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "erlangen/basis/grid.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/text_file.hpp"

namespace erlangen::cli {

namespace {

std::string lower_case(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

// Rewrites the library's spelling of a method in `message` as the command-line
// option, for example "method polar_fft" as "--method polar-fft".
std::string with_option_spelling(std::string message) {
  const std::pair<std::string_view, std::string_view> spellings[] = {
      {"use method automatic", "use --method auto"},
      {"method polar_fft", "--method polar-fft"},
      {"method symmetric", "--method symmetric"},
      {"method direct", "--method direct"}};
  for (const auto& [library, option] : spellings) {
    for (std::size_t at = message.find(library); at != std::string::npos; at = message.find(library, at)) {
      message.replace(at, library.size(), option);
      at += option.size();
    }
  }
  return message;
}

}  // namespace

bool MomentArguments::is_cartesian() const {
  const std::string name = lower_case(family);
  return name == "legendre" || name == "lm" || name == "tchebichef" || name == "chebyshev" || name == "tm" ||
         name == "krawtchouk" || name == "km";
}

moments::CartesianPlan MomentArguments::make_cartesian_plan(std::ptrdiff_t side) const {
  moments::CartesianOptions options;
  options.family = moments::parse_cartesian_family(lower_case(family));
  options.max_order = max_order;
  options.krawtchouk_p_rows = krawtchouk_p;
  options.krawtchouk_p_cols = krawtchouk_p;
  return moments::CartesianPlan(side, side, options);
}

std::shared_ptr<const basis::Family> MomentArguments::make_family() const {
  if (is_cartesian()) {
    throw InvalidArgument(fmt::format(
        "family: '{}' is a Cartesian family, which has no rotation invariants or disk plan; use "
        "'erlangen moments' or 'erlangen reconstruct' for it, or pick a disk-based family",
        family));
  }
  basis::FamilyParameters parameters;
  parameters.alpha = alpha;
  parameters.p = p;
  parameters.q = q;
  try {
    return basis::make_family(family, parameters);
  } catch (const InvalidArgument& error) {
    // The library lists the disk-based families only; name the Cartesian ones that the CLI adds.
    std::string message = error.what();
    if (message.find("is unknown") == std::string::npos) throw;
    const std::string cartesian = ", or the Cartesian legendre, tchebichef, krawtchouk (moments and reconstruct only)";
    const std::size_t at = message.find("; run 'erlangen families'");
    message.insert(at == std::string::npos ? message.size() : at, cartesian);
    throw InvalidArgument(message);
  }
}

moments::MomentOptions MomentArguments::make_options() const {
  moments::MomentOptions options;
  options.max_order = max_order;
  options.grid = basis::parse_grid(grid);
  options.sampling.integration = basis::parse_integration(integration);
  options.sampling.nodes = nodes;
  options.method = moments::parse_method(method);
  if (convention == "textbook") {
    options.convention = moments::Convention::textbook;
  } else if (convention == "orthonormal") {
    options.convention = moments::Convention::orthonormal;
  } else {
    throw InvalidArgument(fmt::format(
        "moments: convention '{}' is unknown, expected textbook or orthonormal", convention));
  }
  return options;
}

moments::MomentPlan MomentArguments::make_plan(std::ptrdiff_t side) const {
  try {
    return moments::MomentPlan(make_family(), side, side, make_options());
  } catch (const InvalidArgument& error) {
    throw InvalidArgument(with_option_spelling(error.what()));
  }
}

void add_moment_options(CLI::App& app, MomentArguments& arguments) {
  app.add_option("--family,-f", arguments.family,
                 "moment family, by name or abbreviation (see 'erlangen families'); legendre, tchebichef "
                 "and krawtchouk select Cartesian moments, which ignore the disk options")
      ->capture_default_str();
  app.add_option("--max-order,-K", arguments.max_order,
                 "maximum order K, an integer from 0 to 100000; the family and the image size set a lower "
                 "limit, which the error message states")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  app.add_option("--alpha", arguments.alpha,
                 "alpha > 0 of the generic harmonic families (GRHFM, GPCET, GPCT, GPST) and FJFM")
      ->capture_default_str();
  app.add_option("--p", arguments.p, "Jacobi parameter p of JFM and FJFM, with p - q > -1")
      ->capture_default_str();
  app.add_option("--q", arguments.q, "Jacobi parameter q > 0 of JFM and FJFM")->capture_default_str();
  app.add_option("--method", arguments.method,
                 "computation: auto (symmetric for real radial families, else direct), direct, "
                 "symmetric, or polar-fft (EFM, PCET, GPCET, RHFM, GRHFM only)")
      ->check(CLI::IsMember({"auto", "automatic", "direct", "symmetric", "polar-fft", "polar_fft"}))
      ->capture_default_str();
  app.add_option("--grid", arguments.grid,
                 "pixel-to-disk mapping: edge (disk inscribed in the outer pixel square) or centre "
                 "(disk through the centres of the edge-midpoint pixels)")
      ->check(CLI::IsMember({"edge", "centre", "center"}))
      ->capture_default_str();
  app.add_option("--integration", arguments.integration,
                 "integration of the basis over each pixel: zoa (one sample at the centre), "
                 "midpoint or gauss-legendre (nodes x nodes samples)")
      ->check(CLI::IsMember({"zoa", "midpoint", "gauss-legendre", "gauss_legendre"}))
      ->capture_default_str();
  app.add_option("--nodes", arguments.nodes,
                 "sub-pixel nodes per pixel side for midpoint and gauss-legendre, 1 to 64")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--convention", arguments.convention,
                 "textbook (M_nm, coefficients of f = sum M_nm V_nm) or orthonormal "
                 "(c_nm = M_nm / sqrt(Omega_n))")
      ->check(CLI::IsMember({"textbook", "orthonormal"}))
      ->capture_default_str();
  app.add_option("--krawtchouk-p", arguments.krawtchouk_p,
                 "parameter P in (0, 1) of Krawtchouk moments along rows and columns (0.5 centres them)")
      ->capture_default_str();
}

void add_downsample_option(CLI::App& app, int& factor) {
  app.add_option("--downsample", factor,
                 "average F x F pixel blocks after the centre crop (F >= 1; 1 keeps the image), for quick runs "
                 "on large images")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
}

namespace {
std::uint64_t input_byte_limit_value = io::kDefaultMaxInputBytes;
}  // namespace

void set_input_byte_limit(std::uint64_t max_bytes) { input_byte_limit_value = max_bytes; }

std::uint64_t input_byte_limit() { return input_byte_limit_value; }

std::string read_input_file(const std::filesystem::path& path, std::string_view operation) {
  return io::read_whole_file(path, input_byte_limit_value, operation,
                             "raise it with --max-input-bytes N (before or after the subcommand name)");
}

ImageF load_grey(const std::filesystem::path& path, std::uint64_t max_pixels, bool quiet) {
  io::ReadOptions options;
  options.max_pixels = max_pixels;
  options.max_file_bytes = input_byte_limit_value;
  io::DecodedImage decoded;
  try {
    decoded = io::read_image(path, options);
  } catch (const LimitExceeded& error) {
    // The library names its C++ option; on the command line the fix is --max-pixels.
    std::string message = error.what();
    constexpr std::string_view library_advice = "raise it with --max-pixels (ReadOptions::max_pixels)";
    const std::size_t at = message.find(library_advice);
    if (at != std::string::npos) {
      message.replace(at, library_advice.size(),
                      "raise it with --max-pixels N (before or after the subcommand name)");
    }
    throw LimitExceeded(message);
  }
  if (!quiet) {
    for (const std::string& warning : decoded.warnings) {
      std::fprintf(stderr, "erlangen: note: %s: %s\n", path.string().c_str(), warning.c_str());
    }
  }
  return io::to_luma(decoded.image);
}

void check_distinct_files(const std::filesystem::path& path, std::string_view option,
                          const std::filesystem::path& other, std::string_view other_option) {
  if (path == "-" || other == "-" || path.empty() || other.empty()) return;
  std::error_code error;
  const std::filesystem::path a = std::filesystem::weakly_canonical(path, error);
  const std::filesystem::path b = error ? other : std::filesystem::weakly_canonical(other, error);
  if (!error && a == b) {
    throw InvalidArgument(fmt::format("{} {}: this is also the file of {}, which it would overwrite; pass "
                                      "another path to {}",
                                      option, path.string(), other_option, option));
  }
}

void check_output_option(const std::filesystem::path& path, std::string_view option, bool allows_stdout) {
  if (path == "-") {
    if (allows_stdout) return;
    throw InvalidArgument(fmt::format("{} -: this output is binary and cannot go to standard output; pass a file path",
                                      option));
  }
  try {
    io::check_output_path(path);
  } catch (const IoError& error) {
    // The library message starts with "output path: "; name the option instead.
    std::string_view message = error.what();
    constexpr std::string_view prefix = "output path: ";
    if (message.substr(0, prefix.size()) == prefix) message.remove_prefix(prefix.size());
    throw IoError(fmt::format("{} {}", option, message));
  }
}

void check_folder_is_not_input(const std::filesystem::path& folder, std::string_view option,
                               const std::filesystem::path& input, std::string_view input_option,
                               std::string_view operation) {
  std::error_code error;
  if (!std::filesystem::equivalent(folder, input, error) || error) return;
  throw InvalidArgument(fmt::format("{}: {} '{}' is the {} folder, so a rerun would read its reports and plots "
                                    "as images; pass another {} folder, for example a subfolder",
                                    operation, option, folder.string(), input_option, option));
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string dump_json(const nlohmann::json& value) {
  return value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void emit_json_report(const std::string& target, const nlohmann::json& report) {
  if (target == "-") {
    std::cout << dump_json(report) << '\n';
  } else {
    io::write_json(target, report);
  }
}

void finish_stdout(std::string_view operation) {
  std::cout.flush();
  if (!std::cout) throw IoError(fmt::format("{}: writing to standard output failed", operation));
}

ImageF load_square_grey(const std::filesystem::path& path, std::uint64_t max_pixels, bool quiet, int downsample) {
  ImageF grey = load_grey(path, max_pixels, quiet);
  if (grey.height() != grey.width()) {
    ImageF square = crop_centre_square(grey.plane());
    if (!quiet) {
      std::fprintf(stderr, "erlangen: %s is %tdx%td pixels (rows x columns); using its centre %tdx%td square\n",
                   path.string().c_str(), grey.height(), grey.width(), square.height(), square.width());
    }
    grey = std::move(square);
  }
  if (downsample > grey.height()) {
    throw InvalidArgument(fmt::format(
        "--downsample {}: the factor is larger than the {}x{} centre square of {}; pass a factor of at most {}",
        downsample, grey.height(), grey.width(), path.string(), grey.height()));
  }
  if (downsample > 1) grey = box_downsample(grey.plane(), downsample);
  return grey;
}

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

std::string format_double(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return fmt::format("{}", value);
}

}  // namespace erlangen::cli
