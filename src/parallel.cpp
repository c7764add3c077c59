#include "zhibiao/detail/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace zhibiao::detail {

namespace {

std::atomic<unsigned> thread_cap{0}; // 0: the hardware's count

// The hardware's count, asked once: std::thread::hardware_concurrency() reads the CPU set from
// the system on every call (about 3-7 µs here), which every column kernel paid before deciding
// that a small input runs inline (issue 21 item 3; benchmarks/parallel_benchmark.cpp).
unsigned hardware_threads() noexcept {
  static const unsigned count = std::max(1u, std::thread::hardware_concurrency());
  return count;
}

} // namespace

unsigned max_threads() noexcept {
  const unsigned cap = thread_cap.load(std::memory_order_relaxed);
  if (cap > 0) return cap;
  return hardware_threads();
}

void set_max_threads(unsigned threads) noexcept {
  thread_cap.store(threads, std::memory_order_relaxed);
}

void parallel_for(std::size_t len, std::size_t min_chunk,
                  const std::function<void(std::size_t, std::size_t)>& body) {
  min_chunk = std::max<std::size_t>(min_chunk, 1);
  // Too small to split: run inline without asking how many threads there may be.
  const std::size_t parts =
      len / min_chunk <= 1 ? 1 : std::min<std::size_t>(max_threads(), len / min_chunk);
  if (parts <= 1) {
    if (len > 0) body(0, len);
    return;
  }
  // Equal contiguous ranges: the kernels cost the same per row (or nearly), and contiguous
  // ranges keep each thread's writes on its own cache lines.
  std::vector<std::exception_ptr> failures(parts);
  std::vector<std::thread> threads;
  threads.reserve(parts - 1);
  const auto range = [&](std::size_t k) {
    try {
      body(len * k / parts, len * (k + 1) / parts);
    } catch (...) {
      failures[k] = std::current_exception();
    }
  };
  for (std::size_t k = 1; k < parts; ++k) threads.emplace_back(range, k);
  range(0);
  for (auto& t : threads) t.join();
  for (const auto& f : failures)
    if (f) std::rethrow_exception(f);
}

} // namespace zhibiao::detail
