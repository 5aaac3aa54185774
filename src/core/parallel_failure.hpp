// Carries the first exception out of an OpenMP parallel region.
//
// An exception that leaves the body of an OpenMP construct calls std::terminate,
// so every region whose work can throw (argument checks deep in a family,
// std::bad_alloc) runs that work through ParallelFailure::run. The first
// exception is kept, later work items are skipped, and rethrow() raises the
// kept exception on the calling thread after the region has ended. Threads
// still reach every barrier and worksharing construct, so a region with
// `omp single` or `omp for` inside it does not deadlock when one thread fails.
#pragma once

#include <atomic>
#include <exception>
#include <utility>

namespace erlangen::detail {

class ParallelFailure {
 public:
  // True once any thread has failed; later work should be skipped.
  bool raised() const noexcept { return raised_.load(std::memory_order_acquire); }

  // Runs `work` unless a failure was recorded; an exception it throws is recorded.
  template <typename Work>
  void run(Work&& work) noexcept {
    if (raised()) return;
    try {
      std::forward<Work>(work)();
    } catch (...) {
      capture();
    }
  }

  // Records the exception being handled if it is the first one.
  void capture() noexcept {
#pragma omp critical(erlangen_parallel_failure)
    {
      if (!first_) first_ = std::current_exception();
    }
    raised_.store(true, std::memory_order_release);
  }

  // Throws the recorded exception, if any. Call after the parallel region.
  void rethrow() const {
    if (first_) std::rethrow_exception(first_);
  }

 private:
  std::atomic<bool> raised_{false};
  std::exception_ptr first_;
};

}  // namespace erlangen::detail
