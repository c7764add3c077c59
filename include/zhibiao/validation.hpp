#pragma once
/// \file validation.hpp
/// Validation rules in the style of DHIS2 (left side, operator, right side, importance, period
/// type, a missing-value strategy per side), run over a data cube for org units × periods;
/// rules over consecutive periods; and the check that a reported rate is what its reported
/// numerator and denominator give at the printed decimals.
///
///     using namespace zhibiao;
///     // Seed 002: 奖励对象22846人 = 5401 + 8818 + 914 + 615 + 188 + 6910.
///     ValidationRule total = sum_of_parts_rule("reward_total", "reward_all",
///         {"reward_basic", "reward_extended", "special", "bankrupt", "honour", "sterilisation"},
///         "奖励扶助对象合计");
///     ValidationResult r = validate(cube, {total}, {tree.index("D")}, {Period::half_year(2024,
///     1)}); r.rows.message[0];  // "22846 ≠ 5401 + 8818 + 914 + 615 + 188 + 6910 = 22845 (rule
///     奖励扶助对象合计)" r.summary[0].skipped;  // units × periods not checked because their
///     values were missing
///
///     // Seed 002: 对连续3个月剖宫产率大于50%的单位给与通报批评.
///     ConsecutiveRule caesarean{.id = "caesarean_high", .name_zh = "剖宫产率连续3个月大于50%",
///                               .expression = "#{caesarean} / #{deliveries} * 100",
///                               .flag_when = RuleOperator::greater_than, .bound = 50, .run_length
///                               = 3};
///     auto runs = consecutive_violations(cube, {caesarean}, hospitals,
///     Period::parse("2024年1-6月"));
///
///     // docs/units-and-rounding.md §5: 1506 / 1600 printed as 94.13% is right, 94.12% is not.
///     check_reported_rate(1506, 1600, Decimal::parse("94.13")).consistent;   // true
///
/// Semantics follow DHIS2's validation rules (docs.dhis2.org, "Configure validation rules",
/// and org.hisp.dhis.expression.MissingValueStrategy), written anew here:
/// - Each side is an expression (expression.hpp) evaluated per org unit (its whole subtree) and
///   period. Its missing-value strategy decides when the side has no value:
///   SKIP_IF_ANY_VALUE_MISSING when any data value it references is missing,
///   SKIP_IF_ALL_VALUES_MISSING (DHIS2's default) when every one is (a side without references
///   always has a value); NEVER_SKIP never. A side that is not skipped reads its missing values as
///   0.
/// - A comparison (==, !=, <, <=, >, >=) is checked only when both sides have a value; otherwise
///   the row is *skipped* and counted in the rule's summary — never silently dropped.
///   `compulsory_pair` fails when exactly one side has a value, `exclusive_pair` when both do.
/// - Equality is judged with the rule's absolute tolerance plus a relative guard of 1e-12 (so
///   that decimal figures such as 173.76 + 23.88 + … summed in binary still equal 323.172; the
///   guard is far below any printed digit). The strict and non-strict orderings use the same
///   notion of equality: l < r means l below r and not equal.
/// - A side that hits a division by zero or a domain error is an *error* row, listed with the
///   violations (a rule that cannot be computed is a finding, not a pass).
///
/// Thread safety: ValidationRule values are read-only once built: validate() and
/// consecutive_violations() on one loaded DataCube may run from several threads at once (cube.hpp:
/// no load may overlap), as may check_reported_rate(s).

#include "zhibiao/column.hpp"
#include "zhibiao/cube.hpp"
#include "zhibiao/decimal.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/period.hpp"
#include "zhibiao/rate.hpp"
#include "zhibiao/unit.hpp"

#include "zhibiao/column_eigen.hpp"

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// The comparison of a rule. Values are stable (codes seen from Python).
enum class RuleOperator : std::uint8_t {
  equal_to = 0,
  not_equal_to = 1,
  less_than = 2,
  less_than_or_equal_to = 3,
  greater_than = 4,
  greater_than_or_equal_to = 5,
  compulsory_pair = 6, ///< both sides have a value, or neither
  exclusive_pair = 7,  ///< at most one side has a value
};

/// "==", "!=", "<", "<=", ">", ">=", "compulsory_pair", "exclusive_pair".
std::string_view to_string(RuleOperator op) noexcept;
/// Reads the symbols above, DHIS2's names (equal_to, greater_than_or_equal_to, ... in any case),
/// "=", "≠", "≤", "≥"; throws zhibiao::invalid_input (field "operator") for anything else.
RuleOperator parse_rule_operator(std::string_view text);

enum class Importance : std::uint8_t { high = 0, medium = 1, low = 2 };
/// "high", "medium", "low".
std::string_view to_string(Importance importance) noexcept;
/// Also DHIS2's HIGH / MEDIUM / LOW and 高 / 中 / 低; throws zhibiao::invalid_input ("importance").
Importance parse_importance(std::string_view text);

/// DHIS2's missing-value strategies (org.hisp.dhis.expression.MissingValueStrategy).
enum class MissingValueStrategy : std::uint8_t {
  skip_if_any_value_missing = 0,
  skip_if_all_values_missing = 1, ///< DHIS2's default
  never_skip = 2,                 ///< missing values read as 0
};
/// "skip_if_any_value_missing", "skip_if_all_values_missing", "never_skip".
std::string_view to_string(MissingValueStrategy strategy) noexcept;
/// Also DHIS2's upper-case names; throws zhibiao::invalid_input (field "missing_value_strategy").
MissingValueStrategy parse_missing_value_strategy(std::string_view text);

struct ValidationRule {
  std::string id = {}; ///< letters, digits, '_' and '-'
  std::string name_zh = {};
  std::string name_en = {};
  std::string left = {}; ///< expression, e.g. "#{reward_all}"
  RuleOperator op = RuleOperator::equal_to;
  std::string right = {}; ///< expression, e.g. "#{a} + #{b}"
  MissingValueStrategy left_missing = MissingValueStrategy::skip_if_all_values_missing;
  MissingValueStrategy right_missing = MissingValueStrategy::skip_if_all_values_missing;
  Importance importance = Importance::medium;
  /// The periods the rule is checked for: each period of this type lying inside a requested
  /// period (month, bi_month, quarter, half_year, year). None: the requested periods themselves.
  std::optional<PeriodType> period_type = std::nullopt;
  /// Absolute tolerance of equality (≥ 0), e.g. 0.01 for money printed to the 分.
  double tolerance = 0;
  std::string source = {}; ///< where the rule comes from (document, seed)

  /// name_zh, else name_en, else id (the name messages use).
  const std::string& display_name() const noexcept;
};

/// Throws zhibiao::invalid_input naming the field for an empty or ill-formed id, an empty side
/// (except that pair operators need both sides too), a negative or non-finite tolerance, or a
/// period type other than month, bi_month, quarter, half_year and year.
void validate(const ValidationRule& rule);

/// The rule "total == part₁ + part₂ + …" over element keys ("births", "births.male"): left
/// "#{total}", right "#{p1} + #{p2} + …", both sides SKIP_IF_ALL_VALUES_MISSING (a part that was
/// not reported counts as 0 once another part was). Throws zhibiao::invalid_input for an empty
/// list of parts or a key that cannot be written in an expression.
ValidationRule sum_of_parts_rule(std::string id, const std::string& total,
                                 const std::vector<std::string>& parts, std::string name_zh = {},
                                 std::string name_en = {}, double tolerance = 0);

/// Reads rules from JSON: a list of rule objects, or an object with a "validation_rules" list
/// (so a catalog file, next to "data_elements" and "indicators", carries them too):
///
///     {"validation_rules": [{"id": "reward_total", "name_zh": "奖励扶助对象合计",
///        "left": "#{reward_all}", "operator": "==", "right": "#{a} + #{b}",
///        "left_missing": "SKIP_IF_ALL_VALUES_MISSING", "right_missing": "NEVER_SKIP",
///        "importance": "high", "period_type": "month", "tolerance": 0, "source": "…"}]}
///
/// DHIS2's nested form {"leftSide": {"expression": …, "missingValueStrategy": …}} is read too.
/// Only id, left and right are required. Malformed JSON is a zhibiao::parse_error (field
/// "validation_rules"); a bad field a zhibiao::invalid_input naming its path
/// ("validation_rules[2].operator"); repeated ids are errors.
std::vector<ValidationRule> validation_rules_from_json(std::string_view json);
/// The rules as JSON (what validation_rules_from_json reads back).
std::string validation_rules_to_json(const std::vector<ValidationRule>& rules);

/// Outcome of one rule for one org unit and period. Values are stable (Python codes).
enum class RuleOutcome : std::uint8_t {
  passed = 0,
  violated = 1,
  skipped = 2, ///< a side had no value under its missing-value strategy
  error = 3,   ///< a side hit a division by zero or a domain error
};
/// "passed", "violated", "skipped: missing values", "error: a side cannot be computed".
std::string_view describe(RuleOutcome outcome) noexcept;

struct ValidationOptions {
  bool include_passed = false;      ///< list passed rows too
  bool include_skipped = false;     ///< list skipped rows too
  Language language = Language::zh; ///< which name messages use (falling back to the other)
};

/// Listed rows (violations and errors, plus passed / skipped ones when asked), ordered by rule,
/// then org unit, then checked period.
struct ValidationTable {
  std::vector<std::size_t> rule;             ///< index into the rules given
  std::vector<std::size_t> org_unit;         ///< index into the tree
  std::vector<Period> period;                ///< the period checked (of the rule's period type)
  std::vector<std::size_t> requested_period; ///< index into the periods requested
  std::vector<double> left;                  ///< NaN when that side has no value
  std::vector<double> right;
  Column<RuleOutcome> outcome;      ///< typed; `outcome.codes()` as Python sees them
  std::vector<std::string> message; ///< "22846 ≠ 5401 + … = 22845 (rule 奖励扶助对象合计)"

  std::size_t size() const noexcept { return outcome.size(); }
};

/// Per rule: how many (org unit, period) pairs were checked and what came of them.
struct RuleSummary {
  std::size_t checked = 0; ///< org units × checked periods
  std::size_t passed = 0;
  std::size_t violated = 0;
  std::size_t skipped = 0;
  std::size_t errors = 0;
};

struct ValidationResult {
  ValidationTable rows;
  std::vector<RuleSummary> summary; ///< one per rule, in order
};

/// Runs every rule for every org unit (its whole subtree) and period. Throws
/// zhibiao::parse_error for a side that does not parse (field "validation_rules[id].left"),
/// zhibiao::invalid_input for an invalid rule, a reference to a data element the cube does not
/// know, a unit index out of range or a period that is not made of whole months.
ValidationResult validate(const DataCube& cube, const std::vector<ValidationRule>& rules,
                          const std::vector<std::size_t>& org_units,
                          const std::vector<Period>& periods,
                          const ValidationOptions& options = {});

/// The periods of `type` inside `period`, in order (each month of a half year; the half year
/// itself for half_year). Empty when none fits. Throws zhibiao::invalid_input ("period_type")
/// for a type other than month, bi_month, quarter, half_year and year.
std::vector<Period> periods_of_type_within(const Period& period, PeriodType type);

// --- rules over consecutive periods -----------------------------------------------------------

/// Flags a unit whose value `expression` satisfies `flag_when bound` in at least `run_length`
/// consecutive periods of `period_type` (seed 002: 剖宫产率 > 50 % three months running). A period
/// without a value (missing data, a zero denominator) is not a breach: it ends a run.
struct ConsecutiveRule {
  std::string id = {};
  std::string name_zh = {};
  std::string name_en = {};
  std::string expression = {}; ///< e.g. "#{caesarean} / #{deliveries} * 100"
  RuleOperator flag_when = RuleOperator::greater_than; ///< a comparison, not a pair operator
  double bound = 0;                                    ///< finite
  int run_length = 3;                                  ///< ≥ 1
  Importance importance = Importance::medium;
  PeriodType period_type = PeriodType::month;
  std::string source = {};

  const std::string& display_name() const noexcept;
};

/// Throws zhibiao::invalid_input naming the field for an ill-formed id, an empty expression, a
/// pair operator, a non-finite bound, a run length below 1 or an unsupported period type.
void validate(const ConsecutiveRule& rule);

/// One maximal run of breaches: a run of five months is one run of five, not three of three.
struct ConsecutiveRuns {
  std::vector<std::size_t> rule;           ///< index into the rules given
  std::vector<std::size_t> org_unit;       ///< index into the tree
  std::vector<Period> first;               ///< first period of the run
  std::vector<Period> last;                ///< last period of the run
  std::vector<int> length;                 ///< periods in the run (≥ the rule's run_length)
  std::vector<std::vector<double>> values; ///< the value in each period of the run
  std::vector<std::string>
      message; ///< "剖宫产率 > 50 in 3 consecutive periods 202402–202404: 55, 60, 52 (rule …)"

  std::size_t size() const noexcept { return length.size(); }
};

struct ConsecutiveSummary {
  std::size_t units = 0;   ///< org units examined
  std::size_t periods = 0; ///< periods of the rule's type in the window
  std::size_t flagged_units = 0;
  std::size_t runs = 0;
  std::size_t breaches = 0; ///< (unit, period) pairs breaching the bound
  std::size_t missing = 0;  ///< (unit, period) pairs without a value (missing, undefined, error)
};

struct ConsecutiveResult {
  ConsecutiveRuns runs;
  std::vector<ConsecutiveSummary> summary; ///< one per rule
};

/// Evaluates each rule for each org unit over the periods of the rule's type inside `window`
/// (e.g. the months of 2024年1-6月) and lists the maximal runs of at least run_length breaches.
/// Throws as validate() does.
ConsecutiveResult consecutive_violations(const DataCube& cube,
                                         const std::vector<ConsecutiveRule>& rules,
                                         const std::vector<std::size_t>& org_units,
                                         const Period& window, Language language = Language::zh);

// --- reported-figure consistency ---------------------------------------------------------------

/// The verdict on a reported rate (docs/units-and-rounding.md §5): the auditor accepts it when
/// numerator / denominator × multiplier, rounded half up (exactly, see round_ratio_half_up) to
/// the number of decimals it was printed with, equals it.
struct ReportedRateCheck {
  bool consistent;
  Decimal expected; ///< the correctly rounded value at the reported decimals
  Decimal reported;
};

/// Throws zhibiao::invalid_input naming the field for a negative or non-finite numerator, a
/// non-positive or non-finite denominator, or a reported value with more than 15 decimals.
ReportedRateCheck check_reported_rate(double numerator, double denominator, Decimal reported,
                                      Unit unit = Unit::percent());

/// Row outcome of the batch check. Values are stable (Python codes).
enum class ReportedStatus : std::uint8_t {
  consistent = 0,
  inconsistent = 1,
  undefined = 2,           ///< the denominator is zero: nothing to compare
  invalid_numerator = 3,   ///< negative or not a finite number
  invalid_denominator = 4, ///< negative or not a finite number
  invalid_reported = 5,    ///< missing or not a finite number
  invalid_decimals = 6,    ///< outside [0, 15]
  /// 溢出: finite inputs whose expected value exceeds the largest double (1e308 / 1e-10); an
  /// error row naming the numerator (issue 14, class 3). Values beyond the 18 digits of a
  /// Decimal but within a double (10^30 / 3) are compared exactly, not refused.
  overflow = 7,
};
/// The number of ReportedStatus codes (for tables of their names and descriptions).
inline constexpr int reported_status_count = 8;
/// "consistent", "inconsistent: the reported value is not the rounded ratio", ...
std::string_view describe(ReportedStatus status) noexcept;

struct ReportedRateColumns {
  Column<double>
      expected; ///< correctly rounded value at each row's decimals; NaN unless status ≤ 1
  Column<double> difference; ///< reported − expected (in the unit); NaN unless status ≤ 1
  Column<ReportedStatus> status;
  std::size_t inconsistent_count = 0;
  std::size_t undefined_count = 0;
  std::vector<row_error> errors; ///< every bad row (only non-empty with OnBadRows::mark)
};

/// The batch form: one row per reported figure. `decimals[i]` is the number of decimals row i
/// was printed with. Bad rows (statuses 3–6) throw zhibiao::invalid_rows listing every one,
/// unless `on_bad_rows` is mark.
ReportedRateColumns check_reported_rates(const Eigen::Ref<const Eigen::ArrayXd>& numerator,
                                         const Eigen::Ref<const Eigen::ArrayXd>& denominator,
                                         const Eigen::Ref<const Eigen::ArrayXd>& reported,
                                         const std::vector<int>& decimals,
                                         Unit unit = Unit::percent(),
                                         OnBadRows on_bad_rows = OnBadRows::raise);
/// The same over contiguous columns (a std::vector, a zhibiao::Column, a NumPy buffer).
ReportedRateColumns
check_reported_rates(std::span<const double> numerator, std::span<const double> denominator,
                     std::span<const double> reported, const std::vector<int>& decimals,
                     Unit unit = Unit::percent(), OnBadRows on_bad_rows = OnBadRows::raise);

// --- reported figures as printed ---------------------------------------------------------------

/// "passed", "violated", "skipped", "error": the short name of each outcome (Python categories).
std::string_view to_string(RuleOutcome outcome) noexcept;
/// "consistent", "inconsistent", "undefined", "invalid_numerator", ...: the short name of each
/// status.
std::string_view to_string(ReportedStatus status) noexcept;

/// A reported column as a table holds it: per row a number, or the text printed in the report.
struct ReportedFigures {
  std::vector<double> value;                    ///< the number; NaN where missing or given as text
  std::vector<std::optional<std::string>> text; ///< empty, or per row the printed text ("94.13%")
};

struct ReportedTableOptions {
  /// None: the unit printed in the text ("4.86‰") when every row that prints one agrees, else
  /// per cent.
  std::optional<Unit> unit = std::nullopt;
  /// Per row, or none: the decimals printed in the text, or for a number those of its shortest
  /// decimal (94.10 given as a number reads as 94.1), 0 where neither is known.
  std::optional<std::vector<int>> decimals = std::nullopt;
  /// Rows the caller found bad while reading its columns (a count that is not a number); their
  /// status is at least invalid_reported and the check's own error for them is not repeated.
  std::vector<row_error> input_errors = {};
  /// The names the table gives the four inputs, used in row errors.
  std::string numerator = "numerator", denominator = "denominator", reported = "reported",
              decimals_field = "decimals";
  OnBadRows on_bad_rows = OnBadRows::raise;
};

/// The check of reported rates over a table: each text read with Decimal::parse and Unit::parse
/// ("94.13%" is 94.13 at two decimals in per cent), then checked as check_reported_rates() does.
/// Text that is not a number, or printed in another unit than the check's, is a bad row (status
/// invalid_reported). `errors` lists every bad row sorted by row, field and message; they throw
/// zhibiao::invalid_rows unless `on_bad_rows` is mark.
ReportedRateColumns check_reported_rate_table(const Eigen::Ref<const Eigen::ArrayXd>& numerator,
                                              const Eigen::Ref<const Eigen::ArrayXd>& denominator,
                                              const ReportedFigures& reported,
                                              const ReportedTableOptions& options = {});
/// The same over contiguous columns.
ReportedRateColumns check_reported_rate_table(std::span<const double> numerator,
                                              std::span<const double> denominator,
                                              const ReportedFigures& reported,
                                              const ReportedTableOptions& options = {});

} // namespace zhibiao
