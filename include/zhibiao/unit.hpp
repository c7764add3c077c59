#pragma once
/// \file unit.hpp
/// The unit a figure is expressed in: its multiplier and how reports print it.
///
///     zhibiao::Unit u = zhibiao::Unit::per_100k();
///     u.multiplier();                    // 100000
///     u.suffix(zhibiao::Language::zh);   // "/10万"   (发病率153.895/10万)
///     zhibiao::Unit::parse("‰");        // Unit::per_mille()
///
/// Per mille (‰, 出生率4.86‰) and per 1,000 population (千人口托位数2.36) share the multiplier
/// 1,000 but are different units: the first is a rate among a population, the second a density
/// of resources; they print differently and must not be confused when targets are compared.
///
/// Thread safety: Unit is an immutable value: parse() and every member may be called from any
/// number of threads at once.

#include "zhibiao/export.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace ZHIBIAO_API zhibiao {

/// Language of display forms.
enum class Language : std::uint8_t { zh, en };

/// The kinds of unit the reports use. Values are stable (they cross the Python boundary).
enum class UnitKind : std::uint8_t {
  percent = 0,             ///< %, × 100
  per_mille = 1,           ///< ‰, × 1,000
  per_10k = 2,             ///< ‱, × 10,000
  per_100k = 3,            ///< /10万, × 100,000 (incidence, mortality)
  per_1000_population = 4, ///< 每千人口, × 1,000 (densities: 千人口床位数, 托位数)
  per_100 = 5, ///< × 100, printed bare (出生人口性别比 114.17 boys per 100 girls)
  ratio = 6,   ///< × 1, printed bare (plain ratios)
  yuan = 7,    ///< × 1, money in 元 (次均住院费用1680元, 次均门诊费用52.94元)
  years = 8,   ///< × 1, a duration in years, printed 岁 (人均预期寿命80.86岁)
};

class Unit {
public:
  constexpr Unit() noexcept = default; // per cent, the commonest unit in the reports
  constexpr explicit Unit(UnitKind kind) noexcept : kind_(kind) {}

  static constexpr Unit percent() noexcept { return Unit(UnitKind::percent); }
  static constexpr Unit per_mille() noexcept { return Unit(UnitKind::per_mille); }
  static constexpr Unit per_10k() noexcept { return Unit(UnitKind::per_10k); }
  static constexpr Unit per_100k() noexcept { return Unit(UnitKind::per_100k); }
  static constexpr Unit per_1000_population() noexcept {
    return Unit(UnitKind::per_1000_population);
  }
  static constexpr Unit per_100() noexcept { return Unit(UnitKind::per_100); }
  static constexpr Unit ratio() noexcept { return Unit(UnitKind::ratio); }
  static constexpr Unit yuan() noexcept { return Unit(UnitKind::yuan); }
  static constexpr Unit years() noexcept { return Unit(UnitKind::years); }

  constexpr UnitKind kind() const noexcept { return kind_; }

  /// The factor applied to numerator / denominator, as an exact integer.
  constexpr std::int64_t integer_multiplier() const noexcept {
    switch (kind_) {
    case UnitKind::percent: return 100;
    case UnitKind::per_mille: return 1000;
    case UnitKind::per_10k: return 10000;
    case UnitKind::per_100k: return 100000;
    case UnitKind::per_1000_population: return 1000;
    case UnitKind::per_100: return 100;
    case UnitKind::ratio: return 1;
    case UnitKind::yuan: return 1;
    case UnitKind::years: return 1;
    }
    return 1;
  }
  constexpr double multiplier() const noexcept { return static_cast<double>(integer_multiplier()); }

  /// What follows the number when a value is printed: "%", "‰", "/10万" in Chinese;
  /// "%", " per 1,000", " per 100,000" in English. Empty for bare units.
  std::string_view suffix(Language language = Language::zh) const noexcept;
  /// The unit's name: "百分率" / "per cent", "十万分率" / "per 100,000", ...
  std::string_view name(Language language = Language::zh) const noexcept;
  /// A stable ASCII identifier: "percent", "per_mille", "per_10k", "per_100k",
  /// "per_1000_population", "per_100", "ratio", "yuan", "years".
  std::string_view code() const noexcept;

  /// Reads a unit from its code, its symbol or its Chinese or English name:
  /// "%", "percent", "‰", "per_mille", "‱", "/10万", "per 100,000", "每千人口", ...
  /// Throws zhibiao::invalid_input (field "unit") for anything else, listing the accepted codes.
  static Unit parse(std::string_view text);

  friend constexpr bool operator==(Unit a, Unit b) noexcept { return a.kind_ == b.kind_; }

private:
  UnitKind kind_ = UnitKind::percent;
};

} // namespace zhibiao
