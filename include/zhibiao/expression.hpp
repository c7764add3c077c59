#pragma once
/// \file expression.hpp
/// The expression language of indicators: numerators, denominators and targets written over data
/// elements, compiled once and evaluated over whole columns.
///
///     using namespace zhibiao;
///     auto e = Expression::parse("if(#{pop} > 0, (#{a} + #{b}) / #{pop} * 1000, 0)");
///     e.references();             // pop, a, b: in order of first appearance
///     e.check_references([&](const ExpressionReference& r) { return cube.has(r.key()); });
///     const double* in[] = {pop.data(), a.data(), b.data()};
///     e.evaluate(in, {}, n, out.data(), status.data());
///
///     // A paced target (序时进度): the share of the yearly target due by this period.
///     Expression::parse("#{target} * [periodInYear] / [periodsPerYear]");
///     // 同期 and 环比 as DHIS2 writes them: each modifier is a reference of its own.
///     Expression::parse("(#{births} - #{births}.samePeriodLastYear()) /
///     #{births}.samePeriodLastYear()");
///
/// Grammar (EBNF; white space and /* comments */ may appear between any two tokens; lowest
/// precedence first; DHIS2's order, Expression.g4, docs/dhis2-expressions.md):
///
///     expression = or ;
///     or         = and { ( "or" | "||" ) and } ;
///     and        = equality { ( "and" | "&&" ) equality } ;
///     equality   = relational { ( "==" | "!=" ) relational } ;        (left to right: chains)
///     relational = additive { ( "<" | "<=" | ">" | ">=" ) additive } ;
///     additive   = term { ( "+" | "-" ) term } ;                      (left-associative)
///     term       = unary { ( "*" | "/" | "%" ) unary } ;              (left-associative)
///     unary      = ( "-" | "+" | "!" | "not" ) unary | power ;
///     power      = primary [ "^" unary ] ;                  (right-associative: 2^3^2 = 2^9)
///     primary    = number | string | "true" | "false" | "null" | reference | "C{" uid "}"
///                | "OUG{" uid "}" | "R{" uid "." metric "}" { modifier }
///                | variable | function | "(" expression ")" { modifier } ;
///     metric     = "REPORTING_RATE" | "REPORTING_RATE_ON_TIME" | "ACTUAL_REPORTS"
///                | "ACTUAL_REPORTS_ON_TIME" | "EXPECTED_REPORTS" ;
///     string     = "'" { char | escape } "'" | '"' { char | escape } '"' ;   (DHIS2's; no line
///                  break inside; escape: \uXXXX, \ooo octal, \b \t \n \f \r, \ + any char)
///     reference  = "#{" part [ "." part [ "." part ] ] "}" { modifier } ;   (part: name or *,
///                  or DHIS2's tagged "deGroup:" uid (first part), "co:" uid, "coGroup:" uid
///                  { "&" uid } (second or third part): ExpressionOptions::groups)
///     modifier   = "." ( "periodOffset(" integer ")" | "samePeriodLastYear()" | "yearToDate()"
///                  | "aggregationType(" TYPE ")" | "minDate(" date ")" | "maxDate(" date ")" ) ;
///                  (after ")" the modifiers reach every reference inside that has none
///                  of its own; TYPE: SUM AVERAGE AVERAGE_SUM_ORG_UNIT LAST LAST_IN_PERIOD
///                  LAST_AVERAGE_ORG_UNIT FIRST FIRST_AVERAGE_ORG_UNIT MIN MAX
///                  MIN_SUM_ORG_UNIT MAX_SUM_ORG_UNIT COUNT ...; date: yyyy-mm-dd)
///     variable   = "[days]" | "[periodInYear]" | "[periodsPerYear]" | "[yearlyPeriodCount]" ;
///     function   = ( "if" | "min" | "max" | "abs" | "coalesce" | "isNull" | "isNotNull"
///                  | "greatest" | "least" | "firstNonNull" | "log" | "log10" | "removeZeros"
///                  | "normDistCum" | "normDistDen" )
///                  "(" expression { "," expression } ")" ;   (normDist*: x, mean, stddev)
///     number     = ( digit { digit } [ "." { digit } ] | "." digit { digit } )
///                  [ ( "e" | "E" ) [ "+" | "-" ] digit { digit } ] ;
///     name       = any characters but "}" "." and @ : # { [ ] ( ) , ' " & | * (or ｝ ．;
///                  spaces around it are trimmed) ;
///
/// So `^` binds tighter than unary minus and `!`/`not` (-2^2 = -4, as in mathematics and DHIS2),
/// which bind tighter than `* / %`, then `+ -`, then `< <= > >=`, then `== !=` (so
/// `1 < 2 < 3` is (1 < 2) < 3 = 1, as DHIS2 reads it), then `and`, `or`. Modifiers chain
/// (`.yearToDate().periodOffset(-1)`: offsets add, yearToDate applies to the shifted period) and
/// after a parenthesised expression apply to every reference in it. `#{de.*}` is `#{de}`,
/// `#{de.coc.*}` is `#{de.coc}`. `greatest`, `least` and `firstNonNull` are DHIS2's names for
/// max, min and coalesce. Full-width forms typed with a Chinese input method (（ ） ， ＋ １ …,
/// U+FF01–U+FF5E) read as their ASCII forms, and the ideographic space as a space; names keep
/// them as written.
///
/// Semantics. A missing value is NaN. It propagates through arithmetic, comparisons, min and max
/// (a minimum over an unknown value is unknown); isNull / isNotNull test for it and coalesce takes
/// the first argument that is not missing. Truth values are 1 and 0; any non-zero number is true.
/// `and` / `or` follow Kleene's three-valued logic, as SQL does: `0 and missing` is 0 and
/// `1 or missing` is 1, so that `isNotNull(#{a}) and #{a} > 0` is never missing; otherwise a
/// missing operand makes the result missing. `if` with a missing condition is missing. `==`
/// compares exactly. `x % 0`, like a division by zero, gives NaN and is recorded in the status of
/// its row, as is an operation outside its domain ((-8)^(1/3), ∞ − ∞, log(0)): neither ever passes
/// for missing data. ExpressionOptions gives DHIS2's constants, missing value strategies and, where
/// zhibiao is stricter, DHIS2's results (docs/dhis2-expressions.md §3).
///
/// Strings (DHIS2's): compared as strings with each other ('abc' < 'abd'), as numbers beside a
/// number ('2' > 1; == with a string that is no number is false), as truth values beside one
/// ('true' == true); read as a number where arithmetic needs one ('2' + 1 is 3; 'abc' + 1 is a
/// parse error at the string). An expression whose value is a string (`''`,
/// `if(#{a} > 0, 'high', 'low')`) has result_type() text and is evaluated by evaluate_text().
/// Since data values are numbers, a string is always written in the text: the parser folds
/// every coercion, and a string-valued expression runs as the index of its string, so numeric
/// evaluation never sees one (docs/dhis2-expressions.md §5).
///
/// Compilation: the parser emits a register program in one pass (constants are folded, `if` with a
/// constant condition keeps one branch, x^2 becomes x·x, dead code is dropped), so that evaluation
/// runs each operation as one tight loop over a block of rows — never a tree walk per row.
///
/// Thread safety: a compiled Expression is immutable: copies share the program, and evaluate(),
/// references() and the other const members may be called from several threads at once (scratch
/// space is per call). parse() may be called from any thread.

#include "zhibiao/export.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

class Period;

enum class PeriodModifier : std::uint8_t {
  none = 0,
  period_offset = 1,         ///< `.periodOffset(n)`: the period n periods away (-1: 环比)
  same_period_last_year = 2, ///< `.samePeriodLastYear()`: 同期
  /// `.yearToDate()`: from the start of the year to the period's end. With a non-zero
  /// `offset` (DHIS2's chained `.yearToDate().periodOffset(-1)`, in either order) it is the
  /// year to date of the period `offset` periods away.
  year_to_date = 3,
};

/// What a reference reads: a data value (#{...}), or one of DHIS2's items the cube answers from
/// its tree and its completeness counts (docs/dhis2-expressions.md §6).
enum class ReferenceKind : std::uint8_t {
  data_value = 0,     ///< #{de}, #{de.coc}, #{de.coc.aoc}
  org_unit_group = 1, ///< OUG{uid}: members of the group in the evaluated unit's subtree
  reporting_rate = 2, ///< R{ds.METRIC}: element is the data set, disaggregation the metric
};

/// DHIS2's R{} metrics, as written: REPORTING_RATE, REPORTING_RATE_ON_TIME, ACTUAL_REPORTS,
/// ACTUAL_REPORTS_ON_TIME, EXPECTED_REPORTS.
inline constexpr std::string_view reporting_metrics[] = {"REPORTING_RATE", "REPORTING_RATE_ON_TIME",
                                                         "ACTUAL_REPORTS", "ACTUAL_REPORTS_ON_TIME",
                                                         "EXPECTED_REPORTS"};

/// One data value an expression reads: a data element, optionally one disaggregation of it, in
/// the period evaluated or in a period derived from it. The cube supplies one column per
/// distinct reference.
struct ExpressionReference {
  std::string element;        ///< "births"
  std::string disaggregation; ///< "male", or empty (DHIS2's category option combo)
  /// DHIS2's attribute option combo, the third part of `#{de.coc.aoc}`, or empty.
  std::string attribute;
  PeriodModifier modifier = PeriodModifier::none;
  /// For period_offset (never 0: periodOffset(0) is no modifier) and, when not 0, for
  /// year_to_date (the year to date of the shifted period).
  int offset = 0;
  /// DHIS2's query modifiers (docs/dhis2-expressions.md §6), empty when not written:
  /// `.aggregationType(TYPE)`: the aggregation type to use instead of the element's, as
  /// to_string(AggregationType) names it ("average", "last" ...);
  std::string aggregation = {};
  /// `.minDate(yyyy-mm-dd)`, `.maxDate(yyyy-mm-dd)`: only the months starting on or after
  /// min_date and ending on or before max_date count (dhis2-core narrows the query's start and
  /// end dates to them), written yyyy-mm-dd.
  std::string min_date = {};
  std::string max_date = {};
  /// data_value for #{}; for OUG{uid} `element` is the group's uid (no modifier: the count does
  /// not depend on the period); for R{ds.METRIC} `element` is the data set, `disaggregation`
  /// the metric.
  ReferenceKind kind = ReferenceKind::data_value;

  /// Canonical text (DHIS2's own for the other kinds: "OUG{uid}", "R{ds.REPORTING_RATE}", with
  /// the modifier suffix): "births", "births.male", "births.male.public" (with an attribute; an
  /// attribute without a disaggregation is "births.*.public"), "births@periodOffset(-1)",
  /// "births.male@samePeriodLastYear()", "births@yearToDate()",
  /// "births@periodOffset(-1)@yearToDate()", then "@aggregationType(average)",
  /// "@minDate(2024-01-01)", "@maxDate(2024-06-30)" when set. Unique: names cannot contain '@'.
  std::string key() const;
  friend bool operator==(const ExpressionReference&, const ExpressionReference&) = default;
};

/// Where one occurrence of a reference is written: from its '#' to its closing '}', or to the
/// ')' of its period modifier ("#{births}.periodOffset(-1)"). A reference written twice has two
/// spans with the same index. Positions count code points, as parse errors do; the byte offsets
/// index text() directly.
struct ExpressionSpan {
  std::size_t reference = 0;  ///< index into Expression::references()
  std::size_t begin = 0;      ///< first character (code point)
  std::size_t end = 0;        ///< one past the last character (code point)
  std::size_t byte_begin = 0; ///< begin as a byte offset into text()
  std::size_t byte_end = 0;   ///< end as a byte offset into text()
  friend bool operator==(const ExpressionSpan&, const ExpressionSpan&) = default;
};

/// `[periodsPerYear]` is also written `[yearlyPeriodCount]`, DHIS2's name for it.
enum class TimeVariable : std::uint8_t { days = 0, period_in_year = 1, periods_per_year = 2 };

/// "days", "periodInYear", "periodsPerYear": the names written between brackets.
std::string_view to_string(TimeVariable v) noexcept;

/// The value of a time variable for a period:
/// - days: the days in the period (31 for 2024-05, 366 for 2024);
/// - period_in_year, periods_per_year: 5 and 12 for May, 2 and 4 for Q2, 1 and 2 for the first
///   half, 10 and 52 for ISO week 10 (53 in a long ISO year), 1 and 1 for a year; for a financial
///   half year, its half and 2; for a day, its day of the year and the days of the year. A date
///   range counts whole months when it is month-aligned and starts in January (1-5月: 5 and 12),
///   else the day of the year of its end and the days of that year.
double time_variable(const Period& period, TimeVariable v);

/// Row outcome of Expression::evaluate. Values are stable (the codes of the Python status array).
enum class ExpressionStatus : std::uint8_t {
  ok = 0,
  missing = 1,          ///< the value needs a missing input (NaN)
  division_by_zero = 2, ///< a division by zero produced the NaN
  domain_error = 3, ///< an operation outside its domain produced it: (-8)^0.5, ∞ − ∞, 0 × ∞
  /// 溢出: the result is ±inf, beyond the largest double (#{a} × 1e308 with a = 10); the value
  /// stays ±inf in `out`, and the status says it is not a number to report.
  overflow = 4,
};
/// The number of ExpressionStatus codes (for tables of their descriptions).
inline constexpr int expression_status_count = 5;

/// "ok", "missing: an input is missing", "division by zero", "outside the domain of an operation",
/// "overflow (溢出): the result exceeds the largest double".
std::string_view describe(ExpressionStatus status) noexcept;

/// DHIS2's missing value strategies (validation rules, predictors: docs.dhis2.org, "Validation
/// rules", missing value strategy). Under any strategy but `propagate`, a missing reference
/// counts as 0 in arithmetic, comparisons and every function except isNull, isNotNull and
/// firstNonNull, which see the value before substitution; the strategy then decides when the
/// whole row is missing instead.
enum class MissingValues : std::uint8_t {
  propagate = 0,                  ///< zhibiao's default: no substitution; NaN propagates
  skip_if_any_value_missing = 1,  ///< SKIP_IF_ANY_VALUE_MISSING: missing if any reference is
  skip_if_all_values_missing = 2, ///< SKIP_IF_ALL_VALUES_MISSING: missing if every one is
  never_skip = 3,                 ///< NEVER_SKIP: never missing for want of data
};

/// How Expression::parse reads and compiles a text. The defaults are zhibiao's semantics.
struct ExpressionOptions {
  /// DHIS2's constants, C{uid}: each is folded into the program as its number. A C{} whose uid
  /// is not here is a parse error.
  std::map<std::string, double, std::less<>> constants;
  MissingValues missing_values = MissingValues::propagate;
  /// DHIS2's results where zhibiao is stricter (docs/dhis2-expressions.md): x / 0 is ±∞ (0 / 0 NaN)
  /// and log(0) is −∞, with the status still division_by_zero or domain_error, never ok; greatest()
  /// and least() skip missing arguments; if() with a missing condition takes the false branch. Off:
  /// each of those is a NaN with its status.
  bool dhis2_semantics = false;
  /// DHIS2's tagged items (docs/dhis2-expressions.md §6), resolved as dhis2-core's analytics
  /// resolvers do: the item is replaced by the parenthesised sum of what it stands for, so
  /// missing members follow `missing_values` like any other reference. Keys and values:
  /// - "deGroup:uid" → the data element ids of the group (`#{deGroup:uid}`, `#{deGroup:uid.coc}`);
  /// - "co:uid" → the category option combos holding category option uid; "coGroup:uid" → those
  ///   holding an option of the category option group uid (`#{de.co:uid}`, `#{de.coGroup:a&b}`:
  ///   the combos in every group named, as DHIS2 intersects them);
  /// - "de.co:uid", "de.coGroup:uid" → the same restricted to element de's combos; looked up
  ///   first, so that a combo of another category combo is not summed into de.
  /// A tagged item whose key is absent, or which stands for nothing, is a parse error at it.
  std::map<std::string, std::vector<std::string>, std::less<>> groups = {};
};

/// What an expression gives: a number (every indicator, rule and target) or, for DHIS2's string
/// literals ('text', "text"), text: `''`, `if(#{a} > 0, 'high', 'low')`,
/// `firstNonNull(null, "42")` (docs/dhis2-expressions.md §5).
enum class ExpressionType : std::uint8_t { number = 0, text = 1 };

namespace detail {
struct ExpressionProgram;
}

/// A compiled expression. Immutable: copies share the program, and evaluate() may be called from
/// several threads at once.
class Expression {
public:
  /// Compiles `text` once. Throws zhibiao::parse_error (field "expression") with the 0-based
  /// character position (Unicode code points, not bytes) and what was expected there, e.g.
  /// "')' to close '(' at 3" or "an operand"; a wrong number of function arguments is reported at
  /// the function name; invalid UTF-8 at the first bad character.
  static Expression parse(std::string_view text);
  /// As parse(text), with DHIS2's constants, missing value strategy and semantics as `options`
  /// asks.
  static Expression parse(std::string_view text, const ExpressionOptions& options);

  const std::string& text() const noexcept;
  /// Distinct references in order of first appearance (also those only in an `if` branch that
  /// constant folding drops: the text names them, so the caller must know them).
  const std::vector<ExpressionReference>& references() const noexcept;
  /// Every occurrence of a reference in the text, in text order (also those in a dropped `if`
  /// branch): lets a caller replace references in the text without lexing it again.
  const std::vector<ExpressionSpan>& reference_spans() const noexcept;
  /// Time variables the expression uses.
  bool uses(TimeVariable v) const noexcept;
  /// Vector operations per row after constant folding (0 for a lone reference or constant).
  std::size_t instruction_count() const noexcept;

  /// Throws zhibiao::invalid_input (field "expression") naming the first reference for which
  /// `known` returns false ("unknown data element 'birth' in '#{birth} / #{pop}'").
  void check_references(const std::function<bool(const ExpressionReference&)>& known) const;

  /// Vectorised evaluation over n rows. inputs[k] points at n values of references()[k];
  /// time[v] at n values of TimeVariable v (may be nullptr, or `time` shorter, when v is not
  /// used). Writes out[n] and, if status is not null, status[n] (ExpressionStatus codes: a NaN
  /// result is `missing` unless a division by zero or a domain error produced it, a ±inf result
  /// is `overflow`: status ok means a finite value). `out` must not
  /// overlap the inputs. Throws zhibiao::invalid_input (field "inputs" or
  /// "time") when `inputs` has fewer entries than references(), or a needed pointer is null.
  /// Throws zhibiao::invalid_input (field "expression") for an expression that gives text.
  void evaluate(std::span<const double* const> inputs, std::span<const double* const> time,
                std::size_t n, double* out, std::uint8_t* status = nullptr) const;

  /// number, or text when the expression's value is a string (its strings are texts()).
  ExpressionType result_type() const noexcept;
  /// The strings a text expression can give, each once, escapes decoded (empty for a number
  /// expression).
  const std::vector<std::string>& texts() const noexcept;
  /// evaluate() for an expression that gives text: out[i] is the index into texts() of row i's
  /// string, or -1 for null (status missing; else ok). The inputs are read as by evaluate(), so a
  /// condition on the data chooses the string: if(#{a} > 0, 'high', 'low'). Throws
  /// zhibiao::invalid_input (field "expression") for a number expression.
  void evaluate_text(std::span<const double* const> inputs, std::span<const double* const> time,
                     std::size_t n, std::int32_t* out, std::uint8_t* status = nullptr) const;

private:
  explicit Expression(std::shared_ptr<const detail::ExpressionProgram> program) noexcept;
  std::shared_ptr<const detail::ExpressionProgram> program_;
};

} // namespace zhibiao
