#pragma once
/// \file export.hpp
/// ZHIBIAO_API: what the shared library exports.
///
/// The library is compiled with -fvisibility=hidden and -fvisibility-inlines-hidden (GCC,
/// CMakeLists.txt), so a symbol is exported from libzhibiao.so only when its declaration is marked.
/// Every public header opens its namespace as
///
///     namespace ZHIBIAO_API zhibiao {
///
/// which marks every declaration in that block, classes (their typeinfo and vtables, so that
/// `catch (const zhibiao::invalid_input&)` in a program matches an exception thrown inside the
/// library) and functions alike; a declaration added to such a block needs nothing more.
/// Internals (`zhibiao::detail`, opened in a block of their own) and everything the library
/// instantiates from Eigen, Boost, nlohmann/json and the standard library for its own use stay
/// hidden: 991 defined dynamic symbols before, 368 after (issue 21 item 5; docs/embedding.md §2).
/// The tests and the Python extension link the static library, in which hidden symbols still
/// link.
///
/// GCC applies a namespace's visibility to the declarations of that block only (a block opened
/// without the attribute is hidden), so every block of a public header carries it. An inline
/// function of a public header must call only exported functions (not `detail::` ones compiled
/// in `src/`), or a program linking the shared library fails to link.
///
/// Clang accepts the attribute on a namespace but does not apply it to functions, so a Clang
/// build keeps the default visibility (everything exported); only the fuzzers use Clang, and
/// they link the static library. On other compilers the macro is empty.
///
/// Thread safety: a macro; nothing to share.

#if defined(__GNUC__) || defined(__clang__)
#define ZHIBIAO_API [[gnu::visibility("default")]]
#else
#define ZHIBIAO_API
#endif
