#pragma once
/// \file standardise.hpp
/// Directly standardised rates (DSR) with the Dobson interval, indirectly standardised ratios
/// (SMR) and rates, and the built-in standard populations.
///
///     using namespace zhibiao;
///     // Rows labelled by age band, in any order: weights matched by label, never by position.
///     std::vector<std::string> labels{"0-4", "5-9", ..., "90+"};   // the distinct labels
///     std::vector<std::int64_t> codes{...};                        // each row's label
///     auto d = directly_standardised(deaths, population, standard_population("esp2013"),
///                                    {labels, codes});
///     d.value[0]; d.lower(0, 0); d.upper(0, 0);          // per 100,000, 95 %
///     d.status[0] == GroupStatus::ok;                    // typed; d.status.codes() as uint8
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
///
/// Thread safety: the functions keep no state between calls and may be called from any number of
/// threads at once; the standard populations and the results may be read by several threads at once
/// (a value being assigned must not be used by another thread). Large columns are split across the
/// library's thread pool (threads.hpp).

#include "zhibiao/age_band.hpp"
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
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// A standard population by age band. Its bands never overlap; its weights are finite, ≥ 0 and
/// sum to more than 0 (make_standard_population checks it).
struct StandardPopulation {
  std::string name;
  std::vector<std::string> bands; ///< "0-4", "5-9", ..., "90+", as published
  std::vector<double> lower_ages; ///< start age of each band
  std::vector<double> weights;    ///< persons per band, as published
  std::string source;
  std::vector<AgeBand> age_bands; ///< each band read by parse_age_band: [lower, upper)
};

/// A standard of the caller's own, from labelled weights. Throws zhibiao::parse_error for a
/// label that is not an age band, zhibiao::invalid_input (field "stdpop") for bands that overlap
/// or repeat, mismatched lengths, and weights that are missing, negative or sum to zero (a DSR
/// over them would be NaN or meaningless).
StandardPopulation make_standard_population(std::string name, std::span<const std::string> bands,
                                            std::span<const double> weights,
                                            std::string source = {});

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

/// What a missing (NaN) count is. zhibiao's default: a bad row, never a silent 0. `zero`:
/// PHEindicatormethods' rule (calculate_dsr and calculate_ISRatio replace a missing count by 0
/// before summing), for users who port R code and want its numbers.
enum class MissingCounts : std::uint8_t { error = 0, zero = 1 };

struct StandardiseOptions {
  std::vector<double> confidence{0.95}; ///< each in (0, 1)
  double multiplier = 100000;
  OnBadRows on_bad_rows = OnBadRows::raise;
  MissingCounts missing_counts = MissingCounts::error; ///< NaN in x: a bad row, or 0
};

/// Per group results. lower / upper: groups × levels (column-major: each level contiguous,
/// `lower.col(k)`).
struct StandardisedArray {
  std::vector<double> confidence;
  Column<double> total_count; ///< DSR: Σ events; indirect: observed
  Column<double> total_pop;   ///< DSR: Σ n; indirect: expected
  Column<double> value;
  Matrix<double> lower;
  Matrix<double> upper;
  Column<GroupStatus> status;
  /// Indirect only (empty for a DSR): the CountMethod used per group (exact or byar), code 255
  /// where no interval was computed.
  Column<CountMethod> method;
  std::vector<row_error> errors; ///< bad rows (row indices)
};

/// DSR of every group. `offsets` has groups + 1 entries, starting at 0 and ending at the row
/// count; empty means one group of all rows. `eventfreq` (same length as x, or empty) switches to
/// non-independent events: x then counts persons with that many events; `ageband` codes
/// (required with eventfreq) say which rows belong to one band (its n and stdpop must agree).
/// `stdpop` has a weight per row, or — independent events only — one per band when every group
/// has exactly that many rows, its bands in the standard's order (weights matched by position,
/// with no per-row copy of the standard; the overload below matches them by band label instead,
/// and is what the Python package calls).
/// A per-band standard must be finite, ≥ 0 and sum above 0 (else invalid_input "stdpop"); a
/// group whose per-row weights sum to 0 is a bad group (its first row is listed), not a NaN.
/// Throws zhibiao::invalid_input for shapes and options, zhibiao::invalid_rows for bad rows
/// (x negative or missing, n ≤ 0, stdpop negative, eventfreq ≤ 0) unless marking.
StandardisedArray directly_standardised(std::span<const double> x, std::span<const double> n,
                                        std::span<const double> stdpop,
                                        std::span<const std::size_t> offsets = {},
                                        StandardiseOptions options = {},
                                        std::span<const double> eventfreq = {},
                                        std::span<const double> ageband = {});

/// The age-band label of each row, dictionary-encoded as pandas' categoricals and Arrow's
/// dictionaries are: row i is labelled labels[codes[i]]; a negative code is a missing label.
/// The codes come at the width they are stored in (pandas keeps a categorical of up to 127
/// labels as int8): a column widened to int64 first would be 8× the bytes to read and a copy
/// to make on every call (issue 16).
using BandCodes = std::variant<std::span<const std::int8_t>, std::span<const std::int16_t>,
                               std::span<const std::int32_t>, std::span<const std::int64_t>>;
struct BandColumn {
  std::span<const std::string> labels;
  BandCodes codes;
  std::string field = "ageband"; ///< the column's name, for row errors
};

/// DSR of every group against a standard, each row's weight found by its band label (read by
/// parse_age_band, so "0-4", "0–4", "0至4岁" and "０-４" are one band), never by its position:
/// any order of the rows within a group gives the same result, bit for bit (each group's rows
/// are summed in the standard's band order). Independent events: each group has exactly one row
/// per band of the standard; non-independent events (eventfreq): one or more per band.
/// Row errors (invalid_rows, or the group marked bad_input): a missing label, a label that is not
/// an age band, a band the standard does not have (the message says when it is coarser or finer
/// than the standard's, e.g. "85+" against "85-89" and "90+"), a band repeated within a group,
/// and a band of the standard missing from a group (listed at the group's first row).
StandardisedArray directly_standardised(std::span<const double> x, std::span<const double> n,
                                        const StandardPopulation& standard, const BandColumn& bands,
                                        std::span<const std::size_t> offsets = {},
                                        StandardiseOptions options = {},
                                        std::span<const double> eventfreq = {});

enum class IndirectKind : std::uint8_t { ratio = 0, rate = 1 };

/// SMR (kind ratio; `scale` is the reference value, 1 or 100) or indirectly standardised rate
/// (kind rate; `scale` is the multiplier, 100,000 by default) of every group. x_ref / n_ref give
/// the reference rate of each row's band. Throws as directly_standardised.
/// missing_counts zero: a NaN in x or x_ref counts 0, as PHEindicatormethods does.
/// observed_totals (PHEindicatormethods' observed_totals): one observed count per group, for
/// data whose events are known only in total; x must then be empty (the per-band counts are not
/// given) and the totals' errors are listed with the group as the row, field "observed_totals".
StandardisedArray indirectly_standardised(IndirectKind kind, std::span<const double> x,
                                          std::span<const double> n, std::span<const double> x_ref,
                                          std::span<const double> n_ref,
                                          std::span<const std::size_t> offsets = {},
                                          std::vector<double> confidence = {0.95}, double scale = 1,
                                          OnBadRows on_bad_rows = OnBadRows::raise,
                                          CountMethod method = CountMethod::phe,
                                          MissingCounts missing_counts = MissingCounts::error,
                                          std::span<const double> observed_totals = {});

} // namespace zhibiao
