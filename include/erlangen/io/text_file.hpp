// Whole-file reads of small inputs (manifests, suite files, path lists, models, indexes) with a
// size limit checked before the bytes are allocated.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace erlangen::io {

// Default limit of read_whole_file: 1 GiB, the default limit of an encoded image as well.
inline constexpr std::uint64_t kDefaultMaxInputBytes = std::uint64_t{1} << 30;

// Reads the file at `path`. A regular file larger than `max_bytes` throws LimitExceeded before
// anything is read; a FIFO or device is read until `max_bytes` + 1 bytes arrive, then rejected the
// same way, so /dev/zero cannot exhaust memory. The message is "<operation>: <path>: ...; <fix>",
// where `fix` says how to raise the limit (for example "raise it with --max-input-bytes N").
// Throws IoError when the file is missing, a folder or unreadable.
std::string read_whole_file(const std::filesystem::path& path, std::uint64_t max_bytes, std::string_view operation,
                            std::string_view fix);

}  // namespace erlangen::io
