// The version compiled into the library: the constants of version.hpp as they were when the
// library was built, returned through calls that a program resolves against the library it links
// (not against the headers it was compiled with), so library_matches_headers() can compare them.
#include "zhibiao/version.hpp"

namespace zhibiao {

const char* library_version() noexcept { return version; }
int library_version_major() noexcept { return version_major; }
int library_version_minor() noexcept { return version_minor; }
int library_version_patch() noexcept { return version_patch; }

} // namespace zhibiao
