#pragma once
/// \file inequality.hpp
/// Quantile assignment of areas (PHE's deciles rule) and the slope and relative index of
/// inequality (SII / RII) with simulated confidence intervals.
///
///     // Deciles of 300 small areas by a deprivation score (a std::vector<double>, a Column or
///     // any contiguous doubles; an Eigen array takes CodeArray() for "no groups" instead of
///     // {}), highest score in decile 1:
///     auto q = zhibiao::assign_quantiles(score, {}, {.quantiles = 10, .invert = true});
///     q.quantile[0];                                   // 1 … 10
///
///     // SII of life expectancy across deprivation deciles, one area (empty group codes):
///     auto s = zhibiao::slope_index(decile, population, value, se, {}, {.seed = 42});
///     s.sii[0], s.sii_lower(0, 0), s.sii_upper(0, 0);  // e.g. 9.1 years [7.8, 10.4]
///     zhibiao::InequalityStatus st = s.status[0];      // typed; s.status.codes() as uint8
///
/// Quantiles follow PHEindicatormethods' phe_quantile / calculate_quantiles and the OHID
/// Technical Guide "Assigning deprivation categories": within each group, values are ranked
/// with ties taking the lowest rank (R's ties.method = "min"), inverted values are max − value,
/// and with N areas and Q quantiles
///     quantile = floor((Q + 1) − ceil(((N + 1) − rank) / (N / Q))),  0 becoming 1;
/// groups with fewer areas than quantiles get no quantile (status too_few_areas).
///
/// The SII follows phe_sii (Low & Low, J Public Health 2004;26:388–395): quantiles ordered as
/// given, a = each quantile's share of the population, b = the midpoint of its cumulative share
/// (relative rank), and the weighted regression Y√a = α√a + β b√a without intercept. SII =
/// multiplier × β, RII = (α + β)/α (inverted when the multiplier is negative), intercept α. The
/// interval comes from simulation: each repetition draws every quantile's value from
/// N(value, se) — on the log scale for rates and the logit scale for proportions, then
/// back-transformed — refits, and the limits are the order statistics at positions
/// round(R(1 − c')) and round(R c'), c' = c + (1 − c)/2, as phe_sii takes them. The generator is
/// std::mt19937_64 seeded per group with std::seed_seq{seed, group}; normal deviates come from
/// Marsaglia's polar method on 53-bit uniforms, so results are reproducible for a given seed
/// (but are not R's random numbers: limits agree with PHE's within simulation error only).
///
/// Thread safety: the functions keep no state between calls and may be called from any number of
/// threads at once; the results may be read by several threads at once (a value being assigned must
/// not be used by another thread). Large columns are split across the library's thread pool
/// (threads.hpp).

#include "zhibiao/column.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/export.hpp"

#include "zhibiao/column_eigen.hpp"

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

using CodeArray = Eigen::Array<std::int64_t, Eigen::Dynamic, 1>;

/// Outcome of a row (quantiles) or a group (SII). Values are stable (Python sees the codes).
/// 0–1 are results, 2 and above input errors of that row.
enum class InequalityStatus : std::uint8_t {
  ok = 0,
  incomplete = 1,       ///< quantiles: the group has fewer areas than quantiles; SII: the
                        ///< group lacks a quantile, or has a bad row (OnBadRows::mark)
  non_finite_value = 2, ///< NaN (missing) or ±inf
  non_positive_population = 3,
  bad_standard_error = 4, ///< negative or not finite
  value_out_of_range = 5, ///< a rate ≤ 0 (log scale) or a proportion outside (0, 1) (logit)
  duplicate_quantile = 6, ///< the group has this quantile twice
  /// 溢出: a group status. Finite inputs whose SII, RII, intercept or a limit is not a finite
  /// number: beyond the largest double (multiplier 1e308, a standard error of 1e308) or a
  /// degenerate fit (one area holding all but 10^-300 of the population); all NaN (issue 14).
  overflow = 7,
};
/// The number of InequalityStatus codes (for tables of their names and descriptions).
inline constexpr int inequality_status_count = 8;

constexpr bool is_error(InequalityStatus s) noexcept { return static_cast<std::uint8_t>(s) >= 2; }
std::string_view to_string(InequalityStatus s) noexcept;
std::string_view describe(InequalityStatus s) noexcept;

struct QuantileOptions {
  int quantiles = 10; ///< number of quantiles, ≥ 1
  bool invert = true; ///< PHE's default: the highest value gets quantile 1
  OnBadRows on_bad_rows = OnBadRows::raise;
};

struct QuantileColumn {
  Column<double> quantile; ///< 1 … quantiles; NaN where status is not ok
  Column<InequalityStatus> status;
  std::vector<row_error> errors;
};

/// Assigns every row its quantile within its group (`group` codes 0 … G − 1; empty: one group).
/// `invert_by_group`, when not empty, gives the direction per group (PHE's inverttype =
/// "field"); otherwise `options.invert` applies to all. Throws zhibiao::invalid_input for bad
/// options, lengths or codes, and zhibiao::invalid_rows for non-finite values unless mark.
QuantileColumn assign_quantiles(const Eigen::Ref<const Eigen::ArrayXd>& values,
                                const Eigen::Ref<const CodeArray>& group,
                                const QuantileOptions& options = {},
                                const std::vector<bool>& invert_by_group = {});
/// The same over contiguous columns (a std::vector, a zhibiao::Column, a NumPy buffer).
QuantileColumn assign_quantiles(std::span<const double> values, std::span<const std::int64_t> group,
                                const QuantileOptions& options = {},
                                const std::vector<bool>& invert_by_group = {});

enum class SiiValueType : std::uint8_t {
  normal = 0,     ///< simulate on the value's own scale
  rate = 1,       ///< simulate log(value); the standard error is on the log scale
  proportion = 2, ///< simulate logit(value); the standard error is on the logit scale
};

struct SiiOptions {
  SiiValueType value_type = SiiValueType::normal;
  double multiplier = 1;                   ///< scales the SII; negative also inverts the RII
  std::size_t repetitions = 100000;        ///< PHE's default; at least 1,000
  std::vector<double> confidence = {0.95}; ///< each in [0.9, 1)
  std::uint64_t seed = 1;
  OnBadRows on_bad_rows = OnBadRows::raise;
};

/// One value per group. Limits are groups × confidence levels (column-major: each level's
/// limits contiguous, `sii_lower.col(k)`).
struct SiiResult {
  std::vector<double> confidence;
  Column<double> sii, rii, intercept;
  Matrix<double> sii_lower, sii_upper, rii_lower, rii_upper;
  Column<InequalityStatus> status;     ///< per group
  Column<InequalityStatus> row_status; ///< per row
  std::vector<row_error> errors;
};

/// SII and RII of every group from rows of (quantile, population, value, standard error).
/// Quantile labels are numbers ordered from one end of the scale to the other (e.g. 1 most
/// deprived … 10 least); every group needs every quantile that occurs in the data (5 to 100 of
/// them, as PHE requires). Standard errors are on the simulation scale (see SiiValueType); to
/// start from 95 % limits use standard_error_from_limits. Throws zhibiao::invalid_input for bad
/// options, lengths or codes and zhibiao::invalid_rows for bad rows unless mark.
SiiResult slope_index(const Eigen::Ref<const Eigen::ArrayXd>& quantile,
                      const Eigen::Ref<const Eigen::ArrayXd>& population,
                      const Eigen::Ref<const Eigen::ArrayXd>& value,
                      const Eigen::Ref<const Eigen::ArrayXd>& standard_error,
                      const Eigen::Ref<const CodeArray>& group, const SiiOptions& options = {});
/// The same over contiguous columns.
SiiResult slope_index(std::span<const double> quantile, std::span<const double> population,
                      std::span<const double> value, std::span<const double> standard_error,
                      std::span<const std::int64_t> group, const SiiOptions& options = {});

/// PHE's standard error from 95 % limits on the simulation scale:
/// (T(upper) − T(lower)) / (2 · 1.959964), T = identity, log or logit.
Column<double> standard_error_from_limits(const Eigen::Ref<const Eigen::ArrayXd>& lower,
                                          const Eigen::Ref<const Eigen::ArrayXd>& upper,
                                          SiiValueType value_type);
Column<double> standard_error_from_limits(std::span<const double> lower,
                                          std::span<const double> upper, SiiValueType value_type);

} // namespace zhibiao
