#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/expression.hpp>
#include <zhibiao/period.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace zhibiao;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint8_t OK = 0, MISSING = 1, DIV0 = 2, DOMAIN = 3;

struct Result {
  std::vector<double> values;
  std::vector<std::uint8_t> status;
};

// Evaluates `text` over columns given by reference key; time variables as columns too.
Result run(const std::string& text, const std::map<std::string, std::vector<double>>& columns,
           std::size_t n, const std::vector<double>& days = {},
           const std::vector<double>& period_in_year = {},
           const std::vector<double>& periods_per_year = {}) {
  const Expression e = Expression::parse(text);
  std::vector<const double*> inputs;
  for (const auto& r : e.references()) inputs.push_back(columns.at(r.key()).data());
  const double* time[] = {days.empty() ? nullptr : days.data(),
                          period_in_year.empty() ? nullptr : period_in_year.data(),
                          periods_per_year.empty() ? nullptr : periods_per_year.data()};
  Result r{std::vector<double>(n), std::vector<std::uint8_t>(n, 99)};
  e.evaluate(inputs, time, n, r.values.data(), r.status.data());
  return r;
}

// A constant expression: one row.
double value(const std::string& text) { return run(text, {}, 1).values[0]; }
std::uint8_t status(const std::string& text) { return run(text, {}, 1).status[0]; }

// Element-wise equality where NaN equals NaN.
void expect_values(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << "row " << i << ": " << got[i];
    } else {
      EXPECT_DOUBLE_EQ(got[i], want[i]) << "row " << i;
    }
  }
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Operators, precedence, associativity (hand calculations in the comments)

TEST(Precedence, FollowsTheDocumentedTable) {
  EXPECT_EQ(value("2 + 3 * 4"), 14);    // 3*4 = 12, + 2
  EXPECT_EQ(value("(2 + 3) * 4"), 20);  // 5 * 4
  EXPECT_EQ(value("7 - 2 * 3 + 1"), 2); // 7 - 6 + 1
  EXPECT_EQ(value("2 * 3 ^ 2"), 18);    // ^ before *: 2 * 9
  EXPECT_EQ(value("-2 ^ 2"), -4);       // ^ before unary minus: -(2^2)
  EXPECT_EQ(value("(-2) ^ 2"), 4);
  EXPECT_EQ(value("2 ^ -1"), 0.5);  // the exponent may carry a sign
  EXPECT_EQ(value("-3 * -2"), 6);   // unary minus before *
  EXPECT_EQ(value("1 + 2 < 4"), 1); // arithmetic before comparison: 3 < 4
  EXPECT_EQ(value("2 * 3 == 6"), 1);
  EXPECT_EQ(value("not 1 == 0"), 1);   // DHIS2: (not 1) == 0, as tight as unary minus
  EXPECT_EQ(value("not 0 and 0"), 0);  // not before and: (not 0) and 0
  EXPECT_EQ(value("1 or 0 and 0"), 1); // and before or: 1 or (0 and 0); the other way: 0
  EXPECT_EQ(value("0 and 1 or 1"), 1); // (0 and 1) or 1
}

TEST(Precedence, AssociativityIsLeftExceptForPower) {
  EXPECT_EQ(value("10 - 4 - 3"), 3);  // (10 - 4) - 3; right-associative would give 9
  EXPECT_EQ(value("8 / 4 / 2"), 1);   // (8 / 4) / 2; right-associative would give 4
  EXPECT_EQ(value("2 ^ 3 ^ 2"), 512); // 2 ^ (3 ^ 2) = 2^9; left-associative would give 64
  EXPECT_EQ(value("- -3"), 3);
  EXPECT_EQ(value("+5"), 5);
}

TEST(Numbers, AreReadInEveryForm) {
  EXPECT_EQ(value("12"), 12);
  EXPECT_EQ(value("0.5"), 0.5);
  EXPECT_EQ(value("1e3"), 1000);
  EXPECT_EQ(value("1.5E-2"), 0.015);
  EXPECT_EQ(value("2e+2"), 200);
  EXPECT_EQ(value("  7  "), 7);
}

// Every operator and function runs over columns (the vector loops), not only folded constants.
TEST(Operators, ArithmeticOverColumns) {
  const std::map<std::string, std::vector<double>> c{{"x", {6, -2, 0, 2.5}},
                                                     {"y", {3, 4, -1, 2.5}}};
  expect_values(run("#{x} + #{y}", c, 4).values, {9, 2, -1, 5});
  expect_values(run("#{x} - #{y}", c, 4).values, {3, -6, 1, 0});
  expect_values(run("#{x} * #{y}", c, 4).values, {18, -8, 0, 6.25});
  expect_values(run("#{x} / #{y}", c, 4).values, {2, -0.5, 0, 1});
  expect_values(run("-#{x}", c, 4).values, {-6, 2, 0, -2.5});
  // y + 2 = {5, 6, 1, 4.5}: 6^5 = 7776, (-2)^6 = 64, 0^1 = 0,
  // 2.5^4.5 = 2.5^4 × √2.5 = 39.0625 × 1.58113883… = 61.7632…
  expect_values(run("#{x} ^ (#{y} + 2)", c, 4).values, {7776, 64, 0, 39.0625 * std::sqrt(2.5)});
  expect_values(run("#{x} ^ #{y}", {{"x", {6, -2, 2}}, {"y", {3, 4, 0.5}}}, 3).values,
                {216, 16, std::sqrt(2.0)});
  expect_values(run("#{x} ^ 2", c, 4).values, {36, 4, 0, 6.25}); // compiled as x·x
}

TEST(Operators, ComparisonsAndLogicOverColumns) {
  const std::map<std::string, std::vector<double>> c{{"x", {1, 2, 3}}, {"y", {2, 2, 2}}};
  expect_values(run("#{x} < #{y}", c, 3).values, {1, 0, 0});
  expect_values(run("#{x} <= #{y}", c, 3).values, {1, 1, 0});
  expect_values(run("#{x} > #{y}", c, 3).values, {0, 0, 1});
  expect_values(run("#{x} >= #{y}", c, 3).values, {0, 1, 1});
  expect_values(run("#{x} == #{y}", c, 3).values, {0, 1, 0});
  expect_values(run("#{x} != #{y}", c, 3).values, {1, 0, 1});
  const std::map<std::string, std::vector<double>> b{{"p", {0, 0, 1, 5}}, {"q", {0, 1, 0, -2}}};
  expect_values(run("#{p} and #{q}", b, 4).values, {0, 0, 0, 1}); // any non-zero is true
  expect_values(run("#{p} && #{q}", b, 4).values, {0, 0, 0, 1});
  expect_values(run("#{p} or #{q}", b, 4).values, {0, 1, 1, 1});
  expect_values(run("#{p} || #{q}", b, 4).values, {0, 1, 1, 1});
  expect_values(run("not #{p}", b, 4).values, {1, 1, 0, 0});
  expect_values(run("!#{q}", b, 4).values, {1, 0, 1, 0});
}

TEST(Functions, EveryFunctionOverColumns) {
  const std::map<std::string, std::vector<double>> c{
      {"c", {1, 0, 2}}, {"x", {3, -1, 7}}, {"y", {5, -4, 7}}, {"z", {4, 9, -8}}};
  expect_values(run("if(#{c}, #{x}, #{y})", c, 3).values, {3, -4, 7});
  expect_values(run("min(#{x}, #{y}, #{z})", c, 3).values, {3, -4, -8});
  expect_values(run("max(#{x}, #{y}, #{z})", c, 3).values, {5, 9, 7});
  expect_values(run("least(#{x}, #{y})", c, 3).values, {3, -4, 7});    // DHIS2's name for min
  expect_values(run("greatest(#{x}, #{y})", c, 3).values, {5, -1, 7}); // DHIS2's name for max
  expect_values(run("min(#{x})", c, 3).values, {3, -1, 7});
  expect_values(run("abs(#{x} - #{y})", c, 3).values, {2, 3, 0});
  expect_values(run("isNull(#{x})", c, 3).values, {0, 0, 0});
  expect_values(run("isNotNull(#{x})", c, 3).values, {1, 1, 1});
  // Constants, folded at compile time.
  EXPECT_EQ(value("if(1, 2, 3)"), 2);
  EXPECT_EQ(value("if(0, 2, 3)"), 3);
  EXPECT_EQ(value("min(3, 1, 2)"), 1);
  EXPECT_EQ(value("max(3, 1, 2)"), 3);
  EXPECT_EQ(value("abs(-2.5)"), 2.5);
  EXPECT_EQ(value("coalesce(4, 5)"), 4);
  EXPECT_EQ(value("isNull(1)"), 0);
  EXPECT_EQ(value("isNotNull(1)"), 1);
}

TEST(Functions, FullWidthPunctuationOfAChineseKeyboardIsAccepted) {
  EXPECT_EQ(value("max（1，2）"), 2);
}

// ---------------------------------------------------------------------------------------------
// Missing values

TEST(Missing, PropagatesThroughArithmeticAndComparisons) {
  const std::map<std::string, std::vector<double>> c{{"a", {1, NaN}}, {"b", {NaN, NaN}}};
  auto r = run("#{a} + 1", c, 2);
  expect_values(r.values, {2, NaN});
  EXPECT_THAT(r.status, ElementsAre(OK, MISSING));
  r = run("#{a} < 5", c, 2);
  expect_values(r.values, {1, NaN}); // IEEE would say NaN < 5 is false (0): not here
  EXPECT_THAT(r.status, ElementsAre(OK, MISSING));
  expect_values(run("#{a} != #{a}", c, 2).values, {0, NaN});
  expect_values(run("-#{a}", c, 2).values, {-1, NaN});
  expect_values(run("abs(#{a})", c, 2).values, {1, NaN});
  expect_values(run("min(#{a}, 0)", c, 2).values, {0, NaN}); // unlike std::fmin
  expect_values(run("max(#{a}, 0)", c, 2).values, {1, NaN});
  // IEEE 754 pow gives NaN^0 = 1 and 1^NaN = 1; a missing value stays missing.
  expect_values(run("#{a} ^ 0", c, 2).values, {1, NaN});
  expect_values(run("1 ^ #{b}", c, 2).values, {NaN, NaN});
  expect_values(run("not #{a}", c, 2).values, {0, NaN});
}

TEST(Missing, IsNullCoalesceAndIfTestIt) {
  const std::map<std::string, std::vector<double>> c{
      {"a", {1, NaN, NaN}}, {"b", {5, 2, NaN}}, {"c", {1, 0, NaN}}};
  auto r = run("isNull(#{a})", c, 3);
  expect_values(r.values, {0, 1, 1});
  EXPECT_THAT(r.status, ElementsAre(OK, OK, OK));
  expect_values(run("isNotNull(#{a})", c, 3).values, {1, 0, 0});
  r = run("coalesce(#{a}, #{b}, 0)", c, 3); // first non-missing: 1, then b = 2, then 0
  expect_values(r.values, {1, 2, 0});
  EXPECT_THAT(r.status, ElementsAre(OK, OK, OK));
  expect_values(run("firstNonNull(#{a}, #{b})", c, 3).values, {1, 2, NaN});
  r = run("if(#{c}, 10, 20)", c, 3); // a missing condition gives a missing value
  expect_values(r.values, {10, 20, NaN});
  EXPECT_THAT(r.status, ElementsAre(OK, OK, MISSING));
  // Branches are not "evaluated only when taken" for missingness either: the chosen one counts.
  expect_values(run("if(#{c}, #{b}, #{a})", c, 3).values, {5, NaN, NaN});
}

TEST(Missing, AndOrFollowKleeneLogic) {
  // Kleene (SQL) truth tables: F and ? = F; T or ? = T; otherwise ? stays ?.
  const std::map<std::string, std::vector<double>> c{{"a", {0, NaN, 1, NaN, 1, NaN}},
                                                     {"b", {NaN, 0, NaN, NaN, NaN, 2}}};
  expect_values(run("#{a} and #{b}", c, 6).values, {0, 0, NaN, NaN, NaN, NaN});
  expect_values(run("#{a} or #{b}", c, 6).values, {NaN, NaN, 1, NaN, 1, 1});
  // The guard idiom is never missing:
  expect_values(run("isNotNull(#{a}) and #{a} > 0", c, 6).values, {0, 0, 1, 0, 1, 0});
}

// ---------------------------------------------------------------------------------------------
// Division by zero and domain errors

TEST(DivisionByZero, GivesNaNAndIsRecordedPerRow) {
  const std::map<std::string, std::vector<double>> c{{"a", {1, 0, NaN, 4, NaN}},
                                                     {"b", {0, 0, 0, 2, 1}}};
  const auto r = run("#{a} / #{b}", c, 5);
  expect_values(r.values, {NaN, NaN, NaN, 2, NaN});
  // 1/0 and 0/0 divide by zero; a missing numerator over zero is still a division by zero;
  // NaN/1 is only missing.
  EXPECT_THAT(r.status, ElementsAre(DIV0, DIV0, DIV0, OK, MISSING));
  EXPECT_EQ(status("1 / 0"), DIV0); // not folded away: still reported
  EXPECT_TRUE(std::isnan(value("1 / 0")));
  EXPECT_EQ(status("0 ^ -1"), DIV0); // 1/0 written as a power: not +inf
  EXPECT_EQ(status("(1 / 0) * 0 + 5"), DIV0);
}

TEST(DivisionByZero, IsReportedOnlyWhenItReachesTheResult) {
  const std::map<std::string, std::vector<double>> c{
      {"pop", {0, 10, 0}}, {"a", {5, 5, 5}}, {"m", {NaN, NaN, 1}}};
  // The untaken branch divides by zero in rows 0 and 2; the result is 0 there, status ok.
  auto r = run("if(#{pop} > 0, #{a} / #{pop}, 0)", c, 3);
  expect_values(r.values, {0, 0.5, 0});
  EXPECT_THAT(r.status, ElementsAre(OK, OK, OK));
  r = run("isNull(#{a} / #{pop})", c, 3);
  expect_values(r.values, {1, 0, 1});
  EXPECT_THAT(r.status, ElementsAre(OK, OK, OK));
  r = run("coalesce(#{a} / #{pop}, -1)", c, 3);
  expect_values(r.values, {-1, 0.5, -1});
  EXPECT_THAT(r.status, ElementsAre(OK, OK, OK));
  // Missing input and a division by zero in one row: the division by zero is named.
  r = run("#{m} + #{a} / #{pop}", c, 3);
  EXPECT_THAT(r.status, ElementsAre(DIV0, MISSING, DIV0));
  // Chosen branch: which one decides.
  r = run("if(#{m} > 0, #{a} / #{pop}, #{m})", c, 3);
  EXPECT_THAT(r.status, ElementsAre(MISSING, MISSING, DIV0));
}

TEST(DomainError, IsNeitherMissingNorSilent) {
  const auto r = run("#{a} ^ 0.5", {{"a", {-4, 4}}}, 2); // sqrt(-4) has no real value
  expect_values(r.values, {NaN, 2});
  EXPECT_THAT(r.status, ElementsAre(DOMAIN, OK));
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_THAT(run("#{a} - #{a}", {{"a", {inf, 1}}}, 2).status, ElementsAre(DOMAIN, OK));
  EXPECT_EQ(describe(ExpressionStatus::domain_error), "outside the domain of an operation");
  EXPECT_EQ(describe(ExpressionStatus::division_by_zero), "division by zero");
}

TEST(Status, IsOptional) {
  const Expression e = Expression::parse("#{a} / #{b}");
  const double a[] = {1, 2}, b[] = {0, 4};
  const double* in[] = {a, b};
  double out[2];
  e.evaluate(in, {}, 2, out); // no status array
  EXPECT_TRUE(std::isnan(out[0]));
  EXPECT_EQ(out[1], 0.5);
}

// Blocks of 512 rows: a NaN, a division by zero and a clean stretch in different blocks, and a
// last partial block. The expected column is the formula written out row by row.
TEST(Evaluate, RowsAcrossBlocksMatchTheFormulaRowByRow) {
  const std::size_t n = 1500;
  std::vector<double> a(n), b(n), pop(n);
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = static_cast<double>(i % 17);
    b[i] = static_cast<double>(i % 5);
    pop[i] = static_cast<double>(100 + i % 7);
  }
  a[1023] = NaN;
  pop[513] = 0;
  const auto r = run("if(#{pop} > 0, (#{a} + #{b}) / #{pop} * 1000, 0) + 100 / #{pop}",
                     {{"a", a}, {"b", b}, {"pop", pop}}, n);
  for (std::size_t i = 0; i < n; ++i) {
    if (i == 513) {
      EXPECT_TRUE(std::isnan(r.values[i]));
      EXPECT_EQ(r.status[i], DIV0);
    } else if (i == 1023) {
      EXPECT_TRUE(std::isnan(r.values[i]));
      EXPECT_EQ(r.status[i], MISSING);
    } else {
      EXPECT_DOUBLE_EQ(r.values[i], (a[i] + b[i]) / pop[i] * 1000 + 100 / pop[i]) << i;
      EXPECT_EQ(r.status[i], OK) << i;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// References and period modifiers

TEST(References, DistinctInOrderOfFirstAppearance) {
  const Expression e = Expression::parse("#{b} + #{a} * #{b} - #{a}.periodOffset(-1)");
  ASSERT_EQ(e.references().size(), 3u);
  EXPECT_EQ(e.references()[0].key(), "b");
  EXPECT_EQ(e.references()[1].key(), "a");
  EXPECT_EQ(e.references()[2].key(), "a@periodOffset(-1)");
  EXPECT_EQ(e.references()[2].modifier, PeriodModifier::period_offset);
  EXPECT_EQ(e.references()[2].offset, -1);
  EXPECT_EQ(e.text(), "#{b} + #{a} * #{b} - #{a}.periodOffset(-1)");
}

TEST(References, DisaggregationsAndChineseNames) {
  // Seed 000: 801 births = 427 boys + 374 girls; 出生人口性别比 427/374 × 100 = 114.1711229946...
  auto r = run("#{births.male} / #{births.female} * 100",
               {{"births.male", {427}}, {"births.female", {374}}}, 1);
  EXPECT_NEAR(r.values[0], 114.171122994652, 1e-9);
  const Expression e = Expression::parse("#{births.male}");
  EXPECT_EQ(e.references()[0].element, "births");
  EXPECT_EQ(e.references()[0].disaggregation, "male");
  // docs/units-and-rounding.md §5.1: 801 births in a population of about 164,815:
  // 801/164815 × 1000 = 4.85999… ‰.
  r = run("#{出生数} / #{常住人口} * 1000", {{"出生数", {801}}, {"常住人口", {164815}}}, 1);
  EXPECT_NEAR(r.values[0], 4.859994539, 1e-8);
  // White space around names is not part of them; inside it is.
  EXPECT_EQ(Expression::parse("#{ live births . 男 }").references()[0].key(), "live births.男");
}

TEST(References, PeriodModifiersAreDistinctReferences) {
  const Expression e = Expression::parse(
      "#{x} + #{x}.periodOffset(-12) + #{x}.samePeriodLastYear() + #{x}.yearToDate() + "
      "#{x.m}.periodOffset(+2) + #{x}.periodOffset(0) + #{x} .samePeriodLastYear()");
  std::vector<std::string> keys;
  for (const auto& r : e.references()) keys.push_back(r.key());
  // periodOffset(0) is the period itself: the same reference as #{x}.
  EXPECT_THAT(keys, ElementsAre("x", "x@periodOffset(-12)", "x@samePeriodLastYear()",
                                "x@yearToDate()", "x.m@periodOffset(2)"));
  EXPECT_EQ(e.references()[2].modifier, PeriodModifier::same_period_last_year);
  EXPECT_EQ(e.references()[3].modifier, PeriodModifier::year_to_date);
  EXPECT_EQ(e.references()[4].offset, 2);
}

TEST(References, YearOnYearGrowth) {
  // 同比增长: (this year − last year) / last year × 100; hand: (1227 − 1000) / 1000 × 100 = 22.7.
  const auto r =
      run("(#{cases} - #{cases}.samePeriodLastYear()) / #{cases}.samePeriodLastYear() * 100",
          {{"cases", {1227, 5}}, {"cases@samePeriodLastYear()", {1000, 0}}}, 2);
  EXPECT_DOUBLE_EQ(r.values[0], 22.7);
  EXPECT_EQ(r.status[1], DIV0); // nothing last year: no growth rate
}

TEST(References, CheckNamesTheFirstUnknownOne) {
  const Expression e = Expression::parse("#{birth} / #{pop}");
  try {
    e.check_references([](const ExpressionReference& r) { return r.key() != "birth"; });
    FAIL() << "expected invalid_input";
  } catch (const invalid_input& ex) {
    EXPECT_EQ(ex.field(), "expression");
    EXPECT_THAT(ex.what(), HasSubstr("unknown data element 'birth' in '#{birth} / #{pop}'"));
  }
  EXPECT_NO_THROW(e.check_references([](const ExpressionReference&) { return true; }));
}

// ---------------------------------------------------------------------------------------------
// Time variables

TEST(TimeVariables, PacedTargetIsOneExpression) {
  // Seed 002: 截止5月底 67072 doses of a yearly task of 164318 (7469 children × 22 doses),
  // "完成全年任务的40.8%". Hand calculation:
  //   67072 / 164318 × 100 = 40.8184…  → 40.8 %
  //   paced target by May: 164318 × 5 / 12 = 68465.8333…
  //   done against the pace: 67072 / 68465.8333 × 100 = 97.964… % (just behind time progress,
  //   as docs/periods.md §6 reads it: 40.8 % done at 5/12 = 41.7 % of the year).
  const std::vector<double> days{31}, pin{5}, ppy{12};
  std::map<std::string, std::vector<double>> c{
      {"doses", {67072}}, {"task", {164318}}, {"children", {7469}}};
  EXPECT_NEAR(run("#{doses} / #{task} * 100", c, 1).values[0], 40.8184130771, 1e-9);
  EXPECT_NEAR(run("#{doses} / (#{children} * 22) * 100", c, 1).values[0], 40.8184130771, 1e-9);
  EXPECT_NEAR(run("#{task} * [periodInYear] / [periodsPerYear]", c, 1, {}, pin, ppy).values[0],
              68465.8333333, 1e-6);
  EXPECT_NEAR(
      run("#{doses} / (#{task} * [periodInYear] / [periodsPerYear]) * 100", c, 1, {}, pin, ppy)
          .values[0],
      97.964191385, 1e-8);
  // Ahead (> 0) or behind (< 0) time progress: 0.408184 − 0.416667 = −0.0084825…
  EXPECT_NEAR(
      run("#{doses} / #{task} - [periodInYear] / [periodsPerYear]", c, 1, {}, pin, ppy).values[0],
      -0.00848253590, 1e-10);
  // Annualised per 100,000 from a 31-day month: 10 / 100000 × 100000 × 365 / 31 = 117.7419…
  EXPECT_NEAR(run("#{cases} / #{pop} * 100000 * 365 / [days]", {{"cases", {10}}, {"pop", {100000}}},
                  1, days)
                  .values[0],
              117.741935484, 1e-8);
}

TEST(TimeVariables, UsesSaysWhichOnesAreNeeded) {
  const Expression e = Expression::parse("#{t} * [periodInYear] / [periodsPerYear]");
  EXPECT_FALSE(e.uses(TimeVariable::days));
  EXPECT_TRUE(e.uses(TimeVariable::period_in_year));
  EXPECT_TRUE(e.uses(TimeVariable::periods_per_year));
  EXPECT_TRUE(Expression::parse("[ days ]").uses(TimeVariable::days));
  EXPECT_EQ(to_string(TimeVariable::period_in_year), "periodInYear");
}

TEST(TimeVariables, ValuesOfPeriods) {
  using TV = TimeVariable;
  const Period may = Period::month(2024, 5);
  EXPECT_EQ(time_variable(may, TV::days), 31);
  EXPECT_EQ(time_variable(may, TV::period_in_year), 5);
  EXPECT_EQ(time_variable(may, TV::periods_per_year), 12);
  const Period q2 = Period::quarter(2024, 2); // April–June: 30 + 31 + 30 = 91 days
  EXPECT_EQ(time_variable(q2, TV::days), 91);
  EXPECT_EQ(time_variable(q2, TV::period_in_year), 2);
  EXPECT_EQ(time_variable(q2, TV::periods_per_year), 4);
  const Period h1 = Period::half_year(2024, 1); // 31 + 29 + 31 + 30 + 31 + 30 = 182 (leap year)
  EXPECT_EQ(time_variable(h1, TV::days), 182);
  EXPECT_EQ(time_variable(h1, TV::period_in_year), 1);
  EXPECT_EQ(time_variable(h1, TV::periods_per_year), 2);
  EXPECT_EQ(time_variable(Period::year(2024), TV::days), 366);
  EXPECT_EQ(time_variable(Period::year(2024), TV::period_in_year), 1);
  EXPECT_EQ(time_variable(Period::year(2024), TV::periods_per_year), 1);
  EXPECT_EQ(time_variable(Period::bi_month(2024, 3), TV::period_in_year), 3); // May–June
  EXPECT_EQ(time_variable(Period::bi_month(2024, 3), TV::periods_per_year), 6);
  // 2020 is an ISO year with 53 weeks (it starts on a Wednesday, and is a leap year).
  EXPECT_EQ(time_variable(Period::iso_week(2020, 53), TV::period_in_year), 53);
  EXPECT_EQ(time_variable(Period::iso_week(2020, 53), TV::periods_per_year), 53);
  EXPECT_EQ(time_variable(Period::iso_week(2019, 10), TV::periods_per_year), 52);
  // 1 March 2024: day 31 + 29 + 1 = 61 of 366.
  EXPECT_EQ(time_variable(Period::day(2024, 3, 1), TV::period_in_year), 61);
  EXPECT_EQ(time_variable(Period::day(2024, 3, 1), TV::periods_per_year), 366);
  // 2024年1-5月: five months of twelve; the statistical year to May 2020 (Oct–May): eight.
  const Period jan_may = Period::cumulative_to(Date(2024, 5, 31));
  EXPECT_EQ(time_variable(jan_may, TV::period_in_year), 5);
  EXPECT_EQ(time_variable(jan_may, TV::periods_per_year), 12);
  EXPECT_EQ(time_variable(jan_may, TV::days), 152); // 31 + 29 + 31 + 30 + 31
  EXPECT_EQ(time_variable(Period::cumulative_to(Date(2020, 5, 31), 10), TV::period_in_year), 8);
  // 截至2024年6月10日: 152 + 10 = 162 days of the 366 from 1 January 2024.
  const Period to_june_10 = Period::cumulative_to(Date(2024, 6, 10));
  EXPECT_EQ(time_variable(to_june_10, TV::period_in_year), 162);
  EXPECT_EQ(time_variable(to_june_10, TV::periods_per_year), 366);
  // Second half of the financial year starting October 2018: April–September 2019.
  EXPECT_EQ(time_variable(Period::financial_half_year(2018, 10, 2), TV::period_in_year), 2);
  EXPECT_EQ(time_variable(Period::financial_half_year(2018, 10, 2), TV::periods_per_year), 2);
}

TEST(Evaluate, ValidatesItsPointers) {
  const Expression e = Expression::parse("#{a} * [days]");
  const double a[] = {1}, days[] = {31};
  double out[1];
  const double* none[] = {nullptr};
  const double* one[] = {a};
  const double* time[] = {days};
  try {
    e.evaluate({}, time, 1, out);
    FAIL();
  } catch (const invalid_input& ex) {
    EXPECT_EQ(ex.field(), "inputs");
  }
  try {
    e.evaluate(none, time, 1, out);
    FAIL();
  } catch (const invalid_input& ex) {
    EXPECT_EQ(ex.field(), "inputs");
    EXPECT_THAT(ex.what(), HasSubstr("'a'"));
  }
  try {
    e.evaluate(one, {}, 1, out);
    FAIL();
  } catch (const invalid_input& ex) {
    EXPECT_EQ(ex.field(), "time");
    EXPECT_THAT(ex.what(), HasSubstr("[days]"));
  }
  e.evaluate(one, time, 1, out);
  EXPECT_EQ(out[0], 31);
  e.evaluate(one, time, 0, nullptr); // no rows: nothing to write
}

// ---------------------------------------------------------------------------------------------
// Compilation

TEST(Compilation, FoldsConstantsAndDropsDeadBranches) {
  EXPECT_EQ(Expression::parse("1 + 2 * 3").instruction_count(), 0u);
  EXPECT_EQ(Expression::parse("#{a}").instruction_count(), 0u);
  EXPECT_EQ(Expression::parse("2 * 3 + #{a}").instruction_count(), 1u);
  EXPECT_EQ(Expression::parse("#{a} * (1000 / 10)").instruction_count(), 1u);
  EXPECT_EQ(Expression::parse("#{a} ^ 2").instruction_count(), 1u); // a·a
  // A constant condition keeps one branch; the other's references are still listed.
  const Expression e = Expression::parse("if(1 > 0, #{a}, #{b} / #{c} + #{d})");
  EXPECT_EQ(e.instruction_count(), 0u);
  EXPECT_EQ(e.references().size(), 4u);
  EXPECT_EQ(Expression::parse("if(#{pop} > 0, (#{a} + #{b} - #{c}) / #{pop} * 1000, 0)")
                .instruction_count(),
            6u);
}

TEST(Compilation, LongExpressionsCompileWithoutDeepRecursion) {
  std::string sum = "#{a}";
  for (int i = 0; i < 100000; ++i) sum += "+1";
  const auto r = run(sum, {{"a", {0.5}}}, 1);
  EXPECT_EQ(r.values[0], 100000.5); // 0.5 + 100000 ones, all exact in binary
}

TEST(Compilation, ExpressionsAreSharedAndThreadSafe) {
  const Expression e = Expression::parse("if(#{p} > 0, (#{a} + #{b}) / #{p} * 1000, 0)");
  const Expression copy = e; // shares the compiled program
  const std::size_t n = 100000;
  std::vector<double> a(n), b(n), p(n);
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = static_cast<double>(i % 13);
    b[i] = static_cast<double>(i % 11);
    p[i] = static_cast<double>(i % 9); // zero in every ninth row
  }
  const double* in[] = {p.data(), a.data(), b.data()};
  std::vector<std::vector<double>> outs(4, std::vector<double>(n));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] { (t % 2 ? copy : e).evaluate(in, {}, n, outs[t].data()); });
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < n; ++i) {
    const double want = p[i] > 0 ? (a[i] + b[i]) / p[i] * 1000 : 0;
    for (int t = 0; t < 4; ++t) ASSERT_DOUBLE_EQ(outs[t][i], want) << t << " " << i;
  }
}

// ---------------------------------------------------------------------------------------------
// Syntax errors: position in Unicode characters (0-based) and what was expected there.

struct SyntaxCase {
  const char* text;
  std::size_t position;
  std::string expected;
};

const std::string kOperand = "an operand: a number, #{element}, [variable], a function or '('";
const std::string kOperator = "an operator or the end of the expression";

class SyntaxErrors : public ::testing::TestWithParam<SyntaxCase> {};

TEST_P(SyntaxErrors, NamePositionAndExpectation) {
  const SyntaxCase& c = GetParam();
  try {
    Expression::parse(c.text);
    FAIL() << "parsed: " << c.text;
  } catch (const parse_error& e) {
    EXPECT_EQ(e.field(), "expression");
    // The text as written, except that bytes that are not UTF-8 show as U+FFFD (issue 14,
    // class 8: an error's text and message stay UTF-8, so that Python can show them).
    EXPECT_EQ(e.text(), detail::printable_utf8(c.text, 400));
    EXPECT_EQ(e.expected(), c.expected) << c.text;
    EXPECT_EQ(e.position(), c.position) << c.text;
  }
}

// Positions counted by hand: each character (ASCII or Chinese) is one position.
INSTANTIATE_TEST_SUITE_P(
    Expression, SyntaxErrors,
    ::testing::Values(
        SyntaxCase{"(1 + 2", 6, "')' to close '(' at 0"},
        SyntaxCase{"2 * (3 + 4", 10, "')' to close '(' at 4"}, SyntaxCase{"1 +", 3, kOperand},
        SyntaxCase{"", 0, kOperand}, SyntaxCase{"@", 0, kOperand}, SyntaxCase{"1 @", 2, kOperator},
        SyntaxCase{"1 2", 2, kOperator}, SyntaxCase{"2 * (3 + 4))", 11, kOperator},
        SyntaxCase{"#{births", 8, "'}' to close '#{' at 0"},
        SyntaxCase{"#{}", 2, "a data element name"},
        SyntaxCase{"#{births.}", 9, "a disaggregation name or * after '.'"},
        SyntaxCase{"#{a.b.c.d}", 7, "'}' to close '#{' at 0 (a reference has at most three parts)"},
        SyntaxCase{"#births", 1, "'{' after '#': a data element is written #{name}"},
        SyntaxCase{"births + 1", 0, kOperand + "; a data element is written #{births}"},
        SyntaxCase{"foo(1)", 0,
                   "a known function: if, min, max, abs, coalesce, isNull, isNotNull, greatest, "
                   "least, firstNonNull, log, log10, removeZeros, normDistCum, normDistDen"},
        SyntaxCase{"1 + if(1, 2)", 4,
                   "3 arguments for if(condition, value if true, value if false), not 2"},
        SyntaxCase{"abs()", 0, "1 argument for abs(x), not 0"},
        SyntaxCase{"isNull(1, 2)", 0, "1 argument for isNull(x), not 2"},
        SyntaxCase{"min()", 0, "at least 1 argument for min(a, b, ...)"},
        SyntaxCase{"if(1, 2, 3", 10, "',' or ')' to close 'if(' at 2"},
        SyntaxCase{"max 1", 4, "'(' after max"},
        SyntaxCase{"#{a}.periodOffset(x)", 18, "a whole number of periods, e.g. -1 or -12"},
        SyntaxCase{"#{a}.periodOffset(1.5)", 18, "a whole number of periods, e.g. -1 or -12"},
        SyntaxCase{"#{a}.periodOffset(-1", 20, "')' to close 'periodOffset(' at 17"},
        SyntaxCase{"#{a}.samePeriodLastYear().yearToDate()", 25,
                   "an operator (samePeriodLastYear() does not chain with other modifiers)"},
        SyntaxCase{"#{a}.lastYear()", 5,
                   "a period modifier: periodOffset(n), samePeriodLastYear() or yearToDate()"},
        SyntaxCase{"#{a}.yearToDate(1)", 16, "')' to close 'yearToDate(' at 15"},
        SyntaxCase{"[month]", 1,
                   "a time variable: [days], [periodInYear], [periodsPerYear] or "
                   "[yearlyPeriodCount]"},
        SyntaxCase{"[days", 5, "']' to close '[' at 0"},
        SyntaxCase{"1 = 2", 2, "'==' to compare for equality (a single '=' is not an operator)"},
        SyntaxCase{"1 & 2", 2, "'&&' or 'and' (a single '&' is not an operator)"},
        SyntaxCase{"1e999", 0, "a number within the range of a double"},
        SyntaxCase{"1.e", 3, "a digit in the exponent"},
        SyntaxCase{"1e+", 3, "a digit in the exponent"},
        SyntaxCase{"1 + not", 7, kOperand}, // not binds as tightly as unary minus (DHIS2)
        // Unicode: 出生数 are characters 2–4, so the missing operand is at 9 (byte 15).
        SyntaxCase{"#{出生数} / ", 9, kOperand}, SyntaxCase{"#{出生数} 人口", 7, kOperator},
        SyntaxCase{"1 + \xff", 4, "valid UTF-8 text"}));

TEST(SyntaxErrorsDepth, NestingIsLimited) {
  // The '(' at k (0-based) opens nesting level k + 2 (the whole expression is level 1), so the
  // '(' at 99 opens level 101, past the limit; the error points at the first token inside it.
  const std::string deep = std::string(150, '(') + "1" + std::string(150, ')');
  try {
    Expression::parse(deep);
    FAIL();
  } catch (const parse_error& e) {
    EXPECT_EQ(e.position(), 100u);
    EXPECT_EQ(e.expected(), "at most 100 levels of nesting");
  }
  EXPECT_THROW(Expression::parse(std::string(100000, '-') + "1"), parse_error);
  EXPECT_NO_THROW(Expression::parse(std::string(50, '(') + "1" + std::string(50, ')')));
}

// ---------------------------------------------------------------------------------------------
// Robustness: random input either parses or throws parse_error; what parses evaluates, and its
// statuses agree with its values. Fixed seeds, so a failure reproduces.

namespace {

void parse_and_maybe_evaluate(const std::string& text, std::size_t& parsed) {
  try {
    const Expression e = Expression::parse(text);
    ++parsed;
    const double col[] = {1, 0, NaN, -2.5};
    std::vector<const double*> in(e.references().size(), col);
    const double days[] = {31, 30, 28, 365}, pin[] = {5, 2, 1, 1}, ppy[] = {12, 4, 2, 1};
    const double* time[] = {days, pin, ppy};
    double out[4];
    std::uint8_t st[4];
    e.evaluate(in, time, 4, out, st);
    for (int i = 0; i < 4; ++i) ASSERT_EQ(st[i] == 0, !std::isnan(out[i])) << text;
  } catch (const parse_error&) {
  }
}

} // namespace

TEST(Robustness, RandomBytesParseOrThrowParseError) {
  std::mt19937 rng(20240601);
  const std::string alphabet = "#{}.()[],+-*/^<>=!&|  0123456789eE_abcdifnotrmxsNul";
  std::uniform_int_distribution<int> len(0, 40), pick(0, static_cast<int>(alphabet.size()) - 1),
      byte(0, 255), coin(0, 9);
  std::size_t parsed = 0;
  for (int k = 0; k < 20000; ++k) {
    std::string s;
    const int n = len(rng);
    for (int i = 0; i < n; ++i)
      s += coin(rng) == 0 ? static_cast<char>(byte(rng))
                          : alphabet[static_cast<std::size_t>(pick(rng))];
    parse_and_maybe_evaluate(s, parsed);
  }
  EXPECT_GT(parsed, 0u); // some short strings ("1", "") ... are valid
}

TEST(Robustness, RandomTokenSequencesParseOrThrowParseError) {
  std::mt19937 rng(6);
  const std::vector<std::string> tokens{"#{a}",
                                        "#{b.m}",
                                        "#{出生}",
                                        ".periodOffset(-1)",
                                        ".yearToDate()",
                                        "[days]",
                                        "[periodInYear]",
                                        "1",
                                        "0",
                                        "2.5",
                                        "1e3",
                                        "(",
                                        ")",
                                        ",",
                                        "+",
                                        "-",
                                        "*",
                                        "/",
                                        "^",
                                        "<",
                                        "<=",
                                        "==",
                                        "!=",
                                        ">",
                                        ">=",
                                        "and",
                                        "or",
                                        "not",
                                        "!",
                                        "&&",
                                        "||",
                                        "if(",
                                        "min(",
                                        "max(",
                                        "abs(",
                                        "coalesce(",
                                        "isNull(",
                                        "isNotNull(",
                                        "=",
                                        "&",
                                        "}",
                                        "#{",
                                        "[",
                                        "."};
  std::uniform_int_distribution<int> len(1, 30), pick(0, static_cast<int>(tokens.size()) - 1),
      space(0, 2);
  std::size_t parsed = 0;
  for (int k = 0; k < 30000; ++k) {
    std::string s;
    const int n = len(rng);
    for (int i = 0; i < n; ++i) {
      s += tokens[static_cast<std::size_t>(pick(rng))];
      if (space(rng) == 0) s += ' ';
    }
    parse_and_maybe_evaluate(s, parsed);
  }
  EXPECT_GT(parsed, 100u);
}

// ---------------------------------------------------------------------------------------------
// Reference spans: where each occurrence is written, so that nothing lexes the text again.

TEST(Expression, ReferenceSpansMarkEachOccurrence) {
  // Positions by hand: # { 出 生 } at 0-4, " / " at 5-7, then #{人口}.periodOffset(-1) at 8-29.
  const std::string text = "#{出生} / #{人口}.periodOffset(-1) + #{出生}";
  const Expression e = Expression::parse(text);
  ASSERT_EQ(e.references().size(), 2u);
  const auto& s = e.reference_spans();
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], (ExpressionSpan{0, 0, 5, 0, 9}));
  EXPECT_EQ(s[1].reference, 1u);
  EXPECT_EQ(s[1].begin, 8u);
  EXPECT_EQ(s[1].end, 30u);
  EXPECT_EQ(text.substr(s[1].byte_begin, s[1].byte_end - s[1].byte_begin),
            "#{人口}.periodOffset(-1)");
  EXPECT_EQ(s[2].reference, 0u);
  EXPECT_EQ(text.substr(s[2].byte_begin), "#{出生}");
  EXPECT_EQ(s[2].byte_end, text.size());
}

TEST(Expression, ReferenceSpansCoverModifiersWithSpacesAndDroppedBranches) {
  const std::string text = "if(1, #{a} . yearToDate( ), #{b}.samePeriodLastYear())";
  const Expression e = Expression::parse(text);
  const auto& s = e.reference_spans();
  ASSERT_EQ(s.size(), 2u); // #{b} is in the branch constant folding drops, yet written
  EXPECT_EQ(text.substr(s[0].byte_begin, s[0].byte_end - s[0].byte_begin), "#{a} . yearToDate( )");
  EXPECT_EQ(text.substr(s[1].byte_begin, s[1].byte_end - s[1].byte_begin),
            "#{b}.samePeriodLastYear()");
  EXPECT_TRUE(Expression::parse("1 + [days]").reference_spans().empty());
}

// Issue 14, class 3: a finite input whose result overflows was ±inf with status ok. Hand
// calculation: 10 × 1e308 = 1e309 > 1.7976931348623157e308 (the largest double) → overflow;
// 1 × 1e308 = 1e308 is finite → ok; −10 × 1e308 → −inf → overflow; 1e308 × 10 / 100 overflows in
// its first step (the expression's own order is kept) → overflow, not a silent 1e307.
TEST(ExpressionOverflow, AnInfiniteResultIsOverflowNotOk) {
  const Result r = run("#{a} * 1e308", {{"a", {10, 1, -10, 0}}}, 4);
  EXPECT_EQ(r.status[0], static_cast<std::uint8_t>(ExpressionStatus::overflow));
  EXPECT_EQ(r.status[1], OK);
  EXPECT_EQ(r.values[1], 1e308);
  EXPECT_EQ(r.status[2], static_cast<std::uint8_t>(ExpressionStatus::overflow));
  EXPECT_EQ(r.status[3], OK);
  const Result chained = run("#{a} * 10 / 100", {{"a", {1e308}}}, 1);
  EXPECT_EQ(chained.status[0], static_cast<std::uint8_t>(ExpressionStatus::overflow));
  const Result sum = run("#{a} + #{b}", {{"a", {1e308, 1}}, {"b", {1e308, 2}}}, 2);
  EXPECT_EQ(sum.status[0], static_cast<std::uint8_t>(ExpressionStatus::overflow));
  EXPECT_EQ(sum.status[1], OK);
  EXPECT_THAT(std::string(describe(ExpressionStatus::overflow)), HasSubstr("溢出"));
  EXPECT_THAT(std::string(describe(ExpressionStatus::overflow)), HasSubstr("overflow"));
}

// Every row of status ok holds a finite number, whatever the magnitudes (5e-324 is the smallest
// denormal, 1.7976931348623157e308 the largest double).
TEST(ExpressionOverflow, StatusOkImpliesAFiniteValueForExtremeInputs) {
  const std::vector<double> extremes{0,     5e-324,  1,
                                     1e308, 1.7e308, std::numeric_limits<double>::max()};
  std::vector<double> a, b;
  for (double x : extremes)
    for (double y : extremes) {
      a.push_back(x);
      b.push_back(y);
    }
  for (const char* text : {"#{a} * #{b}", "#{a} + #{b}", "#{a} / #{b}", "#{a} ^ #{b}",
                           "#{a} * #{b} - #{a}", "-#{a} - #{b}", "#{a} * 1000 / #{b}"}) {
    const Result r = run(text, {{"a", a}, {"b", b}}, a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
      if (r.status[i] == OK) {
        EXPECT_TRUE(std::isfinite(r.values[i])) << text << " row " << i;
      }
  }
}

// Issue 14, class 4: distinct references were found by a linear search of the ones before, so
// 10^5 references took 10.7 s to compile (benchmarks/expression_benchmark.cpp,
// BM_CompileDistinctReferences, shows compile time at 10^3, 10^4 and 10^5). Here only what the
// hash map must keep: each distinct reference once, in order of first appearance, and a repeated
// one mapped to its first index.
TEST(ExpressionCompile, ManyDistinctReferencesKeepTheirOrderAndIndices) {
  std::string text;
  constexpr int count = 20000;
  for (int k = 0; k < count; ++k) text += "#{e" + std::to_string(k) + "} + ";
  text += "#{e7}.periodOffset(-1) + #{e7} + #{e7.male}";
  const Expression e = Expression::parse(text);
  ASSERT_EQ(e.references().size(), static_cast<std::size_t>(count + 2));
  EXPECT_EQ(e.references()[12345].key(), "e12345");
  EXPECT_EQ(e.references()[count].key(), "e7@periodOffset(-1)");
  EXPECT_EQ(e.references()[count + 1].key(), "e7.male");
  EXPECT_EQ(e.reference_spans()[count + 1].reference, 7u);
  std::vector<double> one(1, 1.0);
  std::vector<const double*> in(e.references().size(), one.data());
  double out = 0;
  std::uint8_t status = 9;
  e.evaluate(in, {}, 1, &out, &status);
  EXPECT_EQ(out, count + 3);
  EXPECT_EQ(status, OK);
}
