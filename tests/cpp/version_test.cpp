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
