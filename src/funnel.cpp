#include "zhibiao/funnel.hpp"
#include "zhibiao/detail/funnel_kernels.hpp"
#include "zhibiao/detail/options.hpp"
#include "zhibiao/detail/rows.hpp"
#include "zhibiao/detail/spans.hpp"

#include "math_policy.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/interval_kernels.hpp"
#include "zhibiao/detail/names.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/interval.hpp"

#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <limits>
#include <span>
#include <sstream>
#include <string>

namespace zhibiao {

using detail::span_of;

namespace {

using detail::fast_policy;
using detail::full_precision_text;
using detail::nan;

constexpr auto missing_code = static_cast<std::uint8_t>(FunnelSignificance::missing);

// PHE's tail probabilities: qnorm(0.975) and qnorm(0.999), i.e. two-sided 95 % and 99.8 %.
constexpr double level_95 = 0.95;
constexpr double level_998 = 0.998;

template <std::size_t N>
std::string choices(const std::array<std::string_view, N>& names) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (i) out += i + 1 == N ? " or " : ", ";
    out += names[i];
  }
  return out;
}

template <typename Enum, std::size_t N>
Enum parse_named(std::string_view text, const std::array<std::string_view, N>& names,
                 const char* field) {
  if (const auto found = detail::find_name<Enum>(names, text)) return *found;
  throw invalid_input(field,
                      "unknown value '" + std::string(text) + "'; expected " + choices(names));
}

constexpr std::array<std::string_view, 3> statistic_names{"proportion", "ratio", "rate"};
constexpr std::array<std::string_view, 2> ratio_type_names{"count", "isr"};
constexpr std::array<std::string_view, 2> rate_type_names{"crude", "dsr"};
constexpr std::array<std::string_view, 3> polarity_names{"neither", "higher_is_better",
                                                         "lower_is_better"};
constexpr std::array<std::string_view, 2> poisson_names{"phe", "exact"};

// The number of characters R's as.character gives a non-negative whole number below 10^15:
// R writes it in fixed notation unless scientific notation is shorter (as.character(1e5) is
// "1e+05", 5 characters; 110000 stays "110000"). PHE's axis rounding counts these characters.
int r_nchar(double whole) {
  if (!(whole >= 1)) return 1; // "0"
  const std::string digits = std::to_string(static_cast<long long>(std::floor(whole)));
  const int fixed = static_cast<int>(digits.size());
  int significant = fixed;
  while (significant > 1 && digits[static_cast<std::size_t>(significant) - 1] == '0') --significant;
  const int exponent_digits = fixed - 1 >= 100 ? 3 : 2;
  const int scientific = (significant == 1 ? 1 : significant + 1) + 2 + exponent_digits;
  return fixed <= scientific ? fixed : scientific;
}

// PHE's signif.floor(x, 0.95): x × 0.95 rounded down to its leading digit.
double signif_floor(double x) {
  if (x == 0) return 0;
  const int n = r_nchar(std::floor(x * 0.95)) - 1;
  const double scale = std::pow(10.0, n);
  return std::floor(x * 0.95 / scale) * scale;
}

// PHE's signif.ceiling(x, 1.05): x × 1.05 rounded up to two leading digits.
double signif_ceiling(double x) {
  if (x == 0) return 0;
  const int n = r_nchar(std::ceil(x * 1.05)) - 2;
  const double scale = std::pow(10.0, n);
  return std::ceil(x * 1.05 / scale) * scale;
}

// P(a ≤ X ≤ b) for X ~ Poisson(z), summed the way PHE's funnel code does (utils.R poisson_cis,
// after the APHO Excel macro): the terms z^k/k! from k = 0, each from the last by × z / k, are
// added until k > z and a term falls below 10⁻¹⁰ of the total, rescaling by 10³⁰ to avoid
// overflow; the share of the terms with a ≤ k ≤ b is returned. Its rounding differs from the
// incomplete gamma function by up to ~10⁻⁷ relative, which is enough to turn one step of the
// bisection below (e.g. the 99.8 % limit of 328 events: 274.8700809 published, 274.8699488 with
// exact tails). PoissonSearch::phe uses this sum so that PHE's figures come out bit for bit.
double phe_poisson_share(double z, double a, double b) {
  double term = 1, total = 0, share = 0, k = 0;
  while (k <= z || term > total * 1e-10) {
    total += term;
    if (k >= a && k <= b) share += term;
    if (total > 1e30) {
      share /= 1e30;
      total /= 1e30;
      term /= 1e30;
    }
    k += 1;
    term = term * z / k;
  }
  return share / total;
}

double ratio_scale(RatioType type, double ratio) noexcept {
  return type == RatioType::count ? ratio - 1 : 100 * ratio;
}

void check_rows(std::size_t bad, std::vector<row_error>& errors, OnBadRows policy) {
  if (bad > 0 && policy == OnBadRows::raise) throw invalid_rows(std::move(errors));
}

struct Prepared {
  std::vector<row_error> errors;
  double average = nan;
};

// Lengths and options, then every row's status (into `status`), bad rows raised unless marked,
// then the average the funnel is centred on.
Prepared prepare(std::span<const double> x, std::span<const double> n, const FunnelOptions& options,
                 detail::FunnelFields fields, std::uint8_t* status) {
  detail::require_rows(n.size(), fields.n, x.size(), fields.x);
  detail::check_funnel_options(options);
  const std::size_t len = x.size();
  Prepared p;
  const std::size_t bad = detail::classify_funnel_rows(options.statistic, options.rate_type,
                                                       x.data(), n.data(), len, status);
  if (bad > 0) {
    p.errors = detail::describe_interval_rows(x.data(), n.data(), status, len, fields.x, fields.n);
    check_rows(bad, p.errors, options.on_bad_rows);
  }
  p.average = detail::funnel_average(x.data(), n.data(), status, len);
  if (!std::isfinite(p.average))
    throw invalid_input(std::string(fields.n),
                        "no valid row with a denominator: the funnel has no average");
  return p;
}

} // namespace

std::string_view to_string(FunnelSignificance s) noexcept {
  switch (s) {
  case FunnelSignificance::not_significant: return "Not significant";
  case FunnelSignificance::high_95: return "High (0.025)";
  case FunnelSignificance::high_998: return "High (0.001)";
  case FunnelSignificance::low_95: return "Low (0.025)";
  case FunnelSignificance::low_998: return "Low (0.001)";
  case FunnelSignificance::not_applicable: return "Not applicable for events less than 10 for dsrs";
  case FunnelSignificance::missing: break;
  }
  return "";
}

std::string_view to_string(FunnelComparison c) noexcept {
  switch (c) {
  case FunnelComparison::similar: return "similar";
  case FunnelComparison::better: return "better";
  case FunnelComparison::worse: return "worse";
  case FunnelComparison::higher: return "higher";
  case FunnelComparison::lower: return "lower";
  case FunnelComparison::not_applicable: return "not applicable";
  case FunnelComparison::missing: break;
  }
  return "";
}

std::string_view to_string(FunnelStatistic s) noexcept {
  return detail::name_of(statistic_names, s);
}

FunnelStatistic parse_funnel_statistic(std::string_view text) {
  return parse_named<FunnelStatistic>(text, statistic_names, "statistic");
}
RatioType parse_ratio_type(std::string_view text) {
  return parse_named<RatioType>(text, ratio_type_names, "ratio_type");
}
RateType parse_rate_type(std::string_view text) {
  return parse_named<RateType>(text, rate_type_names, "rate_type");
}
Polarity parse_polarity(std::string_view text) {
  if (text == "high") return Polarity::higher_is_better;
  if (text == "low") return Polarity::lower_is_better;
  if (text == "none") return Polarity::neither;
  return parse_named<Polarity>(text, polarity_names, "polarity");
}
PoissonSearch parse_poisson_search(std::string_view text) {
  return parse_named<PoissonSearch>(text, poisson_names, "poisson");
}

FunnelComparison compare(FunnelSignificance s, Polarity polarity) noexcept {
  const bool high = s == FunnelSignificance::high_95 || s == FunnelSignificance::high_998;
  const bool low = s == FunnelSignificance::low_95 || s == FunnelSignificance::low_998;
  if (high || low) {
    switch (polarity) {
    case Polarity::higher_is_better:
      return high ? FunnelComparison::better : FunnelComparison::worse;
    case Polarity::lower_is_better:
      return high ? FunnelComparison::worse : FunnelComparison::better;
    case Polarity::neither: return high ? FunnelComparison::higher : FunnelComparison::lower;
    }
  }
  if (s == FunnelSignificance::not_significant) return FunnelComparison::similar;
  if (s == FunnelSignificance::not_applicable) return FunnelComparison::not_applicable;
  return FunnelComparison::missing;
}

// --- kernels -------------------------------------------------------------------------------

namespace detail {

void check_funnel_options(const FunnelOptions& options) {
  multiplier_option(options.multiplier);
  option_at_least(options.years_of_data, "years_of_data", 0, true);
}

std::size_t classify_funnel_rows(FunnelStatistic statistic, RateType rate_type, const double* x,
                                 const double* n, std::size_t len, std::uint8_t* status) noexcept {
  const bool bounded = statistic == FunnelStatistic::proportion;
  std::size_t bad = classify_interval_rows(x, n, len, bounded, status);
  if (bad == 0 || statistic != FunnelStatistic::rate || rate_type != RateType::dsr) return bad;
  // A DSR from no events has no derivable denominator (PHE: NA); it is valid but not assessed.
  for (std::size_t i = 0; i < len; ++i)
    if (status[i] != 0 && x[i] == 0 && std::isnan(n[i])) {
      status[i] = 0;
      --bad;
    }
  return bad;
}

double funnel_average(const double* x, const double* n, const std::uint8_t* status,
                      std::size_t len) noexcept {
  double sx = 0, sn = 0;
  for (std::size_t i = 0; i < len; ++i) {
    const bool use = status[i] == 0 && std::isfinite(n[i]);
    sx += use ? x[i] : 0.0;
    sn += use ? n[i] : 0.0;
  }
  return sn > 0 ? sx / sn : nan;
}

std::vector<double> funnel_points(FunnelStatistic statistic, double average, const double* n,
                                  const std::uint8_t* status, std::size_t len,
                                  double years_of_data) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t i = 0; i < len; ++i)
    if (status[i] == 0 && std::isfinite(n[i])) {
      lo = std::min(lo, n[i]);
      hi = std::max(hi, n[i]);
    }
  const bool rate = statistic == FunnelStatistic::rate;
  const double years = rate ? years_of_data : 1.0;
  double axis_min = hi > 2 * lo ? 0.0 : signif_floor(lo / years) * years;
  double axis_max = signif_ceiling(hi / years) * years;
  if (rate) {
    // Rates are plotted over events: the axis of populations times the average rate.
    axis_min = std::floor(axis_min * average);
    axis_max = std::ceil(axis_max * average);
  }
  // PHE grows the points geometrically towards the maximum: point j (2 … 100) is
  // max(round((max / previous)^(1/(101 − k)) × previous), previous + 1), k = j for proportions
  // and rates, j − 1 for ratios. R's round() is half-to-even, as std::nearbyint.
  std::vector<double> points(100);
  points[0] = std::max(1.0, axis_min);
  const int shift = statistic == FunnelStatistic::ratio ? 1 : 0;
  for (int j = 2; j <= 100; ++j) {
    const double previous = points[static_cast<std::size_t>(j) - 2];
    const double step = std::pow(axis_max / previous, 1.0 / (101 - (j - shift)));
    points[static_cast<std::size_t>(j) - 1] =
        std::max(std::nearbyint(step * previous), previous + 1);
  }
  return points;
}

void proportion_funnel_limits(double average, const double* n, std::size_t len, double z,
                              double multiplier, bool clip, double* lower, double* upper) noexcept {
  const double spread = average * (1 - average);
  const double floor = clip ? 0.0 : -std::numeric_limits<double>::infinity();
  const double ceiling = clip ? multiplier : std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < len; ++i) {
    const double half = z * std::sqrt(spread / n[i]);
    lower[i] = std::max(floor, (average - half) * multiplier);
    upper[i] = std::min(ceiling, (average + half) * multiplier);
  }
}

double poisson_funnel_mean(double observed, double tail, bool upper_tail, PoissonSearch search) {
  if (search == PoissonSearch::exact) {
    if (upper_tail)
      return observed == 0 ? 0.0 : boost::math::gamma_p_inv(observed, tail, fast_policy());
    return boost::math::gamma_q_inv(observed + 1, tail, fast_policy());
  }
  // PHE's bisection (PHEindicatormethods utils.R, poisson_funnel, from the APHO Excel macro):
  // v starts at ½ with step ½; the step halves before each move and the search stops once it
  // is ≤ 10⁻⁷. With PHE's tail sums the comparisons are PHE's, and so is v.
  double v = 0.5, dv = 0.5;
  const double scale = 1 + observed;
  while (dv > 1e-7) {
    dv /= 2;
    const double mu = scale * v / (1 - v);
    const bool down = upper_tail ? phe_poisson_share(mu, observed, 1e10) > tail
                                 : phe_poisson_share(mu, 0, observed) < tail;
    v += down ? -dv : dv;
  }
  return scale * v / (1 - v);
}

void funnel_values(FunnelStatistic statistic, RatioType ratio_type, const double* x,
                   const double* n, const std::uint8_t* status, std::size_t len, double multiplier,
                   double* value) noexcept {
  const bool ratio = statistic == FunnelStatistic::ratio;
  for (std::size_t i = 0; i < len; ++i) {
    const double r = x[i] / n[i];
    value[i] = status[i] != 0 ? nan : ratio ? ratio_scale(ratio_type, r) : r * multiplier;
  }
}

void funnel_significance_codes(FunnelStatistic statistic, RateType rate_type, const double* x,
                               const double* n, const std::uint8_t* status, std::size_t len,
                               double average, std::uint8_t* significance) {
  using S = FunnelSignificance;
  constexpr auto code = [](S s) { return static_cast<std::uint8_t>(s); };
  if (statistic == FunnelStatistic::proportion) {
    const double z95 = z_value(level_95), z998 = z_value(level_998);
    const double spread = average * (1 - average);
    for (std::size_t i = 0; i < len; ++i) {
      const double p = x[i] / n[i];
      const double sd = std::sqrt(spread / n[i]);
      // Strict comparisons, as PHE: a point on a limit is within it.
      const std::uint8_t c = p < average - z998 * sd   ? code(S::low_998)
                             : p < average - z95 * sd  ? code(S::low_95)
                             : p > average + z998 * sd ? code(S::high_998)
                             : p > average + z95 * sd  ? code(S::high_95)
                                                       : code(S::not_significant);
      significance[i] = status[i] == 0 ? c : missing_code;
    }
    return;
  }
  // Ratios and rates: the interval of each count under PHE's rule (exact below 10 events,
  // Byar's from 10; exact limits cached per distinct count), divided by the row's denominator.
  std::vector<double> lo95(len), hi95(len), lo998(len), hi998(len);
  std::vector<std::uint8_t> used(len);
  count_limits(CountMethod::phe, x, nullptr, status, len, level_95, 1, lo95.data(), hi95.data(),
               used.data());
  count_limits(CountMethod::phe, x, nullptr, status, len, level_998, 1, lo998.data(), hi998.data(),
               used.data());
  const double target = statistic == FunnelStatistic::ratio ? 1.0 : average;
  const bool dsr = statistic == FunnelStatistic::rate && rate_type == RateType::dsr;
  for (std::size_t i = 0; i < len; ++i) {
    if (status[i] != 0) {
      significance[i] = missing_code;
      continue;
    }
    if (dsr && x[i] < 10) {
      significance[i] = code(S::not_applicable);
      continue;
    }
    const double e = n[i];
    significance[i] = target < lo998[i] / e   ? code(S::high_998)
                      : target < lo95[i] / e  ? code(S::high_95)
                      : target > hi998[i] / e ? code(S::low_998)
                      : target > hi95[i] / e  ? code(S::low_95)
                                              : code(S::not_significant);
  }
}

void funnel_comparisons(const std::uint8_t* significance, std::size_t len, Polarity polarity,
                        std::uint8_t* comparison) noexcept {
  // A lookup table per polarity: significance code → comparison code.
  std::array<std::uint8_t, 256> table;
  table.fill(static_cast<std::uint8_t>(FunnelComparison::missing));
  for (int s = 0; s <= 5; ++s)
    table[static_cast<std::size_t>(s)] =
        static_cast<std::uint8_t>(compare(static_cast<FunnelSignificance>(s), polarity));
  for (std::size_t i = 0; i < len; ++i) comparison[i] = table[significance[i]];
}

} // namespace detail

// --- entry points ----------------------------------------------------------------------------

namespace detail {

void funnel_rate_denominator_column(std::span<const double> x, std::span<const double> rate,
                                    std::span<const double> population, double multiplier,
                                    RateType type, std::span<double> out) {
  detail::require_rows(rate.size(), "rate", x.size(), "x");
  const bool have_population = !population.empty();
  if (have_population) detail::require_rows(population.size(), "n", x.size(), "x");
  check_funnel_options({.multiplier = multiplier});
  std::vector<row_error> errors;
  for (std::size_t row = 0; row < x.size(); ++row) {
    const double xi = x[row], ri = rate[row];
    out[row] = nan;
    if (!(std::isfinite(xi) && xi >= 0)) {
      errors.push_back({row, "x", "must be a finite count ≥ 0 (" + full_precision_text(xi) + ")"});
    } else if (xi == 0) {
      // No events: a DSR gives no denominator (the row is not assessed); a crude rate needs the
      // population.
      if (type == RateType::crude) {
        const double p = have_population ? population[row] : nan;
        if (std::isfinite(p) && p > 0) out[row] = p;
        else
          errors.push_back({row, "n",
                            "a crude rate with no events needs its population (" +
                                full_precision_text(p) + ")"});
      }
    } else if (!(std::isfinite(ri) && ri > 0)) {
      errors.push_back({row, "rate",
                        "must be a finite rate greater than zero when there are "
                        "events (" +
                            full_precision_text(ri) + ")"});
    } else {
      out[row] = multiplier * xi / ri;
    }
  }
  if (!errors.empty()) throw invalid_rows(std::move(errors));
}

} // namespace detail

Column<double> funnel_rate_denominators(std::span<const double> x, std::span<const double> rate,
                                        std::span<const double> population, double multiplier,
                                        RateType type) {
  Column<double> out(x.size());
  detail::funnel_rate_denominator_column(x, rate, population, multiplier, type, out.span());
  return out;
}

Column<double> funnel_rate_denominators(const Eigen::Ref<const Eigen::ArrayXd>& x,
                                        const Eigen::Ref<const Eigen::ArrayXd>& rate,
                                        const Eigen::Ref<const Eigen::ArrayXd>& population,
                                        double multiplier, RateType type) {
  return funnel_rate_denominators(span_of(x), span_of(rate), span_of(population), multiplier, type);
}

FunnelCurve funnel_limits_at(double average, const Eigen::Ref<const Eigen::ArrayXd>& points,
                             const FunnelOptions& options) {
  return funnel_limits_at(average, span_of(points), options);
}

FunnelCurve funnel_limits_at(double average, std::span<const double> points,
                             const FunnelOptions& options) {
  detail::check_funnel_options(options);
  const FunnelStatistic stat = options.statistic;
  if (!std::isfinite(average) || average < 0 ||
      (stat == FunnelStatistic::proportion && average > 1) ||
      (stat == FunnelStatistic::rate && average == 0))
    throw invalid_input(
        "average",
        stat == FunnelStatistic::proportion
            ? "must be a proportion in [0, 1] (" + full_precision_text(average) + ")"
            : "must be a finite number greater than zero (" + full_precision_text(average) + ")");
  const std::size_t len = points.size();
  for (std::size_t i = 0; i < len; ++i)
    if (!(std::isfinite(points[i]) && points[i] > 0))
      throw invalid_input("points", "point " + std::to_string(i) +
                                        " must be a finite number greater than zero (" +
                                        full_precision_text(points[i]) + ")");
  FunnelCurve c;
  c.statistic = stat;
  c.average = average;
  c.points = Column<double>(points);
  c.lower_95.resize(len);
  c.upper_95.resize(len);
  c.lower_998.resize(len);
  c.upper_998.resize(len);
  if (stat == FunnelStatistic::proportion) {
    c.baseline = average * options.multiplier;
    detail::proportion_funnel_limits(average, points.data(), len, z_value(level_95),
                                     options.multiplier, true, c.lower_95.data(),
                                     c.upper_95.data());
    detail::proportion_funnel_limits(average, points.data(), len, z_value(level_998),
                                     options.multiplier, true, c.lower_998.data(),
                                     c.upper_998.data());
    return c;
  }
  // The Poisson limits search a mean for each count: Boost.Math's inverses iterate for minutes
  // beyond 10^10 events and PHE's tail sum takes a term per event, so larger counts are refused
  // before any search, in constant time (issue 14, class 4; interval.hpp exact_count_limit).
  for (std::size_t i = 0; i < len; ++i)
    if (points[i] > exact_count_limit)
      throw invalid_input("points", "point " + std::to_string(i) + " is " +
                                        full_precision_text(points[i]) +
                                        " events: too large for the Poisson funnel limits, "
                                        "which take up to 10^10 events");
  for (auto* d : {&c.lower_95_denominator, &c.upper_95_denominator, &c.lower_998_denominator,
                  &c.upper_998_denominator})
    d->resize(len);
  const bool ratio = stat == FunnelStatistic::ratio;
  c.baseline = ratio ? ratio_scale(options.ratio_type, 1) : average * options.multiplier;
  struct Side {
    double tail;
    bool upper_tail; // E at the exact lower limit of O: gives the upper control limit
    Column<double>* limit;
    Column<double>* denominator;
  };
  const Side sides[] = {{0.025, false, &c.lower_95, &c.lower_95_denominator},
                        {0.025, true, &c.upper_95, &c.upper_95_denominator},
                        {0.001, false, &c.lower_998, &c.lower_998_denominator},
                        {0.001, true, &c.upper_998, &c.upper_998_denominator}};
  for (const Side& s : sides)
    for (std::size_t i = 0; i < len; ++i) {
      const double o = points[i];
      const double e = detail::poisson_funnel_mean(o, s.tail, s.upper_tail, options.poisson);
      if (ratio) {
        (*s.denominator)[i] = e;
        (*s.limit)[i] = ratio_scale(options.ratio_type, o / e);
      } else {
        // The population at which the baseline rate expects e events; the limit is the rate
        // o events make in it.
        const double population = e / average;
        (*s.denominator)[i] = population / options.years_of_data;
        (*s.limit)[i] = o / population * options.multiplier;
      }
    }
  return c;
}

namespace detail {

FunnelCurve funnel_limits_column(std::span<const double> x, std::span<const double> n,
                                 const FunnelOptions& options, FunnelFields fields) {
  std::vector<std::uint8_t> status(x.size());
  const Prepared p = prepare(x, n, options, fields, status.data());
  const std::vector<double> points = funnel_points(
      options.statistic, p.average, n.data(), status.data(), status.size(), options.years_of_data);
  // Ratios are centred on 1 whatever the data's average; it is reported all the same.
  FunnelCurve c = funnel_limits_at(options.statistic == FunnelStatistic::ratio ? 1.0 : p.average,
                                   std::span<const double>(points), options);
  c.average = p.average;
  return c;
}

FunnelColumn funnel_significance_column(std::span<const double> x, std::span<const double> n,
                                        const FunnelOptions& options, const FunnelBuffers& out,
                                        FunnelFields fields) {
  Prepared p = prepare(x, n, options, fields, out.status.data());
  const std::size_t len = x.size();
  funnel_values(options.statistic, options.ratio_type, x.data(), n.data(), out.status.data(), len,
                options.multiplier, out.value.data());
  // The overflow guard (issue 14, class 3): a finite x over a tiny n whose value exceeds the
  // largest double is status overflow, listed with the bad rows, never inf beside ok.
  std::vector<row_error> overflowed;
  for (std::size_t i = 0; i < len; ++i)
    if (out.status[i] == 0 && std::isinf(out.value[i])) { // (NaN: a DSR of no events, PHE's NA)
      out.status[i] = static_cast<std::uint8_t>(IntervalStatus::overflow);
      out.value[i] = nan;
      overflowed.push_back({i, std::string(fields.n),
                            "makes the value overflow (溢出): " + full_precision_text(x[i]) +
                                " / " + full_precision_text(n[i]) +
                                " times the multiplier exceeds the largest double"});
    }
  if (!overflowed.empty()) {
    std::vector<row_error> merged;
    std::merge(p.errors.begin(), p.errors.end(), overflowed.begin(), overflowed.end(),
               std::back_inserter(merged),
               [](const row_error& a, const row_error& b) { return a.row < b.row; });
    p.errors = std::move(merged);
    check_rows(overflowed.size(), p.errors, options.on_bad_rows);
  }
  funnel_significance_codes(options.statistic, options.rate_type, x.data(), n.data(),
                            out.status.data(), len, p.average, out.significance.data());
  funnel_comparisons(out.significance.data(), len, options.polarity, out.comparison.data());
  return {p.average, std::move(p.errors)};
}

} // namespace detail

FunnelCurve funnel_limits(const Eigen::Ref<const Eigen::ArrayXd>& x,
                          const Eigen::Ref<const Eigen::ArrayXd>& n, const FunnelOptions& options) {
  return detail::funnel_limits_column(span_of(x), span_of(n), options);
}

FunnelCurve funnel_limits(std::span<const double> x, std::span<const double> n,
                          const FunnelOptions& options) {
  return detail::funnel_limits_column(x, n, options);
}

FunnelAssessment funnel_significance(const Eigen::Ref<const Eigen::ArrayXd>& x,
                                     const Eigen::Ref<const Eigen::ArrayXd>& n,
                                     const FunnelOptions& options) {
  return funnel_significance(span_of(x), span_of(n), options);
}

FunnelAssessment funnel_significance(std::span<const double> x, std::span<const double> n,
                                     const FunnelOptions& options) {
  FunnelAssessment a;
  const std::size_t len = x.size();
  a.value.resize(len);
  a.significance.resize(len);
  a.comparison.resize(len);
  a.status.resize(len);
  detail::FunnelColumn c = detail::funnel_significance_column(
      x, n, options,
      {a.value.span(), detail::code_span(a.significance), detail::code_span(a.comparison),
       detail::code_span(a.status)});
  a.average = c.average;
  a.errors = std::move(c.errors);
  return a;
}

} // namespace zhibiao
