#include <zhibiao/version.hpp>

#include <gtest/gtest.h>

#include <string>

// version.hpp is written by hand; it must follow project(VERSION) in CMakeLists.txt, which the
// exported package's version file uses.
TEST(Version, MatchesTheCMakeProjectVersion) {
  EXPECT_EQ(std::string(zhibiao::version), ZHIBIAO_PROJECT_VERSION);
  EXPECT_EQ(std::to_string(zhibiao::version_major) + "." + std::to_string(zhibiao::version_minor) +
                "." + std::to_string(zhibiao::version_patch),
            ZHIBIAO_PROJECT_VERSION);
}

// library_version() is compiled into the library (src/version.cpp): linked with the headers of
// its own release it equals the headers' version, and library_matches_headers() holds.
TEST(Version, TheLinkedLibraryIsTheHeadersRelease) {
  EXPECT_STREQ(zhibiao::library_version(), zhibiao::header_version());
  EXPECT_STREQ(zhibiao::library_version(), ZHIBIAO_PROJECT_VERSION);
  EXPECT_EQ(zhibiao::library_version_major(), zhibiao::version_major);
  EXPECT_EQ(zhibiao::library_version_minor(), zhibiao::version_minor);
  EXPECT_EQ(zhibiao::library_version_patch(), zhibiao::version_patch);
  EXPECT_TRUE(zhibiao::library_matches_headers());
  EXPECT_TRUE(zhibiao::library_is_header_release());
}
