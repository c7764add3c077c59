#include "zhibiao/measure.hpp"
#include "zhibiao/detail/decimal_digits.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/measure_messages.hpp"
#include "zhibiao/detail/names.hpp"
#include "zhibiao/detail/numeric.hpp"

#include <array>
#include <cmath>
#include <string>

namespace zhibiao {

namespace {

using detail::full_precision_text;

constexpr std::array<std::string_view, 4> kind_names{"proportion", "rate", "ratio",
                                                     "quota_completion"};

} // namespace

namespace detail {

std::string bad_row_message(RowStatus s, double numerator, double denominator) {
  switch (s) {
  case RowStatus::negative_numerator: return "is negative (" + full_precision_text(numerator) + ")";
  case RowStatus::negative_denominator:
    return "is negative (" + full_precision_text(denominator) + ")";
  case RowStatus::non_finite_numerator:
    return "is not a finite number (" + full_precision_text(numerator) + ")";
  case RowStatus::non_finite_denominator:
    return "is not a finite number (" + full_precision_text(denominator) + ")";
  case RowStatus::numerator_exceeds_denominator:
    return "exceeds the denominator (" + full_precision_text(numerator) + " > " +
           full_precision_text(denominator) + "); a proportion counts part of its denominator";
  case RowStatus::overflow:
    return "makes the value overflow (" + full_precision_text(numerator) + " / " +
           full_precision_text(denominator) + " times the unit exceeds the largest double)";
  default: return std::string(describe(s));
  }
}

std::string_view bad_row_field(MeasureKind kind, RowStatus s) noexcept {
  const bool numerator = s == RowStatus::negative_numerator ||
                         s == RowStatus::non_finite_numerator ||
                         s == RowStatus::numerator_exceeds_denominator;
  return numerator ? numerator_field(kind) : denominator_field(kind);
}

} // namespace detail

namespace {

void check_scalar(MeasureKind kind, double numerator, double denominator, double multiplier) {
  RowStatus s = classify(kind, numerator, denominator);
  if (s == RowStatus::ok &&
      !detail::finite(detail::scaled_ratio(numerator, multiplier, denominator)))
    s = RowStatus::overflow;
  if (!is_error(s)) return;
  throw invalid_input(std::string(detail::bad_row_field(kind, s)),
                      detail::bad_row_message(s, numerator, denominator));
}

} // namespace

std::string_view to_string(MeasureKind kind) noexcept { return detail::name_of(kind_names, kind); }

MeasureKind parse_measure_kind(std::string_view text) {
  if (const auto found = detail::find_name<MeasureKind>(kind_names, text)) return *found;
  throw invalid_input("kind", "unknown measure kind '" + std::string(text) +
                                  "'; expected proportion, rate, ratio or quota_completion");
}

std::string_view describe(RowStatus status) noexcept {
  switch (status) {
  case RowStatus::ok: return "ok";
  case RowStatus::undefined: return "undefined: denominator is zero";
  case RowStatus::negative_numerator: return "numerator is negative";
  case RowStatus::negative_denominator: return "denominator is negative";
  case RowStatus::non_finite_numerator: return "numerator is not a finite number";
  case RowStatus::non_finite_denominator: return "denominator is not a finite number";
  case RowStatus::numerator_exceeds_denominator: return "numerator exceeds denominator";
  case RowStatus::overflow: return "overflow (溢出): the value exceeds the largest double";
  }
  return "unknown status";
}

std::string_view numerator_field(MeasureKind kind) noexcept {
  return kind == MeasureKind::quota_completion ? "done" : "numerator";
}

std::string_view denominator_field(MeasureKind kind) noexcept {
  return kind == MeasureKind::quota_completion ? "quota" : "denominator";
}

RowStatus classify(MeasureKind kind, double numerator, double denominator) noexcept {
  if (!std::isfinite(numerator)) return RowStatus::non_finite_numerator;
  if (!std::isfinite(denominator)) return RowStatus::non_finite_denominator;
  if (numerator < 0) return RowStatus::negative_numerator;
  if (denominator < 0) return RowStatus::negative_denominator;
  if (kind == MeasureKind::proportion && numerator > denominator)
    return RowStatus::numerator_exceeds_denominator;
  if (denominator == 0) return RowStatus::undefined;
  return RowStatus::ok;
}

// --- scalar value types ---------------------------------------------------------------------

Measure::Measure(MeasureKind kind, double numerator, double denominator, Unit unit)
    : numerator_(numerator), denominator_(denominator), unit_(unit), kind_(kind) {
  check_scalar(kind, numerator, denominator, unit.multiplier());
}

std::optional<double> Measure::value() const noexcept {
  if (!defined()) return std::nullopt;
  // Multiply first: for integer counts numerator × multiplier is exact, so the single rounding
  // of the division gives the correctly rounded quotient (1506 × 100 / 1600 = 94.125 exactly);
  // divide first where that product overflows (the constructor refused a value that does).
  return detail::scaled_ratio(numerator_, unit_.multiplier(), denominator_);
}

std::optional<Decimal> Measure::rounded(int decimals) const {
  if (!defined()) return std::nullopt;
  return round_ratio_half_up(numerator_, denominator_, unit_.integer_multiplier(), decimals);
}

std::string Measure::format(int decimals, Language language) const {
  detail::check_decimals(decimals);
  if (!defined()) return language == Language::zh ? "—（分母为0）" : "undefined (denominator is 0)";
  // Text has no 18-digit limit: the same exact rounding as rounded(), printed at any magnitude.
  return detail::fixed_text(detail::round_ratio_digits(numerator_, denominator_,
                                                       unit_.integer_multiplier(), decimals)) +
         std::string(unit_.suffix(language));
}

Proportion::Proportion(double numerator, double denominator, Unit unit)
    : Measure(MeasureKind::proportion, numerator, denominator, unit) {}

Rate::Rate(double events, double population, Unit unit)
    : Measure(MeasureKind::rate, events, population, unit) {}

Ratio::Ratio(double numerator, double denominator, Unit unit)
    : Measure(MeasureKind::ratio, numerator, denominator, unit) {}

QuotaCompletion::QuotaCompletion(double done, double quota)
    : Measure(MeasureKind::quota_completion, done, quota, Unit::percent()) {}

Ratio sex_ratio(double males, double females) { return Ratio(males, females, Unit::per_100()); }

std::string format_value(double value, Unit unit, int decimals, Language language) {
  detail::check_decimals(decimals);
  if (std::isnan(value)) return "—";
  // Any finite value prints (1e308 at 2 decimals is 309 digits and ".00"): no 18-digit limit.
  return detail::fixed_text(value, decimals) + std::string(unit.suffix(language));
}

} // namespace zhibiao
