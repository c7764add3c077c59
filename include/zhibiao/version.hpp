#pragma once
/// \file version.hpp
/// The library version, kept equal to project(VERSION) in CMakeLists.txt (a test checks it).
///
/// The constants and header_version() are those of the headers a program was compiled with;
/// library_version() is compiled into the library (src/version.cpp), so it is the version of the
/// libzhibiao actually linked or loaded. They differ when a program is built against one
/// release's headers and run with another's shared library (or linked with a stale static one):
///
///     if (!zhibiao::library_matches_headers()) {
///       std::fprintf(stderr, "zhibiao headers %s, library %s\n", zhibiao::header_version(),
///                    zhibiao::library_version());
///       return 1;
///     }
///
/// While the major version is 0 every minor release may change the ABI, so the two must agree in
/// major and minor version; patch releases of one minor version keep the ABI (the shared
/// library's SONAME is libzhibiao.so.<major>.<minor>, and find_package(zhibiao 0.1) accepts 0.1.x
/// only).
///
/// Thread safety: constants and functions without state: callable from any thread.

#include "zhibiao/export.hpp"

#include <string_view>

namespace ZHIBIAO_API zhibiao {

inline constexpr int version_major = 0;
inline constexpr int version_minor = 1;
inline constexpr int version_patch = 0;
inline constexpr const char* version = "0.1.0";

/// "0.1.0": the version of the headers this translation unit was compiled with.
constexpr const char* header_version() noexcept { return version; }

/// "0.1.0": the version of the compiled library (defined in src/version.cpp).
const char* library_version() noexcept;

/// The compiled library's major, minor and patch version.
int library_version_major() noexcept;
int library_version_minor() noexcept;
int library_version_patch() noexcept;

/// True when the linked library is ABI-compatible with these headers: the same major and minor
/// version while the major version is 0, the same major version from 1.0 on.
inline bool library_matches_headers() noexcept {
  if (library_version_major() != version_major) return false;
  return version_major != 0 || library_version_minor() == version_minor;
}

/// True when the linked library is exactly the headers' release (the same version string).
inline bool library_is_header_release() noexcept {
  return std::string_view(library_version()) == std::string_view(header_version());
}

} // namespace zhibiao
