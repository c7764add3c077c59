#pragma once
// Streaming (non-temporal) stores for output columns too large to stay in cache.
//
// An ordinary store first reads the output's cache line from memory (the read for ownership)
// and writes it back later, so a column written once costs twice its size in memory traffic. A
// streaming store of a whole 64-byte line skips that read. It pays only for columns that would
// be evicted before anyone reads them again (from 2^20 rows, 8 MiB a column, inputs and
// outputs together a large part of the benchmark machine's 48 MiB of L3), and it needs the
// stores in the loop that computes the values (docs/benchmarks.md §16: a buffer streamed out
// afterwards was no faster than ordinary stores when the loop is bound by its arithmetic).
// x86-64 with GCC or Clang only, whose target attribute compiles an AVX-512 function into a
// baseline build; the caller checks streaming_stores_available() at run time and keeps an
// ordinary path:
//
//   if (streaming_stores_available() && rows >= streaming_rows)
//     kernel_streamed(...); // __attribute__((target("avx512f"))), _mm512_stream_pd, _mm_sfence
//   else
//     kernel(...);
//
// Used by Wilson's limits (src/interval.cpp); the binding's sorted_run_offsets asks the same
// question for its AVX-512 compress loop. The year to date of sorted rows, whose loop is
// bound by its reads, gained nothing from them (docs/benchmarks.md §17).

#include <cstddef>
#include <cstdint>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define ZHIBIAO_STREAMING_STORES 1
#else
#define ZHIBIAO_STREAMING_STORES 0
#endif

namespace zhibiao::detail {

/// Rows from which an output column of doubles is worth streaming past the caches.
inline constexpr std::size_t streaming_rows = std::size_t{1} << 20;

/// Whether this build and this CPU can stream 64-byte vectors (AVX-512F), asked once.
inline bool streaming_stores_available() noexcept {
#if ZHIBIAO_STREAMING_STORES
  static const bool avx512 = __builtin_cpu_supports("avx512f");
  return avx512;
#else
  return false;
#endif
}

} // namespace zhibiao::detail
