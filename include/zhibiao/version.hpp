#pragma once
/// \file version.hpp
/// The library version, kept equal to project(VERSION) in CMakeLists.txt (a test checks it).

namespace zhibiao {

inline constexpr int version_major = 0;
inline constexpr int version_minor = 1;
inline constexpr int version_patch = 0;
inline constexpr const char* version = "0.1.0";

} // namespace zhibiao
