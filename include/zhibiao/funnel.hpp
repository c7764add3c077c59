#pragma once
/// \file funnel.hpp
/// Funnel plots: control limits at 95 % and 99.8 % around the average of all areas, for
/// proportions, ratios (observed / expected) and rates, and the significance of each area, as
/// PHEindicatormethods computes them (calculate_funnel_limits, assign_funnel_significance; PHE
/// Fingertips technical guidance, "Funnel plots").
///
///     using namespace zhibiao;
///     FunnelOptions o{.statistic = FunnelStatistic::proportion, .multiplier = 100,
///                     .polarity = Polarity::higher_is_better};
///     FunnelCurve curve = funnel_limits(x, n, o);     // 100 points, as PHE plots them
///     curve.upper_998;                                 // the 99.8 % upper limit at each point
///     FunnelAssessment a = funnel_significance(x, n, o);
///     a.significance[3];                               // FunnelSignificance::high_998 ...
///     a.comparison[3];                                 // FunnelComparison::better
///
/// Inputs are Eigen arrays or any contiguous doubles (std::vector, zhibiao::Column, std::span);
/// results are zhibiao::Column (column.hpp), storage the library owns, with `.array()` views.
///
/// Methods (z₉₅ = Φ⁻¹(0.975), z₉₉.₈ = Φ⁻¹(0.999); P = Σx / Σn, the baseline):
/// - Proportions: the limits at denominator N are the proportions whose Wilson score interval
///   (PHE's method for a proportion) just reaches P. The score interval inverts the score test
///   |p − P| ≤ z √(P(1 − P)/N), so the limits are P ± z √(P(1 − P)/N) (Spiegelhalter 2005, Stat
///   Med 24:1185–1202, §3.1). PHE's sigma_adjustment solves the same quadratic in a longer form;
///   the two agree to rounding. Curve limits are clipped to [0, multiplier]. An area is
///   significant when x/n lies strictly outside its limits.
/// - Ratios (observed O / expected E): the curve is drawn over observed counts O; the lower limit
///   is O / E_hi and the upper O / E_lo, where Poisson(E_hi) gives P(X ≤ O) = α/2 and
///   Poisson(E_lo) gives P(X ≥ O) = α/2, i.e. E_lo and E_hi are the exact Poisson limits of O
///   (Garwood 1936). PHE finds them by bisection on v ∈ (0, 1) with E = (1 + O) v/(1 − v),
///   halving the step from ½ until it is ≤ 10⁻⁷, which leaves them off the exact roots by up to
///   ~10⁻⁶ relative. `PoissonSearch::phe` repeats that bisection step by step, so the published
///   figures are reproduced; `PoissonSearch::exact` gives the exact quantiles (Boost.Math).
///   RatioType::count reports O/E − 1, RatioType::isr 100 O/E.
///   An area is significant when 1 lies outside the interval of its O (PHE's rule: exact below
///   10 events, Byar's from 10; see interval.hpp) divided by its E.
/// - Rates: the curve is drawn over event counts; the limits are the baseline rate times O/E
///   as for ratios, with E = the population, in the curve, at which the baseline rate gives the
///   expected events; `*_denominator` holds that population per year of data. Rates per area
///   are significant when the baseline lies outside the PHE-rule interval of x divided by n.
///   For directly standardised rates (RateType::dsr) the denominator is derived as
///   multiplier × events / rate (funnel_rate_denominators), and areas with fewer than 10 events
///   are not assessed ("not applicable", PHE's rule for DSRs).
///
/// The 100 plotting points follow PHE: from max(1, axis minimum) to the axis maximum in steps
/// growing geometrically (each point rounded, at least one more than the last); the axis runs
/// from 0 when the largest denominator exceeds twice the smallest, else from the smallest
/// rounded down to its leading digit after a 5 % margin, to the largest rounded up to two
/// leading digits after a 5 % margin (PHE's signif.floor / signif.ceiling, including the
/// digit count R's as.character gives, e.g. 1e+05 counts 5 characters).
///
/// Thread safety: the functions keep no state between calls and may be called from any number of
/// threads at once; FunnelCurve and the other results may be read by several threads at once (a
/// value being assigned must not be used by another thread). Large columns are split across the
/// library's thread pool (threads.hpp).

#include "zhibiao/column.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/interval.hpp"
#include "zhibiao/rate.hpp"

#include "zhibiao/column_eigen.hpp"

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

enum class FunnelStatistic : std::uint8_t { proportion = 0, ratio = 1, rate = 2 };
/// How ratio limits are expressed: count → O/E − 1 (0 at the baseline), isr → 100 O/E.
enum class RatioType : std::uint8_t { count = 0, isr = 1 };
/// crude: n is the population; dsr: n is derived from the DSR (see funnel_rate_denominators).
enum class RateType : std::uint8_t { crude = 0, dsr = 1 };
/// Which direction of difference is good, for FunnelComparison.
enum class Polarity : std::uint8_t { neither = 0, higher_is_better = 1, lower_is_better = 2 };
/// How the Poisson funnel limits are found: PHE's bisection (reproduces its figures) or exact.
enum class PoissonSearch : std::uint8_t { phe = 0, exact = 1 };

/// Significance of one area against the funnel. Codes are stable.
enum class FunnelSignificance : std::uint8_t {
  not_significant = 0, ///< within the 95 % limits ("Not significant")
  high_95 = 1,         ///< above the 95 %, within the 99.8 % upper limit ("High (0.025)")
  high_998 = 2,        ///< above the 99.8 % upper limit ("High (0.001)")
  low_95 = 3,          ///< "Low (0.025)"
  low_998 = 4,         ///< "Low (0.001)"
  not_applicable = 5,  ///< a DSR from fewer than 10 events is not assessed
  missing = 255,       ///< a bad row (see status)
};

/// The significance read through the polarity. Codes are stable.
enum class FunnelComparison : std::uint8_t {
  similar = 0,
  better = 1,
  worse = 2,
  higher = 3, ///< significant, no polarity
  lower = 4,
  not_applicable = 5,
  missing = 255,
};

/// PHE's labels: "Not significant", "High (0.025)", "High (0.001)", "Low (0.025)",
/// "Low (0.001)", "Not applicable for events less than 10 for dsrs", "" for missing.
std::string_view to_string(FunnelSignificance s) noexcept;
/// "similar", "better", "worse", "higher", "lower", "not applicable", "" for missing.
std::string_view to_string(FunnelComparison c) noexcept;
/// "proportion", "ratio", "rate".
std::string_view to_string(FunnelStatistic s) noexcept;
/// Inverses of to_string for the option enums; throw zhibiao::invalid_input naming the field
/// ("statistic", "ratio_type", "rate_type", "polarity", "poisson").
FunnelStatistic parse_funnel_statistic(std::string_view text);
RatioType parse_ratio_type(std::string_view text);
RateType parse_rate_type(std::string_view text);
/// "higher_is_better" (also "high"), "lower_is_better" (also "low"), "neither" (also "none").
Polarity parse_polarity(std::string_view text);
PoissonSearch parse_poisson_search(std::string_view text);

/// The comparison a significance means under a polarity.
FunnelComparison compare(FunnelSignificance s, Polarity polarity) noexcept;

struct FunnelOptions {
  FunnelStatistic statistic = FunnelStatistic::proportion;
  /// Proportions and rates are reported × multiplier (100 = per cent, 100000 = per 100,000);
  /// ratios ignore it (RatioType decides their scale).
  double multiplier = 100;
  RatioType ratio_type = RatioType::isr;
  RateType rate_type = RateType::crude;
  /// Rates only: the years the counts cover; the curve's `*_denominator` is per year.
  double years_of_data = 1;
  Polarity polarity = Polarity::neither;
  PoissonSearch poisson = PoissonSearch::phe;
  OnBadRows on_bad_rows = OnBadRows::raise;
};

/// The control limits along the funnel.
struct FunnelCurve {
  FunnelStatistic statistic{};
  double average = 0;    ///< Σx / Σn over the valid rows (per unit, not × multiplier)
  double baseline = 0;   ///< the line the funnel is centred on: average × multiplier for
                         ///< proportions and rates; 0 (count) or 100 (isr) for ratios
  Column<double> points; ///< x axis: population (proportion), observed events (ratio, rate)
  Column<double> lower_95, upper_95, lower_998, upper_998;
  /// Ratios: the expected events at which each limit lies; rates: the population per year of
  /// data. Empty for proportions.
  Column<double> lower_95_denominator, upper_95_denominator, lower_998_denominator,
      upper_998_denominator;
};

/// Each area against the funnel of all areas.
struct FunnelAssessment {
  double average = 0;   ///< Σx / Σn over the valid rows, per unit
  Column<double> value; ///< x/n × multiplier; ratios O/E − 1 (count) or 100 O/E (isr); NaN if bad
  Column<FunnelSignificance> significance;
  Column<FunnelComparison> comparison;
  Column<IntervalStatus> status;
  std::vector<row_error> errors;
};

/// PHE's denominators for rate funnels from events, rates (× multiplier) and, optionally,
/// populations (`population` may be empty): multiplier × x / rate, except for rows with no
/// events, where a DSR gives NaN (no denominator can be derived; the row is not assessed) and a
/// crude rate takes the population. Throws zhibiao::invalid_input for mismatched lengths or a
/// bad multiplier, and zhibiao::invalid_rows (fields "x", "rate", "n") for rows whose
/// denominator cannot be derived (negative or missing values, a zero rate with events, a crude
/// row without events and without a population).
Column<double> funnel_rate_denominators(const Eigen::Ref<const Eigen::ArrayXd>& x,
                                        const Eigen::Ref<const Eigen::ArrayXd>& rate,
                                        const Eigen::Ref<const Eigen::ArrayXd>& population,
                                        double multiplier, RateType type);
Column<double> funnel_rate_denominators(std::span<const double> x, std::span<const double> rate,
                                        std::span<const double> population, double multiplier,
                                        RateType type);

/// The 100-point curve PHE plots for data (x, n): the average, the axis from the denominators
/// and the limits at every point. n is the denominator (proportions), expected count (ratios) or
/// the (derived) population (rates). Throws zhibiao::invalid_input for mismatched lengths or bad
/// options, zhibiao::invalid_rows for bad rows unless options.on_bad_rows is mark (bad rows are
/// then left out of the average and the axis), and invalid_input naming "n" when no row is left.
FunnelCurve funnel_limits(const Eigen::Ref<const Eigen::ArrayXd>& x,
                          const Eigen::Ref<const Eigen::ArrayXd>& n, const FunnelOptions& options);
FunnelCurve funnel_limits(std::span<const double> x, std::span<const double> n,
                          const FunnelOptions& options);

/// The limits at chosen points (populations for proportions, observed events for ratios and
/// rates) around a given average (per unit). Throws zhibiao::invalid_input naming "average"
/// (outside [0, 1] for proportions, negative or non-finite) or "points" (a point ≤ 0 or
/// non-finite).
FunnelCurve funnel_limits_at(double average, const Eigen::Ref<const Eigen::ArrayXd>& points,
                             const FunnelOptions& options);
FunnelCurve funnel_limits_at(double average, std::span<const double> points,
                             const FunnelOptions& options);

/// The significance of every row against the funnel of all valid rows. Throws as
/// funnel_limits; with OnBadRows::mark bad rows get status ≠ 0, NaN and `missing` codes.
FunnelAssessment funnel_significance(const Eigen::Ref<const Eigen::ArrayXd>& x,
                                     const Eigen::Ref<const Eigen::ArrayXd>& n,
                                     const FunnelOptions& options);
FunnelAssessment funnel_significance(std::span<const double> x, std::span<const double> n,
                                     const FunnelOptions& options);

} // namespace zhibiao
