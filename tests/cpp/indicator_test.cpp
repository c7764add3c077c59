#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/expression.hpp>
#include <zhibiao/indicator.hpp>
#include <zhibiao/measure.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <set>

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

// What from_json says about `json`: "field: message" (invalid_input's what() starts with its
// field).
std::string message_of(const std::string& json) {
  try {
    Catalog::from_json(json);
  } catch (const parse_error& e) {
    return "parse_error at " + std::to_string(e.position());
  } catch (const invalid_input& e) {
    return e.what();
  }
  return "no exception";
}

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
  EXPECT_THAT(
      field_of(
          R"({"indicators": [{"id": "a", "numerator": "#{x}", "denominator": "1"}, {"id": "b", "denominator": "1"}]})"),
      HasSubstr("indicators[1].numerator: indicators[1].numerator: is required"));
  EXPECT_THAT(
      field_of(
          R"({"indicators": [{"id": "a", "numerator": "1", "denominator": "1", "decimals": "2"}]})"),
      HasSubstr("indicators[0].decimals"));
  EXPECT_THAT(
      field_of(
          R"({"indicators": [{"id": "a", "numerator": "1", "denominator": "1", "unit": "percentish"}]})"),
      HasSubstr("indicators[0].unit"));
  EXPECT_THAT(
      field_of(
          R"({"indicators": [{"id": "a", "numerator": "1", "denominator": "1", "direction": "sideways"}]})"),
      HasSubstr("indicators[0].direction"));
  EXPECT_THAT(field_of(R"({"indicators": [{"id": "a b", "numerator": "1", "denominator": "1"}]})"),
              HasSubstr("indicators[0].id"));
  EXPECT_THAT(field_of(R"({"indicators": [{"id": "a", "numerator": "1", "denominator": "1"},
                          {"id": "a", "numerator": "2", "denominator": "1"}]})"),
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
    Catalog::from_json(
        R"({"indicators": [{"id": "a", "numerator": "1", "denominator": "1", "decimals": 8e8888}]})");
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

// --- Issue 18 item 2: the strict format ------------------------------------------------------

namespace {
// One indicator object with `extra` spliced in, inside a catalog.
std::string with_indicator(const std::string& extra) {
  return R"({"indicators": [{"id": "a", "numerator": "#{x}", "denominator": "#{y}")" + extra +
         "}]}";
}
} // namespace

TEST(CatalogFormat, UnknownKeysNameTheirPathAndTheClosestKnownKey) {
  // The typo of issue 18: before, it was ignored and the denominator silently became 1.
  EXPECT_EQ(
      message_of(R"({"indicators": [{"id": "a", "numerator": "#{x}", "denominater": "#{y}"}]})"),
      R"(indicators[0].denominater: unknown field; did you mean "denominator"?)");
  EXPECT_EQ(message_of(with_indicator(R"(, "decimal": 1)")),
            R"(indicators[0].decimal: unknown field; did you mean "decimals"?)");
  EXPECT_EQ(message_of(R"({"data_elements": [{"id": "x", "agregation": "sum"}]})"),
            R"(data_elements[0].agregation: unknown field; did you mean "aggregation"?)");
  EXPECT_EQ(message_of(R"({"indicator": []})"),
            R"(indicator: unknown field; did you mean "indicators"?)");
  EXPECT_EQ(message_of(with_indicator(
                R"(, "targets": [{"value": 5, "comparison": "at_most", "yaer": 2030}])")),
            R"(indicators[0].targets[0].yaer: unknown field; did you mean "year"?)");
  EXPECT_EQ(message_of(R"({"remove": {"indicator": ["a"]}})"),
            R"(remove.indicator: unknown field; did you mean "indicators"?)");
  // Nothing close: the known keys are listed.
  EXPECT_EQ(message_of(R"({"data_elements": [{"id": "x", "colour": "red"}]})"),
            R"(data_elements[0].colour: unknown field; expected one of "id", "name_zh", )"
            R"("name_en", "aggregation", "disaggregations", "description")");
}

TEST(CatalogFormat, WrongTypesNameThePathAndTheTypeExpected) {
  EXPECT_EQ(message_of(with_indicator(R"(, "decimals": "2")")),
            R"(indicators[0].decimals: must be an integer, got string "2")");
  EXPECT_EQ(message_of(with_indicator(R"(, "decimals": 2.5)")),
            "indicators[0].decimals: must be an integer, got number 2.5");
  EXPECT_EQ(message_of(with_indicator(R"(, "decimals": 16)")),
            "indicators[0].decimals: must be between 0 and 15, got 16");
  EXPECT_EQ(message_of(R"({"indicators": [{"id": "a", "numerator": 1, "denominator": "1"}]})"),
            "indicators[0].numerator: must be a string, got number 1");
  EXPECT_EQ(message_of(with_indicator(R"(, "annualised": "yes")")),
            R"(indicators[0].annualised: must be true or false, got string "yes")");
  EXPECT_EQ(message_of(with_indicator(R"(, "source": null)")),
            "indicators[0].source: must be a string, got null");
  EXPECT_EQ(message_of(with_indicator(R"(, "targets": {})")),
            "indicators[0].targets: must be a list, got an object");
  EXPECT_EQ(message_of(R"({"indicators": {}})"), "indicators: must be a list, got an object");
  EXPECT_EQ(message_of(R"({"indicators": ["a"]})"),
            R"(indicators[0]: must be an object, got string "a")");
  EXPECT_EQ(message_of(R"({"data_elements": [{"id": "x", "disaggregations": ["m", 1]}]})"),
            "data_elements[0].disaggregations[1]: must be a string, got number 1");
}

TEST(CatalogFormat, EnumeratedValuesAreTheCanonicalOnes) {
  EXPECT_EQ(message_of(with_indicator(R"(, "direction": "higher_is_beter")")),
            R"(indicators[0].direction: unknown value "higher_is_beter"; did you mean )"
            R"("higher_is_better"?)");
  // parse_direction reads "up"; a catalog keeps to one spelling.
  EXPECT_EQ(message_of(with_indicator(R"(, "direction": "up")")),
            R"(indicators[0].direction: unknown value "up"; expected one of "higher_is_better", )"
            R"("lower_is_better", "neither")");
  EXPECT_EQ(message_of(with_indicator(R"(, "unit": "percnt")")),
            R"(indicators[0].unit: unknown value "percnt"; did you mean "percent"?)");
  EXPECT_EQ(message_of(with_indicator(R"(, "verification": "X")")),
            R"(indicators[0].verification: unknown value "X"; did you mean "V"?)");
  EXPECT_EQ(message_of(R"({"data_elements": [{"id": "x", "aggregation": "SUM"}]})"),
            R"(data_elements[0].aggregation: unknown value "SUM"; did you mean "sum"?)");
}

TEST(CatalogFormat, ACountStatesItsDenominator) {
  EXPECT_EQ(message_of(R"({"indicators": [{"id": "a", "numerator": "#{x}"}]})"),
            R"(indicators[0].denominator: is required (write "1" for a count))");
  const Catalog c = Catalog::from_json(
      R"({"indicators": [{"id": "a", "numerator": "#{x}", "denominator": "1", "unit": "ratio"}]})");
  EXPECT_EQ(c.indicators[0].denominator, "1");
}

TEST(CatalogFormat, AMethodIndicatorHasNoNumeratorOrDenominator) {
  EXPECT_EQ(message_of(R"({"indicators": [{"id": "e0", "method": "abridged_life_table_e0", )"
                       R"("denominator": "1"}]})"),
            R"(indicators[0].denominator: must not be given with "method" (the method )"
            R"(computes the value))");
  EXPECT_EQ(message_of(R"({"indicators": [{"id": "e0"}]})"),
            R"(indicators[0].numerator: is required (or a "method"))");
  const Catalog c =
      Catalog::from_json(R"({"indicators": [{"id": "e0", "method": "abridged_life_table_e0"}]})");
  EXPECT_EQ(c.indicators[0].method, "abridged_life_table_e0");
  EXPECT_EQ(c.indicators[0].numerator, "");
  EXPECT_EQ(Catalog::from_json(c.to_json()).indicators[0].method, "abridged_life_table_e0");
}

TEST(CatalogFormat, TargetsNeedTheirFieldsAndABaselineOnlyForARelativeDecrease) {
  EXPECT_EQ(message_of(with_indicator(
                R"(, "targets": [{"value": 5, "comparison": "at_most", "document": "d"}])")),
            "indicators[0].targets[0].year: is required");
  EXPECT_EQ(message_of(with_indicator(R"(, "targets": [{"value": 30, "comparison": )"
                                      R"("relative_decrease", "year": 2030, "document": "d"}])")),
            "indicators[0].targets[0].baseline_year: is required for a relative_decrease");
  EXPECT_EQ(message_of(with_indicator(R"(, "targets": [{"value": 5, "comparison": "at_most", )"
                                      R"("year": 2030, "document": "d", "baseline_year": 2015}])")),
            "indicators[0].targets[0].baseline_year: is only for a relative_decrease");
  EXPECT_EQ(message_of(with_indicator(R"(, "targets": [{"value": 5, "comparison": "<=", )"
                                      R"("year": 2030, "document": "d"}])")),
            R"(indicators[0].targets[0].comparison: unknown value "<="; expected one of )"
            R"("at_least", "more_than", "at_most", "less_than", "equal_to", "relative_decrease")");
}

TEST(CatalogFormat, EveryFieldRoundTrips) {
  const std::string text = R"({"data_elements": [{"id": "deaths", "name_zh": "死亡数",
      "aggregation": "sum", "description": "除死亡、迁出外"}],
    "indicators": [{"id": "imr", "name_zh": "婴儿死亡率", "name_en": "Infant mortality",
      "numerator": "#{deaths}", "denominator": "#{births}", "unit": "‰", "decimals": 1,
      "direction": "lower_is_better", "kind": "rate", "annualised": true, "source": "s",
      "verification": "P", "note": "n",
      "targets": [{"value": 5.2, "comparison": "at_most", "year": 2025, "document": "d",
                   "verification": "U", "note": "tn"},
                  {"value": 30, "comparison": "relative_decrease", "year": 2030, "document": "d",
                   "baseline_year": 2015}]}],
    "remove": {"indicators": ["caesarean_rate"], "data_elements": ["beds"]}})";
  const Catalog c = Catalog::from_json(text);
  const Indicator& i = c.indicators[0];
  EXPECT_EQ(i.unit, Unit::per_mille());
  EXPECT_EQ(i.verification, Verification::probable);
  ASSERT_EQ(i.targets.size(), 2u);
  EXPECT_EQ(i.targets[0].comparison, TargetComparison::at_most);
  EXPECT_EQ(i.targets[0].verification, Verification::unverified);
  EXPECT_EQ(i.targets[1].baseline_year, 2015);
  EXPECT_EQ(i.targets[1].verification, Verification::unstated);
  EXPECT_EQ(c.data_elements[0].description, "除死亡、迁出外");
  EXPECT_EQ(c.removed_indicators, std::vector<std::string>{"caesarean_rate"});
  const std::string once = c.to_json();
  EXPECT_EQ(Catalog::from_json(once).to_json(), once);
}

// --- Issue 18 item 1: the built-in catalog ---------------------------------------------------

namespace {
const Indicator& builtin(std::string_view id) { return Catalog::builtin().indicator(id); }

// The national targets of an indicator set by `document` (a part of its title).
std::vector<NationalTarget> targets_of(std::string_view id, std::string_view document) {
  std::vector<NationalTarget> out;
  for (const auto& t : builtin(id).targets)
    if (t.document.find(document) != std::string::npos) out.push_back(t);
  return out;
}
} // namespace

TEST(BuiltinCatalog, LoadsRoundTripsAndEveryReferenceIsDefined) {
  const Catalog& c = Catalog::builtin();
  EXPECT_GE(c.indicators.size(), 40u);
  EXPECT_EQ(Catalog::from_json(c.to_json()).to_json(), c.to_json());
  std::set<std::string> used;
  for (const auto& i : c.indicators) {
    SCOPED_TRACE(i.id);
    EXPECT_NE(i.verification, Verification::unstated);
    EXPECT_FALSE(i.source.empty());
    EXPECT_FALSE(i.name_zh.empty());
    EXPECT_FALSE(i.name_en.empty());
    // An entry built on an unverified definition says what is uncertain.
    if (i.verification == Verification::unverified) {
      EXPECT_FALSE(i.note.empty());
    }
    if (!i.method.empty()) continue;
    for (const auto* side : {&i.numerator, &i.denominator}) {
      const Expression expression = Expression::parse(*side);
      for (const auto& r : expression.references()) {
        const DataElement& e = c.data_element(r.element); // throws for an undefined element
        used.insert(e.id);
        if (!r.disaggregation.empty()) {
          EXPECT_NE(std::find(e.disaggregations.begin(), e.disaggregations.end(), r.disaggregation),
                    e.disaggregations.end());
        }
      }
    }
  }
  for (const auto& e : c.data_elements) EXPECT_TRUE(used.count(e.id)) << e.id << " is unused";
}

// Each case: the definition or national target the entry is built on (docs/catalog.md §4–§5 list
// them with their status), and the document the entry cites.
TEST(BuiltinCatalog, BasicPublicHealthEntriesFollowTheStandard) {
  // FACTS: 健康档案建档率 | 建档人数 | 辖区内常住居民数 | P — 国家基本公共卫生服务规范（第三版）
  const Indicator& records = builtin("health_record_rate");
  EXPECT_EQ(records.numerator, "#{health_records}");
  EXPECT_EQ(records.denominator, "#{resident_population}");
  EXPECT_EQ(Catalog::builtin().data_element("health_records").name_zh, "建档人数");
  EXPECT_EQ(Catalog::builtin().data_element("resident_population").name_zh, "辖区内常住居民数");
  EXPECT_EQ(records.unit, Unit::percent());
  EXPECT_EQ(records.direction, Direction::higher_is_better);
  EXPECT_EQ(records.verification, Verification::probable);
  EXPECT_THAT(records.source, HasSubstr("国家基本公共卫生服务规范（第三版）"));
  // FACTS: 电子健康档案建档率 | 建立电子健康档案人数 | 辖区内常住居民数 | P
  const Indicator& e_records = builtin("e_health_record_rate");
  EXPECT_EQ(Catalog::builtin().data_element("e_health_records").name_zh, "建立电子健康档案人数");
  EXPECT_EQ(e_records.denominator, "#{resident_population}");
  // FACTS: 高血压患者规范管理率 | 按规范要求进行健康管理的高血压患者人数 |
  // 年内已管理的高血压患者人数 | P
  const Indicator& htn = builtin("hypertension_standard_management_rate");
  EXPECT_EQ(Catalog::builtin().data_element("hypertension_standard_managed").name_zh,
            "按规范要求进行健康管理的高血压患者人数");
  EXPECT_EQ(Catalog::builtin().data_element("hypertension_managed").name_zh,
            "年内已管理的高血压患者人数");
  EXPECT_EQ(htn.kind, MeasureKind::proportion);
  EXPECT_EQ(htn.verification, Verification::probable);
  // FACTS: 管理人群血压控制率 ... P (达标 threshold U): the note says so.
  EXPECT_THAT(builtin("hypertension_bp_control_rate").note, HasSubstr("达标"));
  // FACTS: 老年人健康管理率 | 年内接受健康管理的65岁及以上人数 | 年内辖区内65岁及以上常住居民数 | P
  const Indicator& elderly = builtin("elderly_health_management_rate");
  EXPECT_EQ(elderly.numerator, "#{elderly_managed}");
  EXPECT_EQ(Catalog::builtin().data_element("residents_65_plus").name_zh,
            "年内辖区内65岁及以上常住居民数");
  // FACTS: 老年人中医药健康管理率 | 接受中医药健康管理的65岁及以上居民数 |
  // 辖区内65岁及以上常住居民数 | P
  EXPECT_EQ(builtin("elderly_tcm_management_rate").denominator, "#{residents_65_plus}");
  // FACTS: 产后访视率 | 出院后28天内接受过产后访视的产妇人数 | 该地该时间段内活产数 | P (local
  // variants use 7 days or 分娩产妇数: do not copy)
  const Indicator& postpartum = builtin("postpartum_visit_rate");
  EXPECT_EQ(postpartum.denominator, "#{live_births}");
  EXPECT_EQ(Catalog::builtin().data_element("postpartum_visited").name_zh,
            "出院后28天内接受过产后访视的产妇人数");
  EXPECT_THAT(postpartum.note, HasSubstr("7 days"));
  // FACTS: 早孕建册率 | 孕13周之前建册并进行第一次产前检查的产妇人数 | 该地该时间段内活产数 | P
  EXPECT_EQ(builtin("early_pregnancy_registration_rate").denominator, "#{live_births}");
  // FACTS: 肺结核患者管理率 | 已管理的肺结核患者人数 | 确诊并通知基层管理的肺结核患者人数 | P
  EXPECT_EQ(Catalog::builtin()
                .data_element(builtin("tb_management_rate").denominator.substr(2, 11))
                .name_zh,
            "确诊并通知基层管理的肺结核患者人数");
  // FACTS: 严重精神障碍患者规范管理率 | 按规范要求管理的患者人数 | 登记在册的确诊患者人数 | P
  EXPECT_EQ(builtin("severe_mental_disorder_management_rate").denominator, "#{smd_registered}");
}

TEST(BuiltinCatalog, VitalStatisticsEntriesAndTheirNationalTargets) {
  // FACTS: 出生人口性别比 | 活产男婴数 | 活产女婴数 | ×100, V. Seed 000 prints
  // 出生人口总性别比114.17.
  const Indicator& sex_ratio = builtin("sex_ratio_at_birth");
  EXPECT_EQ(sex_ratio.numerator, "#{live_births.male}");
  EXPECT_EQ(sex_ratio.denominator, "#{live_births.female}");
  EXPECT_EQ(sex_ratio.unit, Unit::per_100());
  EXPECT_EQ(sex_ratio.verification, Verification::verified);
  // FACTS: 出生率 | 年内活产数 | 年平均人口数 | ‰, P. Seed 000: 出生率为4.86‰.
  const Indicator& births = builtin("birth_rate");
  EXPECT_EQ(births.unit, Unit::per_mille());
  EXPECT_EQ(births.verification, Verification::probable);
  // FACTS: 新生儿死亡率 | 生后28日内死亡数 | 活产数 | ‰, lower is better, V
  const Indicator& nmr = builtin("neonatal_mortality_rate");
  EXPECT_EQ(nmr.numerator, "#{neonatal_deaths}");
  EXPECT_THAT(Catalog::builtin().data_element("neonatal_deaths").description,
              HasSubstr("生后28日内"));
  EXPECT_EQ(nmr.direction, Direction::lower_is_better);
  EXPECT_EQ(nmr.verification, Verification::verified);
  // Targets: 健康儿童行动提升计划 (2021–2025) 新生儿 ≤3.1‰ 2025; 中国儿童发展纲要 新生儿 <3‰ 2030.
  ASSERT_EQ(targets_of("neonatal_mortality_rate", "健康儿童行动提升计划").size(), 1u);
  EXPECT_EQ(targets_of("neonatal_mortality_rate", "健康儿童行动提升计划")[0].value, 3.1);
  EXPECT_EQ(targets_of("neonatal_mortality_rate", "健康儿童行动提升计划")[0].comparison,
            TargetComparison::at_most);
  EXPECT_EQ(targets_of("neonatal_mortality_rate", "中国儿童发展纲要")[0].comparison,
            TargetComparison::less_than);
  // FACTS: 婴儿死亡率 | 1岁死亡数 | 活产数 | ‰, lower is better, P. Targets: 健康中国2030 5.0‰
  // (2030, V); 妇幼健康促进行动 ≤7.5‰ (2022, U); 母婴安全行动提升计划 ≤5.2‰ (2025).
  const Indicator& imr = builtin("infant_mortality_rate");
  EXPECT_EQ(imr.denominator, "#{live_births}");
  EXPECT_EQ(imr.verification, Verification::probable);
  const auto hc2030 = targets_of("infant_mortality_rate", "健康中国2030");
  ASSERT_EQ(hc2030.size(), 1u);
  EXPECT_EQ(hc2030[0].value, 5.0);
  EXPECT_EQ(hc2030[0].year, 2030);
  EXPECT_EQ(hc2030[0].verification, Verification::verified);
  EXPECT_EQ(targets_of("infant_mortality_rate", "妇幼健康促进行动")[0].verification,
            Verification::unverified);
  EXPECT_EQ(targets_of("infant_mortality_rate", "母婴安全行动提升计划")[0].value, 5.2);
  // FACTS: 孕产妇死亡率 | 孕产妇死亡数 | 活产数 | per 100,000, lower is better, V (WHO SDG 3.1.1).
  // Targets: 健康中国2030 12/10万 (2030); 十三五 <18/10万 (2020); 母婴安全 ≤14.5/10万 (2025).
  const Indicator& mmr = builtin("maternal_mortality_rate");
  EXPECT_EQ(mmr.unit, Unit::per_100k());
  EXPECT_EQ(mmr.verification, Verification::verified);
  EXPECT_THAT(mmr.source, HasSubstr("3.1.1"));
  EXPECT_EQ(targets_of("maternal_mortality_rate", "十三五")[0].value, 18);
  EXPECT_EQ(targets_of("maternal_mortality_rate", "十三五")[0].comparison,
            TargetComparison::less_than);
  EXPECT_EQ(targets_of("maternal_mortality_rate", "十三五")[0].year, 2020);
  EXPECT_EQ(targets_of("maternal_mortality_rate", "母婴安全行动提升计划")[0].value, 14.5);
  // 5岁以下: 健康儿童行动提升计划 ≤6.6‰ 2025.
  EXPECT_EQ(targets_of("under5_mortality_rate", "健康儿童行动提升计划")[0].value, 6.6);
}

TEST(BuiltinCatalog, UnverifiedDefinitionsSaySoAndMethodsAreNotRatios) {
  // FACTS: 孕产妇系统管理率 | 系统管理产妇数 | 活产数 | U
  const Indicator& msm = builtin("maternal_systematic_management_rate");
  EXPECT_EQ(msm.verification, Verification::unverified);
  EXPECT_THAT(msm.note, HasSubstr("not verified"));
  // FACTS: 剖宫产率 | 剖宫产活产数 (or 产妇数) | 活产数 (or 产妇数) | U; direction is a local
  // policy
  const Indicator& cs = builtin("caesarean_rate");
  EXPECT_EQ(cs.direction, Direction::neither);
  EXPECT_EQ(cs.verification, Verification::unverified);
  // FACTS: 每千人口3岁以下婴幼儿托位数 | 托位数 | 常住人口 | per 1,000, U (formula); target
  // 《"十四五"公共服务规划》 4.5 (2025, V).
  const Indicator& care = builtin("childcare_places_per_1000");
  EXPECT_EQ(care.unit, Unit::per_1000_population());
  EXPECT_EQ(care.verification, Verification::unverified);
  ASSERT_EQ(care.targets.size(), 1u);
  EXPECT_EQ(care.targets[0].value, 4.5);
  EXPECT_EQ(care.targets[0].year, 2025);
  EXPECT_EQ(care.targets[0].verification, Verification::verified);
  // FACTS: 每千人口床位数 | 医疗卫生机构床位数 | 常住人口 | per 1,000, P
  EXPECT_EQ(builtin("beds_per_1000").unit, Unit::per_1000_population());
  EXPECT_EQ(builtin("beds_per_1000").verification, Verification::probable);
  // FACTS: 人均预期寿命 | e0 of an abridged life table | — | years, P (method). Targets 79.0
  // (健康中国2030, 2030), 77.7 (健康中国行动意见, 2022), >77.3 (十三五, 2020).
  const Indicator& e0 = builtin("life_expectancy");
  EXPECT_EQ(e0.method, "abridged_life_table_e0");
  EXPECT_EQ(e0.numerator, "");
  EXPECT_EQ(e0.unit, Unit::years());
  EXPECT_EQ(e0.verification, Verification::probable);
  EXPECT_EQ(targets_of("life_expectancy", "十三五")[0].comparison, TargetComparison::more_than);
  EXPECT_EQ(targets_of("life_expectancy", "十三五")[0].value, 77.3);
  // FACTS: 重大慢性病过早死亡率 | probability of dying at 30–70 ... | %, lower is better, V.
  // Targets: 健康中国2030 较2015年下降30% (relative); 2019 意见 ≤15.9% (2022, V), ≤13.0% (2030, U).
  const Indicator& ncd = builtin("premature_ncd_mortality");
  EXPECT_EQ(ncd.method, "probability_of_dying_30_70");
  EXPECT_EQ(ncd.direction, Direction::lower_is_better);
  const auto relative = targets_of("premature_ncd_mortality", "健康中国2030");
  ASSERT_EQ(relative.size(), 1u);
  EXPECT_EQ(relative[0].comparison, TargetComparison::relative_decrease);
  EXPECT_EQ(relative[0].value, 30);
  EXPECT_EQ(relative[0].baseline_year, 2015);
  const auto action = targets_of("premature_ncd_mortality", "实施健康中国行动");
  ASSERT_EQ(action.size(), 2u);
  EXPECT_EQ(action[0].value, 15.9);
  EXPECT_EQ(action[1].value, 13.0);
  EXPECT_EQ(action[1].verification, Verification::unverified);
}

// Seed 000 and seed 002 figures recomputed through the built-in definitions (measure.hpp).
TEST(BuiltinCatalog, SeedFiguresThroughTheBuiltInUnitsAndDecimals) {
  // Seed 000 一(一)1: 任务数为1600人 ... 已为1506人 ... 任务完成率94.13%.
  const Indicator& quota = builtin("premarital_check_quota_completion");
  EXPECT_EQ(quota.kind, MeasureKind::quota_completion);
  EXPECT_EQ(QuotaCompletion(1506, 1600).format(quota.decimals), "94.13%");
  // Seed 000 二(二)2: 公共场所 124家, 已监督检查104家, 监督覆盖率83.9% (one decimal).
  const Indicator& supervision = builtin("supervision_coverage");
  EXPECT_EQ(Proportion(104, 124).format(supervision.decimals), "83.9%");
  // Seed 002 3: 次均门诊费用52.94元 — a money unit printing 元.
  const Indicator& visit = builtin("cost_per_outpatient_visit");
  EXPECT_EQ(visit.unit, Unit::yuan());
  EXPECT_EQ(visit.unit.suffix(), "元");
  EXPECT_EQ(builtin("cost_per_admission").unit, Unit::yuan());
  // Seed 000: 有偿签约人数9199, 有偿签约率达5% on the 签约率 base 59902 / 33.65% ≈ 178015.
  EXPECT_EQ(builtin("paid_contract_rate").verification, Verification::unverified);
  EXPECT_EQ(builtin("paid_contract_rate").denominator,
            builtin("family_doctor_contract_rate").denominator);
}

// --- merging a user's catalog over the built-in one -----------------------------------------

TEST(CatalogMerge, ReplacesAddsAndRemovesById) {
  const Catalog user = Catalog::from_json(R"json({
    "indicators": [
      {"id": "postpartum_visit_rate", "name_zh": "产后访视率(7天)", "numerator": "#{visited_7d}",
       "denominator": "#{live_births}"},
      {"id": "my_rate", "numerator": "#{x}", "denominator": "#{resident_population}"}],
    "remove": {"indicators": ["caesarean_rate"]}})json");
  const Catalog& base = Catalog::builtin();
  const Catalog merged = base.merged(user);
  EXPECT_EQ(merged.indicators.size(), base.indicators.size() + 1 - 1);
  EXPECT_EQ(merged.indicator("postpartum_visit_rate").numerator, "#{visited_7d}");
  // Replaced in place: the same position as in the base.
  const auto position = [](const Catalog& c, std::string_view id) {
    for (std::size_t i = 0; i < c.indicators.size(); ++i)
      if (c.indicators[i].id == id) return i;
    return c.indicators.size();
  };
  EXPECT_EQ(position(merged, "postpartum_visit_rate"), position(base, "postpartum_visit_rate"));
  EXPECT_EQ(merged.indicators.back().id, "my_rate");
  EXPECT_THROW(merged.indicator("caesarean_rate"), invalid_input);
  try {
    base.merged(Catalog::from_json(R"({"remove": {"indicators": ["caesarian_rate"]}})"));
    FAIL() << "no exception";
  } catch (const invalid_input& e) {
    EXPECT_STREQ(e.what(), "remove.indicators[0]: 'caesarian_rate' is not in the catalog this one "
                           "is merged over");
  }
}

// Found by tests/python/test_hostile_input.py: NationalTarget(value=inf) was accepted.
TEST(Indicator, ValidateRefusesANonFiniteTargetOrAYearOutOfRange) {
  Indicator i{.id = "imr", .numerator = "#{d}", .denominator = "#{b}"};
  i.targets.push_back({.value = std::numeric_limits<double>::infinity(),
                       .comparison = TargetComparison::at_most,
                       .year = 2025,
                       .document = "d"});
  try {
    validate(i);
    FAIL() << "no exception";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "targets[0].value");
  }
  i.targets[0].value = 5.2;
  i.targets[0].year = 0;
  EXPECT_THROW(validate(i), invalid_input);
  i.targets[0].year = 2025;
  EXPECT_NO_THROW(validate(i));
}
