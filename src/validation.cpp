#include "zhibiao/validation.hpp"
#include "zhibiao/detail/rows.hpp"
#include "zhibiao/detail/validation_kernels.hpp"

#include "zhibiao/detail/cube_columns.hpp"
#include "zhibiao/expression.hpp"

#include "json_text.hpp"
#include "zhibiao/detail/decimal_digits.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/names.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/detail/spans.hpp"
#include "zhibiao/detail/utf8.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <utility>

namespace zhibiao {

namespace {

using detail::lower_ascii;
using detail::nan;
using detail::rounded_text;

using json = nlohmann::json;
using detail::at_path;
using detail::json_text;

// Relative guard of equality: decimal figures summed in binary (173.76 + 23.88 + … = 323.172)
// differ from the printed total by a few units in the last place, ~1e-16 relative. 1e-12 leaves
// room for long sums and is far below the last digit any report prints.
constexpr double relative_guard = 1e-12;

constexpr std::array<std::string_view, 8> operator_symbols{
    "==", "!=", "<", "<=", ">", ">=", "compulsory_pair", "exclusive_pair"};
constexpr std::array<std::string_view, 8> operator_names{
    "equal_to",        "not_equal_to",
    "less_than",       "less_than_or_equal_to",
    "greater_than",    "greater_than_or_equal_to",
    "compulsory_pair", "exclusive_pair"};
// How a message prints the relation that holds (passed) or its negation (violated).
constexpr std::array<std::string_view, 6> holds_symbol{"=", "≠", "<", "≤", ">", "≥"};
constexpr std::array<std::string_view, 6> fails_symbol{"≠", "=", "≥", ">", "≤", "<"};

constexpr std::array<std::string_view, 3> importance_names{"high", "medium", "low"};
constexpr std::array<std::string_view, 3> strategy_names{
    "skip_if_any_value_missing", "skip_if_all_values_missing", "never_skip"};
constexpr std::array<std::string_view, 4> outcome_texts{
    "passed", "violated", "skipped: missing values", "error: a side cannot be computed"};
constexpr std::array<std::string_view, reported_status_count> reported_texts{
    "consistent",
    "inconsistent: the reported value is not the rounded ratio",
    "undefined: denominator is zero",
    "numerator is negative or not a finite number",
    "denominator is negative or not a finite number",
    "reported value is missing or not a finite number",
    "decimals must be between 0 and 15",
    "overflow (溢出): the expected value exceeds the largest double"};

void check_id(const std::string& id) {
  if (id.empty()) throw invalid_input("id", "is empty");
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
      throw invalid_input("id", "'" + id + "' may contain only letters, digits, '_' and '-'");
}

bool supported_period_type(PeriodType t) noexcept {
  return t == PeriodType::month || t == PeriodType::bi_month || t == PeriodType::quarter ||
         t == PeriodType::half_year || t == PeriodType::year;
}

// The one period-type reader (period.hpp), restricted to the types a rule can check.
PeriodType parse_rule_period_type(std::string_view text) {
  const std::optional<PeriodType> t = find_period_type(text);
  if (t && supported_period_type(*t)) return *t;
  throw invalid_input("period_type", "unsupported period type '" + std::string(text) +
                                         "'; expected month, bi_month, quarter, half_year or year");
}

// --- message templates: an expression's text with its references replaced by values ---------

struct Segment {
  std::string literal;
  std::ptrdiff_t reference = -1; // index into Expression::references(), or -1 for literal text
};

// Splits the expression text into literal text and references (with their period modifier),
// at the spans the parser recorded.
std::vector<Segment> make_template(const Expression& e) {
  const std::string& text = e.text();
  std::vector<Segment> out;
  std::size_t literal_start = 0;
  for (const ExpressionSpan& s : e.reference_spans()) {
    if (s.byte_begin > literal_start)
      out.push_back({text.substr(literal_start, s.byte_begin - literal_start), -1});
    out.push_back({{}, static_cast<std::ptrdiff_t>(s.reference)});
    literal_start = s.byte_end;
  }
  if (literal_start < text.size()) out.push_back({text.substr(literal_start), -1});
  return out;
}

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(' ');
  return s.substr(b, e - b + 1);
}

// "5401 + 8818 + … + 6910 = 22845", or "22846" for a lone reference or number.
std::string render_side(const std::vector<Segment>& segments,
                        const std::vector<const double*>& inputs, std::size_t row, double value) {
  std::string text;
  for (const auto& s : segments)
    text += s.reference < 0 ? s.literal
                            : rounded_text(inputs[static_cast<std::size_t>(s.reference)][row]);
  text = trim(std::move(text));
  const std::string v = rounded_text(value);
  return text == v ? v : text + " = " + v;
}

// --- JSON --------------------------------------------------------------------------------------

// A side: "left": "…" with "left_missing", or DHIS2's "leftSide": {"expression",
// "missingValueStrategy"}.
void read_side(const json& o, const std::string& path, const char* plain, const char* dhis2,
               const char* missing_key, std::string& expression, MissingValueStrategy& strategy) {
  if (o.contains(dhis2) && !o.at(dhis2).is_null()) {
    const std::string sub = path + "." + dhis2;
    const auto& side = o.at(dhis2);
    if (!side.is_object()) throw invalid_input(sub, "must be a JSON object");
    expression = json_text(side, sub, "expression", std::nullopt);
    const std::string s =
        json_text(side, sub, "missingValueStrategy", std::string(strategy_names[1]));
    try {
      strategy = parse_missing_value_strategy(s);
    } catch (const invalid_input& e) {
      throw invalid_input(sub + ".missingValueStrategy",
                          std::string(e.what()).substr(e.field().size() + 2));
    }
    return;
  }
  expression = json_text(o, path, plain, std::nullopt);
  const std::string s = json_text(o, path, missing_key, std::string(strategy_names[1]));
  try {
    strategy = parse_missing_value_strategy(s);
  } catch (const invalid_input& e) {
    throw invalid_input(path + "." + missing_key,
                        std::string(e.what()).substr(e.field().size() + 2));
  }
}

// The period of `type` containing the month starting on `d`.
Period period_containing(PeriodType type, Date d) {
  const int y = d.year(), m = d.month();
  switch (type) {
  case PeriodType::month: return Period::month(y, m);
  case PeriodType::bi_month: return Period::bi_month(y, (m - 1) / 2 + 1);
  case PeriodType::quarter: return Period::quarter(y, (m - 1) / 3 + 1);
  case PeriodType::half_year: return Period::half_year(y, (m - 1) / 6 + 1);
  default: return Period::year(y);
  }
}

std::string_view period_type_plural(PeriodType type) {
  switch (type) {
  case PeriodType::month: return "months";
  case PeriodType::bi_month: return "two-month periods";
  case PeriodType::quarter: return "quarters";
  case PeriodType::half_year: return "half years";
  default: return "years";
  }
}

// Comparison with the tolerance and relative guard: equal when |l − r| ≤ slack +
// guard·max(|l|,|r|).
template <RuleOperator Op>
inline bool holds(double l, double r, double slack) noexcept {
  const bool eq = std::abs(l - r) <= slack + relative_guard * std::max(std::abs(l), std::abs(r));
  if constexpr (Op == RuleOperator::equal_to) return eq;
  else if constexpr (Op == RuleOperator::not_equal_to) return !eq;
  else if constexpr (Op == RuleOperator::less_than) return (l < r) & !eq;
  else if constexpr (Op == RuleOperator::less_than_or_equal_to) return (l < r) | eq;
  else if constexpr (Op == RuleOperator::greater_than) return (l > r) & !eq;
  else return (l > r) | eq;
}

bool holds_runtime(RuleOperator op, double l, double r, double slack) noexcept {
  switch (op) {
  case RuleOperator::equal_to: return holds<RuleOperator::equal_to>(l, r, slack);
  case RuleOperator::not_equal_to: return holds<RuleOperator::not_equal_to>(l, r, slack);
  case RuleOperator::less_than: return holds<RuleOperator::less_than>(l, r, slack);
  case RuleOperator::less_than_or_equal_to:
    return holds<RuleOperator::less_than_or_equal_to>(l, r, slack);
  case RuleOperator::greater_than: return holds<RuleOperator::greater_than>(l, r, slack);
  default: return holds<RuleOperator::greater_than_or_equal_to>(l, r, slack);
  }
}

template <RuleOperator Op>
void compare_loop(const double* left, const double* right, const std::uint8_t* ls,
                  const std::uint8_t* rs, std::size_t n, double slack,
                  std::uint8_t* outcome) noexcept {
  // Branch-free: the comparison is computed for every row (NaN on skipped rows compares false),
  // then the side states pick the outcome: skipped (2) before error (3) before passed / violated.
  for (std::size_t i = 0; i < n; ++i) {
    const bool pass = holds<Op>(left[i], right[i], slack);
    const bool skip = (ls[i] == 1) | (rs[i] == 1);
    const bool err = (ls[i] == 2) | (rs[i] == 2);
    outcome[i] = skip ? std::uint8_t{2} : err ? std::uint8_t{3} : static_cast<std::uint8_t>(!pass);
  }
}

// State of a side per row: 0 a value, 1 no value (skipped by its strategy), 2 error.
void side_states(detail::CubeColumns& columns, const Expression& e, MissingValueStrategy strategy,
                 double* values, std::vector<std::uint8_t>& status,
                 std::vector<std::uint8_t>& state) {
  const std::size_t n = columns.size();
  const auto& refs = e.references();
  std::vector<std::uint16_t> missing;
  bool any_missing = false;
  for (const auto& r : refs) any_missing |= columns.has_missing(r);
  if (any_missing && strategy != MissingValueStrategy::never_skip) {
    missing.assign(n, 0);
    for (const auto& r : refs) {
      if (!columns.has_missing(r)) continue;
      const double* c = columns.column(r).data();
      for (std::size_t i = 0; i < n; ++i)
        missing[i] += static_cast<std::uint16_t>(std::isnan(c[i]));
    }
  }
  columns.evaluate(e, values, status.data()); // substitution is in the program (validate())
  const auto k = static_cast<std::uint16_t>(refs.size());
  for (std::size_t i = 0; i < n; ++i) {
    bool skip = false;
    if (!missing.empty()) {
      skip = strategy == MissingValueStrategy::skip_if_any_value_missing
                 ? missing[i] > 0
                 : (k > 0 && missing[i] == k);
    }
    const auto s = static_cast<ExpressionStatus>(status[i]);
    state[i] = skip || s == ExpressionStatus::missing ? 1 : s == ExpressionStatus::ok ? 0 : 2;
  }
}

} // namespace

// --- names --------------------------------------------------------------------------------------

std::string_view to_string(RuleOperator op) noexcept {
  return detail::name_of(operator_symbols, op);
}

RuleOperator parse_rule_operator(std::string_view text) {
  if (const auto found = detail::find_name<RuleOperator>(operator_symbols, text)) return *found;
  const std::string t = lower_ascii(text);
  if (const auto found = detail::find_name<RuleOperator>(operator_names, t)) return *found;
  if (text == "=") return RuleOperator::equal_to;
  if (text == "≠" || text == "<>") return RuleOperator::not_equal_to;
  if (text == "≤") return RuleOperator::less_than_or_equal_to;
  if (text == "≥") return RuleOperator::greater_than_or_equal_to;
  throw invalid_input("operator",
                      "unknown operator '" + std::string(text) +
                          "'; expected ==, !=, <, <=, >, >=, compulsory_pair or exclusive_pair");
}

std::string_view to_string(Importance importance) noexcept {
  return detail::name_of(importance_names, importance);
}

Importance parse_importance(std::string_view text) {
  const std::string t = lower_ascii(text);
  if (const auto found = detail::find_name<Importance>(importance_names, t)) return *found;
  if (text == "高") return Importance::high;
  if (text == "中") return Importance::medium;
  if (text == "低") return Importance::low;
  throw invalid_input("importance", "unknown importance '" + std::string(text) +
                                        "'; expected high, medium or low");
}

std::string_view to_string(MissingValueStrategy strategy) noexcept {
  return detail::name_of(strategy_names, strategy);
}

MissingValueStrategy parse_missing_value_strategy(std::string_view text) {
  const std::string t = lower_ascii(text);
  if (const auto found = detail::find_name<MissingValueStrategy>(strategy_names, t)) return *found;
  throw invalid_input(
      "missing_value_strategy",
      "unknown strategy '" + std::string(text) +
          "'; expected SKIP_IF_ANY_VALUE_MISSING, SKIP_IF_ALL_VALUES_MISSING or NEVER_SKIP");
}

std::string_view describe(RuleOutcome outcome) noexcept {
  return outcome_texts[static_cast<std::size_t>(outcome)];
}

std::string_view describe(ReportedStatus status) noexcept {
  return reported_texts[static_cast<std::size_t>(status)];
}

// --- rules ----------------------------------------------------------------------------------

const std::string& ValidationRule::display_name() const noexcept {
  return !name_zh.empty() ? name_zh : !name_en.empty() ? name_en : id;
}

const std::string& ConsecutiveRule::display_name() const noexcept {
  return !name_zh.empty() ? name_zh : !name_en.empty() ? name_en : id;
}

void validate(const ValidationRule& rule) {
  check_id(rule.id);
  if (trim(rule.left).empty()) throw invalid_input("left", "is empty");
  if (trim(rule.right).empty()) throw invalid_input("right", "is empty");
  if (static_cast<std::size_t>(rule.op) >= operator_symbols.size())
    throw invalid_input("operator", "is not a known operator");
  if (!(std::isfinite(rule.tolerance) && rule.tolerance >= 0))
    throw invalid_input("tolerance",
                        "must be a finite number ≥ 0, got " + rounded_text(rule.tolerance));
  if (rule.period_type && !supported_period_type(*rule.period_type))
    throw invalid_input("period_type",
                        "unsupported period type '" + std::string(to_string(*rule.period_type)) +
                            "'; expected month, bi_month, quarter, half_year or year");
}

void validate(const ConsecutiveRule& rule) {
  check_id(rule.id);
  if (trim(rule.expression).empty()) throw invalid_input("expression", "is empty");
  if (static_cast<std::size_t>(rule.flag_when) >
      static_cast<std::size_t>(RuleOperator::greater_than_or_equal_to))
    throw invalid_input("flag_when",
                        "must be a comparison (==, !=, <, <=, >, >=), not a pair operator");
  if (!std::isfinite(rule.bound))
    throw invalid_input("bound", "must be a finite number, got " + rounded_text(rule.bound));
  if (rule.run_length < 1)
    throw invalid_input("run_length", "must be at least 1, got " + std::to_string(rule.run_length));
  if (!supported_period_type(rule.period_type))
    throw invalid_input("period_type",
                        "unsupported period type '" + std::string(to_string(rule.period_type)) +
                            "'; expected month, bi_month, quarter, half_year or year");
}

ValidationRule sum_of_parts_rule(std::string id, const std::string& total,
                                 const std::vector<std::string>& parts, std::string name_zh,
                                 std::string name_en, double tolerance) {
  if (parts.empty()) throw invalid_input("parts", "give at least one part");
  const auto reference = [](const std::string& key, const char* field) {
    if (key.empty() || key.find_first_of("{}#") != std::string::npos)
      throw invalid_input(field,
                          "'" + key + "' is not an element key (\"births\" or \"births.male\")");
    return "#{" + key + "}";
  };
  ValidationRule r;
  r.id = std::move(id);
  r.name_zh = std::move(name_zh);
  r.name_en = std::move(name_en);
  r.left = reference(total, "total");
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) r.right += " + ";
    r.right += reference(parts[i], "parts");
  }
  r.op = RuleOperator::equal_to;
  r.tolerance = tolerance;
  validate(r);
  return r;
}

std::vector<ValidationRule> validation_rules_from_json(std::string_view text) {
  const json doc = detail::parse_json(text, "validation_rules");
  const json* list = &doc;
  if (doc.is_object()) {
    if (!doc.contains("validation_rules")) return {};
    list = &doc.at("validation_rules");
  }
  if (!list->is_array()) throw invalid_input("validation_rules", "must be a list of rules");
  std::vector<ValidationRule> rules;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string path = "validation_rules[" + std::to_string(i) + "]";
    const json& o = (*list)[i];
    if (!o.is_object()) throw invalid_input(path, "must be a JSON object");
    ValidationRule r = at_path(path, [&] {
      ValidationRule d;
      d.id = json_text(o, path, "id", std::nullopt);
      d.name_zh = json_text(o, path, "name_zh", "");
      d.name_en = json_text(o, path, "name_en", json_text(o, path, "name", ""));
      read_side(o, path, "left", "leftSide", "left_missing", d.left, d.left_missing);
      read_side(o, path, "right", "rightSide", "right_missing", d.right, d.right_missing);
      d.op = parse_rule_operator(json_text(o, path, "operator", "=="));
      d.importance = parse_importance(json_text(o, path, "importance", "medium"));
      if (o.contains("period_type") && !o.at("period_type").is_null())
        d.period_type = parse_rule_period_type(json_text(o, path, "period_type", std::nullopt));
      else if (o.contains("periodType") && !o.at("periodType").is_null())
        d.period_type = parse_rule_period_type(json_text(o, path, "periodType", std::nullopt));
      if (o.contains("tolerance") && !o.at("tolerance").is_null()) {
        if (!o.at("tolerance").is_number())
          throw invalid_input(path + ".tolerance", "must be a number");
        d.tolerance = o.at("tolerance").get<double>();
      }
      d.source = json_text(o, path, "source", "");
      validate(d);
      return d;
    });
    if (!ids.insert(r.id).second)
      throw invalid_input(path + ".id", "'" + r.id + "' is defined twice");
    rules.push_back(std::move(r));
  }
  return rules;
}

std::string validation_rules_to_json(const std::vector<ValidationRule>& rules) {
  json list = json::array();
  for (const auto& r : rules) {
    json o{{"id", r.id},
           {"name_zh", r.name_zh},
           {"name_en", r.name_en},
           {"left", r.left},
           {"operator", std::string(to_string(r.op))},
           {"right", r.right},
           {"left_missing", std::string(to_string(r.left_missing))},
           {"right_missing", std::string(to_string(r.right_missing))},
           {"importance", std::string(to_string(r.importance))},
           {"tolerance", r.tolerance},
           {"source", r.source}};
    o["period_type"] = r.period_type ? json(std::string(to_string(*r.period_type))) : json(nullptr);
    list.push_back(std::move(o));
  }
  return json{{"validation_rules", list}}.dump(2);
}

std::vector<Period> periods_of_type_within(const Period& period, PeriodType type) {
  if (!supported_period_type(type))
    throw invalid_input("period_type",
                        "unsupported period type '" + std::string(to_string(type)) +
                            "'; expected month, bi_month, quarter, half_year or year");
  std::vector<Period> out;
  for (const Period& m : period.split_months()) {
    const Period candidate = period_containing(type, m.start());
    if (period.contains(candidate) && (out.empty() || !(out.back() == candidate)))
      out.push_back(candidate);
  }
  return out;
}

// --- running rules -----------------------------------------------------------------------------

namespace detail {

void compare_sides(RuleOperator op, const double* left, const double* right,
                   const std::uint8_t* left_state, const std::uint8_t* right_state, std::size_t n,
                   double slack_abs, std::uint8_t* outcome) noexcept {
  switch (op) {
  case RuleOperator::equal_to:
    return compare_loop<RuleOperator::equal_to>(left, right, left_state, right_state, n, slack_abs,
                                                outcome);
  case RuleOperator::not_equal_to:
    return compare_loop<RuleOperator::not_equal_to>(left, right, left_state, right_state, n,
                                                    slack_abs, outcome);
  case RuleOperator::less_than:
    return compare_loop<RuleOperator::less_than>(left, right, left_state, right_state, n, slack_abs,
                                                 outcome);
  case RuleOperator::less_than_or_equal_to:
    return compare_loop<RuleOperator::less_than_or_equal_to>(left, right, left_state, right_state,
                                                             n, slack_abs, outcome);
  case RuleOperator::greater_than:
    return compare_loop<RuleOperator::greater_than>(left, right, left_state, right_state, n,
                                                    slack_abs, outcome);
  case RuleOperator::greater_than_or_equal_to:
    return compare_loop<RuleOperator::greater_than_or_equal_to>(left, right, left_state,
                                                                right_state, n, slack_abs, outcome);
  case RuleOperator::compulsory_pair:
  case RuleOperator::exclusive_pair:
    // A pair asks whether each side has a value; an error on either side is an error.
    for (std::size_t i = 0; i < n; ++i) {
      const bool l = left_state[i] == 0, r = right_state[i] == 0;
      const bool err = (left_state[i] == 2) | (right_state[i] == 2);
      const bool fail = op == RuleOperator::compulsory_pair ? l != r : (l & r);
      outcome[i] = err ? std::uint8_t{3} : static_cast<std::uint8_t>(fail);
    }
    return;
  }
}

} // namespace detail

namespace {

// The periods a rule checks within each requested period (its own period type's, or the requested
// ones), and for each the index of the requested period it came from.
void checked_periods(const ValidationRule& rule, const std::vector<Period>& periods,
                     std::vector<Period>& checked, std::vector<std::size_t>& requested) {
  for (std::size_t p = 0; p < periods.size(); ++p) {
    if (!rule.period_type) {
      checked.push_back(periods[p]);
      requested.push_back(p);
      continue;
    }
    for (const Period& q : periods_of_type_within(periods[p], *rule.period_type)) {
      checked.push_back(q);
      requested.push_back(p);
    }
  }
}

RuleSummary summarise(const std::vector<std::uint8_t>& outcome) {
  RuleSummary s;
  s.checked = outcome.size();
  for (std::uint8_t o : outcome) {
    s.passed += o == 0;
    s.violated += o == 1;
    s.skipped += o == 2;
    s.errors += o == 3;
  }
  return s;
}

// One rule evaluated over every (org unit, period) cell: both sides' values, statuses and states
// (0 a value, 1 no value, 2 an error) and each cell's outcome; the messages of the cells a result
// keeps are written from these, with the rule's text rendered once as templates.
struct EvaluatedRule {
  const ValidationRule& rule;
  const Expression& left_expression;
  const Expression& right_expression;
  std::vector<double> left, right;
  std::vector<std::uint8_t> left_status, right_status, left_state, right_state, outcome;
  std::vector<Segment> left_template, right_template;
  std::vector<const double*> left_inputs, right_inputs;
  bool templates_built = false;

  EvaluatedRule(const ValidationRule& r, const Expression& l, const Expression& rt,
                detail::CubeColumns& columns)
      : rule(r), left_expression(l), right_expression(rt) {
    const std::size_t n = columns.size();
    left.resize(n);
    right.resize(n);
    for (auto* v : {&left_status, &right_status, &left_state, &right_state, &outcome}) v->resize(n);
    side_states(columns, l, rule.left_missing, left.data(), left_status, left_state);
    side_states(columns, rt, rule.right_missing, right.data(), right_status, right_state);
    detail::compare_sides(rule.op, left.data(), right.data(), left_state.data(), right_state.data(),
                          n, rule.tolerance, outcome.data());
  }

  // The templates and their input columns, built only when a first message is needed.
  void build_templates(detail::CubeColumns& columns) {
    if (templates_built) return;
    left_template = make_template(left_expression);
    right_template = make_template(right_expression);
    const bool lz = rule.left_missing != MissingValueStrategy::skip_if_any_value_missing;
    const bool rz = rule.right_missing != MissingValueStrategy::skip_if_any_value_missing;
    for (const auto& ref : left_expression.references())
      left_inputs.push_back(lz ? columns.column_or_zero(ref).data() : columns.column(ref).data());
    for (const auto& ref : right_expression.references())
      right_inputs.push_back(rz ? columns.column_or_zero(ref).data() : columns.column(ref).data());
    templates_built = true;
  }

  double left_value(std::size_t r) const { return left_state[r] == 0 ? left[r] : nan; }
  double right_value(std::size_t r) const { return right_state[r] == 0 ? right[r] : nan; }

  // Cell r's message: why it was skipped or is an error, or the rule with its figures.
  std::string message(std::size_t r, const std::string& suffix) const {
    const auto o = static_cast<RuleOutcome>(outcome[r]);
    const double lv = left_value(r), rv = right_value(r);
    const auto side_problem = [&](const char* which, std::uint8_t state, std::uint8_t status,
                                  const std::string& text, MissingValueStrategy strategy) {
      if (state == 1)
        return std::string(which) + " side has no value (" + std::string(to_string(strategy)) + ")";
      return std::string(which) +
             " side: " + std::string(describe(static_cast<ExpressionStatus>(status))) + " in '" +
             text + "'";
    };
    if (o == RuleOutcome::skipped || o == RuleOutcome::error) {
      std::string why;
      const bool left_bad = o == RuleOutcome::skipped ? left_state[r] == 1 : left_state[r] == 2;
      const bool right_bad = o == RuleOutcome::skipped ? right_state[r] == 1 : right_state[r] == 2;
      if (left_bad)
        why = side_problem("left", left_state[r], left_status[r], rule.left, rule.left_missing);
      if (right_bad) {
        if (!why.empty()) why += "; ";
        why +=
            side_problem("right", right_state[r], right_status[r], rule.right, rule.right_missing);
      }
      return (o == RuleOutcome::skipped ? "skipped: " : "error: ") + why + suffix;
    }
    if (rule.op == RuleOperator::compulsory_pair || rule.op == RuleOperator::exclusive_pair) {
      const bool l = left_state[r] == 0, rr = right_state[r] == 0;
      const std::string lt = l ? render_side(left_template, left_inputs, r, lv) : "no value";
      const std::string rt = rr ? render_side(right_template, right_inputs, r, rv) : "no value";
      const char* verdict =
          rule.op == RuleOperator::compulsory_pair
              ? (o == RuleOutcome::passed ? "compulsory pair holds" : "compulsory pair broken")
              : (o == RuleOutcome::passed ? "exclusive pair holds" : "exclusive pair broken");
      return std::string(verdict) + ": left " + lt + ", right " + rt + suffix;
    }
    const auto op = static_cast<std::size_t>(rule.op);
    const std::string_view symbol = o == RuleOutcome::passed ? holds_symbol[op] : fails_symbol[op];
    return render_side(left_template, left_inputs, r, lv) + " " + std::string(symbol) + " " +
           render_side(right_template, right_inputs, r, rv) + suffix;
  }
};

} // namespace

ValidationResult validate(const DataCube& cube, const std::vector<ValidationRule>& rules,
                          const std::vector<std::size_t>& org_units,
                          const std::vector<Period>& periods, const ValidationOptions& options) {
  struct Compiled {
    Expression left, right;
  };
  std::vector<Compiled> compiled;
  for (const auto& rule : rules) {
    at_path("validation_rules[" + rule.id + "]", [&] {
      validate(rule);
      return 0;
    });
    const std::string field = "validation_rules[" + rule.id + "].";
    // Under a strategy that reads missing values as 0, the program substitutes them itself, so
    // that isNull, isNotNull and firstNonNull still see the value before substitution (DHIS2's
    // reading); side_states then decides which rows are skipped.
    const auto options_for = [](MissingValueStrategy s) {
      ExpressionOptions o;
      if (s != MissingValueStrategy::skip_if_any_value_missing)
        o.missing_values = MissingValues::never_skip;
      return o;
    };
    compiled.push_back(
        {detail::compile_for_cube(rule.left, field + "left", cube, options_for(rule.left_missing)),
         detail::compile_for_cube(rule.right, field + "right", cube,
                                  options_for(rule.right_missing))});
  }
  for (const auto& p : periods)
    if (!p.month_aligned())
      throw invalid_input("periods", "period " + p.code() + " is not made of whole months");

  // Rules with the same checked periods share one set of aggregated columns.
  std::map<std::string, std::unique_ptr<detail::CubeColumns>> column_sets;
  const auto columns_for = [&](const std::vector<Period>& checked) -> detail::CubeColumns& {
    std::string key;
    for (const auto& p : checked) key += p.code() + "|" + std::string(to_string(p.type())) + ",";
    auto& slot = column_sets[key];
    if (!slot) slot = std::make_unique<detail::CubeColumns>(cube, org_units, checked);
    return *slot;
  };

  // Each rule's periods and set of columns; each set's references then built side by side on
  // the library's threads (CubeColumns::prepare): the columns the rules would build one at a
  // time.
  std::vector<std::vector<Period>> checked(rules.size());
  std::vector<std::vector<std::size_t>> requested(rules.size());
  std::vector<detail::CubeColumns*> columns_of(rules.size());
  {
    std::map<detail::CubeColumns*, std::vector<const Expression*>> wanted;
    for (std::size_t k = 0; k < rules.size(); ++k) {
      checked_periods(rules[k], periods, checked[k], requested[k]);
      columns_of[k] = &columns_for(checked[k]);
      wanted[columns_of[k]].insert(wanted[columns_of[k]].end(),
                                   {&compiled[k].left, &compiled[k].right});
    }
    for (auto& [columns, parts] : wanted) columns->prepare(parts);
  }

  ValidationResult out;
  out.summary.resize(rules.size());
  ValidationTable& t = out.rows;
  std::vector<RuleOutcome> outcomes;
  for (std::size_t k = 0; k < rules.size(); ++k) {
    const ValidationRule& rule = rules[k];
    detail::CubeColumns& columns = *columns_of[k];
    EvaluatedRule e(rule, compiled[k].left, compiled[k].right, columns);
    out.summary[k] = summarise(e.outcome);

    const std::string& name = options.language == Language::en && !rule.name_en.empty()
                                  ? rule.name_en
                                  : rule.display_name();
    const std::string suffix = " (rule " + name + ")";
    const std::size_t n = columns.size(), np = checked[k].size();
    for (std::size_t r = 0; r < n; ++r) {
      const auto o = static_cast<RuleOutcome>(e.outcome[r]);
      if ((o == RuleOutcome::passed && !options.include_passed) ||
          (o == RuleOutcome::skipped && !options.include_skipped))
        continue;
      e.build_templates(columns);
      t.rule.push_back(k);
      t.org_unit.push_back(org_units[r / np]);
      t.period.push_back(checked[k][r % np]);
      t.requested_period.push_back(requested[k][r % np]);
      t.left.push_back(e.left_value(r));
      t.right.push_back(e.right_value(r));
      outcomes.push_back(o);
      t.message.push_back(e.message(r, suffix));
    }
  }
  t.outcome = Column<RuleOutcome>(std::move(outcomes));
  return out;
}

// --- consecutive periods ---------------------------------------------------------------------

ConsecutiveResult consecutive_violations(const DataCube& cube,
                                         const std::vector<ConsecutiveRule>& rules,
                                         const std::vector<std::size_t>& org_units,
                                         const Period& window, Language language) {
  std::vector<Expression> compiled;
  for (const auto& rule : rules) {
    at_path("consecutive_rules[" + rule.id + "]", [&] {
      validate(rule);
      return 0;
    });
    compiled.push_back(detail::compile_for_cube(
        rule.expression, "consecutive_rules[" + rule.id + "].expression", cube));
  }
  if (!window.month_aligned())
    throw invalid_input("window", "period " + window.code() + " is not made of whole months");
  ConsecutiveResult out;
  out.summary.resize(rules.size());
  ConsecutiveRuns& t = out.runs;
  for (std::size_t k = 0; k < rules.size(); ++k) {
    const ConsecutiveRule& rule = rules[k];
    const std::vector<Period> periods = periods_of_type_within(window, rule.period_type);
    ConsecutiveSummary& s = out.summary[k];
    s.units = org_units.size();
    s.periods = periods.size();
    detail::CubeColumns columns(cube, org_units, periods);
    columns.prepare({&compiled[k]});
    const std::size_t n = columns.size(), np = periods.size();
    std::vector<double> value(n);
    std::vector<std::uint8_t> status(n), breach(n);
    columns.evaluate(compiled[k], value.data(), status.data());
    for (std::size_t i = 0; i < n; ++i) {
      const bool ok = status[i] == 0;
      breach[i] = ok && holds_runtime(rule.flag_when, value[i], rule.bound, 0.0);
      s.missing += !ok;
      s.breaches += breach[i];
    }
    const std::string& name =
        language == Language::en && !rule.name_en.empty() ? rule.name_en : rule.display_name();
    const auto op = static_cast<std::size_t>(rule.flag_when);
    for (std::size_t u = 0; u < org_units.size(); ++u) {
      bool flagged = false;
      std::size_t p = 0;
      while (p < np) {
        if (!breach[u * np + p]) {
          ++p;
          continue;
        }
        std::size_t end = p;
        while (end < np && breach[u * np + end]) ++end;
        const std::size_t length = end - p;
        if (length >= static_cast<std::size_t>(rule.run_length)) {
          flagged = true;
          ++s.runs;
          std::vector<double> values(value.begin() + static_cast<std::ptrdiff_t>(u * np + p),
                                     value.begin() + static_cast<std::ptrdiff_t>(u * np + end));
          std::string shown;
          for (std::size_t i = 0; i < values.size(); ++i)
            shown += (i ? ", " : "") + rounded_text(values[i]);
          t.rule.push_back(k);
          t.org_unit.push_back(org_units[u]);
          t.first.push_back(periods[p]);
          t.last.push_back(periods[end - 1]);
          t.length.push_back(static_cast<int>(length));
          t.message.push_back("value " + std::string(holds_symbol[op]) + " " +
                              rounded_text(rule.bound) + " in " + std::to_string(length) +
                              " consecutive " + std::string(period_type_plural(rule.period_type)) +
                              " " + periods[p].code() + "–" + periods[end - 1].code() + ": " +
                              shown + " (rule " + name + ")");
          t.values.push_back(std::move(values));
        }
        p = end;
      }
      s.flagged_units += flagged;
    }
  }
  return out;
}

// --- reported-figure consistency ---------------------------------------------------------------

ReportedRateCheck check_reported_rate(double numerator, double denominator, Decimal reported,
                                      Unit unit) {
  if (!(std::isfinite(numerator) && numerator >= 0))
    throw invalid_input("numerator", "must be a finite number ≥ 0, got " + rounded_text(numerator));
  if (!(std::isfinite(denominator) && denominator > 0))
    throw invalid_input("denominator",
                        "must be a finite number > 0, got " + rounded_text(denominator));
  if (reported.decimals() > 15)
    throw invalid_input("reported",
                        "has " + std::to_string(reported.decimals()) + " decimals; at most 15");
  const Decimal expected =
      round_ratio_half_up(numerator, denominator, unit.integer_multiplier(), reported.decimals());
  // Numeric comparison of decimals (94.10 == 94.1): the reported figure is not rounded again.
  return {expected == reported, expected, reported};
}

namespace detail {

std::size_t check_reported_rates(const double* numerator, const double* denominator,
                                 const double* reported, const int* decimals, std::size_t n,
                                 std::int64_t multiplier, double* expected, double* difference,
                                 std::uint8_t* status) {
  std::size_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = numerator[i], d = denominator[i], rep = reported[i];
    const int dec = decimals[i];
    ReportedStatus s = ReportedStatus::consistent;
    if (!(std::isfinite(x) && x >= 0)) s = ReportedStatus::invalid_numerator;
    else if (!(std::isfinite(d) && d >= 0)) s = ReportedStatus::invalid_denominator;
    else if (!std::isfinite(rep)) s = ReportedStatus::invalid_reported;
    else if (dec < 0 || dec > 15) s = ReportedStatus::invalid_decimals;
    else if (d == 0) s = ReportedStatus::undefined;
    expected[i] = difference[i] = nan;
    if (s == ReportedStatus::consistent) {
      // Exact: the rational x/d × multiplier rounded half up, compared as decimals with the
      // shortest decimal of the reported double (94.13 is read as 94.13, not 94.1299999…).
      // Through RoundedDecimal, which has no 18-digit limit (10^30 / 3 is compared exactly);
      // an expected value beyond the largest double is the overflow status (issue 14).
      const detail::RoundedDecimal e = detail::round_ratio_digits(x, d, multiplier, dec);
      const double e_value = detail::to_double(e);
      if (!detail::finite(e_value) || !detail::finite(rep - e_value)) {
        s = ReportedStatus::overflow;
      } else {
        if (!detail::equals(e, Decimal::from_double(rep))) s = ReportedStatus::inconsistent;
        expected[i] = e_value;
        difference[i] = rep - e_value;
      }
    }
    status[i] = static_cast<std::uint8_t>(s);
    bad += s > ReportedStatus::undefined;
  }
  return bad;
}

} // namespace detail

ReportedRateColumns check_reported_rates(const Eigen::Ref<const Eigen::ArrayXd>& numerator,
                                         const Eigen::Ref<const Eigen::ArrayXd>& denominator,
                                         const Eigen::Ref<const Eigen::ArrayXd>& reported,
                                         const std::vector<int>& decimals, Unit unit,
                                         OnBadRows on_bad_rows) {
  return check_reported_rates(detail::span_of(numerator), detail::span_of(denominator),
                              detail::span_of(reported), decimals, unit, on_bad_rows);
}

ReportedRateColumns check_reported_rates(std::span<const double> numerator,
                                         std::span<const double> denominator,
                                         std::span<const double> reported,
                                         const std::vector<int>& decimals, Unit unit,
                                         OnBadRows on_bad_rows) {
  const std::size_t n = numerator.size();
  const auto check_size = [&](std::size_t size, const char* field) {
    detail::require_rows(size, field, n, "numerator");
  };
  check_size(denominator.size(), "denominator");
  check_size(reported.size(), "reported");
  check_size(decimals.size(), "decimals");
  ReportedRateColumns out;
  out.expected.resize(n);
  out.difference.resize(n);
  out.status.resize(n);
  static_assert(sizeof(ReportedStatus) == 1);
  const std::size_t bad = detail::check_reported_rates(
      numerator.data(), denominator.data(), reported.data(), decimals.data(), n,
      unit.integer_multiplier(), out.expected.data(), out.difference.data(),
      reinterpret_cast<std::uint8_t*>(out.status.data()));
  for (std::size_t i = 0; i < n; ++i) {
    const ReportedStatus s = out.status[i];
    out.inconsistent_count += s == ReportedStatus::inconsistent;
    out.undefined_count += s == ReportedStatus::undefined;
    if (s <= ReportedStatus::undefined) continue;
    const char* field = s == ReportedStatus::invalid_numerator || s == ReportedStatus::overflow
                            ? "numerator"
                        : s == ReportedStatus::invalid_denominator ? "denominator"
                        : s == ReportedStatus::invalid_reported    ? "reported"
                                                                   : "decimals";
    const double shown = s == ReportedStatus::invalid_numerator || s == ReportedStatus::overflow
                             ? numerator[i]
                         : s == ReportedStatus::invalid_denominator ? denominator[i]
                         : s == ReportedStatus::invalid_reported    ? reported[i]
                                                                 : static_cast<double>(decimals[i]);
    out.errors.push_back({i, field, std::string(describe(s)) + " (" + rounded_text(shown) + ")"});
  }
  if (bad > 0 && on_bad_rows == OnBadRows::raise) throw invalid_rows(std::move(out.errors));
  return out;
}

// --- reported figures as printed ---------------------------------------------------------------

namespace {

constexpr std::array<std::string_view, 4> outcome_names{"passed", "violated", "skipped", "error"};
constexpr std::array<std::string_view, reported_status_count> reported_names{
    "consistent",          "inconsistent",     "undefined",        "invalid_numerator",
    "invalid_denominator", "invalid_reported", "invalid_decimals", "overflow"};

// White space around a printed figure: ASCII, the no-break space and the ideographic space
// (U+3000) that Chinese report tables put between a number and its unit.
std::size_t space_at(std::string_view t, std::size_t i) {
  if (i < t.size() && (t[i] == ' ' || (t[i] >= '\t' && t[i] <= '\r'))) return 1;
  if (t.substr(i, 2) == "\xC2\xA0") return 2;
  if (t.substr(i, 3) == "\xE3\x80\x80") return 3;
  return 0;
}

std::string_view trim_space(std::string_view t) {
  std::size_t b = 0;
  while (std::size_t k = space_at(t, b)) b += k;
  std::size_t e = t.size();
  for (bool again = true; again && e > b;) {
    again = false;
    for (std::size_t k : {std::size_t{1}, std::size_t{2}, std::size_t{3}})
      if (e >= b + k && space_at(t, e - k) == k) {
        e -= k;
        again = true;
        break;
      }
  }
  return t.substr(b, e - b);
}

// A printed figure split into its number (sign, digits, an optional point and fraction: "94.13",
// ".5", "5.") and what follows it (the unit as printed, "%" or "" for none); nullopt when the text
// does not start with a number.
std::optional<std::pair<std::string_view, std::string_view>> split_figure(std::string_view text) {
  const std::string_view t = trim_space(text);
  std::size_t i = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    return i - from;
  };
  const std::size_t whole = digits();
  std::size_t fraction = 0;
  if (i < t.size() && t[i] == '.') {
    ++i;
    fraction = digits();
  }
  if (whole == 0 && fraction == 0) return std::nullopt;
  return std::make_pair(t.substr(0, i), trim_space(t.substr(i)));
}

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

} // namespace

std::string_view to_string(RuleOutcome outcome) noexcept {
  return detail::name_of(outcome_names, outcome);
}

std::string_view to_string(ReportedStatus status) noexcept {
  return detail::name_of(reported_names, status);
}

ReportedRateColumns check_reported_rate_table(const Eigen::Ref<const Eigen::ArrayXd>& numerator,
                                              const Eigen::Ref<const Eigen::ArrayXd>& denominator,
                                              const ReportedFigures& reported,
                                              const ReportedTableOptions& options) {
  return check_reported_rate_table(detail::span_of(numerator), detail::span_of(denominator),
                                   reported, options);
}

ReportedRateColumns check_reported_rate_table(std::span<const double> numerator,
                                              std::span<const double> denominator,
                                              const ReportedFigures& reported,
                                              const ReportedTableOptions& o) {
  const std::size_t n = reported.value.size();
  if (!reported.text.empty() && reported.text.size() != n)
    throw invalid_input(o.reported, "has " + std::to_string(reported.text.size()) + " texts for " +
                                        std::to_string(n) + " rows");
  std::vector<double> value = reported.value;
  std::vector<int> printed(n, -1);
  std::vector<std::string_view> suffix(n);
  // Each text with its full-width forms folded (detail/utf8.hpp: "９４.１３％" reads as 94.13%), as
  // the regex this check once ran in Python took any Unicode digit; `suffix` points into these.
  std::vector<std::string> folded(reported.text.size());
  std::vector<row_error> errors = o.input_errors;
  // Read the texts: the number with its printed decimals, and the unit printed after it.
  for (std::size_t i = 0; i < reported.text.size(); ++i) {
    if (!reported.text[i]) continue;
    const std::string& text = *reported.text[i];
    folded[i] = detail::folded_text(text);
    const auto figure = split_figure(folded[i]);
    std::optional<Decimal> d;
    if (figure) {
      try {
        d = Decimal::parse(figure->first, o.reported);
      } catch (
          const parse_error&) { // more digits than a Decimal holds: not a figure a report prints
      }
    }
    if (!d) {
      errors.push_back({i, o.reported, "is not a number: " + in_quotes(text)});
      continue;
    }
    value[i] = d->to_double();
    printed[i] = d->decimals();
    suffix[i] = figure->second;
  }
  // The unit: the one given, else the one every printed suffix that names a unit agrees on.
  Unit unit = Unit::percent();
  if (o.unit) {
    unit = *o.unit;
  } else {
    std::optional<Unit> seen;
    bool agree = true;
    for (const std::string_view s : suffix) {
      if (s.empty()) continue;
      try {
        const Unit u = Unit::parse(s);
        if (seen && !(*seen == u)) agree = false;
        seen = u;
      } catch (const invalid_input&) { // an unknown suffix is reported below
      }
    }
    if (seen && agree) unit = *seen;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (suffix[i].empty()) continue;
    std::string problem;
    try {
      if (!(Unit::parse(suffix[i]) == unit))
        problem = "is printed in " + std::string(suffix[i]) + " but the unit is " +
                  std::string(unit.suffix(Language::zh));
    } catch (const invalid_input&) {
      problem = "has an unknown unit " + in_quotes(suffix[i]);
    }
    if (problem.empty()) continue;
    errors.push_back({i, o.reported, std::move(problem)});
    value[i] = detail::nan;
  }
  // The decimals: given, else printed, else those of the number's shortest decimal, else 0.
  std::vector<int> decimals;
  if (o.decimals) {
    decimals = *o.decimals;
  } else {
    decimals = printed;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = value[i];
      if (decimals[i] < 0 && std::isfinite(v)) decimals[i] = Decimal::from_double(v).decimals();
      if (decimals[i] < 0) decimals[i] = 0;
    }
  }
  ReportedRateColumns out = check_reported_rates(
      numerator, denominator, std::span<const double>(value), decimals, unit, OnBadRows::mark);
  // The check's own errors, named as the table names its columns, for rows not yet reported.
  std::vector<bool> already(n, false);
  for (const auto& e : errors)
    if (e.row < n) already[e.row] = true;
  for (auto& e : out.errors) {
    if (already[e.row]) continue;
    const std::string& field = e.field == "numerator"     ? o.numerator
                               : e.field == "denominator" ? o.denominator
                               : e.field == "reported"    ? o.reported
                                                          : o.decimals_field;
    errors.push_back({e.row, field, std::move(e.message)});
  }
  std::sort(errors.begin(), errors.end(), [](const row_error& a, const row_error& b) {
    return std::tie(a.row, a.field, a.message) < std::tie(b.row, b.field, b.message);
  });
  if (!errors.empty() && o.on_bad_rows == OnBadRows::raise) throw invalid_rows(std::move(errors));
  // A row only the reading found bad (its figures were fine for the check) is a bad reported value.
  for (const auto& e : errors) {
    if (e.row >= n || out.status[e.row] > ReportedStatus::undefined) continue;
    out.inconsistent_count -= out.status[e.row] == ReportedStatus::inconsistent;
    out.undefined_count -= out.status[e.row] == ReportedStatus::undefined;
    out.status[e.row] = ReportedStatus::invalid_reported;
    out.expected[e.row] = out.difference[e.row] = detail::nan;
  }
  out.errors = std::move(errors);
  return out;
}

} // namespace zhibiao
