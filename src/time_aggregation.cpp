#include "zhibiao/time_aggregation.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/detail/time_aggregation_kernels.hpp"

#include "zhibiao/detail/calendar.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/names.hpp"
#include "zhibiao/detail/parallel.hpp"
#include "zhibiao/error.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <span>
#include <string>

namespace zhibiao {

using namespace detail;

namespace {

constexpr std::array<std::string_view, 6> aggregation_names{"sum", "average", "last",
                                                            "min", "max",     "average_over_days"};

// The target period of type `type` that contains month (year, month).
Period containing_period(PeriodType type, int year, int month, int year_start_month) {
  switch (type) {
  case PeriodType::month: return Period::month(year, month);
  case PeriodType::bi_month: return Period::bi_month(year, (month + 1) / 2);
  case PeriodType::quarter: return Period::quarter(year, (month + 2) / 3);
  case PeriodType::half_year: return Period::half_year(year, month <= 6 ? 1 : 2);
  case PeriodType::year: return Period::year(year);
  case PeriodType::financial_year:
  case PeriodType::financial_half_year: {
    const int start_year = month >= year_start_month ? year : year - 1;
    if (type == PeriodType::financial_year)
      return Period::financial_year_starting(start_year, year_start_month);
    const int offset = (year * 12 + month) - (start_year * 12 + year_start_month);
    return Period::financial_half_year(start_year, year_start_month, offset < 6 ? 1 : 2);
  }
  default:
    throw invalid_input("target", "must be a period made of months (month, bi_month, quarter, "
                                  "half_year, year, financial_year, financial_half_year), got " +
                                      std::string(to_string(type)));
  }
}

// One target cell from the months g[0 .. n): the combining rule is a template parameter so that
// the switch on the aggregation happens once per call, not once per cell.
template <TimeAggregation How>
inline double combine(const double* g, int n, const int* days, std::uint8_t& missing) noexcept {
  int nan = 0;
  double acc;
  if constexpr (How == TimeAggregation::sum || How == TimeAggregation::average) {
    acc = 0;
    for (int k = 0; k < n; ++k) {
      acc += g[k];
      nan += std::isnan(g[k]);
    }
    if constexpr (How == TimeAggregation::average) {
      acc /= n;
      // Finite months whose sum overflows have a finite mean: divide each first (1e308 and
      // 1e308 average 1e308, was inf; issue 14). Only on this rare path, so ordinary data keeps
      // the sum-then-divide rounding.
      if (!detail::finite(acc) && !nan) {
        acc = 0;
        for (int k = 0; k < n; ++k) acc += g[k] / n;
      }
    }
  } else if constexpr (How == TimeAggregation::average_over_days) {
    acc = 0;
    int total = 0;
    for (int k = 0; k < n; ++k) {
      acc += g[k] * days[k];
      total += days[k];
      nan += std::isnan(g[k]);
    }
    acc /= total;
    if (!detail::finite(acc) && !nan) { // as above: weights first where g × days overflows
      acc = 0;
      for (int k = 0; k < n; ++k) acc += g[k] * (static_cast<double>(days[k]) / total);
    }
  } else if constexpr (How == TimeAggregation::last) {
    for (int k = 0; k < n; ++k) nan += std::isnan(g[k]);
    acc = g[n - 1];
  } else {
    acc = g[0];
    for (int k = 0; k < n; ++k) {
      nan += std::isnan(g[k]);
      if constexpr (How == TimeAggregation::min) acc = g[k] < acc ? g[k] : acc;
      else acc = g[k] > acc ? g[k] : acc;
    }
    // std::min-style comparisons ignore NaN; a missing month must make the cell missing.
    if (nan) acc = detail::nan;
  }
  missing = static_cast<std::uint8_t>(nan);
  return acc;
}

template <TimeAggregation How>
void aggregate_rows(const double* monthly, std::size_t series, std::size_t months, const int* first,
                    const int* count, std::size_t groups, const int* month_days, double* out,
                    std::uint8_t* missing) noexcept {
  for (std::size_t i = 0; i < series; ++i) {
    const double* row = monthly + i * months;
    for (std::size_t j = 0; j < groups; ++j)
      out[i * groups + j] =
          combine<How>(row + first[j], count[j], month_days + first[j], missing[i * groups + j]);
  }
}

} // namespace

std::string_view to_string(TimeAggregation how) noexcept {
  return detail::name_of(aggregation_names, how);
}

TimeAggregation parse_time_aggregation(std::string_view text) {
  if (const auto found = detail::find_name<TimeAggregation>(aggregation_names, text)) return *found;
  throw invalid_input("aggregation", "unknown aggregation '" + std::string(text) +
                                         "'; expected sum, average, last, min, max or "
                                         "average_over_days");
}

namespace detail {

void aggregate_month_groups(const double* monthly, std::size_t series, std::size_t months,
                            const int* first, const int* count, std::size_t groups,
                            const int* month_days, TimeAggregation how, double* out,
                            std::uint8_t* missing) {
  // One instantiation per aggregation (the combining rule is a template parameter), indexed by
  // the enum's value; the choice is made once a call, not once a cell.
  using A = TimeAggregation;
  static constexpr std::array kernels{
      &aggregate_rows<A::sum>, &aggregate_rows<A::average>, &aggregate_rows<A::last>,
      &aggregate_rows<A::min>, &aggregate_rows<A::max>,     &aggregate_rows<A::average_over_days>};
  static_assert(kernels.size() == aggregation_names.size());
  const auto k = static_cast<std::size_t>(how);
  if (k < kernels.size())
    kernels[k](monthly, series, months, first, count, groups, month_days, out, missing);
}

std::size_t cumulate(const double* monthly, std::size_t series, std::size_t months,
                     const std::uint8_t* year_starts, double* out) {
  std::size_t bad = series * months;
  for (std::size_t i = 0; i < series; ++i) {
    const double* row = monthly + i * months;
    double* o = out + i * months;
    double acc = 0;
    for (std::size_t k = 0; k < months; ++k) {
      acc = year_starts[k] ? row[k] : acc + row[k]; // NaN stays until the next year starts
      o[k] = acc;
      // ±inf (an infinite month, or finite months summing past the largest double); a NaN
      // from inf - inf is caught at the infinite month before it.
      if (std::isinf(acc) && bad == series * months) bad = i * months + k;
    }
  }
  return bad;
}

namespace {

// No ±inf running sum met yet.
constexpr std::size_t none_bad = std::numeric_limits<std::size_t>::max();

// Blocks [begin, end) of year_to_date_laid_out: each row's year, month and unit checked while
// cumulate's running sums are written (ordinary stores: streaming ones, tried for this loop
// through an L1 line buffer, were no faster from Python, docs/benchmarks.md §17). Returns
// whether every row has the layout.
bool laid_out_blocks(const double* v, const std::int64_t* u, const std::int64_t* y,
                     const std::int64_t* m, std::size_t months, const std::int64_t* year_of,
                     const std::int64_t* month_of, const std::uint8_t* year_starts,
                     std::size_t begin, std::size_t end, double* out, std::size_t& first_bad) {
  bool ok = true;
  for (std::size_t s = begin; s < end; ++s) {
    const std::size_t r0 = s * months;
    const std::int64_t key = u[r0];
    ok &= s == 0 || key > u[r0 - months]; // the units increase
    double acc = 0;
    for (std::size_t k = 0; k < months; ++k) {
      const std::size_t r = r0 + k;
      ok &= (y[r] == year_of[k]) & (m[r] == month_of[k]) & (u[r] == key);
      acc = year_starts[k] ? v[r] : acc + v[r]; // cumulate's step
      out[r] = acc;
      if (std::isinf(acc) && first_bad == none_bad) first_bad = r;
    }
  }
  return ok;
}

} // namespace

bool year_to_date_laid_out(const double* value, const std::int64_t* unit, const std::int64_t* year,
                           const std::int64_t* month, std::size_t series, std::size_t months,
                           const std::int64_t* year_of, const std::int64_t* month_of,
                           const std::uint8_t* year_starts, double* out, std::size_t& bad) {
  const std::size_t rows = series * months;
  std::atomic<bool> laid_out{true};
  std::atomic<std::size_t> first{none_bad}; // the first ±inf running sum, as cumulate reports
  constexpr std::size_t check_every = 256;  // blocks between looks at the other ranges' verdict
  parallel_for(series, 8192, [&](std::size_t begin, std::size_t end) {
    std::size_t first_bad = none_bad;
    for (std::size_t b0 = begin; b0 < end; b0 += check_every) {
      if (!laid_out.load(std::memory_order_relaxed)) return;
      const std::size_t b1 = std::min(end, b0 + check_every);
      const bool ok = laid_out_blocks(value, unit, year, month, months, year_of, month_of,
                                      year_starts, b0, b1, out, first_bad);
      if (!ok) {
        laid_out.store(false, std::memory_order_relaxed);
        return;
      }
    }
    std::size_t seen = first.load(std::memory_order_relaxed);
    while (first_bad < seen && !first.compare_exchange_weak(seen, first_bad)) {
    }
  });
  bad = first.load() == none_bad ? rows : first.load();
  return laid_out.load();
}

void require_finite_aggregation(const double* monthly, std::size_t series, std::size_t months,
                                const double* out, std::size_t groups,
                                const std::vector<Period>& periods) {
  for (std::size_t i = 0; i < series * months; ++i)
    if (std::isinf(monthly[i]))
      throw invalid_input("monthly", "series " + std::to_string(i / months) + ", month " +
                                         std::to_string(i % months) + ": is not a finite number (" +
                                         detail::full_precision_text(monthly[i]) + ")");
  for (std::size_t i = 0; i < series * groups; ++i)
    if (std::isinf(out[i]))
      throw invalid_input("monthly", "series " + std::to_string(i / groups) + ", " +
                                         periods[i % groups].code() +
                                         ": the aggregate exceeds the largest double (溢出 "
                                         "overflow)");
}

void require_finite_cumulation(std::size_t bad, const double* monthly, std::size_t series,
                               std::size_t months) {
  if (bad >= series * months) return;
  const std::size_t row = bad / months, month = bad % months;
  const double v = monthly[bad];
  throw invalid_input("monthly",
                      "series " + std::to_string(row) + ", month " + std::to_string(month) +
                          (std::isinf(v)
                               ? ": is not a finite number (" + detail::full_precision_text(v) + ")"
                               : ": the running sum exceeds the largest double "
                                 "(溢出 overflow)"));
}

} // namespace detail

namespace {

YearMonth month_at(const Period& first_month, int k) {
  return add_months({year_of(first_month.start()), month_of(first_month.start())}, k);
}

void check_first_month(const Period& first_month, int months) {
  if (first_month.type() != PeriodType::month)
    throw invalid_input("first_month", "must be a month period, got " + first_month.code());
  if (months == 0) throw invalid_input("monthly", "has no month columns");
  // The months must stay in the calendar (… 9999-12): 3 months from 999912 do not.
  if (const YearMonth last = month_at(first_month, months - 1); last.year > last_year)
    throw invalid_input("monthly", std::to_string(months) + " months from " + first_month.code() +
                                       " run past 9999-12-31, the calendar's last day");
}

} // namespace

MonthGroups plan_month_groups(const Period& first_month, int months,
                              const TimeAggregationOptions& options) {
  check_first_month(first_month, months);
  check_in(options.year_start_month, 1, 12, "year_start_month");
  MonthGroups g;
  g.month_days.resize(static_cast<std::size_t>(months));
  for (int k = 0; k < months; ++k) {
    const YearMonth ym = month_at(first_month, k);
    g.month_days[static_cast<std::size_t>(k)] = last_day(ym.year, ym.month);
    const Period target = [&] {
      try {
        return containing_period(options.target, ym.year, ym.month, options.year_start_month);
      } catch (const outside_calendar& e) { // the financial year of 9999-10 ends in 10000
        throw invalid_input("to", "the " + std::string(to_string(options.target)) + " containing " +
                                      std::to_string(ym.year) + "-" + (ym.month < 10 ? "0" : "") +
                                      std::to_string(ym.month) + " leaves the calendar " +
                                      std::string(calendar_span) + " (" + e.field() + ": " +
                                      e.reason() + ")");
      }
    }();
    if (g.periods.empty() || !(g.periods.back() == target)) {
      g.periods.push_back(target);
      g.first.push_back(k);
      g.count.push_back(0);
    }
    ++g.count.back();
  }
  for (std::size_t j = 0; j < g.periods.size(); ++j)
    g.complete.push_back(g.count[j] == g.periods[j].months());
  return g;
}

std::vector<std::uint8_t> year_start_flags(const Period& first_month, int months,
                                           int year_start_month) {
  check_first_month(first_month, months);
  check_in(year_start_month, 1, 12, "year_start_month");
  std::vector<std::uint8_t> starts(static_cast<std::size_t>(months));
  for (int k = 0; k < months; ++k)
    starts[static_cast<std::size_t>(k)] =
        k == 0 || month_at(first_month, k).month == year_start_month;
  return starts;
}

namespace {

// The kernels want rows back to back; a strided view (a slice of a wider matrix) is packed once.
const double* packed_rows(const Eigen::Ref<const SeriesMatrix>& m, SeriesMatrix& storage) {
  if (m.rows() > 1 && m.outerStride() != m.cols()) {
    storage = m;
    return storage.data();
  }
  return m.data();
}

} // namespace

namespace {

// A row-major buffer of `series` rows: the number of months in each.
std::size_t months_of(std::span<const double> monthly, std::size_t series) {
  if (series == 0) {
    if (!monthly.empty())
      throw invalid_input("monthly", std::to_string(monthly.size()) + " values in 0 series");
    return 0;
  }
  if (monthly.size() % series != 0)
    throw invalid_input("monthly", std::to_string(monthly.size()) +
                                       " values are not a whole number of months for " +
                                       std::to_string(series) + " series");
  return monthly.size() / series;
}

// The kernels over `series` × `months` row-major doubles, back to back.
AggregatedSeries aggregate_rows(const double* in, std::size_t series, std::size_t months,
                                const Period& first_month, const TimeAggregationOptions& options) {
  MonthGroups g = plan_month_groups(first_month, static_cast<int>(months), options);
  AggregatedSeries out;
  const auto groups = g.periods.size();
  out.values.resize(series, groups);
  out.missing_months.resize(series, groups);
  detail::aggregate_month_groups(in, series, months, g.first.data(), g.count.data(), groups,
                                 g.month_days.data(), options.how, out.values.data(),
                                 out.missing_months.data());
  detail::require_finite_aggregation(in, series, months, out.values.data(), groups, g.periods);
  out.missing_cells = static_cast<std::size_t>(std::count_if(out.missing_months.values().begin(),
                                                             out.missing_months.values().end(),
                                                             [](std::uint8_t m) { return m > 0; }));
  out.periods = std::move(g.periods);
  out.months_covered = std::move(g.count);
  out.complete = std::move(g.complete);
  return out;
}

SeriesValues cumulate_rows(const double* in, std::size_t series, std::size_t months,
                           const Period& first_month, int year_start_month) {
  const auto starts = year_start_flags(first_month, static_cast<int>(months), year_start_month);
  SeriesValues out(series, months);
  detail::require_finite_cumulation(detail::cumulate(in, series, months, starts.data(), out.data()),
                                    in, series, months);
  return out;
}

} // namespace

AggregatedSeries aggregate_months(const Eigen::Ref<const SeriesMatrix>& monthly,
                                  const Period& first_month,
                                  const TimeAggregationOptions& options) {
  SeriesMatrix storage;
  const double* in = packed_rows(monthly, storage);
  return aggregate_rows(in, static_cast<std::size_t>(monthly.rows()),
                        static_cast<std::size_t>(monthly.cols()), first_month, options);
}

AggregatedSeries aggregate_months(std::span<const double> monthly, std::size_t series,
                                  const Period& first_month,
                                  const TimeAggregationOptions& options) {
  return aggregate_rows(monthly.data(), series, months_of(monthly, series), first_month, options);
}

SeriesValues cumulate_year_to_date(const Eigen::Ref<const SeriesMatrix>& monthly,
                                   const Period& first_month, int year_start_month) {
  SeriesMatrix storage;
  const double* in = packed_rows(monthly, storage);
  return cumulate_rows(in, static_cast<std::size_t>(monthly.rows()),
                       static_cast<std::size_t>(monthly.cols()), first_month, year_start_month);
}

SeriesValues cumulate_year_to_date(std::span<const double> monthly, std::size_t series,
                                   const Period& first_month, int year_start_month) {
  return cumulate_rows(monthly.data(), series, months_of(monthly, series), first_month,
                       year_start_month);
}

} // namespace zhibiao
