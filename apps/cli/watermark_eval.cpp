// `erlangen watermark-eval`: robustness and imperceptibility of the watermark schemes under an
// attack suite. For every image and scheme it embeds a seeded random payload, rounds the marked
// image to 8 bits, measures PSNR and SSIM, applies every attack, rounds to 8 bits again and
// decodes. It reports bit accuracy, word accuracy, the known-payload binomial detection rate at
// FPR 1e-6, the blind detection rate of each scheme, and the clean check (unmarked originals).
//
// External attacks (--external-attack CMD) reach attacks that this project cannot ship, such as
// neural codecs or diffusion regeneration. Contract: CMD is split at spaces and tabs into a program
// and its leading arguments (no shell, no quoting, no expansion). For each marked image erlangen
// writes the image as an 8-bit PNG into a fresh temporary folder and runs
//     PROGRAM [ARGS...] INPUT.png OUTPUT.png
// with standard input from /dev/null and standard output sent to erlangen's standard error.
// The program must write an image (any format erlangen reads, any size) to OUTPUT.png and exit
// with status 0 within --external-timeout seconds. A nonzero status, a signal, a timeout or an
// unreadable output stops the run with an I/O error naming the command and the image.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "common.hpp"
#include "eval_suite.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/forensics/distortion.hpp"
#include "erlangen/forensics/watermark/watermark.hpp"
#include "erlangen/io/image_io.hpp"
#include "erlangen/io/pending_outputs.hpp"
#include "erlangen/moments/metrics.hpp"
#include "interrupt.hpp"
#include "watermark_eval.hpp"

extern char** environ;

namespace erlangen::cli {
namespace {

namespace fs = std::filesystem;
namespace wm = forensics::watermark;
using watermark_eval::Attack;
using watermark_eval::Outcome;
using watermark_eval::Trial;

bool is_image_file(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::set<std::string> known = {".png", ".jpg", ".jpeg", ".pgm", ".ppm", ".pnm", ".tif", ".tiff"};
  return known.count(extension) > 0;
}

std::vector<fs::path> list_images(const fs::path& folder) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    throw IoError(fmt::format("watermark-eval: --images '{}' is not a folder; pass a folder of images",
                              folder.string()));
  }
  std::vector<fs::path> images;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
    if (entry.is_regular_file() && is_image_file(entry.path())) images.push_back(entry.path());
  }
  std::sort(images.begin(), images.end());
  if (images.empty()) {
    throw InvalidArgument(fmt::format("watermark-eval: --images '{}' contains no image file (PNG, JPEG, PNM or "
                                      "TIFF); add images",
                                      folder.string()));
  }
  return images;
}


std::vector<std::string> split_list(const std::string& text, const char* separators) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find_first_of(separators, start);
    const std::string item = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!item.empty()) items.push_back(item);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return items;
}

std::uint64_t mix(std::uint64_t seed, std::uint64_t index) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (index + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The payload of image `index`: the same for every scheme, so the schemes carry the same bits.
wm::Bits random_payload(std::uint64_t seed, std::size_t index, std::size_t bits) {
  std::mt19937_64 engine(mix(seed ^ 0x7061796C6F6164ull, index));
  wm::Bits payload(bits);
  for (auto& bit : payload) bit = static_cast<std::uint8_t>(engine() >> 63);
  return payload;
}

// Rounds every sample to the nearest of 256 levels, as storing an 8-bit PNG does.
ImageF round_to_8bit(const ImageF& image) {
  ImageF rounded = image;
  for (float& value : rounded.values()) value = std::round(std::clamp(value, 0.0f, 1.0f) * 255.0f) / 255.0f;
  return rounded;
}

Image<std::uint8_t> plane_to_8bit(const ImageF& image, std::ptrdiff_t plane) {
  Image<std::uint8_t> result(image.height(), image.width());
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) {
      result(i, j) = static_cast<std::uint8_t>(std::lround(std::clamp(image(i, j, plane), 0.0f, 1.0f) * 255.0f));
    }
  }
  return result;
}

// PSNR over all planes (one MSE of every 8-bit sample) and the mean SSIM of the planes.
std::pair<double, double> image_quality(const ImageF& original, const ImageF& marked) {
  double squared = 0.0;
  double ssim = 0.0;
  for (std::ptrdiff_t c = 0; c < original.channels(); ++c) {
    const Image<std::uint8_t> a = plane_to_8bit(original, c);
    const Image<std::uint8_t> b = plane_to_8bit(marked, c);
    for (std::size_t k = 0; k < a.values().size(); ++k) {
      const double d = static_cast<double>(a.values()[k]) - static_cast<double>(b.values()[k]);
      squared += d * d;
    }
    if (a.height() >= 11 && a.width() >= 11) {
      ssim += moments::ssim(a.plane(), b.plane());
    } else {
      ssim = std::numeric_limits<double>::quiet_NaN();
    }
  }
  const double mse = squared / static_cast<double>(original.values().size());
  const double psnr = mse == 0.0 ? std::numeric_limits<double>::infinity() : 10.0 * std::log10(255.0 * 255.0 / mse);
  return {psnr, ssim / static_cast<double>(original.channels())};
}

// A temporary folder that is removed with its contents when the object goes, or by an
// interruption (it is a pending output meanwhile).
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern = (fs::temp_directory_path() / "erlangen-watermark-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw IoError(fmt::format("watermark-eval: could not create a temporary folder from '{}'; check that the "
                                "temporary folder (TMPDIR) is writable",
                                pattern));
    }
    path_ = pattern;
    // An empty target keeps this scratch folder out of the "not written" list.
    pending_ = io::PendingOutput(path_, {}, io::PendingKind::folder, "watermark-eval");
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
    pending_.release();
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  io::PendingOutput pending_;
};

// Runs an external attack on `image` under the contract of the file header.
ImageF run_external_attack(const ImageF& image, const Attack& attack, const fs::path& source, double timeout_seconds,
                           std::uint64_t max_pixels) {
  const TemporaryFolder folder;
  const fs::path input = folder.path() / "input.png";
  const fs::path output = folder.path() / "output.png";
  io::write_png(input, image);

  std::vector<std::string> arguments = attack.command;
  arguments.push_back(input.string());
  arguments.push_back(output.string());
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  // The program runs in a process group of its own, so that a timeout also ends the programs it
  // started. Otherwise they keep running and keep standard error open for a pipeline reading it.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  pid_t pid = 0;
  // The lock makes starting the child and registering its group one step for the interrupt handler.
  std::optional<SpawnLock> spawn_lock(std::in_place);
  const int spawned = posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), environ);
  const ChildGroupGuard group_guard(spawned == 0 ? pid : 0);
  spawn_lock.reset();
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) {
    throw IoError(fmt::format("watermark-eval: external attack '{}' could not be started: {}; check that the "
                              "program exists and is executable",
                              attack.name, std::strerror(spawned)));
  }

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  int status = 0;
  while (true) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      kill(-pid, SIGKILL);  // programs the attack left behind in its group; ESRCH when there are none
      break;
    }
    if (done < 0 && errno != EINTR) {
      throw IoError(fmt::format("watermark-eval: waiting for external attack '{}' failed: {}", attack.name,
                                std::strerror(errno)));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      throw IoError(fmt::format("watermark-eval: external attack '{}' on {} timed out after {} s; raise "
                                "--external-timeout or speed up the program",
                                attack.name, source.string(), timeout_seconds));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFSIGNALED(status)) {
    throw IoError(fmt::format("watermark-eval: external attack '{}' on {} was ended by signal {}", attack.name,
                              source.string(), WTERMSIG(status)));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw IoError(fmt::format("watermark-eval: external attack '{}' on {} failed with exit status {}; run it by "
                              "hand on an image to see its error",
                              attack.name, source.string(), WEXITSTATUS(status)));
  }
  io::ReadOptions options;
  options.max_pixels = max_pixels;
  options.max_file_bytes = input_byte_limit();
  try {
    ImageF result = io::read_image(output, options).image;
    if (result.channels() != image.channels()) result = image.channels() == 1 ? io::to_luma(result) : result;
    return result;
  } catch (const Error& error) {
    throw IoError(fmt::format("watermark-eval: external attack '{}' on {} wrote no readable image to its output "
                              "path: {}",
                              attack.name, source.string(), error.what()));
  }
}

ImageF apply_attack(const ImageF& marked, const Attack& attack, std::uint64_t seed, const fs::path& source,
                    double timeout_seconds, std::uint64_t max_pixels) {
  if (!attack.command.empty()) return run_external_attack(marked, attack, source, timeout_seconds, max_pixels);
  return forensics::apply_distortions(marked, attack.chain, seed);
}

// Decodes `image` with the scheme and fills the decoding fields of `trial`.
void decode_into(Trial& trial, const wm::WatermarkScheme& scheme, const ImageF& image, const wm::WatermarkKey& key,
                 const wm::Bits& payload, std::size_t threshold) {
  trial.bits = payload.size();
  try {
    const wm::WatermarkDetection detection = scheme.detect(image, key, payload.size());
    trial.matches = 0;
    for (std::size_t k = 0; k < payload.size(); ++k) trial.matches += detection.bits[k] == payload[k] ? 1 : 0;
    trial.known_p_value = wm::binomial_tail(payload.size(), trial.matches);
    trial.known_detected = trial.matches >= threshold;
    trial.blind_p_value = detection.p_value;
    trial.blind_detected = detection.detected;
  } catch (const InvalidArgument& error) {
    trial.outcome = Outcome::decode_failed;
    trial.note = error.what();
  }
}

struct EvaluationSetup {
  std::vector<fs::path> images;
  std::vector<std::unique_ptr<wm::WatermarkScheme>> schemes;
  std::vector<Attack> attacks;
  wm::WatermarkKey key;
  std::size_t bits = 64;
  std::uint64_t seed = 0;
  std::size_t threshold = 0;
  double external_timeout = 600.0;
  std::uint64_t max_pixels = 0;
};

// The trials of one image in the order: per scheme, unmarked, none, then the attacks.
std::vector<Trial> evaluate_image(const EvaluationSetup& setup, std::size_t index) {
  io::ReadOptions options;
  options.max_pixels = setup.max_pixels;
  options.max_file_bytes = input_byte_limit();
  const ImageF original = round_to_8bit(io::read_image(setup.images[index], options).image);
  const wm::Bits payload = random_payload(setup.seed, index, setup.bits);
  const std::uint64_t attack_seed = mix(setup.seed, index);

  std::vector<Trial> trials;
  for (std::size_t s = 0; s < setup.schemes.size(); ++s) {
    const wm::WatermarkScheme& scheme = *setup.schemes[s];
    auto make_trial = [&](const std::string& attack, const std::string& group) {
      Trial trial;
      trial.image = index;
      trial.scheme = s;
      trial.attack = attack;
      trial.group = group;
      trial.bits = payload.size();
      return trial;
    };

    ImageF marked;
    std::string skip_reason;
    try {
      marked = round_to_8bit(scheme.embed(original, setup.key, payload));
    } catch (const InvalidArgument& error) {
      skip_reason = error.what();
    }
    if (!skip_reason.empty()) {
      for (const std::string& name : {std::string(watermark_eval::kUnmarked), std::string(watermark_eval::kNoAttack)}) {
        Trial trial = make_trial(name, name);
        trial.outcome = Outcome::skipped;
        trial.note = skip_reason;
        trials.push_back(std::move(trial));
      }
      for (const Attack& attack : setup.attacks) {
        Trial trial = make_trial(attack.name, attack.group);
        trial.outcome = Outcome::skipped;
        trial.note = skip_reason;
        trials.push_back(std::move(trial));
      }
      continue;
    }
    const auto [psnr, ssim] = image_quality(original, marked);

    Trial unmarked = make_trial(watermark_eval::kUnmarked, watermark_eval::kUnmarked);
    decode_into(unmarked, scheme, original, setup.key, payload, setup.threshold);
    trials.push_back(std::move(unmarked));

    Trial clean = make_trial(watermark_eval::kNoAttack, watermark_eval::kNoAttack);
    clean.psnr = psnr;
    clean.ssim = ssim;
    decode_into(clean, scheme, marked, setup.key, payload, setup.threshold);
    trials.push_back(std::move(clean));

    for (const Attack& attack : setup.attacks) {
      Trial trial = make_trial(attack.name, attack.group);
      trial.psnr = psnr;
      trial.ssim = ssim;
      const ImageF attacked = round_to_8bit(
          apply_attack(marked, attack, attack_seed, setup.images[index], setup.external_timeout, setup.max_pixels));
      decode_into(trial, scheme, attacked, setup.key, payload, setup.threshold);
      trials.push_back(std::move(trial));
    }
  }
  return trials;
}

std::vector<Trial> evaluate_all(const EvaluationSetup& setup) {
  const std::size_t n = setup.images.size();
  std::vector<std::vector<Trial>> per_image(n);
  const bool progress = stderr_is_terminal();
  std::atomic<std::size_t> done{0};
  std::mutex failure_mutex;
  std::string failure;
  enum class FailureKind { io, limit, argument } failure_kind = FailureKind::argument;

#if defined(ERLANGEN_HAVE_OPENMP)
#pragma omp parallel for schedule(dynamic, 1)
#endif
  for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(n); ++i) {
    const auto index = static_cast<std::size_t>(i);
    try {
      per_image[index] = evaluate_image(setup, index);
    } catch (const std::exception& error) {
      const std::lock_guard<std::mutex> lock(failure_mutex);
      if (failure.empty()) {
        const std::string message = error.what();
        const std::string path = setup.images[index].string();
        failure = message.find(path) != std::string::npos ? message : fmt::format("{}: {}", path, message);
        if (failure.rfind("watermark-eval:", 0) != 0) failure = "watermark-eval: " + failure;
        if (dynamic_cast<const IoError*>(&error) != nullptr) failure_kind = FailureKind::io;
        if (dynamic_cast<const LimitExceeded*>(&error) != nullptr) failure_kind = FailureKind::limit;
      }
    }
    const std::size_t finished = ++done;
    if (progress) std::fprintf(stderr, "\rwatermark-eval: %zu/%zu images evaluated", finished, n);
  }
  if (progress) std::fprintf(stderr, "\n");
  if (!failure.empty()) {
    if (failure_kind == FailureKind::io) throw IoError(failure);
    if (failure_kind == FailureKind::limit) throw LimitExceeded(failure);
    throw InvalidArgument(failure);
  }
  std::vector<Trial> trials;
  for (std::vector<Trial>& rows : per_image) {
    for (Trial& trial : rows) trials.push_back(std::move(trial));
  }
  return trials;
}

class WatermarkEvalCommand final : public Command {
 public:
  std::string name() const override { return "watermark-eval"; }
  std::string summary() const override {
    return "evaluate watermark schemes under an attack suite: PSNR, SSIM, bit and word accuracy, TPR at FPR 1e-6";
  }

  void configure(CLI::App& app) override {
    app.add_option("--images", images_, "folder of images (PNG, JPEG, PNM, TIFF) to mark")->required();
    app.add_option("--schemes", schemes_,
                   "comma-separated watermark schemes (default: those of moment,dwtdct,dwtdctsvd that are "
                   "registered)");
    app.add_option("--suite", suite_,
                   "built-in attack suite (watermark-eval, watermark, watermark-classic, stable-signature, hash, "
                   "quick) or a file with one distortion spec per line")
        ->capture_default_str();
    app.add_option("--bits", bits_, "payload length in bits, 1 to 256")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    app.add_option("--key", key_, "secret key of the keyed schemes: 8 to 64 hexadecimal digits")
        ->capture_default_str();
    app.add_option("--seed", seed_, "seed of the payloads and of the random attacks; image i uses values derived "
                                    "from it and i")
        ->capture_default_str();
    app.add_option("--strength", strength_, "embedding strength in each scheme's unit, 0 for each default")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1e6));
    app.add_flag("--fixed", fixed_, "run dwtdct and dwtdctsvd without the invisible-watermark package's quirks");
    app.add_option("--external-attack", external_,
                   "external attack program with leading arguments, run as PROGRAM [ARGS...] INPUT.png OUTPUT.png "
                   "without a shell; repeatable")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--external-timeout", external_timeout_, "seconds an external attack may run per image, 1 to "
                                                            "86400")
        ->capture_default_str()
        ->check(CLI::Range(1.0, 86400.0));
    app.add_option("--out", out_, "output folder for report.md, results.csv and bit_accuracy.png; created when "
                                  "missing")
        ->required();
    app.footer(
        "Each image is marked with a random payload (seeded), rounded to 8 bits, attacked, rounded to 8 bits and "
        "decoded. TPR counts decodings with at least k* matching bits, k* = min{k : P[Bin(n, 1/2) >= k] <= 1e-6}. "
        "The row 'unmarked' decodes the original: its detections are false positives.");
  }

  int run(const GlobalOptions& global) override {
    EvaluationSetup setup;
    wm::WatermarkOptions options;
    options.strength = strength_;
    options.compat = !fixed_;
    std::vector<std::string> scheme_names;
    if (schemes_.empty()) {
      const std::vector<std::string> registered = wm::watermark_scheme_names();
      for (const char* name : {"moment", "dwtdct", "dwtdctsvd"}) {
        if (std::find(registered.begin(), registered.end(), name) != registered.end()) scheme_names.push_back(name);
      }
    } else {
      scheme_names = split_list(schemes_, ",");
    }
    if (scheme_names.empty()) {
      throw InvalidArgument("watermark-eval: --schemes lists no scheme; pass names such as dwtdct,dwtdctsvd");
    }
    for (const std::string& name : scheme_names) {
      try {
        setup.schemes.push_back(wm::make_watermark_scheme(name, options));
      } catch (const InvalidArgument& error) {
        throw InvalidArgument(fmt::format("watermark-eval: --schemes: {}", error.what()));
      }
    }
    setup.key = wm::parse_key(key_);
    setup.bits = static_cast<std::size_t>(bits_);
    setup.seed = seed_;
    setup.threshold = wm::binomial_threshold(setup.bits, kFpr);
    setup.external_timeout = external_timeout_;
    setup.max_pixels = global.max_pixels;

    const std::vector<forensics::SuiteEntry> suite =
        load_eval_suite(suite_, "watermark-eval", "the clean case (the marked image, not attacked) is always decoded");
    for (const forensics::SuiteEntry& entry : suite) {
      setup.attacks.push_back(Attack{entry.spec, entry.group, entry.strength, entry.chain, {}});
    }
    for (const std::string& command : external_) {
      Attack attack;
      attack.command = split_list(command, " \t");
      if (attack.command.empty()) {
        throw InvalidArgument("watermark-eval: --external-attack is empty, expected a program and its leading "
                              "arguments; pass for example '--external-attack \"python3 codec.py --quality 3\"'");
      }
      attack.name = "external:" + fmt::format("{}", fmt::join(attack.command, " "));
      attack.group = "external";
      setup.attacks.push_back(std::move(attack));
    }
    setup.images = list_images(images_);
    check_folder_is_not_input(out_, "--out", images_, "--images", "watermark-eval");
    io::OutputSet outputs("watermark-eval");
    outputs.create_folder(out_, "--out");

    const std::vector<Trial> trials = evaluate_all(setup);

    watermark_eval::RunInfo info;
    info.command = fmt::format("erlangen watermark-eval --images {} --schemes {} --suite {} --bits {} --seed {}{}{} "
                               "--out {}",
                               images_.string(), fmt::join(scheme_names, ","), suite_, bits_, seed_,
                               strength_ > 0.0 ? fmt::format(" --strength {}", strength_) : std::string(),
                               fixed_ ? " --fixed" : "", out_.string());
    for (const std::string& command : external_) info.command += fmt::format(" --external-attack '{}'", command);
    info.suite = suite_;
    info.bits = setup.bits;
    info.seed = seed_;
    info.fpr = kFpr;
    info.threshold = setup.threshold;
    info.compat = !fixed_;
    watermark_eval::write_results_csv(out_ / "results.csv", setup.images, scheme_names, trials);
    outputs.add_file(out_ / "results.csv");
    watermark_eval::write_report_md(out_ / "report.md", info, setup.images, scheme_names, setup.attacks, trials);
    outputs.add_file(out_ / "report.md");
    watermark_eval::write_bit_accuracy_plot(out_ / "bit_accuracy.png", scheme_names, setup.attacks, trials);
    outputs.keep();

    std::printf("watermark-eval: %zu image%s, %zu attack%s, schemes %s\n", setup.images.size(),
                setup.images.size() == 1 ? "" : "s", setup.attacks.size(), setup.attacks.size() == 1 ? "" : "s",
                fmt::format("{}", fmt::join(scheme_names, ", ")).c_str());
    for (const std::string& line : watermark_eval::summary_lines(scheme_names, setup.attacks, trials)) {
      std::printf("%s\n", line.c_str());
    }
    std::printf("wrote %s, results.csv and bit_accuracy.png\n", (out_ / "report.md").string().c_str());
    return 0;
  }

 private:
  static constexpr double kFpr = 1e-6;

  fs::path images_;
  std::string schemes_;
  std::string suite_ = "watermark-eval";
  int bits_ = 64;
  std::string key_ = "0123456789abcdef";
  std::uint64_t seed_ = 0;
  double strength_ = 0.0;
  bool fixed_ = false;
  std::vector<std::string> external_;
  double external_timeout_ = 600.0;
  fs::path out_;
};

const CommandRegistrar registrar{[] { return std::make_unique<WatermarkEvalCommand>(); }};

}  // namespace
}  // namespace erlangen::cli
