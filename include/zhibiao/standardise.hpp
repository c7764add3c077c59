#pragma once
/// \file standardise.hpp
/// Directly standardised rates (DSR) with the Dobson interval, indirectly standardised ratios
/// (SMR) and rates, and the built-in standard populations.
///
///     using namespace zhibiao;
///     // One group: deaths and population by the 19 ESP 2013 bands (0-4, 5-9, ..., 90+).
///     auto d = directly_standardised(deaths, population, standard_population("esp2013").weights);
///     d.value(0); d.lower(0, 0); d.upper(0, 0);          // per 100,000, 95 %
///     // Many groups: rows sorted by group, offsets[g] .. offsets[g + 1] are group g's rows.
///     auto many = directly_standardised(x, n, stdpop, offsets, {.confidence = {0.95, 0.998}});
///
/// DSR (PHEindicatormethods calculate_dsr; Dobson, Kuulasmaa, Eberle & Scherer 1991, Stat Med
/// 10:457–462): with wᵢ the standard population of band i,
///   DSR = Σ xᵢ wᵢ / nᵢ / Σ wᵢ × multiplier,   var = Σ xᵢ (wᵢ / nᵢ)² / (Σ wᵢ)²,
///   limit = DSR + √(var / X) (Y − X) × multiplier,   X = Σ xᵢ,
/// where Y is Byar's lower or upper limit of the count X (see interval.hpp). A group whose total
/// count X is below 10 gets no value and no interval (status too_few_events), as PHE does.
/// Non-independent events (PHE's independent_events = FALSE): each row counts the persons with
/// a given event frequency f in a band; events are Σ f·x, and the variance is
///   Σ_f f² · Σ_{rows of f} x (w / n)² / (Σ_{rows of f} w)²
/// (the variance of the person counts of each frequency, weighted by f²).
///
/// Indirect standardisation (PHEindicatormethods calculate_ISRatio / calculate_ISRate; Breslow &
/// Day 1987): expected E = Σ nᵢ × x_refᵢ / n_refᵢ, observed O = Σ xᵢ;
///   ratio = O / E × reference value (1, or 100 for an SMR printed as 100 = average),
///   rate  = O / E × (Σ x_ref / Σ n_ref) × multiplier,
/// and the limits are those of the count O (exact below 10 events, Byar's from 10) over E,
/// scaled the same way.

#include "zhibiao/error.hpp"
#include "zhibiao/interval.hpp"
#include "zhibiao/rate.hpp"

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zhibiao {

/// A standard population by age band.
struct StandardPopulation {
  std::string_view name;
  std::vector<std::string_view> bands; ///< "0-4", "5-9", ..., "90+"
  std::vector<double> lower_ages;      ///< start age of each band
  std::vector<double> weights;         ///< persons per band, as published
  std::string_view source;
};

/// "esp2013": European Standard Population 2013, 19 bands 0-4 ... 90+, total 100,000
/// (Eurostat 2013, Revision of the European Standard Population: report of Eurostat's task force,
/// KS-RA-13-028;
/// PHEindicatormethods' esp2013).
/// "who2000": WHO World Standard Population 2000–2025, 21 bands 0-4 ... 100+ (Ahmad et al.
/// 2001, Age standardization of rates: a new WHO standard, GPE Discussion Paper 31, Table 4,
/// × 1,000: the printed percentages sum to 100.035, so the weights total 100,035).
/// "who2000_85": the same with 85+ as one band (635), for data in 18 bands.
/// The China 2000 census standard population is not included: its figures could not be verified
/// against a published table here. Throws zhibiao::invalid_input (field "standard").
const StandardPopulation& standard_population(std::string_view name);

/// Names of the built-in standards.
std::vector<std::string_view> standard_population_names();

/// Outcome of one group. Codes are stable.
enum class GroupStatus : std::uint8_t {
  ok = 0,
  too_few_events = 1, ///< DSR: total count below 10, value not computed (PHE)
  bad_input = 2,      ///< a row of the group is invalid (listed in `errors`)
  no_expected = 3,    ///< indirect: the expected count is zero, the ratio does not exist
  /// 溢出: the value or a limit exceeds the largest double (finite rows whose sums or ratios
  /// overflow, e.g. 1e308 events in 1e-300 person-years); value and limits NaN (issue 14).
  overflow = 4,
};
std::string_view describe(GroupStatus status) noexcept;

struct StandardiseOptions {
  std::vector<double> confidence{0.95}; ///< each in (0, 1)
  double multiplier = 100000;
  OnBadRows on_bad_rows = OnBadRows::raise;
};

/// Per group results. lower / upper: groups × levels (each level contiguous).
struct StandardisedArray {
  std::vector<double> confidence;
  Eigen::ArrayXd total_count; ///< DSR: Σ events; indirect: observed
  Eigen::ArrayXd total_pop;   ///< DSR: Σ n; indirect: expected
  Eigen::ArrayXd value;
  Eigen::ArrayXXd lower;
  Eigen::ArrayXXd upper;
  Eigen::Array<std::uint8_t, Eigen::Dynamic, 1> status; ///< GroupStatus codes
  Eigen::Array<std::uint8_t, Eigen::Dynamic, 1> method; ///< indirect: CountMethod used
  std::vector<row_error> errors;                        ///< bad rows (row indices)
};

/// DSR of every group. `offsets` has groups + 1 entries, starting at 0 and ending at the row
/// count; empty means one group of all rows. `eventfreq` (same length as x, or empty) switches to
/// non-independent events: x then counts persons with that many events; `ageband` codes
/// (required with eventfreq) say which rows belong to one band (its n and stdpop must agree).
/// `stdpop` has a weight per row, or — independent events only — one per band when every group
/// has exactly that many rows, its bands in the standard's order (weights matched by position,
/// with no per-row copy of the standard).
/// Throws zhibiao::invalid_input for shapes and options, zhibiao::invalid_rows for bad rows
/// (x negative or missing, n ≤ 0, stdpop negative, eventfreq ≤ 0) unless marking.
StandardisedArray directly_standardised(std::span<const double> x, std::span<const double> n,
                                        std::span<const double> stdpop,
                                        std::span<const std::size_t> offsets = {},
                                        StandardiseOptions options = {},
                                        std::span<const double> eventfreq = {},
                                        std::span<const double> ageband = {});

enum class IndirectKind : std::uint8_t { ratio = 0, rate = 1 };

/// SMR (kind ratio; `scale` is the reference value, 1 or 100) or indirectly standardised rate
/// (kind rate; `scale` is the multiplier, 100,000 by default) of every group. x_ref / n_ref give
/// the reference rate of each row's band. Throws as directly_standardised.
StandardisedArray indirectly_standardised(IndirectKind kind, std::span<const double> x,
                                          std::span<const double> n, std::span<const double> x_ref,
                                          std::span<const double> n_ref,
                                          std::span<const std::size_t> offsets = {},
                                          std::vector<double> confidence = {0.95}, double scale = 1,
                                          OnBadRows on_bad_rows = OnBadRows::raise,
                                          CountMethod method = CountMethod::phe);

} // namespace zhibiao
