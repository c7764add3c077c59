#pragma once
// Splitting a column kernel across cores.
//
//   detail::parallel_for(len, 1 << 16, [&](std::size_t begin, std::size_t end) {
//     for (std::size_t i = begin; i < end; ++i) out[i] = f(in[i]);
//   });
//
// Every row is computed by the same code whatever the split, so results do not depend on the
// number of threads (each row's arithmetic is independent of its neighbours; no reductions are
// split). Small inputs run on the calling thread: starting a thread costs ~20–50 µs.

#include <cstddef>

#include <functional>

namespace zhibiao::detail {

/// Threads a kernel may use: the hardware's (std::thread::hardware_concurrency) unless
/// set_max_threads changed it. Always ≥ 1.
unsigned max_threads() noexcept;

/// Caps the threads of later kernel calls (0 restores the default). For tests, which compare
/// single-threaded and threaded results, and for callers that run their own thread pool.
void set_max_threads(unsigned threads) noexcept;

/// Calls body(begin, end) over disjoint ranges covering [0, len): on the calling thread alone
/// when len < 2 × min_chunk or max_threads() is 1, else on up to max_threads() threads (the
/// caller's included). An exception from any range is rethrown after all threads have joined.
void parallel_for(std::size_t len, std::size_t min_chunk,
                  const std::function<void(std::size_t, std::size_t)>& body);

} // namespace zhibiao::detail
