#pragma once
/// \file life_table.hpp
/// Life expectancy from an abridged life table (人均预期寿命) and the WHO SDG 3.4.1 probability
/// of dying between exact ages 30 and 70 from the four major NCDs (重大慢性病过早死亡率).
///
///     // One area, the 20 bands 0, 1–4, 5–9, …, 85–89, 90+ in that order:
///     auto t = zhibiao::life_table(deaths, population);          // 20 values each (Eigen, vector)
///     t.expectancy[0];                                           // e0, e.g. 80.17 years
///     t.lower(0, 0), t.upper(0, 0);                              // its 95 % interval
///     t.status[0] == zhibiao::LifeTableStatus::ok;               // typed status column
///
///     // Many areas in one call: rows of (area code, band start age, deaths, population) in
///     // any order; every row gets the life expectancy at its band's start age.
///     auto all = zhibiao::life_tables(deaths, population, start_age, area, {.confidence = {0.95,
///     0.998}});
///
///     // 重大慢性病过早死亡率: deaths from CVD, cancer, diabetes and chronic respiratory disease
///     // and population in the 8 bands 30–34 … 65–69 of each area.
///     auto ncd = zhibiao::premature_ncd_mortality(deaths, population, start_age, area);
///     ncd.value[0];                                              // e.g. 11.04 (per cent)
///
/// Life expectancy follows PHEindicatormethods' phe_life_expectancy (v1.x–2.1) and the PHE Life
/// Expectancy Calculator, which use Chiang's abridged life table (Chiang CL, Introduction to
/// Stochastic Processes in Biostatistics, Wiley 1968, ch. 9) with the Silcocks adjustment of
/// the variance for the open final band (Silcocks PBS, Jenner DA, Reza R, J Epidemiol
/// Community Health 2001;55:38–43). PHE's rules for areas where the method is not robust are
/// kept, and each suppressed value carries its reason (LifeTableStatus): a band missing, a band
/// with zero population, deaths above the population, a total population of 5,000 or less
/// (Toson & Baker, ONS Methodology Series 33, 2003), no deaths in the open band, and, per band,
/// a 95 % interval wider than 20 years (the value is withheld, the limits are kept).
///
/// Impossible inputs are errors, as everywhere in zhibiao: a non-finite (missing) or negative
/// count, a start age that is not one of the bands, a band given twice for one area. Batch calls
/// list every such row in zhibiao::invalid_rows, or with OnBadRows::mark give those rows an error
/// status and suppress their area (status bad_row_in_area for its other rows).
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

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// Start ages of PHE's and ONS's abridged life table: 0, 1–4, 5–9, …, 85–89 and the open 90+.
inline constexpr std::array<double, 20> standard_life_table_bands{
    0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90};

/// Start ages of the eight 5-year bands 30–34 … 65–69 of WHO's SDG indicator 3.4.1.
inline constexpr std::array<double, 8> ncd_mortality_bands{30, 35, 40, 45, 50, 55, 60, 65};

/// Outcome of a row (or an area). Values are stable: they are the status codes seen from Python.
/// 0–3 are results, 4–10 mean the area's values were suppressed (PHE's rules), 11– are input
/// errors of that very row.
enum class LifeTableStatus : std::uint8_t {
  ok = 0,
  wide_interval = 1, ///< value withheld: its 95 % interval is wider than 20 years (PHE)
  no_survivors = 2,  ///< no one in the table reaches this age (q = 1 earlier): value 0, no interval
  no_deaths = 3,     ///< SDG 3.4.1 with no deaths at all: value 0, interval not computed
  missing_band = 4,  ///< the area lacks one of the bands
  zero_population = 5, ///< a band has population 0: its death rate does not exist
  deaths_exceed_population = 6,
  small_population = 7,       ///< the area's total population is 5,000 or less (PHE)
  no_deaths_in_open_band = 8, ///< the open band (90+) has no deaths: 1/M would be infinite
  rate_too_high = 9, ///< SDG 3.4.1: a band's death rate is ≥ 0.4, where 5q = 5M/(1 + 2.5M) ≥ 1
  bad_row_in_area = 10,   ///< another row of the area is an input error (OnBadRows::mark)
  non_finite_deaths = 11, ///< NaN (missing) or ±inf
  non_finite_population = 12,
  negative_deaths = 13,
  negative_population = 14,
  unknown_band = 15,   ///< the start age is not one of the bands (or not finite)
  duplicate_band = 16, ///< the area has this band already in an earlier row
};

/// True for statuses that are input errors of the row itself (non-finite, negative, unknown or
/// duplicate band).
constexpr bool is_error(LifeTableStatus s) noexcept { return static_cast<std::uint8_t>(s) >= 11; }
/// True when the row has no value: suppressed areas, wide intervals and input errors.
constexpr bool is_suppressed(LifeTableStatus s) noexcept {
  return s == LifeTableStatus::wide_interval || static_cast<std::uint8_t>(s) >= 4;
}
/// A short name: "ok", "wide_interval", "missing_band", ...
std::string_view to_string(LifeTableStatus status) noexcept;
/// The reason in words, as the Python `reason` column shows it ("" for ok).
std::string_view describe(LifeTableStatus status) noexcept;

struct LifeTableOptions {
  /// Confidence levels of the intervals, each in [0.9, 1] as PHE accepts them; 1 gives ±inf.
  std::vector<double> confidence = {0.95};
  OnBadRows on_bad_rows = OnBadRows::raise;
  /// Start ages of the bands, ascending, the first 0, the last the open band. PHE uses the
  /// standard 20; any other set is computed with the same formulas (a = 0.1 for the band
  /// starting at 0, 0.5 elsewhere).
  std::vector<double> bands{standard_life_table_bands.begin(), standard_life_table_bands.end()};
};

/// One area's life table. Rows are bands (in `bands` order).
struct LifeTable {
  std::vector<double> bands;
  std::vector<double> confidence;
  Column<double> expectancy;      ///< e_x at each band's start age; NaN where status says so
  Column<double> standard_error;  ///< √var(e_x), Chiang with Silcocks' final band
  Matrix<double> lower, upper;    ///< bands × confidence levels: e_x ∓ z·SE
  Column<LifeTableStatus> status; ///< per band
  LifeTableStatus area_status = LifeTableStatus::ok; ///< ok unless the area is suppressed
};

/// The life table of one area from deaths and population in band order (20 values each for the
/// standard bands). Throws zhibiao::invalid_input naming "deaths" or "population" (with the band)
/// for a non-finite or negative value, a wrong length, and naming "confidence" / "bands" for bad
/// options. PHE's suppression rules give statuses, not exceptions.
LifeTable life_table(const Eigen::Ref<const Eigen::ArrayXd>& deaths,
                     const Eigen::Ref<const Eigen::ArrayXd>& population,
                     const LifeTableOptions& options = {});
/// The same over contiguous columns (a std::vector, a zhibiao::Column, a std::array).
LifeTable life_table(std::span<const double> deaths, std::span<const double> population,
                     const LifeTableOptions& options = {});

/// Life expectancy of many areas at once, one value per input row.
struct LifeTableColumns {
  std::vector<double> confidence;
  Column<double> value; ///< e_x at the row's start age, NaN unless status is ok/no_survivors
  Column<double> standard_error;       ///< NaN when the area is suppressed or the row is bad
  Matrix<double> lower, upper;         ///< rows × confidence levels
  Column<LifeTableStatus> status;      ///< per row
  Column<LifeTableStatus> area_status; ///< per area code
  std::vector<row_error> errors;       ///< every bad row (OnBadRows::mark), in row order
};

/// Rows in any order: row i holds the deaths and population of band `start_age[i]` of area
/// `area[i]` (codes 0 … areas − 1; an empty `area` means one area). Throws zhibiao::invalid_input
/// for arrays of different lengths, an area code out of range or bad options, and
/// zhibiao::invalid_rows listing every bad row unless `on_bad_rows` is mark.
LifeTableColumns
life_tables(const Eigen::Ref<const Eigen::ArrayXd>& deaths,
            const Eigen::Ref<const Eigen::ArrayXd>& population,
            const Eigen::Ref<const Eigen::ArrayXd>& start_age,
            const Eigen::Ref<const Eigen::Array<std::int64_t, Eigen::Dynamic, 1>>& area,
            const LifeTableOptions& options = {});
/// The same over contiguous columns; `area` codes as above (empty: one area).
LifeTableColumns life_tables(std::span<const double> deaths, std::span<const double> population,
                             std::span<const double> start_age, std::span<const std::int64_t> area,
                             const LifeTableOptions& options = {});

// ---------------------------------------------------------------------------------------------
// SDG 3.4.1

struct NcdMortalityOptions {
  std::vector<double> confidence = {0.95}; ///< each in (0, 1]
  OnBadRows on_bad_rows = OnBadRows::raise;
  double multiplier = 100; ///< 100: per cent, as reports print 重大慢性病过早死亡率 11.04 %
};

/// One value per area.
struct NcdMortalityColumns {
  std::vector<double> confidence;
  Column<double> value;                ///< 100 × (1 − Π(1 − 5q_x)), NaN for suppressed areas
  Column<double> standard_error;       ///< delta-method SE of the value (same scale)
  Matrix<double> lower, upper;         ///< areas × confidence levels
  Column<LifeTableStatus> row_status;  ///< per row
  Column<LifeTableStatus> area_status; ///< per area
  std::vector<row_error> errors;
};

/// WHO's unconditional probability of dying between exact ages 30 and 70 from cardiovascular
/// disease, cancer, diabetes or chronic respiratory disease (SDG indicator 3.4.1; WHO Global
/// Health Observatory indicator metadata "Mortality from CVD, cancer, diabetes or CRD between
/// exact ages 30 and 70"): with M_x = deaths / population in each 5-year band 30–34 … 65–69,
///     5q_x = 5·M_x / (1 + 2.5·M_x),   value = 1 − Π_x (1 − 5q_x).
/// The interval is a delta-method interval on the complementary log–log scale of the survival
/// S = Π(1 − 5q_x), deaths taken as Poisson (var M_x = D_x / P_x²):
///     var S = S² Σ_x [5 / ((1 + 2.5M_x)(1 − 2.5M_x))]² · D_x / P_x²
///     θ = log(−log S),  se θ = √var S / (S·|log S|),  S ∈ exp(−exp(θ ± z·se θ))
/// (the transform of Kalbfleisch & Prentice, The Statistical Analysis of Failure Time Data,
/// Wiley 1980, §1.3, used for survival probabilities), which keeps the limits inside (0, 1).
/// Rows are any order, as for life_tables; every area needs the 8 bands.
NcdMortalityColumns
premature_ncd_mortality(const Eigen::Ref<const Eigen::ArrayXd>& deaths,
                        const Eigen::Ref<const Eigen::ArrayXd>& population,
                        const Eigen::Ref<const Eigen::ArrayXd>& start_age,
                        const Eigen::Ref<const Eigen::Array<std::int64_t, Eigen::Dynamic, 1>>& area,
                        const NcdMortalityOptions& options = {});
/// The same over contiguous columns.
NcdMortalityColumns premature_ncd_mortality(std::span<const double> deaths,
                                            std::span<const double> population,
                                            std::span<const double> start_age,
                                            std::span<const std::int64_t> area,
                                            const NcdMortalityOptions& options = {});

} // namespace zhibiao
