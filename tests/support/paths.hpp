// Paths of the repository and its bundled example images, for tests.
#pragma once

#include <filesystem>
#include <string>

namespace erlangen::testing {

// Absolute path of examples/<name> in the source tree.
std::filesystem::path example_path(const std::string& name);

// A fresh, empty directory under the system temporary directory, unique per test.
std::filesystem::path fresh_temp_dir(const std::string& tag);

}  // namespace erlangen::testing
