#include "zhibiao/evaluation.hpp"

#include "zhibiao/error.hpp"
#include "zhibiao/interval.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <map>

namespace zhibiao {

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

constexpr std::array<std::string_view, 6> status_texts{
    "ok",
    "undefined: denominator is zero",
    "missing: no data reported",
    "division by zero in an expression",
    "outside the domain of an operation",
    "invalid: negative, or a proportion above its denominator"};

// The period a reference reads for the requested period `p`.
Period shifted(const Period& p, const ExpressionReference& r) {
  switch (r.modifier) {
  case PeriodModifier::none: return p;
  case PeriodModifier::same_period_last_year: return p.same_period_last_year();
  case PeriodModifier::year_to_date: return p.year_to_date();
  case PeriodModifier::period_offset: {
    Period q = p;
    for (int k = 0; k < std::abs(r.offset); ++k) q = r.offset < 0 ? q.previous() : q.next();
    return q;
  }
  }
  return p;
}

// What the cube stores a reference under: "births" or "births.male".
std::string cube_key(const ExpressionReference& r) {
  return r.disaggregation.empty() ? r.element : r.element + "." + r.disaggregation;
}

Expression compile(const Indicator& indicator, const std::string& text, const char* part,
                   const DataCube& cube) {
  const std::string field = "indicators[" + indicator.id + "]." + part;
  Expression e = [&] {
    try {
      return Expression::parse(text);
    } catch (const parse_error& err) {
      throw parse_error(field, err.text(), err.position(), err.expected());
    }
  }();
  try {
    e.check_references([&](const ExpressionReference& r) { return cube.knows(cube_key(r)); });
  } catch (const invalid_input& err) {
    const std::string what = err.what();
    throw invalid_input(field, what.substr(err.field().size() + 2));
  }
  return e;
}

EvaluationStatus row_status(std::uint8_t expression_status) {
  switch (static_cast<ExpressionStatus>(expression_status)) {
  case ExpressionStatus::ok: return EvaluationStatus::ok;
  case ExpressionStatus::missing: return EvaluationStatus::missing;
  case ExpressionStatus::division_by_zero: return EvaluationStatus::division_by_zero;
  default: return EvaluationStatus::domain_error;
  }
}

} // namespace

std::string_view describe(EvaluationStatus status) noexcept {
  return status_texts[static_cast<std::size_t>(status)];
}

EvaluationTable evaluate(const DataCube& cube, const std::vector<Indicator>& indicators,
                         const std::vector<std::size_t>& org_units, const std::vector<Period>& periods,
                         const EvaluationOptions& options) {
  for (double c : options.confidence)
    if (!(c > 0 && c < 1)) throw invalid_input("confidence", "must lie in (0, 1), got " + std::to_string(c));
  struct Compiled {
    Expression numerator, denominator;
  };
  std::vector<Compiled> compiled;
  for (const auto& ind : indicators) {
    validate(ind);
    compiled.push_back({compile(ind, ind.numerator, "numerator", cube),
                        compile(ind, ind.denominator, "denominator", cube)});
  }

  // Each distinct reference is aggregated once for all units and (shifted) periods; its column
  // holds row u × P + p.
  const std::size_t units = org_units.size(), np = periods.size(), n = units * np;
  for (std::size_t u : org_units)
    if (u >= cube.tree().size())
      throw invalid_input("org_units", "org unit index " + std::to_string(u) + " is out of range");
  const AggregationMatrix targets = cube.tree().aggregation_matrix(org_units); // built once
  std::map<std::string, Eigen::ArrayXd> columns;
  const auto column_of = [&](const ExpressionReference& r) -> const Eigen::ArrayXd& {
    const std::string key = r.key();
    if (auto it = columns.find(key); it != columns.end()) return it->second;
    std::vector<Period> wanted;
    wanted.reserve(np);
    for (const auto& p : periods) wanted.push_back(shifted(p, r));
    const CubeAggregate a = cube.aggregate(cube_key(r), targets, wanted);
    Eigen::ArrayXd flat(static_cast<Eigen::Index>(n));
    for (std::size_t u = 0; u < units; ++u)
      for (std::size_t p = 0; p < np; ++p)
        flat[static_cast<Eigen::Index>(u * np + p)] =
            a.values(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(p));
    return columns.emplace(key, std::move(flat)).first->second;
  };
  std::array<Eigen::ArrayXd, 3> time;
  for (std::size_t v = 0; v < time.size(); ++v) {
    time[v].resize(static_cast<Eigen::Index>(n));
    for (std::size_t p = 0; p < np; ++p) {
      const double t = time_variable(periods[p], static_cast<TimeVariable>(v));
      for (std::size_t u = 0; u < units; ++u) time[v][static_cast<Eigen::Index>(u * np + p)] = t;
    }
  }
  const std::array<const double*, 3> time_ptrs{time[0].data(), time[1].data(), time[2].data()};
  std::vector<double> annualisation(np);
  for (std::size_t p = 0; p < np; ++p) annualisation[p] = periods[p].annualisation_factor();

  EvaluationTable out;
  const std::size_t rows = n * indicators.size();
  out.numerator.resize(static_cast<Eigen::Index>(rows));
  out.denominator.resize(static_cast<Eigen::Index>(rows));
  out.value.resize(static_cast<Eigen::Index>(rows));
  out.status.resize(rows);
  out.confidence = options.confidence;
  out.lower.assign(options.confidence.size(), Eigen::ArrayXd::Constant(static_cast<Eigen::Index>(rows), nan_value));
  out.upper = out.lower;
  out.indicator.reserve(rows);
  out.org_unit.reserve(rows);
  out.period.reserve(rows);

  std::vector<std::uint8_t> num_status(n), den_status(n);
  for (std::size_t i = 0; i < indicators.size(); ++i) {
    const Indicator& ind = indicators[i];
    const auto evaluate_part = [&](const Expression& e, double* dst, std::uint8_t* st) {
      std::vector<const double*> inputs;
      for (const auto& r : e.references()) inputs.push_back(column_of(r).data());
      e.evaluate(inputs, time_ptrs, n, dst, st);
    };
    const auto offset = static_cast<Eigen::Index>(i * n);
    double* num = out.numerator.data() + offset;
    double* den = out.denominator.data() + offset;
    evaluate_part(compiled[i].numerator, num, num_status.data());
    evaluate_part(compiled[i].denominator, den, den_status.data());
    const double multiplier = ind.unit.multiplier();
    for (std::size_t r = 0; r < n; ++r) {
      const std::size_t u = r / np, p = r % np;
      out.indicator.push_back(i);
      out.org_unit.push_back(org_units[u]);
      out.period.push_back(p);
      EvaluationStatus s = row_status(num_status[r]);
      if (s == EvaluationStatus::ok) s = row_status(den_status[r]);
      if (s == EvaluationStatus::ok) {
        if (num[r] < 0 || den[r] < 0 ||
            (ind.kind == MeasureKind::proportion && num[r] > den[r]))
          s = EvaluationStatus::invalid;
        else if (den[r] == 0)
          s = EvaluationStatus::undefined;
      }
      out.status[i * n + r] = static_cast<std::uint8_t>(s);
      double& value = out.value[offset + static_cast<Eigen::Index>(r)];
      if (s != EvaluationStatus::ok) {
        value = nan_value;
        continue;
      }
      const double factor = ind.annualised ? annualisation[p] : 1.0;
      value = num[r] * multiplier / den[r] * factor;
      for (std::size_t c = 0; c < options.confidence.size(); ++c) {
        double lo = nan_value, hi = nan_value;
        if (ind.kind == MeasureKind::proportion) {
          const Interval w = proportion_interval(num[r], den[r], options.confidence[c],
                                                 ProportionMethod::wilson, multiplier);
          lo = w.lower;
          hi = w.upper;
        } else if (ind.kind == MeasureKind::rate) {
          const RateInterval ri = rate_interval(num[r], den[r], options.confidence[c], CountMethod::phe, multiplier);
          lo = ri.lower;
          hi = ri.upper;
        }
        out.lower[c][offset + static_cast<Eigen::Index>(r)] = lo * factor;
        out.upper[c][offset + static_cast<Eigen::Index>(r)] = hi * factor;
      }
    }
  }
  return out;
}

} // namespace zhibiao
