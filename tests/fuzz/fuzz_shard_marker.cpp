// Fuzz target: the shard marker reader of `erlangen batch` (batch::check_shard_marker), which
// decides whether a shard is complete or must be computed again.
#include <nlohmann/json.hpp>

#include "batch_engine.hpp"
#include "erlangen/core/error.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The configuration of the run that reads the marker, as run_shard builds it.
  static const nlohmann::json expected = {{"feature", "moments"},
                                          {"options", {{"max_order", 12}, {"invariants", "magnitude"}}},
                                          {"shard", 0},
                                          {"shards", 2},
                                          {"manifest", "list.txt"},
                                          {"manifest_hash", "00000000deadbeef"},
                                          {"manifest_entries", 3}};
  try {
    const erlangen::batch::ShardMarker marker =
        erlangen::batch::check_shard_marker(erlangen::fuzz::as_text(data, size), expected, "fuzz");
    if (marker.complete && marker.failed > marker.rows) __builtin_trap();
    if (!marker.complete && (marker.rows != 0 || marker.failed != 0)) __builtin_trap();
  } catch (const erlangen::Error&) {
  }
  return 0;
}
