// Assessment schemes: every rule kind on a hand-worked example (the arithmetic is in the comment
// beside each test), ranks with ties, veto cap and zero, interim scoring, the pooled roll-up and
// the smallest change to the next grade; bad schemes name the item.
#include <zhibiao/error.hpp>
#include <zhibiao/org_unit.hpp>
#include <zhibiao/scheme.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace zhibiao;
using ::testing::HasSubstr;

namespace {

Indicator indicator(std::string id, Unit unit, MeasureKind kind, int decimals) {
  Indicator x;
  x.id = std::move(id);
  x.name_zh = x.id + "率";
  x.numerator = "#{n}";
  x.denominator = "#{d}";
  x.unit = unit;
  x.kind = kind;
  x.decimals = decimals;
  return x;
}

const Catalog& catalog() {
  static const Catalog c{{},
                         {indicator("cover", Unit::percent(), MeasureKind::proportion, 2),
                          indicator("rate", Unit::percent(), MeasureKind::rate, 2),
                          indicator("cases", Unit::ratio(), MeasureKind::ratio, 0)}};
  return c;
}

SchemeItem item(std::string id, std::string indicator, double points, ScoreRule rule,
                std::string_view target) {
  SchemeItem it;
  it.id = std::move(id);
  it.indicator = std::move(indicator);
  it.points = points;
  it.rule = rule;
  it.target = Threshold::parse(target);
  return it;
}

// One unit, one row of counts per item (numerator, denominator pairs).
SchemeData one_unit(std::vector<std::pair<double, double>> counts, std::string unit = "u") {
  SchemeData d;
  d.units = {std::move(unit)};
  d.items = counts.size();
  for (auto [n, m] : counts) {
    d.numerator.push_back(n);
    d.denominator.push_back(m);
  }
  return d;
}

Scheme scheme_of(std::vector<SchemeItem> items) {
  Scheme s;
  s.items = std::move(items);
  return s;
}

} // namespace

// All or nothing: 5 points for ≥ 90 %; 92/100 = 92 % reaches it (5), 89/100 does not (0).
TEST(Scheme, AllOrNothing) {
  const Scheme s = scheme_of({item("a", "cover", 5, ScoreRule::all_or_nothing, "≥90%")});
  EXPECT_EQ(score(s, catalog(), one_unit({{92, 100}})).units[0].items[0].score, 5);
  const auto miss = score(s, catalog(), one_unit({{89, 100}})).units[0];
  EXPECT_EQ(miss.items[0].score, 0);
  EXPECT_EQ(miss.lost, std::vector<std::size_t>{0});
}

// Proportional credit, higher is better: 5 × 85 / 90 = 4.7222… → "4.72".
TEST(Scheme, ProportionalHigherIsBetter) {
  const Scheme s = scheme_of({item("a", "cover", 5, ScoreRule::proportional, "≥90%")});
  const auto u = score(s, catalog(), one_unit({{85, 100}})).units[0];
  EXPECT_NEAR(u.items[0].score, 5.0 * 85 / 90, 1e-12);
  EXPECT_EQ(u.items[0].reason_zh, "未达到目标≥90%（实际85.00%），按比例得4.72分");
  EXPECT_THAT(u.items[0].reason_en, HasSubstr("proportional credit 4.72 points"));
  EXPECT_EQ(u.total, 4.72);
}

// Lower is better (≤ 10 %): 125/1000 = 12.5 % earns 5 × 10 / 12.5 = 4; a value of 0 meets the
// bound and earns full marks (the target / value form is never evaluated at 0).
TEST(Scheme, ProportionalLowerIsBetter) {
  const Scheme s = scheme_of({item("a", "rate", 5, ScoreRule::proportional, "控制在10%以内")});
  EXPECT_NEAR(score(s, catalog(), one_unit({{125, 1000}})).units[0].items[0].score, 4.0, 1e-12);
  EXPECT_EQ(score(s, catalog(), one_unit({{0, 1000}})).units[0].items[0].score, 5);
}

// Deduction, 2 points per percentage point short of 95 %, floor 3: 92 % is 3 points short,
// 10 − 6 = 4; 90 % is 5 short, 10 − 10 = 0, held at the floor 3.
TEST(Scheme, DeductionPerPointWithFloor) {
  SchemeItem it = item("a", "cover", 10, ScoreRule::deduction, "≥95%");
  it.per_unit = 2;
  it.floor = 3;
  const Scheme s = scheme_of({it});
  const auto u = score(s, catalog(), one_unit({{92, 100}})).units[0];
  EXPECT_NEAR(u.items[0].score, 4, 1e-12);
  EXPECT_THAT(u.items[0].reason_zh, HasSubstr("差3个百分点"));
  EXPECT_NEAR(score(s, catalog(), one_unit({{90, 100}})).units[0].items[0].score, 3, 1e-12);
}

// Deduction per case: at least 1000 people, 0.1 point per person short: 990 is 10 short,
// 10 − 1 = 9.
TEST(Scheme, DeductionPerCase) {
  SchemeItem it = item("a", "cases", 10, ScoreRule::deduction, "不少于1,000人");
  it.per_unit = 0.1;
  const auto u = score(scheme_of({it}), catalog(), one_unit({{990, 1}})).units[0];
  EXPECT_NEAR(u.items[0].score, 9, 1e-9);
  EXPECT_THAT(u.items[0].reason_zh, HasSubstr("差10人"));
}

// Bonus: two 3-point bonus items both reached give 6, capped at the scheme's 5; a per-unit bonus
// of 0.5 per point above 90 % at 94 % gives 0.5 × 4 = 2 (below its own cap 3). The base item
// (60 % ≥ 50 %, 80 points) adds 80: 80 + 5 = 85; 80 + 2 = 82.
TEST(Scheme, BonusCap) {
  Scheme s = scheme_of({item("base", "cover", 80, ScoreRule::all_or_nothing, "≥50%"),
                        item("b1", "cover", 3, ScoreRule::bonus, "≥50%"),
                        item("b2", "rate", 3, ScoreRule::bonus, "≥50%")});
  s.bonus_cap = 5;
  EXPECT_EQ(score(s, catalog(), one_unit({{60, 100}, {60, 100}, {60, 100}})).units[0].total, 85);
  SchemeItem per = item("b", "cover", 3, ScoreRule::bonus, "≥90%");
  per.per_unit = 0.5;
  const Scheme t = scheme_of({item("base", "rate", 80, ScoreRule::all_or_nothing, "≥50%"), per});
  EXPECT_EQ(score(t, catalog(), one_unit({{60, 100}, {94, 100}})).units[0].total, 82);
}

// Veto: the other item earns 95; a missed veto capped at the 合格 bound gives 60 (合格), a zeroing
// veto 0 (不合格); a met veto leaves 95.
TEST(Scheme, VetoCapAndZero) {
  SchemeItem v = item("v", "rate", 0, ScoreRule::veto, "低于1%");
  v.veto = VetoEffect::cap;
  v.cap_grade = "合格";
  Scheme s = scheme_of({item("a", "cover", 95, ScoreRule::all_or_nothing, "≥90%"), v});
  const auto capped = score(s, catalog(), one_unit({{95, 100}, {2, 100}})).units[0];
  EXPECT_EQ(capped.total, 60);
  EXPECT_EQ(capped.grade, "合格");
  EXPECT_TRUE(capped.vetoed);
  EXPECT_THAT(capped.items[1].reason_zh, HasSubstr("一票否决，总分不超过60分"));
  EXPECT_EQ(score(s, catalog(), one_unit({{95, 100}, {0, 100}})).units[0].total, 95);
  s.items[1].veto = VetoEffect::zero;
  const auto zeroed = score(s, catalog(), one_unit({{95, 100}, {2, 100}})).units[0];
  EXPECT_EQ(zeroed.total, 0);
  EXPECT_EQ(zeroed.grade, "不合格");
}

// Competition ranking: totals 90, 85, 85, 70 (all or nothing items worth those points, all
// reached) rank 1, 2, 2, 4; the unit after the tie gets 4, not 3.
TEST(Scheme, RanksWithTies) {
  Scheme s = scheme_of({item("a", "cover", 100, ScoreRule::proportional, "≥100%")});
  SchemeData d;
  d.units = {"w", "x", "y", "z"};
  d.items = 1;
  d.numerator = {90, 85, 85, 70};
  d.denominator = {100, 100, 100, 100};
  const auto r = score(s, catalog(), d);
  EXPECT_EQ(r.units[0].rank, 1);
  EXPECT_EQ(r.units[1].rank, 2);
  EXPECT_EQ(r.units[2].rank, 2);
  EXPECT_EQ(r.units[3].rank, 4);
  EXPECT_EQ(r.units[1].grade, "良好");
}

// Interim scoring (seed 000's 1600-person quota for 2025): at 30 June, 6 of 12 months have
// passed, so the time-progress target is 1600 × 6/12 = 800; 760 done earns 10 × 760/800 = 9.5.
// At year end the target is the whole 1600: 10 × 760/1600 = 4.75.
TEST(Scheme, InterimAgainstTimeProgress) {
  SchemeItem it;
  it.id = "q";
  it.indicator = "cases";
  it.points = 10;
  it.rule = ScoreRule::proportional;
  it.quota = Quota::of(1600, Period::year(2025));
  const Scheme s = scheme_of({it});
  ScoreOptions mid;
  mid.as_of = Date(2025, 6, 30);
  const auto u = score(s, catalog(), one_unit({{760, 1}}), mid).units[0];
  EXPECT_NEAR(u.items[0].target, 800, 1e-9);
  EXPECT_NEAR(u.items[0].score, 9.5, 1e-12);
  EXPECT_THAT(u.items[0].reason_zh, HasSubstr("按序时进度目标≥800"));
  EXPECT_NEAR(score(s, catalog(), one_unit({{760, 1}})).units[0].items[0].score, 4.75, 1e-12);
}

// Roll-up: township A 45/50 = 90 %, B 300/400 = 75 %, 10 points proportional to ≥ 80 %. A scores
// 10, B 10 × 75/80 = 9.375: their mean is 9.6875. The district pools 345/450 = 76.667 % and
// scores 10 × 76.667/80 = 9.5833 — not the mean.
TEST(Scheme, RollUpPoolsCountsNotScores) {
  const auto tree =
      OrgUnitTree::from_parent_table({{"D", "区", ""}, {"A", "甲镇", "D"}, {"B", "乙镇", "D"}});
  SchemeData towns;
  towns.units = {"A", "B"};
  towns.items = 1;
  towns.numerator = {45, 300};
  towns.denominator = {50, 400};
  const Scheme s = scheme_of({item("a", "cover", 10, ScoreRule::proportional, "≥80%")});
  const auto district = roll_up(tree, towns, {"D"});
  EXPECT_EQ(district.numerator[0], 345);
  EXPECT_EQ(district.denominator[0], 450);
  const auto d = score(s, catalog(), district).units[0];
  EXPECT_NEAR(d.items[0].score, 10 * (345.0 / 450 * 100) / 80, 1e-12);
  const auto t = score(s, catalog(), towns);
  const double mean = (t.units[0].items[0].score + t.units[1].items[0].score) / 2;
  EXPECT_NEAR(mean, 9.6875, 1e-12);
  EXPECT_GT(std::abs(d.items[0].score - mean), 0.1);
}

// Smallest change to the next grade. One 100-point proportional item to ≥ 90 %: 50/100 scores
// 100 × 50/90 = 55.56 (不合格). 合格 needs 60: 53 cases give 58.89, 54 give 60.00: 4 more cases.
TEST(Scheme, SmallestChangeProportional) {
  const Scheme s = scheme_of({item("a", "cover", 100, ScoreRule::proportional, "≥90%")});
  const auto u = score(s, catalog(), one_unit({{50, 100}})).units[0];
  EXPECT_EQ(u.total, 55.56);
  ASSERT_TRUE(u.next && u.next->item);
  EXPECT_EQ(u.next->grade, "合格");
  EXPECT_NEAR(u.next->points_needed, 4.44, 1e-9);
  EXPECT_EQ(*u.next->item, 0u);
  EXPECT_EQ(u.next->cases, 4);
}

// Two items: a 60-point proportional one at 80/100 (60 × 80/90 = 53.33) and a 40-point all-or-
// nothing one at 90/100 against ≥ 95 % (0). To reach 60: the first needs 10 more cases (at 89 it
// gives 59.33), the second 5 (53.33 + 40 = 93.33): the smallest is 5 in the second.
TEST(Scheme, SmallestChangePicksFewestCases) {
  const Scheme s = scheme_of({item("a", "cover", 60, ScoreRule::proportional, "≥90%"),
                              item("b", "cover", 40, ScoreRule::all_or_nothing, "≥95%")});
  const auto u = score(s, catalog(), one_unit({{80, 100}, {90, 100}})).units[0];
  EXPECT_EQ(u.total, 53.33);
  ASSERT_TRUE(u.next && u.next->item);
  EXPECT_EQ(*u.next->item, 1u);
  EXPECT_EQ(u.next->cases, 5);
  EXPECT_THAT(u.next->describe_zh, HasSubstr("增加5例"));
}

TEST(Scheme, MissingDataScoresZero) {
  const Scheme s = scheme_of({item("a", "cover", 5, ScoreRule::all_or_nothing, "≥90%")});
  const auto u =
      score(s, catalog(), one_unit({{std::numeric_limits<double>::quiet_NaN(), 1}})).units[0];
  EXPECT_TRUE(u.items[0].missing);
  EXPECT_EQ(u.items[0].reason_zh, "无数据，得0分");
}

// Bad schemes: each error names the item (or the scheme field) at fault.
TEST(Scheme, ValidationNamesTheItem) {
  auto field_of = [](const Scheme& s) {
    try {
      validate(s, catalog());
    } catch (const invalid_input& e) {
      return e.field();
    }
    return std::string("(accepted)");
  };
  EXPECT_EQ(field_of(scheme_of({item("x", "nope", 5, ScoreRule::all_or_nothing, "≥90%")})),
            "items[0] (x).indicator");
  EXPECT_EQ(field_of(scheme_of({item("x", "cover", -1, ScoreRule::all_or_nothing, "≥90%")})),
            "items[0] (x).points");
  EXPECT_EQ(field_of(scheme_of({item("x", "cover", 5, ScoreRule::all_or_nothing, "≥90%"),
                                item("x", "rate", 5, ScoreRule::all_or_nothing, "≥90%")})),
            "items[1] (x).id");
  EXPECT_EQ(field_of(scheme_of({item("v", "cover", 0, ScoreRule::veto, "≥90%")})),
            "items[0] (v).veto");
  Scheme total = scheme_of({item("x", "cover", 40, ScoreRule::all_or_nothing, "≥90%"),
                            item("y", "rate", 50, ScoreRule::all_or_nothing, "≥90%")});
  total.total = 100; // 40 + 50 = 90
  EXPECT_EQ(field_of(total), "total");
  total.total = 90;
  EXPECT_EQ(field_of(total), "(accepted)");
  Scheme grades = total;
  grades.grades = {{"优秀", 90}, {"良好", 95}};
  EXPECT_EQ(field_of(grades), "grades");
  EXPECT_EQ(field_of(scheme_of({item("p", "cover", 5, ScoreRule::proportional, "=100%")})),
            "items[0] (p).target");
}

// The JSON format: every rule kind reads, writes and reads back to the same scores; an unknown
// key is refused with its path and a suggestion.
TEST(SchemeJson, RoundTripAndStrictKeys) {
  const std::string text = R"({
    "name": "妇幼健康考核", "total": 15, "bonus_cap": 2,
    "grades": [{"name": "优秀", "min_total": 13}, {"name": "合格", "min_total": 9}],
    "items": [
      {"id": "a", "indicator": "cover", "points": 5, "rule": "proportional", "target": "≥90%"},
      {"id": "b", "indicator": "cover", "points": 10, "rule": "deduction", "target": "≥95%",
       "per_unit": 2, "floor": 3},
      {"id": "c", "indicator": "rate", "points": 3, "rule": "bonus", "target": "≥50%"},
      {"id": "v", "indicator": "rate", "points": 0, "rule": "veto", "target": "低于1%",
       "veto": {"effect": "cap", "grade": "合格"}},
      {"id": "q", "indicator": "cases", "points": 0, "rule": "bonus",
       "quota": {"amount": 1600, "period": "2025"}}
    ]})";
  const Scheme s = scheme_from_json(text);
  ASSERT_EQ(s.items.size(), 5u);
  EXPECT_EQ(s.items[1].per_unit, 2);
  EXPECT_EQ(s.items[3].veto, VetoEffect::cap);
  EXPECT_EQ(s.items[4].quota->amount, 1600);
  const Scheme back = scheme_from_json(scheme_to_json(s));
  // 85 % → 5 × 85/90 = 4.72; 92 % → 10 − 2 × 3 = 4; bonus 60 % ≥ 50 % → 3, capped at 2; veto 0 %
  // met; quota bonus 0 points. 4.7222 + 4 + 2 = 10.72 (合格).
  const auto data = one_unit({{85, 100}, {92, 100}, {60, 100}, {0, 100}, {10, 1}});
  EXPECT_EQ(score(s, catalog(), data).units[0].total, 10.72);
  EXPECT_EQ(score(back, catalog(), data).units[0].total, 10.72);
  EXPECT_EQ(score(s, catalog(), data).units[0].grade, "合格");

  auto field_of = [](const std::string& t) {
    try {
      (void)scheme_from_json(t);
    } catch (const invalid_input& e) {
      return e.field() + " | " + e.what();
    }
    return std::string("(accepted)");
  };
  EXPECT_THAT(
      field_of(R"({"items": [{"id": "a", "indicator": "cover", "pionts": 5}]})"),
      HasSubstr("items[0].pionts | items[0].pionts: unknown field; did you mean \"points\"?"));
  EXPECT_THAT(field_of(R"({"items": [{"id": "a", "indicator": "cover", "points": 5,
                          "target": "≥90%abc"}]})"),
              HasSubstr("items[0].target"));
  EXPECT_THAT(field_of(R"({"items": [)"), HasSubstr("scheme | "));
  EXPECT_THAT(field_of(R"({"items": [{"id": "a", "indicator": "cover", "points": "5"}]})"),
              HasSubstr("items[0].points"));
}

TEST(SchemeRows, TableOfItems) {
  std::vector<SchemeRow> rows(2);
  rows[0] = {"a", "cover", "", "5", "proportional", "≥90%", "", "", "", "", "", ""};
  rows[1] = {"v", "rate", "", "0", "veto", "低于1%", "", "", "", "", "zero", ""};
  const Scheme s = scheme_from_rows(rows);
  EXPECT_EQ(s.items[1].veto, VetoEffect::zero);
  // 4.72 from item a, then the missed veto (2 % is not below 1 %) zeroes it.
  EXPECT_EQ(score(s, catalog(), one_unit({{85, 100}, {2, 100}})).units[0].total, 0);
  rows[0].points = "five";
  try {
    (void)scheme_from_rows(rows);
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "rows[0] (a).points");
  }
}
