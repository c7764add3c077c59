#include <zhibiao/cube.hpp>
#include <zhibiao/rate.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

using namespace zhibiao;
using ::testing::HasSubstr;

namespace {

// An invented district 八公山区 (D) with four townships, each with one health centre (F*) that
// reports; the township offices report nothing themselves.
OrgUnitTree district() {
  // (Strings built with append: GCC 12 warns falsely (-Wrestrict) on "T" + std::to_string(i).)
  const auto name = [](const char* prefix, int i) { std::string s(prefix); s.append(std::to_string(i)); return s; };
  std::vector<OrgUnitRow> rows{{"D", "八公山区", ""}};
  for (int i = 1; i <= 4; ++i) {
    rows.push_back({name("T", i), name("镇", i), "D"});
    rows.push_back({name("F", i), name("卫生院", i), name("T", i)});
  }
  return OrgUnitTree::from_parent_table(rows, {"县/区", "乡镇/街道", "村/社区"});
}

std::vector<DataElement> elements() {
  return {
      {"signed", "签约人数", "Residents with a family doctor", AggregationType::last},
      {"population", "常住人口", "Resident population", AggregationType::average_sum_org_unit},
      {"files", "电子健康档案", "Electronic health records", AggregationType::last},
      {"births", "出生人数", "Live births", AggregationType::sum, {"male", "female"}},
      {"beds", "床位数", "Beds", AggregationType::max},
      {"wait", "等候天数", "Waiting days", AggregationType::average},
  };
}

std::string month_code(int m) {
  std::string s(m < 10 ? "20190" : "2019");
  s.append(std::to_string(m));
  return s;
}

} // namespace

// Seed 000 §一(一)2 and §一(二)1: 常住人口签约人数59902人，签约率33.65%; 居民健康电子档案累计完成
// 153672人，电子建档率86.33%. The seed prints no population; DESIGN.md §6 finds the implied one:
// 59902/0.3365 ≈ 178,015 and 153672/0.8633 ≈ 178,005. Both rates round back from 178,005
// (59902/178005 = 33.6518 %, 153672/178005 = 86.3301 %), so the test district has 178,005
// residents, split over four invented townships whose own rates differ widely.
TEST(DataCube, DistrictRollUpReproducesSeed000AndIsNotTheMeanOfTownshipRates) {
  DataCube cube(district(), elements(), Period::month(2019, 1), 12);
  const double population[4] = {60000, 50000, 40000, 28005};   // sum 178,005
  const double signed_[4] = {30000, 15000, 10000, 4902};       // sum 59,902
  const double files[4] = {54000, 42000, 36000, 21672};        // sum 153,672
  std::vector<DataValueRow> rows;
  for (int f = 0; f < 4; ++f)
    for (int m = 1; m <= 12; ++m) {
      std::string unit("F");
      unit.append(std::to_string(f + 1));
      rows.push_back({"population", unit, month_code(m), population[f]});
      // Cumulative stocks grow during the year; the December value is the year's figure.
      rows.push_back({"signed", unit, month_code(m), std::round(signed_[f] * m / 12)});
      rows.push_back({"files", unit, month_code(m), std::round(files[f] * m / 12)});
    }
  EXPECT_EQ(cube.load(rows).loaded, rows.size());

  const auto& t = cube.tree();
  const std::vector<Period> year{Period::year(2019)};
  const auto d_signed = cube.aggregate("signed", {t.index("D")}, year);
  const auto d_pop = cube.aggregate("population", {t.index("D")}, year);
  const auto d_files = cube.aggregate("files", {t.index("D")}, year);
  EXPECT_EQ(d_signed.values(0, 0), 59902);
  EXPECT_EQ(d_pop.values(0, 0), 178005);
  EXPECT_EQ(Proportion(d_signed.values(0, 0), d_pop.values(0, 0)).format(2), "33.65%");
  EXPECT_EQ(Proportion(d_files.values(0, 0), d_pop.values(0, 0)).format(2), "86.33%");

  // Township rates: 50 %, 30 %, 25 %, 4902/28005 = 17.504 %; their mean 30.63 % is not the
  // district's 33.65 %.
  const auto towns = t.units_at_level(2);
  const auto s = cube.aggregate("signed", towns, year), p = cube.aggregate("population", towns, year);
  double mean = 0;
  for (int i = 0; i < 4; ++i) mean += s.values(i, 0) / p.values(i, 0) * 100 / 4;
  EXPECT_NEAR(mean, (50 + 30 + 25 + 4902.0 / 28005 * 100) / 4, 1e-9);
  EXPECT_GT(std::abs(mean - 33.65), 3.0);
}

TEST(DataCube, AggregationTypesInTimeAndSpace) {
  DataCube cube(district(), elements(), Period::month(2019, 1), 12);
  cube.load({{"births.male", "F1", "201901", 3}, {"births.female", "F1", "201901", 2},
             {"births.male", "F2", "201902", 4}, {"births.male", "F1", "201904", 1},
             {"population", "F1", "201901", 100}, {"population", "F1", "201902", 110},
             {"population", "F2", "201901", 50},
             {"beds", "F1", "201901", 20}, {"beds", "F2", "201903", 35},
             {"wait", "F1", "201901", 2}, {"wait", "F1", "201902", 4}, {"wait", "F2", "201901", 9}});
  const auto& t = cube.tree();
  const std::vector<std::size_t> d{t.index("D")};
  const std::vector<Period> q1{Period::quarter(2019, 1)}, q2{Period::quarter(2019, 2)};
  EXPECT_EQ(cube.aggregate("births", d, q1).values(0, 0), 9);       // 3 + 2 + 4
  EXPECT_EQ(cube.aggregate("births.male", d, q1).values(0, 0), 7);  // 3 + 4
  EXPECT_EQ(cube.aggregate("births", d, q2).values(0, 0), 1);
  // Population: F1 averages (100 + 110) / 2 = 105 over its months, F2 50; summed: 155.
  EXPECT_EQ(cube.aggregate("population", d, q1).values(0, 0), 155);
  EXPECT_EQ(cube.aggregate("population", d, q1).counts(0, 0), 3);
  EXPECT_EQ(cube.aggregate("beds", d, q1).values(0, 0), 35);        // max
  EXPECT_DOUBLE_EQ(cube.aggregate("wait", d, q1).values(0, 0), 5);   // (2 + 4 + 9) / 3
  // Nothing reported: NaN with count 0, not 0.
  const auto none = cube.aggregate("population", d, q2);
  EXPECT_TRUE(std::isnan(none.values(0, 0)));
  EXPECT_EQ(none.counts(0, 0), 0);
  // Months outside the cube contribute nothing.
  EXPECT_TRUE(std::isnan(cube.aggregate("births", d, {Period::quarter(2020, 1)}).values(0, 0)));
  EXPECT_THROW(cube.aggregate("births", d, {Period::parse("截止2019年6月10日")}), invalid_input);
  EXPECT_THROW(cube.aggregate("deaths", d, q1), invalid_input);
}

TEST(DataCube, GroupsAggregateTheirMembersOnly) {
  auto tree = district();
  tree.add_group("卫生院", {"F1", "F3"});
  DataCube cube(tree, elements(), Period::month(2019, 1), 12);
  cube.load({{"beds", "F1", "201901", 20}, {"beds", "F3", "201901", 35}, {"beds", "F2", "201901", 90},
             {"wait", "T1", "201901", 7}});
  const auto g = cube.aggregate("beds", cube.tree().group_matrix("卫生院"), {Period::month(2019, 1)});
  EXPECT_EQ(g.values(0, 0), 35); // max over F1 and F3; F2 is not a member
  EXPECT_EQ(g.counts(0, 0), 2);
  // T1's value is not counted: groups are sets of reporting units, not subtrees.
  const auto w = cube.aggregate("wait", cube.tree().group_matrix("卫生院"), {Period::month(2019, 1)});
  EXPECT_TRUE(std::isnan(w.values(0, 0)));
}

TEST(DataCube, EveryKindOfBadRowIsReported) {
  DataCube cube(district(), elements(), Period::month(2019, 1), 12);
  cube.load({{"population", "F1", "201901", 100}});
  const std::vector<DataValueRow> rows{
      {"population", "F1", "201902", 100},   // 0: fine
      {"deaths", "F1", "201902", 1},         // 1: unknown element
      {"births", "F1", "201902", 1},         // 2: a total for a disaggregated element
      {"births.other", "F1", "201902", 1},   // 3: unknown disaggregation
      {"population", "X9", "201902", 1},     // 4: unknown org unit
      {"population", "F2", "2019Q1", 1},     // 5: not a month
      {"population", "F2", "202001", 1},     // 6: outside the cube
      {"population", "F2", "2019年13月", 1}, // 7: unparseable period
      {"population", "F3", "201902", -4},    // 8: negative
      {"population", "F3", "201903", NAN},   // 9: missing value
      {"population", "F1", "201902", 100},   // 10: duplicate of row 0
      {"population", "F1", "201901", 100},   // 11: already loaded earlier
      {"", "F1", "201904", 1},               // 12: missing element
  };
  try {
    cube.load(rows);
    FAIL() << "no exception";
  } catch (const invalid_rows& e) {
    std::vector<std::size_t> bad;
    for (const auto& r : e.rows()) bad.push_back(r.row);
    EXPECT_EQ(bad, (std::vector<std::size_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
    const auto& r = e.rows();
    EXPECT_THAT(r[0].message, HasSubstr("unknown data element 'deaths'"));
    EXPECT_THAT(r[1].message, HasSubstr("give one of births.male, female"));
    EXPECT_THAT(r[2].message, HasSubstr("births has male, female"));
    EXPECT_EQ(r[3].field, "org_unit");
    EXPECT_THAT(r[4].message, HasSubstr("is a quarter; data values are monthly"));
    EXPECT_THAT(r[5].message, HasSubstr("outside the cube's months 201901 … 201912"));
    EXPECT_THAT(r[6].message, HasSubstr("a month between 1 and 12"));
    EXPECT_THAT(r[7].message, HasSubstr("is negative (-4)"));
    EXPECT_EQ(r[8].message, "is missing");
    EXPECT_THAT(r[9].message, HasSubstr("repeats row 0"));
    EXPECT_THAT(r[10].message, HasSubstr("already in the cube from an earlier load"));
    EXPECT_EQ(r[11].field, "element");
  }
  // Raise mode loads nothing; mark mode loads the good row and returns the others.
  EXPECT_EQ(cube.value_count(), 1u);
  const auto report = cube.load(rows, OnBadRows::mark);
  EXPECT_EQ(report.loaded, 1u);
  EXPECT_EQ(report.errors.size(), 12u);
  EXPECT_EQ(cube.value("population", "F1", Period::month(2019, 2)), 100.0);
}

TEST(DataCube, LoadsCsvAndReportsItsBadLines) {
  DataCube cube(district(), elements(), Period::month(2019, 1), 12);
  std::istringstream good("period,org_unit,element,value,comment\n"
                          "2019-01,F1,population,100,\n"
                          "\"2019年2月\",F1,population,\"110\",\"quoted, with comma\"\n");
  EXPECT_EQ(cube.load_csv(good).loaded, 2u);
  EXPECT_EQ(cube.value("population", "F1", Period::month(2019, 2)), 110.0);
  std::istringstream bad("element,org_unit,period,value\n"
                         "population,F2,201901,abc\n"
                         "population,F2\n"
                         "population,F2,201903,7\n");
  try {
    cube.load_csv(bad);
    FAIL();
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 2u);
    EXPECT_EQ(e.rows()[0].message, "is not a number ('abc')");
    EXPECT_EQ(e.rows()[1].row, 1u);
    EXPECT_THAT(e.rows()[1].message, HasSubstr("has 2 fields, the header has 4"));
  }
  EXPECT_EQ(cube.value_count(), 2u); // raise mode: nothing of the bad file was loaded
  std::istringstream no_value("element,org_unit,period\n");
  EXPECT_THROW(cube.load_csv(no_value), invalid_input);
}

TEST(DataCube, ElementDefinitionsAreChecked) {
  EXPECT_THROW(DataCube(district(), {{"a.b", "", "", AggregationType::sum}}, Period::month(2019, 1), 12),
               invalid_input);
  EXPECT_THROW(DataCube(district(), {{"a", "", ""}, {"a", "", ""}}, Period::month(2019, 1), 12),
               invalid_input);
  EXPECT_THROW(DataCube(district(), elements(), Period::quarter(2019, 1), 12), invalid_input);
  EXPECT_EQ(parse_aggregation_type("AVERAGE_SUM_ORG_UNIT"), AggregationType::average_sum_org_unit);
  EXPECT_THROW(parse_aggregation_type("median"), invalid_input);
}
