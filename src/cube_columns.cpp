#include "zhibiao/detail/cube_columns.hpp"

#include "zhibiao/data_element.hpp"
#include "zhibiao/error.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <cmath>
#include <cstdlib>

namespace zhibiao::detail {

std::string cube_key(const ExpressionReference& r) {
  // The key without its period modifier: "births", "births.male", "births.male.public".
  ExpressionReference bare = r;
  bare.modifier = PeriodModifier::none;
  bare.offset = 0;
  bare.aggregation.clear();
  bare.min_date.clear();
  bare.max_date.clear();
  return bare.key();
}

Period shifted_period(const Period& p, const ExpressionReference& r) {
  switch (r.modifier) {
  case PeriodModifier::none: return p;
  case PeriodModifier::same_period_last_year: return p.same_period_last_year();
  case PeriodModifier::year_to_date:
  case PeriodModifier::period_offset: {
    Period q = p;
    for (int k = 0; k < std::abs(r.offset); ++k) q = r.offset < 0 ? q.previous() : q.next();
    // DHIS2's .yearToDate().periodOffset(-1): the year to date of the shifted period.
    return r.modifier == PeriodModifier::year_to_date ? q.year_to_date() : q;
  }
  }
  return p;
}

Expression compile_for_cube(std::string_view text, const std::string& field, const DataCube& cube,
                            const ExpressionOptions& options) {
  Expression e = [&] {
    try {
      return Expression::parse(text, options);
    } catch (const parse_error& err) {
      throw parse_error(field, err.text(), err.position(), err.expected());
    }
  }();
  // A string-valued expression ('abc', if(#{a} > 0, 'high', 'low')) is no indicator figure.
  if (e.result_type() == ExpressionType::text)
    throw invalid_input(field, "'" + std::string(text) +
                                   "' gives text (a string), not a number; an indicator, rule "
                                   "or target needs a number (docs/dhis2-expressions.md §5)");
  try {
    e.check_references([&](const ExpressionReference& r) { return cube.knows(cube_key(r)); });
  } catch (const invalid_input& err) {
    const std::string what = err.what();
    throw invalid_input(field, what.substr(err.field().size() + 2));
  }
  return e;
}

CubeColumns::CubeColumns(const DataCube& cube, std::vector<std::size_t> org_units,
                         std::vector<Period> periods)
    : cube_(cube), units_(std::move(org_units)), periods_(std::move(periods)) {
  for (std::size_t u : units_)
    if (u >= cube.tree().size())
      throw invalid_input("org_units", "org unit index " + std::to_string(u) + " is out of range");
}

CubeColumns::Column& CubeColumns::entry(const ExpressionReference& r) {
  const std::string key = r.key();
  if (auto it = columns_.find(key); it != columns_.end()) return it->second;
  const std::size_t units = units_.size(), np = periods_.size();
  std::vector<Period> wanted;
  wanted.reserve(np);
  for (const auto& p : periods_) wanted.push_back(shifted_period(p, r));
  // DHIS2's .minDate(d) / .maxDate(d) narrow the query's start and end dates to them
  // (dhis2-core DefaultQueryPlanner.groupByQueryMods), and an aggregate query counts the
  // periods lying within: here the months of the period starting on or after d (minDate),
  // ending on or before d (maxDate). A period with no such month has no value.
  std::vector<bool> none(np, false);
  if (!r.min_date.empty() || !r.max_date.empty()) {
    const auto day = [](const std::string& text) { return boost::gregorian::from_string(text); };
    for (std::size_t p = 0; p < np; ++p) {
      Date first = wanted[p].start(), last = wanted[p].end();
      if (!r.min_date.empty()) {
        const Date d = day(r.min_date);
        while (first < d && first <= last) first = first + boost::gregorian::months(1);
      }
      if (!r.max_date.empty()) {
        const Date d = day(r.max_date);
        while (last > d && first <= last)
          last = last - boost::gregorian::days(static_cast<long>(last.day().as_number()));
      }
      if (first > last) none[p] = true;
      else wanted[p] = Period::range(first, last);
    }
  }
  const std::string bare = cube_key(r);
  const CubeAggregate a =
      r.aggregation.empty()
          ? cube_.aggregate(bare, units_, wanted)
          : cube_.aggregate(bare, units_, wanted, parse_aggregation_type(r.aggregation));
  Column c;
  c.values.resize(static_cast<Eigen::Index>(units * np));
  Coverage& cov = c.coverage;
  for (auto* v :
       {&cov.months_reported, &cov.months_expected, &cov.units_complete, &cov.units_expected})
    v->resize(units * np);
  cov.status.resize(units * np);
  for (std::size_t u = 0; u < units; ++u)
    for (std::size_t p = 0; p < np; ++p) {
      const double v = none[p] ? std::nan("") : a.values(u, p);
      const std::size_t row = u * np + p;
      c.values[static_cast<Eigen::Index>(row)] = v;
      c.missing |= std::isnan(v);
      cov.months_reported[row] = a.months_reported(u, p);
      cov.months_expected[row] = a.months_expected(u, p);
      cov.units_complete[row] = a.units_complete(u, p);
      cov.units_expected[row] = a.units_expected(u, p);
      cov.status[row] = a.coverage(u, p);
      if (none[p]) {
        cov.months_reported[row] = cov.months_expected[row] = cov.units_complete[row] = 0;
        cov.status[row] = CoverageStatus::missing;
      }
    }
  return columns_.emplace(key, std::move(c)).first->second;
}

const Eigen::ArrayXd& CubeColumns::column(const ExpressionReference& r) { return entry(r).values; }

const CubeColumns::Coverage& CubeColumns::coverage(const ExpressionReference& r) {
  return entry(r).coverage;
}

bool CubeColumns::has_missing(const ExpressionReference& r) { return entry(r).missing; }

const Eigen::ArrayXd& CubeColumns::column_or_zero(const ExpressionReference& r) {
  Column& c = entry(r);
  if (!c.missing) return c.values;
  if (c.zero_filled.size() == 0) c.zero_filled = c.values.isNaN().select(0.0, c.values);
  return c.zero_filled;
}

std::array<const double*, 3> CubeColumns::time() {
  if (!time_built_) {
    const std::size_t units = units_.size(), np = periods_.size();
    for (std::size_t v = 0; v < time_.size(); ++v) {
      time_[v].resize(static_cast<Eigen::Index>(units * np));
      for (std::size_t p = 0; p < np; ++p) {
        const double t = time_variable(periods_[p], static_cast<TimeVariable>(v));
        for (std::size_t u = 0; u < units; ++u) time_[v][static_cast<Eigen::Index>(u * np + p)] = t;
      }
    }
    time_built_ = true;
  }
  return {time_[0].data(), time_[1].data(), time_[2].data()};
}

void CubeColumns::evaluate(const Expression& e, double* out, std::uint8_t* status,
                           bool zero_for_missing) {
  std::vector<const double*> inputs;
  inputs.reserve(e.references().size());
  for (const auto& r : e.references())
    inputs.push_back(zero_for_missing ? column_or_zero(r).data() : column(r).data());
  const bool timed = e.uses(TimeVariable::days) || e.uses(TimeVariable::period_in_year) ||
                     e.uses(TimeVariable::periods_per_year);
  if (timed) {
    const auto t = time();
    e.evaluate(inputs, t, size(), out, status);
  } else {
    e.evaluate(inputs, {}, size(), out, status);
  }
}

} // namespace zhibiao::detail
