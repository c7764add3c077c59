#include <zhibiao/age_band.hpp>

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

using namespace zhibiao;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
} // namespace

// Ages are whole years: "a-b" holds a ... b, the interval [a, b + 1).
TEST(AgeBand, CommonSpellingsReadAsOneBand) {
  const AgeBand zero_four{0, 5};
  for (const char* label : {"0-4", "0–4", "0—4", "0~4", "0〜4", "0至4岁", "0-4岁", "０－４",
                            "0 - 4", "0岁至4岁", "０～４", "0 to 4", "0到4"})
    EXPECT_EQ(parse_age_band(label), zero_four) << label;
  EXPECT_EQ(parse_age_band("<1"), (AgeBand{0, 1}));
  EXPECT_EQ(parse_age_band("不满1岁"), (AgeBand{0, 1}));
  EXPECT_EQ(parse_age_band("0"), (AgeBand{0, 1}));
  EXPECT_EQ(parse_age_band("1-4"), (AgeBand{1, 5}));
  for (const char* label : {"85+", "85岁以上", "85岁及以上", "≥85", ">=85", "８５＋", "85 +"})
    EXPECT_EQ(parse_age_band(label), (AgeBand{85, inf})) << label;
  EXPECT_EQ(parse_age_band("90岁及以上"), (AgeBand{90, inf}));
  EXPECT_TRUE(parse_age_band("100+").open());
}

TEST(AgeBand, TextIsTheUsualSpelling) {
  EXPECT_EQ(age_band_text({0, 5}), "0-4");
  EXPECT_EQ(age_band_text({85, inf}), "85+");
  EXPECT_EQ(age_band_text({0, 1}), "0");
}

// Refused with the character position: an ambiguous open band, a reversed band, decimals, an
// age above 150, other text.
TEST(AgeBand, RefusesWhatItCannotReadWithThePosition) {
  const auto position = [](const char* label) -> long {
    try {
      parse_age_band(label);
    } catch (const parse_error& e) {
      return static_cast<long>(e.position());
    }
    return -1;
  };
  EXPECT_EQ(position(">85"), 0);     // does >85 include 85?
  EXPECT_EQ(position("5岁以下"), 0); // does 5岁以下 include age 5?
  EXPECT_EQ(position("9-5"), 2);     // upper below lower
  EXPECT_EQ(position("0.5-4"), 1);   // whole years only
  EXPECT_EQ(position("1000+"), 0);   // not an age
  EXPECT_EQ(position("0-4 years"), 4);
  EXPECT_EQ(position("total"), 0);
  EXPECT_EQ(position(""), 0);
  EXPECT_EQ(position("<0"), 2);
  EXPECT_THROW(parse_age_band("\xff"), parse_error); // invalid UTF-8
}
