#include <zhibiao/error.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using ::testing::HasSubstr;

TEST(InvalidInput, NamesItsFieldInTheMessage) {
  const zhibiao::invalid_input e("numerator", "is negative (-3)");
  EXPECT_EQ(e.field(), "numerator");
  EXPECT_STREQ(e.what(), "numerator: is negative (-3)");
  // Callers catching the standard type still see it.
  const std::invalid_argument& base = e;
  EXPECT_THAT(base.what(), HasSubstr("negative"));
}

TEST(InvalidRows, KeepsEveryRowButShowsOnlyTheFirstTen) {
  std::vector<zhibiao::row_error> rows;
  for (std::size_t i = 0; i < 25; ++i) rows.push_back({i * 2, "denominator", "is negative (-1)"});
  const zhibiao::invalid_rows e(rows);
  ASSERT_EQ(e.rows().size(), 25u);
  EXPECT_EQ(e.rows()[24].row, 48u);
  EXPECT_THAT(e.what(), HasSubstr("25 bad rows: row 0 denominator: is negative (-1); row 2"));
  EXPECT_THAT(e.what(), HasSubstr("row 18 denominator"));
  EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("row 20 ")));
  EXPECT_THAT(e.what(), HasSubstr("... and 15 more"));
}

TEST(ParseError, GivesTheCharacterPositionAndWhatWasExpected) {
  const zhibiao::parse_error e("decimal", "9a.1", 1, "a digit");
  EXPECT_EQ(e.position(), 1u);
  EXPECT_EQ(e.field(), "decimal");
  EXPECT_STREQ(e.what(), "decimal: cannot parse '9a.1' at character 1: expected a digit");
}
