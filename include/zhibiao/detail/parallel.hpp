#pragma once
// Splitting a column kernel across cores.
//
//   detail::parallel_for(len, 1 << 16, [&](std::size_t begin, std::size_t end) {
//     for (std::size_t i = begin; i < end; ++i) out[i] = f(in[i]);
//   });
//
// Every row is computed by the same code whatever the split, so results do not depend on the
// number of threads (each row's arithmetic is independent of its neighbours; no reductions are
// split). Small inputs, and calls made from inside a range, run on the calling thread. The ranges
// run on the library's persistent pool or the program's executor (zhibiao/threads.hpp, which also
// sets the thread counts; src/parallel.cpp).

#include <cstddef>

#include <functional>

namespace zhibiao::detail {

/// zhibiao::thread_count(): the threads a kernel called now from this thread may use. ≥ 1.
unsigned max_threads() noexcept;

/// zhibiao::set_thread_count(threads) (0 restores the default), under its older name: the tests,
/// benchmarks and the binding's _set_max_threads use it.
void set_max_threads(unsigned threads) noexcept;

/// Calls body(begin, end) over disjoint ranges covering [0, len): on the calling thread alone
/// when len < 2 × min_chunk, max_threads() is 1 or the call is made from inside a range of
/// another parallel_for, else as min(max_threads(), len / min_chunk) equal ranges run by the
/// caller and the pool's workers (or the executor's tasks). Returns when every range has run; an
/// exception from a range is rethrown then (the first range's, in range order).
void parallel_for(std::size_t len, std::size_t min_chunk,
                  const std::function<void(std::size_t, std::size_t)>& body);

} // namespace zhibiao::detail
