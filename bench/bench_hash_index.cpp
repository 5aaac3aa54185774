// Near-duplicate search over random 256-bit codes: multi-index hashing against the linear scan.
//
// Workload: n uniformly random 256-bit codes (n = 1e5 and 1e6), automatic substring count
// (m = round(256 / log2 n): 15 for 1e5, 13 for 1e6). Each query is an indexed code with r / 2 of
// its bits flipped, so every query has at least one neighbour; queries cycle through 1024 such
// codes. Reported per query: MIH radius search and linear scan at r = 8, 16 and 31 (31 is PDQ's
// match threshold), and the number of results. Build time of the index is a separate benchmark.
//   bench_hash_index --benchmark_filter='Radius' --benchmark_repetitions=3
#include <benchmark/benchmark.h>

#include <cstddef>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "erlangen/forensics/hash/index.hpp"

namespace {

using erlangen::forensics::BitHash;
using erlangen::forensics::HammingIndex;

constexpr std::size_t kBits = 256;
constexpr std::size_t kQueries = 1024;

struct Fixture {
  std::unique_ptr<HammingIndex> index;
  std::vector<BitHash> codes;
};

std::vector<BitHash> random_codes(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::vector<BitHash> codes;
  codes.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    BitHash code(kBits);
    for (std::size_t w = 0; w < kBits / 64; ++w) {
      const std::uint64_t word = generator();
      for (std::size_t b = 0; b < 64; ++b) code.set(w * 64 + b, ((word >> b) & 1U) != 0);
    }
    codes.push_back(std::move(code));
  }
  return codes;
}

// One index per size, built on first use and kept for the whole run.
Fixture& fixture(std::size_t count) {
  static std::map<std::size_t, Fixture> fixtures;
  auto found = fixtures.find(count);
  if (found != fixtures.end()) return found->second;
  Fixture& entry = fixtures[count];
  entry.codes = random_codes(count, 42);
  std::vector<std::string> ids(count);
  entry.index = std::make_unique<HammingIndex>("bench", kBits, std::move(ids), entry.codes);
  return entry;
}

std::vector<BitHash> queries(const Fixture& data, std::size_t radius) {
  std::mt19937_64 generator(7);
  std::vector<BitHash> result;
  for (std::size_t q = 0; q < kQueries; ++q) {
    BitHash query = data.codes[generator() % data.codes.size()];
    for (std::size_t f = 0; f < radius / 2; ++f) {
      const std::size_t k = generator() % kBits;
      query.set(k, !query.bit(k));
    }
    result.push_back(std::move(query));
  }
  return result;
}

void Radius(benchmark::State& state, bool linear) {
  const auto count = static_cast<std::size_t>(state.range(0));
  const auto radius = static_cast<std::size_t>(state.range(1));
  const Fixture& data = fixture(count);
  const std::vector<BitHash> probe = queries(data, radius);
  std::size_t q = 0;
  std::size_t results = 0;
  for (auto _ : state) {
    const auto found = linear ? data.index->linear_radius_search(probe[q], radius)
                              : data.index->radius_search(probe[q], radius);
    results += found.size();
    benchmark::DoNotOptimize(found.data());
    q = (q + 1) % probe.size();
  }
  state.counters["results_per_query"] =
      benchmark::Counter(static_cast<double>(results) / static_cast<double>(state.iterations()));
  state.counters["substrings"] = static_cast<double>(data.index->substrings());
}

void RadiusMih(benchmark::State& state) { Radius(state, false); }
void RadiusLinear(benchmark::State& state) { Radius(state, true); }

void Knn(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  const Fixture& data = fixture(count);
  const std::vector<BitHash> probe = queries(data, 16);
  std::size_t q = 0;
  for (auto _ : state) {
    const auto found = data.index->knn_search(probe[q], 10);
    benchmark::DoNotOptimize(found.data());
    q = (q + 1) % probe.size();
  }
}

void Build(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  const std::vector<BitHash> codes = random_codes(count, 42);
  for (auto _ : state) {
    HammingIndex index("bench", kBits, std::vector<std::string>(count), codes);
    benchmark::DoNotOptimize(index.substrings());
  }
}

void sizes_and_radii(benchmark::internal::Benchmark* benchmark) {
  for (std::int64_t count : {100'000, 1'000'000}) {
    for (std::int64_t radius : {8, 16, 31}) benchmark->Args({count, radius});
  }
}

BENCHMARK(RadiusMih)->Apply(sizes_and_radii)->Unit(benchmark::kMicrosecond);
BENCHMARK(RadiusLinear)->Apply(sizes_and_radii)->Unit(benchmark::kMicrosecond);
BENCHMARK(Knn)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMicrosecond);
BENCHMARK(Build)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
