#pragma once
/// \file indicator.hpp
/// Indicators: a numerator and a denominator written as expressions over data elements, a unit,
/// the decimals reports print, and the direction that makes a change good or bad. Definitions are
/// built in code or read from a JSON catalog (nlohmann-json).
///
///     zhibiao::Indicator signing{.id = "signing_rate", .name_zh = "常住人口家庭医生签约率",
///                                .numerator = "#{signed}", .denominator = "#{population}",
///                                .unit = zhibiao::Unit::percent(), .decimals = 2,
///                                .direction = zhibiao::Direction::higher_is_better,
///                                .kind = zhibiao::MeasureKind::proportion};
///     auto catalog = zhibiao::Catalog::from_json(text);   // data elements and indicators
///
/// Catalog JSON (docs/catalog.md; schema data/catalog.schema.json, Catalog::schema_json()):
///
///     {"data_elements": [{"id": "signed", "name_zh": "签约人数", "aggregation": "last"}, ...],
///      "indicators": [{"id": "signing_rate", "name_zh": "…", "numerator": "#{signed}",
///                      "denominator": "#{population}", "unit": "%", "decimals": 2,
///                      "direction": "higher_is_better", "kind": "proportion",
///                      "source": "…", "verification": "P",
///                      "targets": [{"value": 90, "comparison": "at_least", "year": 2025,
///                                   "document": "…"}]}, ...],
///      "remove": {"indicators": ["caesarean_rate"]}}
///
/// The reader is strict: an unknown key anywhere is a zhibiao::invalid_input naming its path and
/// the closest known key (`indicators[3].denominater: unknown field; did you mean
/// "denominator"?`), a value of the wrong JSON type names its path and the type expected, and an
/// indicator states its denominator ("1" for a plain count) unless it names a `method`.
///
/// Catalog::builtin() is the catalog compiled into the library (data/catalog.json): the
/// indicators of the basic public health service standard, maternal-child and vital statistics,
/// resource densities, costs, with their national targets. A user's catalog is laid over it with
/// Catalog::merged(): an entry whose id the base has replaces it in place, a new id is appended,
/// and the ids in the user's "remove" lists are taken out of the base first.
///
/// Thread safety: Indicator and Catalog are plain values: concurrent reads (also evaluating one
/// catalog's indicators from several threads) are safe; one being modified must not be used by
/// another thread. Catalog::from_json, builtin() (read once, on first use, by a thread-safe static)
/// and merged() may be called from any thread.

#include "zhibiao/data_element.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/measure.hpp"
#include "zhibiao/unit.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// Which way is better, for comparisons and targets.
enum class Direction : std::uint8_t { higher_is_better = 0, lower_is_better = 1, neither = 2 };

/// "higher_is_better", "lower_is_better", "neither".
std::string_view to_string(Direction direction) noexcept;
/// Also accepts "higher", "lower", "up", "down"; throws zhibiao::invalid_input ("direction").
Direction parse_direction(std::string_view text);

/// How well a definition or target was checked against its source (docs/catalog.md §4).
/// Codes are stable (append only): they cross the Python boundary.
enum class Verification : std::uint8_t {
  unstated = 0,   ///< the catalog does not say (a user's own entry); JSON: no "verification" key
  verified = 1,   ///< "V": read in the official text or an official figure
  probable = 2,   ///< "P": a secondary source quoting the standard, or implementations agreeing
  unverified = 3, ///< "U": not verified; the entry's note says what is uncertain
};
/// "unstated", "V", "P", "U".
std::string_view to_string(Verification verification) noexcept;
/// "V", "P" or "U"; throws zhibiao::invalid_input (field "verification") for anything else.
Verification parse_verification(std::string_view text);

/// The comparison of a national target. The first five are target.hpp's Bound names; a
/// relative decrease (较2015年下降30%) is a share of a baseline year's value.
enum class TargetComparison : std::uint8_t {
  at_least = 0,          ///< ≥
  more_than = 1,         ///< >
  at_most = 2,           ///< ≤
  less_than = 3,         ///< <
  equal_to = 4,          ///< =
  relative_decrease = 5, ///< value per cent below the value of baseline_year
};
/// "at_least", "more_than", "at_most", "less_than", "equal_to", "relative_decrease".
std::string_view to_string(TargetComparison comparison) noexcept;
/// Inverse of to_string(TargetComparison); throws zhibiao::invalid_input (field "comparison").
TargetComparison parse_target_comparison(std::string_view text);

/// A target set in a national document: 婴儿死亡率 ≤ 5.2‰ by 2025 (健康儿童行动提升计划).
struct NationalTarget {
  double value = 0; ///< in the indicator's unit; per cent of the baseline for relative_decrease
  TargetComparison comparison = TargetComparison::at_least;
  int year = 0;              ///< the year the target is for
  std::string document = {}; ///< the document that sets it
  Verification verification = Verification::unstated;
  int baseline_year = 0; ///< relative_decrease only (0 otherwise)
  std::string note = {};
};

struct Indicator {
  std::string id = {};
  std::string name_zh = {};
  std::string name_en = {};
  std::string numerator = {};    ///< expression, e.g. "#{signed}"; empty when `method` is set
  std::string denominator = "1"; ///< expression; "1" for a plain count; unused with `method`
  Unit unit = Unit::percent();
  int decimals = 2; ///< as reports print it, 0–15
  Direction direction = Direction::neither;
  /// What the value is: a proportion (numerator ≤ denominator, checked per row), a rate, a
  /// ratio or a quota completion. Decides the interval method when one is asked for.
  MeasureKind kind = MeasureKind::ratio;
  /// Multiply by the period's annualisation factor (a yearly rate from a part of a year).
  bool annualised = false;
  std::string source = {}; ///< where the definition comes from (document, article)
  /// How well the definition was checked against `source`.
  Verification verification = Verification::unstated;
  /// What is uncertain or local about the definition (always set for unverified entries).
  std::string note = {};
  /// Set for an indicator that is not a numerator over a denominator: the computation that gives
  /// it, e.g. "abridged_life_table_e0" (人均预期寿命, life_table.hpp) or
  /// "probability_of_dying_30_70" (重大慢性病过早死亡率). Such an indicator has no numerator and
  /// cannot be evaluated over a cube; it carries its names, unit, direction and targets.
  std::string method = {};
  std::vector<NationalTarget> targets = {};
};

/// Throws zhibiao::invalid_input naming the field for an empty id, an empty numerator (unless
/// `method` is set, when the numerator must be empty), decimals outside [0, 15], an id containing
/// characters other than letters, digits, '_' and '-', or a target with a baseline year other
/// than for relative_decrease.
void validate(const Indicator& indicator);

/// Data elements and indicators that belong together.
struct Catalog {
  std::vector<DataElement> data_elements;
  std::vector<Indicator> indicators;
  /// Ids of a base catalog's entries this catalog takes out when merged over it (JSON "remove").
  std::vector<std::string> removed_data_elements = {};
  std::vector<std::string> removed_indicators = {};

  /// Reads the JSON shown above. Malformed JSON is a zhibiao::parse_error (field "catalog") with
  /// the character position; an unknown, missing or mistyped field is a zhibiao::invalid_input
  /// naming its path ("indicators[2].numerator"); repeated ids are errors too.
  static Catalog from_json(std::string_view json);
  /// The catalog as JSON (what from_json reads back).
  std::string to_json() const;

  /// The built-in catalog (data/catalog.json compiled into the library), read once.
  static const Catalog& builtin();
  /// The text of the built-in catalog and of the JSON Schema (draft 2020-12) of the format.
  static std::string_view builtin_json() noexcept;
  static std::string_view schema_json() noexcept;

  /// This catalog with `user` laid over it: first the ids in user's removed_* lists are taken
  /// out (an id this catalog lacks is a zhibiao::invalid_input naming "remove.indicators[i]"),
  /// then each user entry replaces the entry with its id in place or is appended.
  Catalog merged(const Catalog& user) const;

  /// Throws zhibiao::invalid_input (field "indicator") for an unknown id.
  const Indicator& indicator(std::string_view id) const;
  /// Throws zhibiao::invalid_input (field "data_element") for an unknown id.
  const DataElement& data_element(std::string_view id) const;
};

} // namespace zhibiao
