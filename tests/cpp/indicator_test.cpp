#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/indicator.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace zhibiao;
using ::testing::HasSubstr;

namespace {
// Two of seed 000's indicators (§一(一)2 签约率, §一(二)1 电子建档率) as a catalog.
const char* seed_catalog = R"({
  "data_elements": [
    {"id": "signed", "name_zh": "签约人数", "aggregation": "last"},
    {"id": "population", "name_zh": "常住人口", "aggregation": "average_sum_org_unit"},
    {"id": "births", "name_zh": "出生人数", "disaggregations": ["male", "female"]}
  ],
  "indicators": [
    {"id": "signing_rate", "name_zh": "常住人口家庭医生签约率", "numerator": "#{signed}",
     "denominator": "#{population}", "unit": "%", "decimals": 2, "direction": "higher_is_better",
     "kind": "proportion", "source": "八公山区卫健委2019年工作总结 一(一)2"},
    {"id": "birth_rate", "name_zh": "出生率", "numerator": "#{births}", "denominator": "#{population}",
     "unit": "‰", "kind": "rate"},
    {"id": "sex_ratio", "name_zh": "出生人口性别比", "numerator": "#{births.male}",
     "denominator": "#{births.female}", "unit": "per_100"}
  ]
})";

std::string field_of(const std::string& json) {
  try {
    Catalog::from_json(json);
  } catch (const parse_error& e) {
    return "parse_error at " + std::to_string(e.position());
  } catch (const invalid_input& e) {
    return e.field() + ": " + e.what();
  }
  return "no exception";
}
} // namespace

TEST(Catalog, ReadsElementsAndIndicatorsWithDefaults) {
  const Catalog c = Catalog::from_json(seed_catalog);
  ASSERT_EQ(c.data_elements.size(), 3u);
  EXPECT_EQ(c.data_elements[1].aggregation, AggregationType::average_sum_org_unit);
  EXPECT_EQ(c.data_elements[2].disaggregations, (std::vector<std::string>{"male", "female"}));
  const Indicator& s = c.indicator("signing_rate");
  EXPECT_EQ(s.unit, Unit::percent());
  EXPECT_EQ(s.direction, Direction::higher_is_better);
  EXPECT_EQ(s.kind, MeasureKind::proportion);
  EXPECT_EQ(c.indicator("birth_rate").unit, Unit::per_mille());
  EXPECT_EQ(c.indicator("birth_rate").decimals, 2);                  // default
  EXPECT_EQ(c.indicator("sex_ratio").direction, Direction::neither); // default
  EXPECT_THROW(c.indicator("nope"), invalid_input);
}

TEST(Catalog, RoundTripsThroughJson) {
  const Catalog c = Catalog::from_json(seed_catalog);
  const Catalog back = Catalog::from_json(c.to_json());
  ASSERT_EQ(back.indicators.size(), 3u);
  EXPECT_EQ(back.indicators[0].source, "八公山区卫健委2019年工作总结 一(一)2");
  EXPECT_EQ(back.indicators[2].unit, Unit::per_100());
  EXPECT_EQ(back.data_elements[0].aggregation, AggregationType::last);
}

TEST(Catalog, ErrorsNameTheFieldPath) {
  EXPECT_THAT(field_of(R"({"indicators": [{"id": "a", "numerator": "#{x}"}, {"id": "b"}]})"),
              HasSubstr("indicators[1].numerator: indicators[1].numerator: is required"));
  EXPECT_THAT(field_of(R"({"indicators": [{"id": "a", "numerator": "1", "decimals": "2"}]})"),
              HasSubstr("indicators[0].decimals"));
  EXPECT_THAT(field_of(R"({"indicators": [{"id": "a", "numerator": "1", "unit": "percentish"}]})"),
              HasSubstr("indicators[0].unit"));
  EXPECT_THAT(
      field_of(R"({"indicators": [{"id": "a", "numerator": "1", "direction": "sideways"}]})"),
      HasSubstr("indicators[0].direction"));
  EXPECT_THAT(field_of(R"({"indicators": [{"id": "a b", "numerator": "1"}]})"),
              HasSubstr("indicators[0].id"));
  EXPECT_THAT(
      field_of(R"({"indicators": [{"id": "a", "numerator": "1"}, {"id": "a", "numerator": "2"}]})"),
      HasSubstr("indicators[1].id: 'a' is defined twice"));
  EXPECT_THAT(field_of(R"({"data_elements": [{"id": "x", "aggregation": "median"}]})"),
              HasSubstr("data_elements[0].aggregation"));
  EXPECT_THAT(field_of(R"({"data_elements": [{"id": "x.y"}]})"), HasSubstr("data_elements[0].id"));
  EXPECT_THAT(field_of(R"([1, 2])"), HasSubstr("catalog"));
}

TEST(Catalog, MalformedJsonGivesTheCharacterPosition) {
  // {"data_elements": [}  — the '}' at character 19 cannot close a list.
  EXPECT_EQ(field_of(R"({"data_elements": [})"), "parse_error at 19");
  // Characters, not bytes: in {"名称": 1,, } the second ',' is character 9 (byte 13).
  EXPECT_EQ(field_of("{\"名称\": 1,, }"), "parse_error at 9");
}

TEST(Indicator, Validation) {
  Indicator i{.id = "x", .numerator = "#{a}"};
  EXPECT_NO_THROW(validate(i));
  i.decimals = 16;
  EXPECT_THROW(validate(i), invalid_input);
  EXPECT_EQ(parse_direction("lower"), Direction::lower_is_better);
}

// Found by the catalog fuzz target (tests/fuzz/catalog/regression-number-overflow): a number
// beyond the range of a double made nlohmann::json throw out_of_range, which escaped
// Catalog::from_json as an undocumented exception. It is invalid input naming the catalog.
TEST(Catalog, NumberBeyondDoubleRangeIsInvalidInputNotACrash) {
  try {
    Catalog::from_json(R"({"indicators": [{"id": "a", "numerator": "1", "decimals": 8e8888}]})");
    FAIL() << "no exception";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "catalog");
    EXPECT_THAT(e.what(), HasSubstr("number overflow"));
  }
}

// --- Issue 14, class 8: catalog JSON in other encodings and with full-width punctuation ------

namespace {
parse_error catalog_refusal(const std::string& json) {
  try {
    Catalog::from_json(json);
    ADD_FAILURE() << "parsed";
  } catch (const parse_error& e) {
    EXPECT_EQ(e.field(), "catalog");
    // Before: the message quoted one byte of ， and Python raised UnicodeDecodeError on it.
    EXPECT_EQ(detail::first_invalid_utf8(e.what()), std::string_view::npos);
    return e;
  }
  return parse_error("none", "", 0, "");
}
} // namespace

TEST(CatalogJson, FullWidthCommaIsAParseErrorAtItsCharacter) {
  const parse_error e =
      catalog_refusal("{\"data_elements\": [{\"id\": \"a\"，\"aggregation\": \"sum\"}]}");
  EXPECT_EQ(e.position(), 29u); // the ，
  EXPECT_THAT(e.note(), HasSubstr("full-width comma"));
}

TEST(CatalogJson, FullWidthQuotesAreAParseErrorAtTheirCharacter) {
  const parse_error e = catalog_refusal("{“data_elements”: []}");
  EXPECT_EQ(e.position(), 1u);
  EXPECT_THAT(e.note(), HasSubstr("full-width quotation mark"));
}

// 出生人数 in GBK: before, the JSON was read and the name stored as bytes that are not UTF-8.
TEST(CatalogJson, GbkBytesAreAParseErrorNamingTheEncoding) {
  const parse_error e = catalog_refusal("{\"data_elements\": [{\"id\": \"births\", \"name_zh\": "
                                        "\"\xB3\xF6\xC9\xFA\xC8\xCB\xCA\xFD\"}]}");
  EXPECT_EQ(e.position(), 48u);
  EXPECT_THAT(e.note(), HasSubstr("byte 48"));
  EXPECT_THAT(e.note(), HasSubstr("GB18030/GBK"));
}

TEST(CatalogJson, ByteOrderMarkIsAccepted) {
  const Catalog c = Catalog::from_json(std::string("\xEF\xBB\xBF") + seed_catalog);
  EXPECT_EQ(c.indicators.size(), 3u);
}
