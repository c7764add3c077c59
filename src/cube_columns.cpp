#include "zhibiao/detail/cube_columns.hpp"

#include "zhibiao/data_element.hpp"
#include "zhibiao/detail/parallel.hpp"
#include "zhibiao/error.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

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

std::string reporting_key(std::string_view data_set, std::string_view count) {
  return "R:" + std::string(data_set) + "." + std::string(count);
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

namespace {

// OUG{uid} names a group of the tree and R{ds.METRIC} a data set whose counts the cube holds:
// else a parse error at the item, naming the uid.
void check_items(const Expression& e, const std::string& field, const DataCube& cube) {
  const auto groups = cube.tree().group_names();
  for (const ExpressionSpan& span : e.reference_spans()) {
    const ExpressionReference& r = e.references()[span.reference];
    if (r.kind == ReferenceKind::org_unit_group &&
        !std::binary_search(groups.begin(), groups.end(), r.element))
      throw parse_error(field, e.text(), span.begin,
                        "an organisation unit group of the tree: OUG{" + r.element +
                            "} names none ('" + r.element + "' is not among its groups)");
    if (r.kind == ReferenceKind::reporting_rate &&
        !cube.knows(reporting_key(r.element, "EXPECTED_REPORTS")))
      throw parse_error(field, e.text(), span.begin,
                        "a data set whose completeness counts the cube holds: '" + r.element +
                            "' has no element " + reporting_key(r.element, "*") +
                            " (docs/dhis2-expressions.md §7)");
  }
}

} // namespace

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
  check_items(e, field, cube);
  try {
    e.check_references([&](const ExpressionReference& r) {
      return r.kind != ReferenceKind::data_value || cube.knows(cube_key(r));
    });
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
  if (r.kind == ReferenceKind::org_unit_group)
    return columns_.emplace(key, org_unit_group_column(r)).first->second;
  if (r.kind == ReferenceKind::reporting_rate) {
    Column c = reporting_rate_column(r);
    return columns_.emplace(key, std::move(c)).first->second;
  }
  return columns_.emplace(key, data_value_column(r)).first->second;
}

void CubeColumns::prepare(const std::vector<const Expression*>& expressions) {
  // The data element references not yet built, each once.
  std::vector<const ExpressionReference*> wanted;
  std::vector<std::string> keys;
  for (const Expression* e : expressions)
    for (const ExpressionReference& r : e->references()) {
      if (r.kind != ReferenceKind::data_value) continue;
      std::string key = r.key();
      if (columns_.count(key) || std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      keys.push_back(std::move(key));
      wanted.push_back(&r);
    }
  if (wanted.size() < 2) return; // one column gains nothing; entry() builds it when read
  // A column each: the cube's const members may be called concurrently (zhibiao/cube.hpp), and
  // each task writes only its own slot. The aggregations' own parallel_for run inline inside a
  // task: a roll-up's bottom-up walks are serial, so two references side by side use both cores
  // where one reference at a time used 1.1 of them (issue 16, roll-up).
  std::vector<Column> built(wanted.size());
  parallel_for(wanted.size(), 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) built[i] = data_value_column(*wanted[i]);
  });
  for (std::size_t i = 0; i < wanted.size(); ++i)
    columns_.emplace(std::move(keys[i]), std::move(built[i]));
}

CubeColumns::Column CubeColumns::data_value_column(const ExpressionReference& r) const {
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
  // From the aggregate's targets × periods (column-major) to rows u × P + p, in blocks of
  // units: within a block each period's values are read in order and the block's rows written
  // in order. Unit by unit, each row read the 7 matrices at a stride of all the units (a
  // cache line per value; in perf at 20,000 units about as much as the aggregation itself).
  constexpr std::size_t block = 256;
  for (std::size_t u0 = 0; u0 < units; u0 += block)
    for (std::size_t p = 0; p < np; ++p)
      for (std::size_t u = u0; u < std::min(units, u0 + block); ++u) {
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
  return c;
}

namespace {

// The coverage of an item that is no data element (OUG{}, R{}): complete, nothing expected.
// evaluate() leaves these out of a row's coverage.
CubeColumns::Coverage complete_coverage(std::size_t rows) {
  CubeColumns::Coverage cov;
  for (auto* v :
       {&cov.months_reported, &cov.months_expected, &cov.units_complete, &cov.units_expected})
    v->assign(rows, 0);
  cov.status.assign(rows, CoverageStatus::complete);
  return cov;
}

} // namespace

// DHIS2's organisation unit group count: the members of the group in the unit's subtree, the
// unit itself included; the same in every period.
CubeColumns::Column CubeColumns::org_unit_group_column(const ExpressionReference& r) const {
  const OrgUnitTree& tree = cube_.tree();
  std::vector<char> member(tree.size(), 0);
  for (std::size_t u : tree.group(r.element)) member[u] = 1;
  const std::size_t np = periods_.size();
  Column c;
  c.values.resize(static_cast<Eigen::Index>(units_.size() * np));
  for (std::size_t k = 0; k < units_.size(); ++k) {
    double count = 0;
    for (std::size_t u : tree.subtree_view(units_[k])) count += member[u];
    for (std::size_t p = 0; p < np; ++p) c.values[static_cast<Eigen::Index>(k * np + p)] = count;
  }
  c.coverage = complete_coverage(size());
  return c;
}

// R{ds.METRIC} from the counts the cube rolls up (docs/dhis2-expressions.md §7): the actual
// counts are 0 where reports were expected and none came; a rate is 100 × actual / expected,
// missing where nothing was expected.
CubeColumns::Column CubeColumns::reporting_rate_column(const ExpressionReference& r) {
  const auto counts = [&](std::string_view count) {
    ExpressionReference part = r;
    part.kind = ReferenceKind::data_value;
    part.element = "R:" + r.element;
    part.disaggregation = std::string(count);
    return entry(part).values; // a copy: the column of the part stays cached
  };
  const std::string& metric = r.disaggregation;
  const Eigen::ArrayXd expected = counts("EXPECTED_REPORTS");
  Column c;
  if (metric == "EXPECTED_REPORTS") {
    c.values = expected;
  } else {
    const bool on_time = metric.ends_with("_ON_TIME");
    const Eigen::ArrayXd actual = counts(on_time ? "ACTUAL_REPORTS_ON_TIME" : "ACTUAL_REPORTS");
    // Expected but not registered: none came, 0 (not missing); nothing expected: missing.
    const Eigen::ArrayXd got = expected.isNaN().select(actual, actual.isNaN().select(0.0, actual));
    if (metric.starts_with("ACTUAL_REPORTS")) c.values = got;
    else
      c.values =
          (expected > 0).select(100.0 * got / expected, std::numeric_limits<double>::quiet_NaN());
  }
  c.missing = c.values.isNaN().any();
  c.coverage = complete_coverage(size());
  return c;
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
