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
/// Catalog JSON:
///
///     {"data_elements": [{"id": "signed", "name_zh": "签约人数", "aggregation": "last",
///                          "disaggregations": []}, ...],
///      "indicators": [{"id": "signing_rate", "name_zh": "…", "name_en": "…",
///                      "numerator": "#{signed}", "denominator": "#{population}",
///                      "unit": "%", "decimals": 2, "direction": "higher_is_better",
///                      "kind": "proportion", "annualised": false, "source": "…"}, ...]}
///
/// Only id, numerator and denominator are required; the rest default as in Indicator.
///
/// Thread safety: Indicator and Catalog are plain values: concurrent reads (also evaluating one
/// catalog's indicators from several threads) are safe; one being modified must not be used by
/// another thread. Catalog::from_json may be called from any thread.

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

struct Indicator {
  std::string id = {};
  std::string name_zh = {};
  std::string name_en = {};
  std::string numerator = {};    ///< expression, e.g. "#{signed}"
  std::string denominator = "1"; ///< expression; "1" for a plain count
  Unit unit = Unit::percent();
  int decimals = 2; ///< as reports print it, 0–15
  Direction direction = Direction::neither;
  /// What the value is: a proportion (numerator ≤ denominator, checked per row), a rate, a
  /// ratio or a quota completion. Decides the interval method when one is asked for.
  MeasureKind kind = MeasureKind::ratio;
  /// Multiply by the period's annualisation factor (a yearly rate from a part of a year).
  bool annualised = false;
  std::string source = {}; ///< where the definition comes from (document, article)
};

/// Throws zhibiao::invalid_input naming the field for an empty id or numerator, decimals outside
/// [0, 15], or an id containing characters other than letters, digits, '_' and '-'.
void validate(const Indicator& indicator);

/// Data elements and indicators that belong together.
struct Catalog {
  std::vector<DataElement> data_elements;
  std::vector<Indicator> indicators;

  /// Reads the JSON shown above. Malformed JSON is a zhibiao::parse_error (field "catalog") with
  /// the character position; a missing or mistyped field is a zhibiao::invalid_input naming its
  /// path ("indicators[2].numerator"); repeated ids are errors too.
  static Catalog from_json(std::string_view json);
  /// The catalog as JSON (what from_json reads back).
  std::string to_json() const;

  /// Throws zhibiao::invalid_input (field "indicator") for an unknown id.
  const Indicator& indicator(std::string_view id) const;
};

} // namespace zhibiao
