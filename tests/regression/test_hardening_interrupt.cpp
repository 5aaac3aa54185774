// The registry of pending outputs that an interruption empties, the output sets that a failed
// command removes, and the size-limited whole-file reads. Every test that calls
// discard_pending_outputs() runs it in a forked child (EXPECT_EXIT), because a discard is final
// for the process and would make every later write in this test binary fail.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "erlangen/core/error.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/io/atomic_file.hpp"
#include "erlangen/io/pending_outputs.hpp"
#include "erlangen/io/text_file.hpp"
#include "support/paths.hpp"

namespace erlangen::io {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream stream(path, std::ios::binary);
  stream << text;
}

std::size_t entry_count(const fs::path& folder) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder)) ++count;
  return count;
}

// Exits with 0 when `condition` holds and with `code` otherwise, so that EXPECT_EXIT names the
// failed check by its code.
void require(bool condition, int code) {
  if (!condition) std::_Exit(code);
}

TEST(HardeningInterrupt, DiscardRemovesTemporaryFile) {
  const fs::path folder = testing::fresh_temp_dir("interrupt-temporary");
  const fs::path target = folder / "out.bin";
  EXPECT_EXIT(
      {
        AtomicFile file(target, "write test");
        file.write(std::string_view("partial"));
        const fs::path temporary = file.temporary_path();
        require(fs::exists(temporary), 2);
        const std::vector<fs::path> not_written = discard_pending_outputs();
        require(not_written == std::vector<fs::path>{target}, 3);
        require(!fs::exists(temporary), 4);
        require(!fs::exists(target), 5);
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(0), "");
  EXPECT_EQ(entry_count(folder), 0u);
}

TEST(HardeningInterrupt, CommitAfterDiscardFails) {
  const fs::path folder = testing::fresh_temp_dir("interrupt-commit");
  const fs::path target = folder / "out.bin";
  EXPECT_EXIT(
      {
        AtomicFile file(target, "write test");
        file.write(std::string_view("complete"));
        discard_pending_outputs();
        try {
          file.commit();
          std::_Exit(2);  // the rename must not happen after the discard
        } catch (const IoError& error) {
          require(std::string(error.what()).find("interrupted") != std::string::npos, 3);
        }
        require(!fs::exists(target), 4);
        try {
          AtomicFile late(folder / "late.bin", "write test");
          std::_Exit(5);  // a new temporary file must not be created after the discard
        } catch (const IoError&) {
        }
        require(entry_count(folder) == 0, 6);
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(HardeningInterrupt, CommittedFileIsKept) {
  const fs::path folder = testing::fresh_temp_dir("interrupt-committed");
  const fs::path target = folder / "out.bin";
  EXPECT_EXIT(
      {
        write_text(target, "complete");
        const std::vector<fs::path> not_written = discard_pending_outputs();
        require(not_written.empty(), 2);
        require(fs::exists(target), 3);
        require(published_output_count() == 1, 4);
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(HardeningInterrupt, DiscardListsFolderOnce) {
  const fs::path folder = testing::fresh_temp_dir("interrupt-folder");
  const fs::path out = folder / "report";
  const fs::path scratch = folder / "scratch";
  EXPECT_EXIT(
      {
        OutputSet outputs("test");
        outputs.create_folder(out, "--out");
        write_text(out / "a.csv", "1\n");
        outputs.add_file(out / "a.csv");
        AtomicFile in_flight(out / "b.csv", "write test");
        fs::create_directory(scratch);
        write_file(scratch / "input.png", "x");
        const PendingOutput scratch_entry(scratch, {}, PendingKind::folder, "test");
        const std::vector<fs::path> not_written = discard_pending_outputs();
        // The files inside the removed folder and the unnamed scratch folder are not listed.
        require(not_written == std::vector<fs::path>{out}, 2);
        require(!fs::exists(out), 3);
        require(!fs::exists(scratch), 4);
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(0), "");
  EXPECT_EQ(entry_count(folder), 0u);
}

TEST(HardeningInterrupt, FailedSetRemovesCreatedFolder) {
  const fs::path folder = testing::fresh_temp_dir("interrupt-set-created");
  const fs::path out = folder / "report";
  {
    OutputSet outputs("test");
    outputs.create_folder(out, "--out");
    write_text(out / "a.csv", "1\n");
    outputs.add_file(out / "a.csv");
  }  // destroyed without keep(): the command failed
  EXPECT_FALSE(fs::exists(out));
}

TEST(HardeningInterrupt, FailedSetKeepsExistingFolder) {
  const fs::path folder = testing::fresh_temp_dir("interrupt-set-existing");
  const fs::path out = folder / "report";
  fs::create_directory(out);
  write_file(out / "old.txt", "from an earlier run");
  {
    OutputSet outputs("test");
    outputs.create_folder(out, "--out");
    write_text(out / "a.csv", "1\n");
    outputs.add_file(out / "a.csv");
  }
  EXPECT_TRUE(fs::is_directory(out));
  EXPECT_TRUE(fs::exists(out / "old.txt"));
  EXPECT_FALSE(fs::exists(out / "a.csv"));
}

TEST(HardeningInterrupt, KeptSetStays) {
  const fs::path folder = testing::fresh_temp_dir("interrupt-set-kept");
  const fs::path out = folder / "report";
  {
    OutputSet outputs("test");
    outputs.create_folder(out, "--out");
    write_text(out / "a.csv", "1\n");
    outputs.add_file(out / "a.csv");
    outputs.keep();
  }
  EXPECT_TRUE(fs::exists(out / "a.csv"));
}

TEST(HardeningInterrupt, FailedSetKeepsSymbolicLink) {
  const fs::path folder = testing::fresh_temp_dir("interrupt-set-link");
  write_file(folder / "real.txt", "data");
  fs::create_symlink("real.txt", folder / "link.txt");
  {
    OutputSet outputs("test");
    outputs.add_file(folder / "link.txt");
  }
  EXPECT_TRUE(fs::is_symlink(folder / "link.txt"));
  EXPECT_TRUE(fs::exists(folder / "real.txt"));
}

TEST(HardeningInterrupt, CreateFolderWithoutParentFails) {
  const fs::path folder = testing::fresh_temp_dir("interrupt-set-parent");
  OutputSet outputs("test");
  EXPECT_THROW(outputs.create_folder(folder / "missing" / "report", "--out"), IoError);
}

TEST(HardeningLimits, WholeFileAboveLimit) {
  const fs::path folder = testing::fresh_temp_dir("limits-whole-file");
  write_file(folder / "list.txt", std::string(2000, 'a'));
  EXPECT_EQ(read_whole_file(folder / "list.txt", 2000, "read test", "raise it").size(), 2000u);
  try {
    read_whole_file(folder / "list.txt", 1999, "read test", "raise it with --max-input-bytes N");
    FAIL() << "a file above the limit was read";
  } catch (const LimitExceeded& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("2000 bytes"), std::string::npos) << message;
    EXPECT_NE(message.find("limit of 1999 bytes"), std::string::npos) << message;
    EXPECT_NE(message.find("--max-input-bytes"), std::string::npos) << message;
  }
}

TEST(HardeningLimits, EndlessDeviceStopsAtLimit) {
  // /dev/zero has no size; the read must stop one buffer past the limit instead of filling memory.
  EXPECT_THROW(read_whole_file("/dev/zero", 100'000, "read test", "raise it"), LimitExceeded);
}

TEST(HardeningLimits, WholeFileMissingOrFolder) {
  const fs::path folder = testing::fresh_temp_dir("limits-missing");
  EXPECT_THROW(read_whole_file(folder / "none.txt", 100, "read test", "raise it"), IoError);
  EXPECT_THROW(read_whole_file(folder, 100, "read test", "raise it"), IoError);
}

TEST(HardeningParameters, UnknownHashParameterKey) {
  for (const char* algorithm : {"pdq", "phash", "dhash", "ahash", "moment"}) {
    forensics::HashOptions options;
    options.algorithm = algorithm;
    options.parameters["strenght"] = "1";
    try {
      forensics::hash_bits(options);
      ADD_FAILURE() << algorithm << " accepted the unknown parameter key";
    } catch (const InvalidArgument& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find("'strenght'"), std::string::npos) << message;
      EXPECT_NE(message.find("accepted keys"), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace erlangen::io
