#include "support/paths.hpp"

#include <atomic>
#include <unistd.h>

namespace erlangen::testing {

std::filesystem::path example_path(const std::string& name) {
  return std::filesystem::path(ERLANGEN_EXAMPLES_DIR) / name;
}

std::filesystem::path fresh_temp_dir(const std::string& tag) {
  static std::atomic<int> counter{0};
  const auto path = std::filesystem::temp_directory_path() /
                    ("erlangen-test-" + tag + "-" + std::to_string(::getpid()) + "-" +
                     std::to_string(counter++));
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  return path;
}

}  // namespace erlangen::testing
