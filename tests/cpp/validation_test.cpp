#include <zhibiao/detail/validation_kernels.hpp>
#include <zhibiao/validation.hpp>

#include <gmock/gmock.h>

#include <gtest/gtest.h>

#include <cmath>

using namespace zhibiao;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

// A status column as its codes (what Python sees).
std::vector<std::uint8_t> codes(const Column<ReportedStatus>& status) {
  return {status.codes().begin(), status.codes().end()};
}

// A district D with two townships T1, T2 (each with no units below).
OrgUnitTree district() {
  return OrgUnitTree::from_parent_table({{"D", "区", ""}, {"T1", "镇1", "D"}, {"T2", "镇2", "D"}});
}

std::vector<DataElement> seed002_elements() {
  std::vector<DataElement> e;
  for (const char* id :
       {"reward_all",    "basic",      "extended", "special",   "bankrupt",  "honour",
        "sterilisation", "ring",       "tubal",    "two_girls", "cases_all", "class_b",
        "class_c",       "fund_total", "fund_a",   "fund_b",    "fund_c",    "fund_d",
        "fund_e",        "x",          "y",        "z"})
    e.push_back({id, "", "", AggregationType::sum});
  return e;
}

// Seed 002 (2024 half-year summary), item 11: 全区共确认符合计划生育奖励条件的对象22846人 …
// 奖励扶助 5401人, 扩面奖励扶助8818人, 特别扶助914人, 破产改制企业退休职工615人, 光荣证188人,
// 节育奖励6910人 (上环6075人、结扎642人、两女扎193人); funds 1990.99万元 = 1398.3 + 269.6 + 92.5
// + 28.4 + 202.19. Item 7: 传染病1227例, 乙类585例, 丙类642例. Totals are reported by the district
// D, parts by the townships (an invented split), all in June 2024; `sterilisation` lets a test
// alter one part.
DataCube seed002_cube(double sterilisation = 6910) {
  DataCube cube(district(), seed002_elements(), Period::month(2024, 1), 6);
  cube.load(std::vector<DataValueRow>{
      {"reward_all", "D", "202406", 22846},
      {"basic", "T1", "202406", 5401},
      {"extended", "T1", "202406", 8818},
      {"special", "T1", "202406", 914},
      {"bankrupt", "T2", "202406", 615},
      {"honour", "T2", "202406", 188},
      {"sterilisation", "T2", "202406", sterilisation},
      {"ring", "T2", "202406", 6075},
      {"tubal", "T2", "202406", 642},
      {"two_girls", "T2", "202406", 193},
      {"cases_all", "D", "202406", 1227},
      {"class_b", "T1", "202406", 585},
      {"class_c", "T2", "202406", 642},
      {"fund_total", "D", "202406", 1990.99},
      {"fund_a", "T1", "202406", 1398.3},
      {"fund_b", "T1", "202406", 269.6},
      {"fund_c", "T2", "202406", 92.5},
      {"fund_d", "T2", "202406", 28.4},
      {"fund_e", "T2", "202406", 202.19},
  });
  return cube;
}

ValidationRule reward_rule() {
  return sum_of_parts_rule("reward_total", "reward_all",
                           {"basic", "extended", "special", "bankrupt", "honour", "sterilisation"},
                           "奖励扶助对象合计");
}

std::vector<std::size_t> all_units(const DataCube&) { return {0, 1, 2}; }

const Period h1 = Period::half_year(2024, 1);

} // namespace

TEST(Validation, SeedRewardRecipientsAddUp) {
  // Seed 002: 5401 + 8818 + 914 + 615 + 188 + 6910 = 22846 (hand sum: 14219, 15133, 15748, 15936,
  // 22846): the rule passes for the district. The townships report parts but no total: their left
  // side has no value (SKIP_IF_ALL_VALUES_MISSING), so they are skipped and counted.
  const DataCube cube = seed002_cube();
  const auto r = validate(cube, {reward_rule()}, all_units(cube), {h1});
  EXPECT_EQ(r.rows.size(), 0u);
  ASSERT_EQ(r.summary.size(), 1u);
  EXPECT_EQ(r.summary[0].checked, 3u);
  EXPECT_EQ(r.summary[0].passed, 1u);
  EXPECT_EQ(r.summary[0].violated, 0u);
  EXPECT_EQ(r.summary[0].skipped, 2u);

  // Asked for, the skipped and passed rows are listed with the reason.
  const auto all = validate(cube, {reward_rule()}, all_units(cube), {h1},
                            {.include_passed = true, .include_skipped = true});
  ASSERT_EQ(all.rows.size(), 3u);
  EXPECT_EQ(all.rows.outcome[0], RuleOutcome::passed);
  EXPECT_EQ(all.rows.message[0],
            "22846 = 5401 + 8818 + 914 + 615 + 188 + 6910 = 22846 (rule 奖励扶助对象合计)");
  EXPECT_EQ(all.rows.outcome[1], RuleOutcome::skipped);
  EXPECT_EQ(all.rows.message[1],
            "skipped: left side has no value (skip_if_all_values_missing) (rule 奖励扶助对象合计)");
  EXPECT_TRUE(std::isnan(all.rows.left[1]));
  EXPECT_EQ(all.rows.org_unit[1], 1u);
}

TEST(Validation, AlteredPartFailsWithTheRuleNamed) {
  // Seed 002 with 节育奖励 altered from 6910 to 6909: the parts sum to 22845 (hand: 22846 − 1).
  const DataCube cube = seed002_cube(6909);
  ValidationRule rule = reward_rule();
  rule.importance = Importance::high;
  const auto r = validate(cube, {rule}, {0}, {h1});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows.outcome[0], RuleOutcome::violated);
  EXPECT_EQ(r.rows.left[0], 22846);
  EXPECT_EQ(r.rows.right[0], 22845);
  EXPECT_EQ(r.rows.org_unit[0], 0u);
  EXPECT_EQ(r.rows.period[0], h1);
  EXPECT_EQ(r.rows.message[0],
            "22846 ≠ 5401 + 8818 + 914 + 615 + 188 + 6909 = 22845 (rule 奖励扶助对象合计)");
  EXPECT_EQ(r.summary[0].violated, 1u);
  // English name when asked; the id when there is no name at all.
  rule.name_en = "Reward recipients total";
  EXPECT_THAT(validate(cube, {rule}, {0}, {h1}, {.language = Language::en}).rows.message[0],
              HasSubstr("(rule Reward recipients total)"));
  rule.name_zh = rule.name_en = "";
  EXPECT_THAT(validate(cube, {rule}, {0}, {h1}).rows.message[0], HasSubstr("(rule reward_total)"));
}

TEST(Validation, NestedPartsAndCases) {
  const DataCube cube = seed002_cube();
  // Seed 002: 节育奖励6910人 = 上环6075 + 结扎642 + 两女扎193 (hand: 6717 + 193 = 6910), at T2.
  // Seed 002 item 7: 1227例 = 乙类585 + 丙类642 (hand: 1227); docs/units-and-rounding.md §1.
  const auto r = validate(
      cube,
      {sum_of_parts_rule("sterilisation_parts", "sterilisation", {"ring", "tubal", "two_girls"}),
       sum_of_parts_rule("cases", "cases_all", {"class_b", "class_c"})},
      {0, 2}, {h1}, {.include_passed = true});
  ASSERT_EQ(r.summary.size(), 2u);
  EXPECT_EQ(r.summary[0].passed, 2u); // D (its subtree includes T2) and T2
  EXPECT_EQ(r.summary[0].violated, 0u);
  EXPECT_EQ(r.summary[1].passed, 1u);  // D
  EXPECT_EQ(r.summary[1].skipped, 1u); // T2 has 丙类 642 but no total
  EXPECT_EQ(r.rows.message[2], "1227 = 585 + 642 = 1227 (rule cases)");
}

TEST(Validation, DecimalMoneyAddsUpWithoutTolerance) {
  // Seed 002: 1990.99万元 = 1398.3 + 269.6 + 92.5 + 28.4 + 202.19 (hand: 1667.9, 1760.4, 1788.8,
  // 1990.99). In binary the sum is off by a few ulps; the relative guard (1e-12) absorbs that.
  const DataCube cube = seed002_cube();
  const auto funds = sum_of_parts_rule(
      "funds", "fund_total", {"fund_a", "fund_b", "fund_c", "fund_d", "fund_e"}, "奖励资金合计");
  auto r = validate(cube, {funds}, {0}, {h1}, {.include_passed = true});
  EXPECT_EQ(r.summary[0].passed, 1u);
  EXPECT_EQ(r.rows.message[0],
            "1990.99 = 1398.3 + 269.6 + 92.5 + 28.4 + 202.19 = 1990.99 (rule 奖励资金合计)");
  // A total 0.01 off fails without tolerance and passes with a tolerance of 0.01 (one 分 of 万元
  // is not the point; the tolerance is absolute in the data's unit).
  const auto off =
      sum_of_parts_rule("funds", "fund_total", {"fund_a", "fund_b", "fund_c", "fund_d"});
  // 1398.3 + 269.6 + 92.5 + 28.4 = 1788.8 ≠ 1990.99: fails by 202.19 whatever the guard.
  EXPECT_EQ(validate(cube, {off}, {0}, {h1}).summary[0].violated, 1u);
  ValidationRule near = funds;
  near.left = "#{fund_total} + 0.01"; // 1991 vs 1990.99
  EXPECT_EQ(validate(cube, {near}, {0}, {h1}).summary[0].violated, 1u);
  near.tolerance = 0.01;
  EXPECT_EQ(validate(cube, {near}, {0}, {h1}).summary[0].passed, 1u);
}

TEST(Validation, SevenFundsOfSeed000) {
  // Seed 000 item 7: 323.172万元 = 173.76 + 23.88 + 23.28 + 16.332 + 49.62 + 32.4 + 3.9 (hand:
  // 197.64, 220.92, 237.252, 286.872, 319.272, 323.172), written as constants on both sides.
  DataCube cube(district(), seed002_elements(), Period::month(2019, 1), 12);
  ValidationRule r{.id = "funds_2019",
                   .left = "323.172",
                   .right = "173.76 + 23.88 + 23.28 + 16.332 + 49.62 + 32.4 + 3.9"};
  const auto v = validate(cube, {r}, {0}, {Period::year(2019)});
  EXPECT_EQ(v.summary[0].passed, 1u);
  r.left = "323.17";
  EXPECT_EQ(validate(cube, {r}, {0}, {Period::year(2019)}).summary[0].violated, 1u);
}

TEST(Validation, OperatorsAndMessages) {
  // Hand-made values: x = 10, y = 12 at D in January 2024.
  DataCube cube(district(), seed002_elements(), Period::month(2024, 1), 6);
  cube.load(std::vector<DataValueRow>{{"x", "D", "202401", 10}, {"y", "D", "202401", 12}});
  const Period jan = Period::month(2024, 1);
  const auto outcome = [&](const char* op) {
    ValidationRule r{.id = "r", .left = "#{x}", .op = parse_rule_operator(op), .right = "#{y}"};
    return validate(cube, {r}, {0}, {jan}, {.include_passed = true}).rows;
  };
  // 10 vs 12: <, <=, != hold; ==, >, >= fail.
  EXPECT_EQ(outcome("<").outcome[0], RuleOutcome::passed);
  EXPECT_EQ(outcome("<=").outcome[0], RuleOutcome::passed);
  EXPECT_EQ(outcome("!=").outcome[0], RuleOutcome::passed);
  EXPECT_EQ(outcome("==").outcome[0], RuleOutcome::violated);
  EXPECT_EQ(outcome(">").outcome[0], RuleOutcome::violated);
  EXPECT_EQ(outcome("greater_than_or_equal_to").outcome[0], RuleOutcome::violated);
  EXPECT_EQ(outcome(">").message[0], "10 ≤ 12 (rule r)");
  EXPECT_EQ(outcome(">=").message[0], "10 < 12 (rule r)");
  EXPECT_EQ(outcome("<").message[0], "10 < 12 (rule r)");
  // A compound left side shows its parts and value: (10 + 12) / 2 = 11 > 12 fails as 11 ≤ 12.
  ValidationRule mean{
      .id = "m", .left = "(#{x} + #{y}) / 2", .op = RuleOperator::greater_than, .right = "#{y}"};
  EXPECT_EQ(validate(cube, {mean}, {0}, {jan}).rows.message[0], "(10 + 12) / 2 = 11 ≤ 12 (rule m)");
  // Modifiers are substituted too: x in the month before January is missing → skipped by
  // SKIP_IF_ANY_VALUE_MISSING on the right side.
  ValidationRule prev{.id = "p",
                      .left = "#{x}",
                      .op = RuleOperator::greater_than_or_equal_to,
                      .right = "#{x}.periodOffset(-1)",
                      .right_missing = MissingValueStrategy::skip_if_any_value_missing};
  EXPECT_EQ(validate(cube, {prev}, {0}, {jan}).summary[0].skipped, 1u);
}

TEST(Validation, MissingValueStrategies) {
  // x = 10 reported, y and z missing, at D in January 2024.
  DataCube cube(district(), seed002_elements(), Period::month(2024, 1), 6);
  cube.load(std::vector<DataValueRow>{{"x", "D", "202401", 10}});
  const Period jan = Period::month(2024, 1);
  ValidationRule r{.id = "r", .left = "#{x}", .op = RuleOperator::equal_to, .right = "#{x} + #{y}"};
  // SKIP_IF_ALL (default): x is there, y reads as 0 → 10 == 10 + 0 passes.
  EXPECT_EQ(validate(cube, {r}, {0}, {jan}).summary[0].passed, 1u);
  // SKIP_IF_ANY: y is missing → skipped.
  r.right_missing = MissingValueStrategy::skip_if_any_value_missing;
  EXPECT_EQ(validate(cube, {r}, {0}, {jan}).summary[0].skipped, 1u);
  // Both right references missing: SKIP_IF_ALL skips, NEVER_SKIP reads 0 and 10 == 0 fails.
  r.right = "#{y} + #{z}";
  r.right_missing = MissingValueStrategy::skip_if_all_values_missing;
  EXPECT_EQ(validate(cube, {r}, {0}, {jan}).summary[0].skipped, 1u);
  r.right_missing = MissingValueStrategy::never_skip;
  const auto v = validate(cube, {r}, {0}, {jan});
  EXPECT_EQ(v.summary[0].violated, 1u);
  EXPECT_EQ(v.rows.message[0], "10 ≠ 0 + 0 = 0 (rule r)");
  // A side that is a constant always has a value.
  ValidationRule c{.id = "c",
                   .left = "#{y}",
                   .op = RuleOperator::less_than_or_equal_to,
                   .right = "100",
                   .left_missing = MissingValueStrategy::never_skip};
  EXPECT_EQ(validate(cube, {c}, {0}, {jan}).summary[0].passed, 1u);
}

TEST(Validation, PairsAndErrors) {
  DataCube cube(district(), seed002_elements(), Period::month(2024, 1), 6);
  // D: x and y; T1: x only; T2: neither (all January 2024). D's own x beside T1's is asked for
  // explicitly (ParentValues::add: D's x is 10 + 5), since a parent value is an error by default.
  cube.load(std::vector<DataValueRow>{{"x", "D", "202401", 10},
                                      {"y", "D", "202401", 0},
                                      {"x", "T1", "202401", 5}},
            OnBadRows::raise, ParentValues::add);
  const Period jan = Period::month(2024, 1);
  ValidationRule pair{
      .id = "p", .left = "#{x}", .op = RuleOperator::compulsory_pair, .right = "#{y}"};
  // D's subtree has x = 15 and y = 0: both present → holds; T1 has x only → broken; T2 neither →
  // holds.
  auto v = validate(cube, {pair}, {0, 1, 2}, {jan});
  EXPECT_EQ(v.summary[0].passed, 2u);
  EXPECT_EQ(v.summary[0].violated, 1u);
  EXPECT_EQ(v.rows.org_unit[0], 1u);
  EXPECT_EQ(v.rows.message[0], "compulsory pair broken: left 5, right no value (rule p)");
  pair.op = RuleOperator::exclusive_pair; // D has both → broken; T1, T2 hold
  v = validate(cube, {pair}, {0, 1, 2}, {jan});
  EXPECT_EQ(v.summary[0].violated, 1u);
  EXPECT_EQ(v.rows.org_unit[0], 0u);
  // x / y with y = 0 at D: an error row, listed, never a pass.
  ValidationRule ratio{
      .id = "q", .left = "#{x} / #{y}", .op = RuleOperator::less_than, .right = "1"};
  v = validate(cube, {ratio}, {0}, {jan});
  EXPECT_EQ(v.summary[0].errors, 1u);
  ASSERT_EQ(v.rows.size(), 1u);
  EXPECT_EQ(v.rows.outcome[0], RuleOutcome::error);
  EXPECT_EQ(v.rows.message[0], "error: left side: division by zero in '#{x} / #{y}' (rule q)");
}

TEST(Validation, PeriodTypes) {
  // A rule checked monthly over the first half year: six months × one unit; quarterly: two;
  // yearly: no year fits inside a half year, so nothing is checked.
  const DataCube cube = seed002_cube();
  ValidationRule r = reward_rule();
  r.period_type = PeriodType::month;
  auto v = validate(cube, {r}, {0}, {h1}, {.include_passed = true, .include_skipped = true});
  EXPECT_EQ(v.summary[0].checked, 6u);
  EXPECT_EQ(v.summary[0].skipped, 5u); // January–May: nothing reported
  EXPECT_EQ(v.summary[0].passed, 1u);  // June
  EXPECT_EQ(v.rows.period[5], Period::month(2024, 6));
  EXPECT_EQ(v.rows.requested_period[5], 0u);
  r.period_type = PeriodType::quarter;
  EXPECT_EQ(validate(cube, {r}, {0}, {h1}).summary[0].checked, 2u);
  r.period_type = PeriodType::year;
  EXPECT_EQ(validate(cube, {r}, {0}, {h1}).summary[0].checked, 0u);
  EXPECT_EQ(periods_of_type_within(Period::parse("2024年1-5月"), PeriodType::quarter).size(), 1u);
  EXPECT_THROW(periods_of_type_within(h1, PeriodType::day), invalid_input);
}

TEST(Validation, BadRulesNameTheField) {
  const DataCube cube = seed002_cube();
  ValidationRule r = reward_rule();
  r.right = "#{basic} + #{nothing}";
  try {
    validate(cube, {r}, {0}, {h1});
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "validation_rules[reward_total].right");
    EXPECT_THAT(e.what(), HasSubstr("nothing"));
  }
  r.right = "#{basic} +";
  EXPECT_THROW(validate(cube, {r}, {0}, {h1}), parse_error);
  r = reward_rule();
  r.tolerance = -1;
  try {
    validate(cube, {r}, {0}, {h1});
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "validation_rules[reward_total].tolerance");
  }
  EXPECT_THROW(sum_of_parts_rule("x", "a", {}), invalid_input);
  EXPECT_THROW(parse_rule_operator("=>"), invalid_input);
  EXPECT_THROW(validate(cube, {reward_rule()}, {7}, {h1}), invalid_input);
}

TEST(Validation, Json) {
  const std::string text = R"({"data_elements": [], "indicators": [],
    "validation_rules": [
      {"id": "reward_total", "name_zh": "奖励扶助对象合计", "left": "#{reward_all}", "operator": "==",
       "right": "#{basic} + #{extended}", "importance": "HIGH", "period_type": "Monthly",
       "right_missing": "NEVER_SKIP", "tolerance": 0.5},
      {"id": "dhis2", "leftSide": {"expression": "#{x}", "missingValueStrategy": "SKIP_IF_ANY_VALUE_MISSING"},
       "operator": "less_than_or_equal_to", "rightSide": {"expression": "#{y}"}}]})";
  const auto rules = validation_rules_from_json(text);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].name_zh, "奖励扶助对象合计");
  EXPECT_EQ(rules[0].importance, Importance::high);
  EXPECT_EQ(rules[0].period_type, PeriodType::month);
  EXPECT_EQ(rules[0].right_missing, MissingValueStrategy::never_skip);
  EXPECT_EQ(rules[0].left_missing, MissingValueStrategy::skip_if_all_values_missing);
  EXPECT_EQ(rules[0].tolerance, 0.5);
  EXPECT_EQ(rules[1].op, RuleOperator::less_than_or_equal_to);
  EXPECT_EQ(rules[1].left_missing, MissingValueStrategy::skip_if_any_value_missing);
  EXPECT_FALSE(rules[1].period_type.has_value());
  const auto again = validation_rules_from_json(validation_rules_to_json(rules));
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].right, rules[0].right);
  EXPECT_EQ(again[0].period_type, rules[0].period_type);
  EXPECT_EQ(again[1].left_missing, rules[1].left_missing);
  // A catalog without rules has none; errors name the path.
  EXPECT_TRUE(validation_rules_from_json(R"({"indicators": []})").empty());
  try {
    validation_rules_from_json(R"([{"id": "a", "left": "1", "right": "2", "operator": "=>"}])");
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "validation_rules[0].operator");
  }
  try {
    validation_rules_from_json(R"([{"id": "a", "left": "1"}])");
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "validation_rules[0].right");
  }
  EXPECT_THROW(validation_rules_from_json(R"([{"id": "a", "left": "1", "right": "1"},
                                               {"id": "a", "left": "1", "right": "1"}])"),
               invalid_input);
  EXPECT_THROW(validation_rules_from_json("[{"), parse_error);
}

TEST(Validation, CompareKernel) {
  // Hand cases: equality within the absolute tolerance (0.5) and at its edge; skipped (state 1)
  // before error (state 2).
  const double left[] = {1.0, 1.5, 1.6, 2.0, 3.0};
  const double right[] = {1.0, 1.0, 1.0, NAN, 3.0};
  const std::uint8_t ls[] = {0, 0, 0, 0, 1};
  const std::uint8_t rs[] = {0, 0, 0, 1, 2};
  std::uint8_t out[5];
  detail::compare_sides(RuleOperator::equal_to, left, right, ls, rs, 5, 0.5, out);
  EXPECT_EQ(out[0], 0); // 1 == 1
  EXPECT_EQ(out[1], 0); // |1.5 − 1| = 0.5 ≤ 0.5
  EXPECT_EQ(out[2], 1); // 0.6 > 0.5
  EXPECT_EQ(out[3], 2);
  EXPECT_EQ(out[4], 2);
  detail::compare_sides(RuleOperator::greater_than, left, right, ls, rs, 5, 0.5, out);
  EXPECT_EQ(out[1], 1); // 1.5 "equals" 1 within the tolerance, so it is not greater
  EXPECT_EQ(out[2], 0);
}

// --- consecutive months ----------------------------------------------------------------------

namespace {

// Five hospitals under a district; 剖宫产 (caesarean) and 分娩 (deliveries) for January–June 2024.
// Rates (caesarean / deliveries × 100), by hand:
//   H1: 11/20 = 55, 18/30 = 60, 13/25 = 52, 40/100 = 40, 30, 20   → one run Jan–Mar (3 months)
//   H2: 55, 60, 40, 70, 80, 20                                      → twice, drops, again twice: no
//   run of 3 H3: 45, 51, 52, 53, 54, 49                                      → one run Feb–May (4
//   months) H4: 50, 50, 50, 50, 50, 50                                      → never above 50
//   (大于50%: strict) H5: 60, 60, (no deliveries reported), 60, 60, 60               → the gap ends
//   a run: Apr–Jun (3)
DataCube caesarean_cube() {
  std::vector<OrgUnitRow> rows{{"D", "区", ""}};
  for (const char* h : {"H1", "H2", "H3", "H4", "H5"}) rows.push_back({h, h, "D"});
  DataCube cube(OrgUnitTree::from_parent_table(rows),
                {{"caesarean", "剖宫产数", "", AggregationType::sum},
                 {"deliveries", "分娩数", "", AggregationType::sum}},
                Period::month(2024, 1), 6);
  std::vector<DataValueRow> v;
  const auto month = [](int m) { return "20240" + std::to_string(m); };
  const auto add = [&](const char* h, int m, double c, double d) {
    v.push_back({"caesarean", h, month(m), c});
    if (!std::isnan(d)) v.push_back({"deliveries", h, month(m), d});
  };
  const double h1c[] = {11, 18, 13, 40, 30, 20}, h1d[] = {20, 30, 25, 100, 100, 100};
  const double h2[] = {55, 60, 40, 70, 80, 20}, h3[] = {45, 51, 52, 53, 54, 49};
  for (int m = 1; m <= 6; ++m) {
    add("H1", m, h1c[m - 1], h1d[m - 1]);
    add("H2", m, h2[m - 1], 100);
    add("H3", m, h3[m - 1], 100);
    add("H4", m, 50, 100);
    add("H5", m, 60, m == 3 ? NAN : 100);
  }
  cube.load(v);
  return cube;
}

ConsecutiveRule caesarean_rule() {
  return {.id = "caesarean_high",
          .name_zh = "剖宫产率连续3个月大于50%",
          .expression = "#{caesarean} / #{deliveries} * 100",
          .flag_when = RuleOperator::greater_than,
          .bound = 50,
          .run_length = 3,
          .importance = Importance::high};
}

} // namespace

TEST(Consecutive, FlagsExactlyTheHospitalsWithThreeMonthsRunning) {
  // Seed 002: 对连续3个月剖宫产率大于50%的单位给与通报批评.
  const DataCube cube = caesarean_cube();
  const auto r = consecutive_violations(cube, {caesarean_rule()}, {1, 2, 3, 4, 5},
                                        Period::parse("2024年1-6月"));
  ASSERT_EQ(r.runs.size(), 3u);
  EXPECT_EQ(r.runs.org_unit[0], 1u); // H1
  EXPECT_EQ(r.runs.first[0], Period::month(2024, 1));
  EXPECT_EQ(r.runs.last[0], Period::month(2024, 3));
  EXPECT_EQ(r.runs.length[0], 3);
  // 11/20 × 100 in binary may be 55.000000000000007: compared to 1e-9.
  EXPECT_THAT(r.runs.values[0],
              ElementsAre(DoubleNear(55, 1e-9), DoubleNear(60, 1e-9), DoubleNear(52, 1e-9)));
  EXPECT_EQ(r.runs.org_unit[1], 3u); // H3, one maximal run of four
  EXPECT_EQ(r.runs.length[1], 4);
  EXPECT_EQ(r.runs.first[1], Period::month(2024, 2));
  EXPECT_EQ(r.runs.org_unit[2], 5u); // H5 after its gap
  EXPECT_EQ(r.runs.first[2], Period::month(2024, 4));
  EXPECT_EQ(r.runs.message[0], "value > 50 in 3 consecutive months 202401–202403: 55, 60, 52 (rule "
                               "剖宫产率连续3个月大于50%)");
  const ConsecutiveSummary& s = r.summary[0];
  EXPECT_EQ(s.units, 5u);
  EXPECT_EQ(s.periods, 6u);
  EXPECT_EQ(s.flagged_units, 3u);
  EXPECT_EQ(s.runs, 3u);
  // Breaches by hand: H1 3, H2 4, H3 4, H4 0, H5 5.
  EXPECT_EQ(s.breaches, 16u);
  EXPECT_EQ(s.missing, 1u); // H5 in March
  // ≥ 50 flags H4 too (six months at exactly 50), and H2 still has no three in a row.
  ConsecutiveRule ge = caesarean_rule();
  ge.flag_when = RuleOperator::greater_than_or_equal_to;
  const auto g = consecutive_violations(cube, {ge}, {1, 2, 3, 4, 5}, Period::parse("2024年1-6月"));
  EXPECT_EQ(g.summary[0].flagged_units, 4u);
  // Two months running flags H2 (twice).
  ConsecutiveRule two = caesarean_rule();
  two.run_length = 2;
  const auto t = consecutive_violations(cube, {two}, {2}, Period::parse("2024年1-6月"));
  EXPECT_EQ(t.runs.size(), 2u);
  ConsecutiveRule bad = caesarean_rule();
  bad.run_length = 0;
  EXPECT_THROW(consecutive_violations(cube, {bad}, {1}, Period::parse("2024年1-6月")),
               invalid_input);
  bad = caesarean_rule();
  bad.flag_when = RuleOperator::exclusive_pair;
  EXPECT_THROW(consecutive_violations(cube, {bad}, {1}, Period::parse("2024年1-6月")),
               invalid_input);
}

// --- reported figures ---------------------------------------------------------------------------

TEST(ReportedRates, SeedFigures) {
  // docs/units-and-rounding.md §3 / seed 000: 任务数1600人, 已为1506人 … 任务完成率94.13%:
  // 1506/1600 × 100 = 94.125
  // exactly, half up 94.13; 94.12 (what banker's rounding prints) is inconsistent.
  auto c = check_reported_rate(1506, 1600, Decimal::parse("94.13"));
  EXPECT_TRUE(c.consistent);
  c = check_reported_rate(1506, 1600, Decimal::parse("94.12"));
  EXPECT_FALSE(c.consistent);
  EXPECT_EQ(c.expected.to_string(), "94.13");
  // Seed 000: 监督检查104家 of 124 → 83.9% (104/124 = 0.838709…); 孕前优生 359 of 371 → 96.77%
  // (0.967654…); 接种18101 of 19800 → 91.42% (0.914191…). Seed 002: 67072 of 164318 doses →
  // 完成全年任务的40.8% (0.408184…).
  EXPECT_TRUE(check_reported_rate(104, 124, Decimal::parse("83.9")).consistent);
  EXPECT_TRUE(check_reported_rate(359, 371, Decimal::parse("96.77")).consistent);
  EXPECT_TRUE(check_reported_rate(18101, 19800, Decimal::parse("91.42")).consistent);
  EXPECT_TRUE(check_reported_rate(67072, 164318, Decimal::parse("40.8")).consistent);
  // Printed with two decimals the same figure would be 40.82, not 40.80.
  EXPECT_FALSE(check_reported_rate(67072, 164318, Decimal::parse("40.80")).consistent);
  EXPECT_THROW(check_reported_rate(1, 0, Decimal::parse("1")), invalid_input);
  EXPECT_THROW(check_reported_rate(-1, 10, Decimal::parse("1")), invalid_input);
}

TEST(ReportedRates, Batch) {
  Eigen::ArrayXd num(5), den(5), rep(5);
  num << 1506, 1506, 104, 5, NAN;
  den << 1600, 1600, 124, 0, 10;
  rep << 94.13, 94.12, 83.9, 1, 50;
  const std::vector<int> dec{2, 2, 1, 0, 0};
  try {
    check_reported_rates(num, den, rep, dec);
    FAIL();
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 1u);
    EXPECT_EQ(e.rows()[0].row, 4u);
    EXPECT_EQ(e.rows()[0].field, "numerator");
  }
  const auto r = check_reported_rates(num, den, rep, dec, Unit::percent(), OnBadRows::mark);
  EXPECT_EQ(codes(r.status), (std::vector<std::uint8_t>{0, 1, 0, 2, 3}));
  EXPECT_EQ(r.expected[1], 94.13);
  EXPECT_NEAR(r.difference[1], -0.01, 1e-12);
  EXPECT_TRUE(std::isnan(r.expected[3]));
  EXPECT_EQ(r.inconsistent_count, 1u);
  EXPECT_EQ(r.undefined_count, 1u);
  EXPECT_EQ(r.errors.size(), 1u);
  // Per mille: seed 000's 801 births at 4.86‰ imply ~164,815 people (docs/units-and-rounding.md
  // §5.1); 801/164815 × 1000 = 4.85999… → 4.86.
  Eigen::ArrayXd b(1), p(1), q(1);
  b << 801;
  p << 164815;
  q << 4.86;
  EXPECT_EQ(check_reported_rates(b, p, q, {2}, Unit::per_mille()).status[0],
            ReportedStatus::consistent);
}

// The same nlohmann out_of_range the catalog fuzz target found (see indicator_test.cpp).
TEST(Validation, NumberBeyondDoubleRangeIsInvalidInputNotACrash) {
  try {
    validation_rules_from_json(R"([{"id": "r", "left": "1", "right": "2", "x": 8e8888}])");
    FAIL() << "no exception";
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "validation_rules");
    EXPECT_THAT(e.what(), HasSubstr("number overflow"));
  }
}

// The table form reads printed figures and checks each as check_reported_rate() checks one
// (issue 13). Seed 000: 1506/1600 → "94.13%" (94.125 half up), the altered "94.12%", 104/124 →
// "83.9%" (0.838709…); a bare number keeps its shortest decimal (94.13 → two decimals).
TEST(ReportedRateTable, ReadsPrintedFiguresAndMatchesTheScalarCheck) {
  Eigen::ArrayXd num(4), den(4);
  num << 1506, 1506, 104, 1506;
  den << 1600, 1600, 124, 1600;
  ReportedFigures rep{{NAN, NAN, NAN, 94.13},
                      {"94.13%", " 94.12 % ", "83.9\xE3\x80\x80%", std::nullopt}};
  const auto r = check_reported_rate_table(num, den, rep);
  EXPECT_EQ(codes(r.status), (std::vector<std::uint8_t>{0, 1, 0, 0}));
  for (int i = 0; i < 3; ++i) {
    const auto scalar = check_reported_rate(num[i], den[i],
                                            Decimal::parse(i == 2 ? "83.9"
                                                           : i    ? "94.12"
                                                                  : "94.13"));
    EXPECT_EQ(r.expected[i], scalar.expected.to_double()) << i;
    EXPECT_EQ(r.status[static_cast<std::size_t>(i)] == ReportedStatus::consistent,
              scalar.consistent)
        << i;
  }
  EXPECT_TRUE(r.errors.empty());
  // Seed 000's 801 births at "4.86‰" of 164,815 people: the unit is read from the text.
  Eigen::ArrayXd b(1), p(1);
  b << 801;
  p << 164815;
  EXPECT_EQ(check_reported_rate_table(b, p, {{NAN}, {"4.86‰"}}).status[0],
            ReportedStatus::consistent);
  // One unit per call: a ‰ among % rows, an unknown unit and text that is not a number are bad
  // rows, listed sorted by row, or marked invalid_reported.
  Eigen::ArrayXd num3(3), den3(3);
  num3 << 1506, 801, 1;
  den3 << 1600, 164815, 2;
  const ReportedFigures mixed{{NAN, NAN, NAN}, {"94.13%", "4.86‰", "五十"}};
  ReportedTableOptions o;
  o.unit = Unit::percent();
  o.reported = "printed";
  try {
    check_reported_rate_table(num3, den3, mixed, o);
    FAIL();
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 2u);
    EXPECT_EQ(e.rows()[0].row, 1u);
    EXPECT_EQ(e.rows()[0].field, "printed");
    EXPECT_EQ(e.rows()[0].message, "is printed in ‰ but the unit is %");
    EXPECT_EQ(e.rows()[1].message, "is not a number: '五十'");
  }
  o.on_bad_rows = OnBadRows::mark;
  const auto marked = check_reported_rate_table(num3, den3, mixed, o);
  EXPECT_EQ(codes(marked.status), (std::vector<std::uint8_t>{0, 5, 5}));
  EXPECT_EQ(marked.errors.size(), 2u);
  EXPECT_EQ(to_string(ReportedStatus::invalid_reported), "invalid_reported");
  EXPECT_EQ(to_string(RuleOutcome::skipped), "skipped");
}

// --- Issue 14, class 8: rule JSON in other encodings and with full-width punctuation ---------

// Before: a GBK name went through as bytes that are not UTF-8, and a full-width comma gave a
// message quoting one byte of it (a UnicodeDecodeError in Python).
TEST(ValidationRulesJson, GbkAndFullWidthCommaAreParseErrorsWithPositions) {
  // 镇 in GBK is D5 F2.
  try {
    validation_rules_from_json("[{\"id\": \"r\", \"name\": \"\xD5\xF2\"}]");
    FAIL();
  } catch (const parse_error& e) {
    EXPECT_EQ(e.field(), "validation_rules");
    EXPECT_EQ(e.position(), 22u);
    EXPECT_THAT(e.note(), HasSubstr("byte 22 (0xD5)"));
    EXPECT_THAT(e.note(), HasSubstr("GB18030/GBK"));
  }
  try {
    validation_rules_from_json("[{\"id\": \"r\"，\"left\": \"#{a}\"}]");
    FAIL();
  } catch (const parse_error& e) {
    EXPECT_EQ(e.position(), 11u);
    EXPECT_THAT(e.note(), HasSubstr("full-width comma"));
    EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("\xEF\"")));
  }
}

// Reported figures beyond the 18 digits of a Decimal (issue 14, class 3): 10^30 of 1 in per cent is
// 10^32 exactly and is compared exactly; 1e308 of 1e-10 exceeds the largest double: the
// overflow status, an error row naming the numerator. The scalar refuses what a Decimal cannot
// hold, naming the numerator.
TEST(ReportedRates, HugeValuesAreComparedExactlyOrOverflow) {
  Eigen::ArrayXd num(2), den(2), rep(2);
  num << 1e30, 1e308;
  den << 1, 1e-10;
  rep << 1e32, 1;
  const auto r = check_reported_rates(num, den, rep, {0, 0}, Unit::percent(), OnBadRows::mark);
  EXPECT_EQ(codes(r.status), (std::vector<std::uint8_t>{0, 7}));
  EXPECT_EQ(r.expected[0], 1e32);
  EXPECT_TRUE(std::isnan(r.expected[1]));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].field, "numerator");
  EXPECT_THAT(r.errors[0].message, HasSubstr("overflow"));
  EXPECT_EQ(to_string(ReportedStatus::overflow), "overflow");
  try {
    check_reported_rate(1e308, 1, Decimal::parse("1"));
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "numerator");
  }
}

// --- result storage and input overloads (issue 21, items 1 and 6) -------------------------------

// The result owns no Eigen storage: columns are zhibiao::Column, the status typed (one byte:
// the codes Python sees are unchanged).
static_assert(std::is_same_v<decltype(ReportedRateColumns::expected), Column<double>>);
static_assert(std::is_same_v<decltype(ReportedRateColumns::difference), Column<double>>);
static_assert(std::is_same_v<decltype(ReportedRateColumns::status), Column<ReportedStatus>>);
static_assert(sizeof(ReportedStatus) == 1);
static_assert(std::is_same_v<decltype(ValidationTable::outcome), Column<RuleOutcome>>);
static_assert(sizeof(RuleOutcome) == 1);

// An Eigen array, a std::vector and a zhibiao::Column are each accepted (the Eigen::Ref and the
// std::span overloads, neither ambiguous) and give the same numbers bit for bit: the rows of
// ReportedRates.Batch (1506/1600 → 94.13 consistent, 94.12 not; 104/124 → 83.9; 5/0 undefined).
TEST(Overloads, EigenVectorAndColumnInputsGiveTheSameResults) {
  const std::vector<double> num{1506, 1506, 104, 5}, den{1600, 1600, 124, 0},
      rep{94.13, 94.12, 83.9, 1};
  const std::vector<int> dec{2, 2, 1, 0};
  const auto eigen = [](const std::vector<double>& x) -> Eigen::ArrayXd {
    return Eigen::Map<const Eigen::ArrayXd>(x.data(), static_cast<Eigen::Index>(x.size()));
  };
  const ReportedRateColumns v = check_reported_rates(num, den, rep, dec);
  const ReportedRateColumns e = check_reported_rates(eigen(num), eigen(den), eigen(rep), dec);
  const ReportedRateColumns c =
      check_reported_rates(Column<double>(num), Column<double>(den), Column<double>(rep), dec);
  EXPECT_EQ(codes(v.status), (std::vector<std::uint8_t>{0, 1, 0, 2}));
  EXPECT_EQ(v.expected[1], 94.13);
  EXPECT_EQ(v.inconsistent_count, 1u);
  EXPECT_EQ(v.undefined_count, 1u);
  for (const ReportedRateColumns* r : {&e, &c}) {
    EXPECT_EQ(r->status, v.status);
    for (std::size_t i = 0; i < 3; ++i) { // row 3 is NaN (undefined)
      EXPECT_EQ(r->expected[i], v.expected[i]) << i;
      EXPECT_EQ(r->difference[i], v.difference[i]) << i;
    }
    EXPECT_EQ(r->inconsistent_count, v.inconsistent_count);
    EXPECT_EQ(r->undefined_count, v.undefined_count);
  }

  const ReportedFigures figures{{NAN, NAN, NAN, 1}, {"94.13%", "94.12%", "83.9%", std::nullopt}};
  const ReportedRateColumns tv = check_reported_rate_table(num, den, figures);
  const ReportedRateColumns te = check_reported_rate_table(eigen(num), eigen(den), figures);
  const ReportedRateColumns tc =
      check_reported_rate_table(Column<double>(num), Column<double>(den), figures);
  EXPECT_EQ(tv.status, v.status);
  EXPECT_EQ(te.status, tv.status);
  EXPECT_EQ(tc.status, tv.status);
  EXPECT_EQ(tv.expected[0], 94.13);
  EXPECT_EQ(te.expected[0], tv.expected[0]);
  EXPECT_EQ(tc.expected[2], tv.expected[2]);
}
