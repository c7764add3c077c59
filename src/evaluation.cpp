#include "zhibiao/evaluation.hpp"

#include "zhibiao/detail/cube_columns.hpp"
#include "zhibiao/detail/interval_kernels.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/detail/options.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/interval.hpp"

#include <array>
#include <cmath>
#include <compare>
#include <limits>
#include <map>

namespace zhibiao {

namespace {

using detail::nan;

constexpr std::array<std::string_view, evaluation_status_count> status_texts{
    "ok",
    "undefined: denominator is zero",
    "missing: no data reported",
    "division by zero in an expression",
    "outside the domain of an operation",
    "invalid: negative, or a proportion above its denominator",
    "overflow (溢出): a value exceeds the largest double",
    "partial: the data do not cover every expected unit and month of the period"};

// Whether reference coverage a is worse than b in row r: the worse status (complete < partial <
// missing < outside the cube), then the smaller share of complete units, then of months reported.
bool less_covered(const detail::CubeColumns::Coverage& a, const detail::CubeColumns::Coverage& b,
                  std::size_t r) {
  if (a.status[r] != b.status[r]) return a.status[r] > b.status[r];
  // Shares compared exactly, without dividing: p/w against q/v as p·v against q·w in 64 bits
  // (a share of nothing expected is 0). Two divisions a comparison were a fifth of the
  // evaluation's own time on a whole-tree roll-up (issue 16).
  const auto compare = [r](const std::vector<std::int32_t>& part_a,
                           const std::vector<std::int32_t>& whole_a,
                           const std::vector<std::int32_t>& part_b,
                           const std::vector<std::int32_t>& whole_b) {
    const std::int64_t pa = whole_a[r] > 0 ? part_a[r] : 0, wa = whole_a[r] > 0 ? whole_a[r] : 1;
    const std::int64_t pb = whole_b[r] > 0 ? part_b[r] : 0, wb = whole_b[r] > 0 ? whole_b[r] : 1;
    return pa * wb <=> pb * wa;
  };
  const auto units =
      compare(a.units_complete, a.units_expected, b.units_complete, b.units_expected);
  if (units != 0) return units < 0;
  return compare(a.months_reported, a.months_expected, b.months_reported, b.months_expected) < 0;
}

EvaluationStatus row_status(std::uint8_t expression_status) {
  switch (static_cast<ExpressionStatus>(expression_status)) {
  case ExpressionStatus::ok: return EvaluationStatus::ok;
  case ExpressionStatus::missing: return EvaluationStatus::missing;
  case ExpressionStatus::division_by_zero: return EvaluationStatus::division_by_zero;
  case ExpressionStatus::overflow: return EvaluationStatus::overflow;
  default: return EvaluationStatus::domain_error;
  }
}

} // namespace

std::string_view describe(EvaluationStatus status) noexcept {
  return status_texts[static_cast<std::size_t>(status)];
}

EvaluationTable evaluate(const DataCube& cube, const std::vector<Indicator>& indicators,
                         const std::vector<std::size_t>& org_units,
                         const std::vector<Period>& periods, const EvaluationOptions& given) {
  // Levels through the one reader (0.95 or 95; none when empty): issue 14, classes 7 and 10.
  EvaluationOptions options = given;
  for (double& c : options.confidence) c = detail::confidence_option(c);
  struct Compiled {
    Expression numerator, denominator;
  };
  std::vector<Compiled> compiled;
  for (const auto& ind : indicators) {
    validate(ind);
    const std::string field = "indicators[" + ind.id + "].";
    // 人均预期寿命 and 重大慢性病过早死亡率 are computed by a method (a life table, a probability
    // of dying), not as a ratio of two aggregates: say so rather than fail on an empty numerator.
    if (!ind.method.empty())
      throw invalid_input(field + "method",
                          "'" + ind.id + "' is computed by " + ind.method +
                              ", not as a ratio of the cube's counts (docs/catalog.md §5)");
    compiled.push_back(
        {detail::compile_for_cube(ind.numerator, field + "numerator", cube, options.expression),
         detail::compile_for_cube(ind.denominator, field + "denominator", cube,
                                  options.expression)});
  }

  // Each distinct reference is aggregated once for all units and (shifted) periods; its column
  // holds row u × P + p.
  const std::size_t units = org_units.size(), np = periods.size(), n = units * np;
  detail::CubeColumns columns(cube, org_units, periods);
  {
    std::vector<const Expression*> parts;
    for (const Compiled& c : compiled) parts.insert(parts.end(), {&c.numerator, &c.denominator});
    columns.prepare(parts);
  }
  std::vector<double> annualisation(np);
  for (std::size_t p = 0; p < np; ++p) annualisation[p] = periods[p].annualisation_factor();

  EvaluationTable out;
  const std::size_t rows = n * indicators.size(), levels = options.confidence.size();
  out.numerator.resize(rows);
  out.denominator.resize(rows);
  out.value.resize(rows);
  out.status.resize(rows);
  out.confidence = options.confidence;
  out.lower.resize(rows, levels, nan);
  out.upper.resize(rows, levels, nan);
  if (levels != 0) out.limits_status.resize(rows, LimitsStatus::no_value);
  out.indicator.resize(rows);
  out.org_unit.resize(rows);
  out.period.resize(rows);
  out.months_reported.resize(rows);
  out.months_expected.resize(rows);
  out.units_complete.resize(rows);
  out.units_expected.resize(rows);
  out.coverage.resize(rows, CoverageStatus::complete);

  std::vector<std::uint8_t> num_status(n), den_status(n);
  // Per indicator: the rows that get limits, their numerators and denominators, and the limits
  // (level k of m rows at k × m).
  std::vector<std::size_t> rows_ok;
  std::vector<double> xs, ns, lower, upper;
  std::vector<std::uint8_t> kernel_status, method_used;
  constexpr LimitsStatus no_method = LimitsStatus::no_method;
  for (std::size_t i = 0; i < indicators.size(); ++i) {
    const Indicator& ind = indicators[i];
    const auto evaluate_part = [&](const Expression& e, double* dst, std::uint8_t* st) {
      columns.evaluate(e, dst, st);
    };
    const std::size_t offset = i * n;
    double* num = out.numerator.data() + offset;
    double* den = out.denominator.data() + offset;
    evaluate_part(compiled[i].numerator, num, num_status.data());
    evaluate_part(compiled[i].denominator, den, den_status.data());
    const double multiplier = ind.unit.multiplier();
    const bool has_method = ind.kind == MeasureKind::proportion || ind.kind == MeasureKind::rate;
    rows_ok.clear();
    xs.clear();
    ns.clear();
    // The coverage of every data element reference of the numerator and the denominator
    // (OUG{} counts units and R{} is itself a completeness figure: neither reports by month).
    std::vector<const detail::CubeColumns::Coverage*> covers;
    for (const Expression* e : {&compiled[i].numerator, &compiled[i].denominator})
      for (const auto& ref : e->references())
        if (ref.kind == ReferenceKind::data_value) covers.push_back(&columns.coverage(ref));
    for (std::size_t r = 0; r < n; ++r) {
      const std::size_t u = r / np, p = r % np;
      out.indicator[offset + r] = i;
      out.org_unit[offset + r] = org_units[u];
      out.period[offset + r] = p;
      EvaluationStatus s = row_status(num_status[r]);
      if (s == EvaluationStatus::ok) s = row_status(den_status[r]);
      if (s == EvaluationStatus::ok) {
        if (num[r] < 0 || den[r] < 0 || (ind.kind == MeasureKind::proportion && num[r] > den[r]))
          s = EvaluationStatus::invalid;
        else if (den[r] == 0) s = EvaluationStatus::undefined;
      }
      // The row's coverage: its least covered reference's (docs/aggregation.md §5.1).
      const detail::CubeColumns::Coverage* worst = nullptr;
      for (const auto* c : covers)
        if (!worst || less_covered(*c, *worst, r)) worst = c;
      if (worst) {
        out.months_reported[offset + r] = worst->months_reported[r];
        out.months_expected[offset + r] = worst->months_expected[r];
        out.units_complete[offset + r] = worst->units_complete[r];
        out.units_expected[offset + r] = worst->units_expected[r];
        out.coverage[offset + r] = worst->status[r];
      }
      const bool incomplete = worst && worst->status[r] != CoverageStatus::complete &&
                              options.coverage != CoveragePolicy::any_data;
      if (s == EvaluationStatus::ok && incomplete) s = EvaluationStatus::partial;
      out.status[offset + r] = s;
      double& value = out.value[offset + r];
      if (s != EvaluationStatus::ok &&
          !(s == EvaluationStatus::partial && options.coverage == CoveragePolicy::flag_partial)) {
        value = nan;
        continue;
      }
      // Ratios and quota completions have no interval method: NaN limits, said so per row.
      if (levels != 0) out.limits_status[offset + r] = has_method ? LimitsStatus::ok : no_method;
      const double factor = ind.annualised ? annualisation[p] : 1.0;
      // In the order that overflows only when the value itself does (issue 14).
      value = detail::scaled_ratio(num[r], multiplier, den[r]) * factor;
      if (!detail::finite(value)) {
        out.status[offset + r] = EvaluationStatus::overflow;
        if (levels != 0) out.limits_status[offset + r] = LimitsStatus::no_value;
        value = nan;
        continue;
      }
      if (levels != 0 && has_method) {
        rows_ok.push_back(r);
        xs.push_back(num[r]);
        ns.push_back(den[r]);
      }
    }
    if (rows_ok.empty()) continue;
    // The intervals of the rows with a value, per column: each level's kernel runs once over
    // the gathered rows (issue 21 item 3; row by row through proportion_interval, a Wilson
    // interval cost 12 µs). The kernels are the ones the scalar entry points call (Wilson's
    // limits; PHE's rule: exact below 10 events, Byar's from 10, times multiplier / n), so the
    // limits are the same bits. The inputs are checked above (finite, non-negative, den > 0,
    // proportions x ≤ n, levels in (0, 1)): the one failure left is a limit that overflows.
    const std::size_t m = rows_ok.size();
    lower.resize(m * levels);
    upper.resize(m * levels);
    kernel_status.assign(m, 0);
    method_used.resize(m);
    for (std::size_t c = 0; c < levels; ++c) {
      if (ind.kind == MeasureKind::proportion)
        detail::proportion_limits(ProportionMethod::wilson, xs.data(), ns.data(),
                                  kernel_status.data(), m, options.confidence[c], multiplier,
                                  lower.data() + c * m, upper.data() + c * m);
      else
        detail::count_limits(CountMethod::phe, xs.data(), ns.data(), kernel_status.data(), m,
                             options.confidence[c], multiplier, lower.data() + c * m,
                             upper.data() + c * m, method_used.data());
    }
    for (std::size_t j = 0; j < m; ++j) {
      const std::size_t r = rows_ok[j], row = offset + r;
      const double factor = ind.annualised ? annualisation[r % np] : 1.0;
      bool overflowed = false;
      for (std::size_t c = 0; c < levels; ++c) {
        const double lo = lower[c * m + j] * factor, hi = upper[c * m + j] * factor;
        overflowed |= !(detail::finite(lo) && detail::finite(hi));
        out.lower(row, c) = lo;
        out.upper(row, c) = hi;
      }
      if (!overflowed) continue;
      out.status[row] = EvaluationStatus::overflow;
      out.limits_status[row] = LimitsStatus::no_value;
      out.value[row] = nan;
      for (std::size_t c = 0; c < levels; ++c) out.lower(row, c) = out.upper(row, c) = nan;
    }
  }
  return out;
}

std::string_view to_string(CoveragePolicy policy) noexcept {
  switch (policy) {
  case CoveragePolicy::flag_partial: return "flag_partial";
  case CoveragePolicy::require_complete: return "require_complete";
  case CoveragePolicy::any_data: return "any_data";
  }
  return "unknown";
}

CoveragePolicy parse_coverage_policy(std::string_view text) {
  for (const auto p :
       {CoveragePolicy::flag_partial, CoveragePolicy::require_complete, CoveragePolicy::any_data})
    if (text == to_string(p)) return p;
  throw invalid_input("coverage", "expected flag_partial, require_complete or any_data, got '" +
                                      std::string(text) + "'");
}

std::string_view describe(LimitsStatus status) noexcept {
  switch (status) {
  case LimitsStatus::ok: return "ok";
  case LimitsStatus::no_method: return "no interval method for this kind";
  case LimitsStatus::no_value: return "no value";
  }
  return "unknown";
}

} // namespace zhibiao
