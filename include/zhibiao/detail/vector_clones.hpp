#pragma once
// Internal (where internal headers live: see detail/numeric.hpp). Moved here from src/: the
// macro is used only by src/*.cpp, but internal headers have one home.
//
// ZHIBIAO_VECTOR_CLONES: compile a column kernel three times — for AVX-512 (x86-64-v4), AVX2
// (x86-64-v3) and the baseline x86-64 the package is built for — and let the dynamic loader pick
// the best one for the machine once, at load time (GCC's target_clones, an ifunc). Debian builds
// for baseline x86-64, whose SSE2 vectors hold two doubles; the square roots and divisions of the
// interval formulas run two to four times faster on the wider vectors (issue 8).
//
// Put it on a free function whose loop the compiler vectorises (restrict pointers, by-value
// constants), called once per block of rows: the dispatch is an indirect call.
//
// Results do not depend on the clone taken: division and square root are correctly rounded at
// every vector width, and the library is compiled with -ffp-contract=off, so no clone fuses a
// multiply and an add into an FMA that the others round twice.
//
// The CMake option ZHIBIAO_VECTOR_CLONES (default on) turns it off by defining
// ZHIBIAO_NO_VECTOR_CLONES for src/ (then each kernel is compiled once, for the baseline). It is
// off by default under ThreadSanitizer (ZHIBIAO_SANITIZE_THREAD, or -fsanitize=thread in
// CMAKE_CXX_FLAGS) and for the fuzzers: the ifunc resolvers run while the dynamic loader
// relocates the program, before the sanitizer runtime is initialised, and a TSan build crashes
// there, before main (in "<kernel> [clone .resolver]" called from _dl_relocate_object). Clang
// builds, the fuzzers' among them, never get the clones (the condition below).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__ELF__) &&         \
    !defined(ZHIBIAO_NO_VECTOR_CLONES)
#define ZHIBIAO_VECTOR_CLONES                                                                      \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define ZHIBIAO_VECTOR_CLONES
#endif
