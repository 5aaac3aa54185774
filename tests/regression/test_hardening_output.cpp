// AtomicFile never replaces a device node, FIFO or symbolic link, and refuses directories before
// writing. Devices are mknod'ed in a temporary folder; the real /dev nodes are never touched.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "erlangen/core/error.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "support/paths.hpp"

namespace erlangen::io {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::stringstream text;
  text << stream.rdbuf();
  return text.str();
}

// Names of the entries of a folder, to show that no temporary file was left or created.
std::size_t entry_count(const fs::path& folder) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder)) ++count;
  return count;
}

mode_t node_type(const fs::path& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return 0;
  return info.st_mode & S_IFMT;
}

// A character device with the numbers of /dev/null (1, 3) or /dev/full (1, 7) in `folder`;
// empty when this process may not create or open device nodes (not root, or a nodev mount).
fs::path make_device(const fs::path& folder, const char* name, unsigned minor) {
  const fs::path path = folder / name;
  if (::mknod(path.c_str(), S_IFCHR | 0666, makedev(1, minor)) != 0) return {};
  const int descriptor = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (descriptor < 0) {
    ::unlink(path.c_str());
    return {};
  }
  ::close(descriptor);
  return path;
}

TEST(HardeningOutput, NullDeviceStaysADevice) {
  const fs::path folder = testing::fresh_temp_dir("harden-null");
  const fs::path device = make_device(folder, "null", 3);
  if (device.empty()) GTEST_SKIP() << "cannot create device nodes here";
  write_text(device, "discarded\n");
  // Before the fix the rename replaced the node with a regular file holding the text.
  EXPECT_EQ(node_type(device), static_cast<mode_t>(S_IFCHR));
  EXPECT_EQ(entry_count(folder), 1u);
}

TEST(HardeningOutput, FullDeviceReportsNoSpace) {
  const fs::path folder = testing::fresh_temp_dir("harden-full");
  const fs::path device = make_device(folder, "full", 7);
  if (device.empty()) GTEST_SKIP() << "cannot create device nodes here";
  try {
    write_text(device, "does not fit\n");
    FAIL() << "writing to a full device succeeded";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("No space left on device"), std::string::npos) << error.what();
  }
  EXPECT_EQ(node_type(device), static_cast<mode_t>(S_IFCHR));
  EXPECT_EQ(entry_count(folder), 1u);
}

TEST(HardeningOutput, FifoIsWrittenNotReplaced) {
  const fs::path folder = testing::fresh_temp_dir("harden-fifo");
  const fs::path fifo = folder / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Without a reader the write fails at once instead of blocking.
  EXPECT_THROW(write_text(fifo, "nobody reads\n"), IoError);
  EXPECT_EQ(node_type(fifo), static_cast<mode_t>(S_IFIFO));

  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  ASSERT_GE(reader, 0);
  write_text(fifo, "through the pipe\n");
  char buffer[64] = {};
  const ssize_t got = ::read(reader, buffer, sizeof buffer - 1);
  ::close(reader);
  EXPECT_EQ(std::string(buffer, got > 0 ? static_cast<std::size_t>(got) : 0), "through the pipe\n");
  EXPECT_EQ(node_type(fifo), static_cast<mode_t>(S_IFIFO));
  EXPECT_EQ(entry_count(folder), 1u);
}

TEST(HardeningOutput, SymlinkIsFollowed) {
  const fs::path folder = testing::fresh_temp_dir("harden-link");
  fs::create_directory(folder / "real");
  write_text(folder / "real" / "data.txt", "old\n");
  fs::create_symlink("real/data.txt", folder / "link.txt");  // relative to the link's folder
  write_text(folder / "link.txt", "new\n");
  EXPECT_EQ(node_type(folder / "link.txt"), static_cast<mode_t>(S_IFLNK));
  EXPECT_EQ(read_text(folder / "real" / "data.txt"), "new\n");
  EXPECT_EQ(entry_count(folder / "real"), 1u);

  // A dangling link creates the file it names.
  fs::create_symlink("real/later.txt", folder / "dangling.txt");
  write_json(folder / "dangling.txt", nlohmann::json{{"k", 1}});
  EXPECT_EQ(node_type(folder / "dangling.txt"), static_cast<mode_t>(S_IFLNK));
  EXPECT_EQ(read_text(folder / "real" / "later.txt"), "{\n  \"k\": 1\n}\n");

  // A link to a directory is refused like the directory.
  fs::create_directory_symlink("real", folder / "folder_link");
  EXPECT_THROW(write_text(folder / "folder_link", "x"), IoError);
}

TEST(HardeningOutput, DirectoryIsRefusedBeforeWriting) {
  const fs::path folder = testing::fresh_temp_dir("harden-dir");
  fs::create_directory(folder / "out");
  try {
    AtomicFile file(folder / "out", "write npy");
    FAIL() << "a directory was opened as an output file";
  } catch (const IoError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("is a directory; pass a file path"), std::string::npos) << message;
    EXPECT_NE(message.find("write npy"), std::string::npos) << message;
  }
  // Nothing was created next to it.
  EXPECT_EQ(entry_count(folder), 1u);
  EXPECT_TRUE(fs::is_directory(folder / "out"));
}

TEST(HardeningOutput, CheckOutputPath) {
  const fs::path folder = testing::fresh_temp_dir("harden-check");
  EXPECT_NO_THROW(check_output_path(folder / "new.npy"));
  write_text(folder / "existing.txt", "x");
  EXPECT_NO_THROW(check_output_path(folder / "existing.txt"));
  EXPECT_THROW(check_output_path(""), IoError);
  EXPECT_THROW(check_output_path(folder), IoError);
  EXPECT_THROW(check_output_path(folder / "missing" / "out.npy"), IoError);
  EXPECT_THROW(check_output_path(folder / "existing.txt" / "out.npy"), IoError);
  try {
    check_output_path(folder / "missing" / "out.npy");
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("missing"), std::string::npos) << error.what();
  }
  // The check writes nothing.
  EXPECT_EQ(entry_count(folder), 1u);
}

}  // namespace
}  // namespace erlangen::io
