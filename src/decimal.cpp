#include "zhibiao/decimal.hpp"

#include "zhibiao/detail/decimal_digits.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/error.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <system_error>

namespace zhibiao {

namespace detail {

DecimalDigits shortest_digits(double x) noexcept {
  // std::to_chars without a precision gives the shortest text that reads back as x
  // (Ryu in libstdc++); scientific form makes the exponent explicit: "9.4125e+01".
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  DecimalDigits d;
  const char* p = buf;
  if (*p == '-') {
    d.negative = true;
    ++p;
  }
  int fraction_digits = 0;
  bool after_point = false;
  for (; p < res.ptr && *p != 'e'; ++p) {
    if (*p == '.') {
      after_point = true;
      continue;
    }
    d.mantissa = d.mantissa * 10 + static_cast<std::uint64_t>(*p - '0');
    if (after_point) ++fraction_digits;
  }
  int exp10 = 0;
  if (p < res.ptr) std::from_chars(p + (p[1] == '+' ? 2 : 1), res.ptr, exp10);
  d.exponent = exp10 - fraction_digits;
  return d;
}

u128 pow10_u128(int n) noexcept {
  u128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

bool multiply_checked(u128 a, u128 b, u128& out) noexcept {
  if (a != 0 && b > std::numeric_limits<u128>::max() / a) return false;
  out = a * b;
  return true;
}

} // namespace detail

namespace {

using detail::u128;

constexpr int max_pow10_u128 = 38; // 10^38 < 2^128 ≈ 3.4 × 10^38

int digit_count(u128 v) noexcept {
  int n = 1;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}

u128 magnitude(std::int64_t c) noexcept {
  // Negating INT64_MIN overflows in int64; go through the unsigned type.
  return c < 0 ? static_cast<u128>(-(c + 1)) + 1 : static_cast<u128>(c);
}

std::int64_t checked_int64(u128 magnitude, bool negative, const char* what) {
  if (magnitude > static_cast<u128>(std::numeric_limits<std::int64_t>::max()))
    throw invalid_input(what, "has more than 18 significant digits");
  const auto v = static_cast<std::int64_t>(magnitude);
  return negative ? -v : v;
}

std::string u128_text(u128 v) {
  std::string digits;
  for (; digits.empty() || v != 0; v /= 10)
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
  return digits;
}

// (negative, magnitude, exponent) with the trailing zeros of the magnitude moved to the exponent.
struct Normal {
  bool negative;
  u128 magnitude;
  int exponent;
};
Normal normal(bool negative, u128 magnitude, int exponent) noexcept {
  if (magnitude == 0) return {false, 0, 0};
  while (magnitude % 10 == 0) {
    magnitude /= 10;
    ++exponent;
  }
  return {negative, magnitude, exponent};
}

// Half-up division of non-negative integers: round(a / b) with ties away from zero.
// Needs 2a + b to fit; callers keep a, b below 2^126.
u128 divide_half_up(u128 a, u128 b) noexcept { return (2 * a + b) / (2 * b); }

} // namespace

namespace detail {

void check_decimals(int decimals) {
  if (decimals < 0 || decimals > 15)
    throw invalid_input("decimals", "must be between 0 and 15, got " + std::to_string(decimals));
}

RoundedDecimal round_digits_half_up(double x, int decimals) noexcept {
  RoundedDecimal r;
  r.decimals = decimals;
  if (!finite(x)) {
    r.finite = false;
    return r;
  }
  const auto d = shortest_digits(x);
  r.negative = d.negative;
  if (d.exponent >= -decimals) { // no digit beyond the requested ones
    r.magnitude = d.mantissa;
    r.exponent = d.exponent;
    return r;
  }
  const int drop = -decimals - d.exponent;
  r.exponent = -decimals;
  // The mantissa has at most 17 digits: dropping 18 or more leaves less than 0.1 of a unit.
  r.magnitude = drop >= 18 ? 0 : divide_half_up(d.mantissa, pow10_u128(drop));
  return r;
}

RoundedDecimal round_ratio_digits(double numerator, double denominator, std::int64_t multiplier,
                                  int decimals) noexcept {
  if (numerator == 0) return {false, 0, -decimals, decimals, true};
  // value × 10^decimals = (mn·10^en · multiplier · 10^decimals) / (md·10^ed): an exact rational
  // of two integers once the powers of ten are moved to one side.
  const auto n = shortest_digits(numerator);
  const auto d = shortest_digits(denominator);
  const int k = n.exponent - d.exponent + decimals;
  u128 a = 0, b = d.mantissa;
  bool fits = multiply_checked(n.mantissa, static_cast<u128>(multiplier), a);
  if (fits && std::abs(k) > max_pow10_u128) fits = false;
  if (fits && k > 0) fits = multiply_checked(a, pow10_u128(k), a);
  if (fits && k < 0) fits = multiply_checked(b, pow10_u128(-k), b);
  constexpr u128 limit = u128(1) << 125; // keeps 2a + b in range
  if (fits && a < limit && b < limit)
    return {false, divide_half_up(a, b), -decimals, decimals, true};
  // Beyond 128 bits (values far from any count: 1e-300 / 7, 1e308 / 3): round the shortest
  // decimal of the double quotient, computed in the order that cannot overflow where it is
  // finite; not finite only where the quotient itself exceeds the largest double.
  return round_digits_half_up(scaled_ratio(numerator, static_cast<double>(multiplier), denominator),
                              decimals);
}

double to_double(const RoundedDecimal& r) noexcept {
  if (!r.finite)
    return r.negative ? -std::numeric_limits<double>::infinity()
                      : std::numeric_limits<double>::infinity();
  // Built with append: GCC 12 warns falsely (-Wrestrict) on const char* + std::string&&.
  std::string s(r.negative ? "-" : "");
  s.append(u128_text(r.magnitude)).append("e").append(std::to_string(r.exponent));
  double x = 0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), x); // correctly rounded
  // from_chars leaves x unchanged out of range: beyond the largest double is ±inf, below the
  // smallest denormal ±0 (as Python's float("1e330") and float("1e-330")).
  if (res.ec == std::errc::result_out_of_range)
    return r.exponent > 0 ? (r.negative ? -std::numeric_limits<double>::infinity()
                                        : std::numeric_limits<double>::infinity())
                          : (r.negative ? -0.0 : 0.0);
  return x;
}

std::string fixed_text(const RoundedDecimal& r) {
  std::string digits = u128_text(r.magnitude);
  if (r.magnitude != 0) digits.append(static_cast<std::size_t>(r.exponent + r.decimals), '0');
  const auto n = static_cast<std::size_t>(r.decimals);
  if (n > 0) {
    if (digits.size() <= n) digits.insert(0, n + 1 - digits.size(), '0');
    digits.insert(digits.size() - n, 1, '.');
  }
  return r.negative && r.magnitude != 0 ? "-" + digits : digits;
}

std::string fixed_text(double x, int decimals) {
  check_decimals(decimals);
  if (!finite(x))
    throw invalid_input("value", "is not a finite number (" + full_precision_text(x) + ")");
  return fixed_text(round_digits_half_up(x, decimals));
}

Decimal to_decimal(const RoundedDecimal& r, std::string_view field) {
  const std::string f(field);
  if (!r.finite)
    throw invalid_input(f, "makes the value exceed the largest double (溢出 overflow)");
  const int pad = r.exponent + r.decimals;
  u128 scaled = 0;
  if (pad > max_pow10_u128 || !multiply_checked(r.magnitude, pow10_u128(pad), scaled) ||
      scaled > static_cast<u128>(std::numeric_limits<std::int64_t>::max()))
    throw invalid_input(f, "gives " + full_precision_text(to_double(r)) + ", which at " +
                               std::to_string(r.decimals) +
                               " decimals has more than 18 significant digits: an exact decimal "
                               "holds at most 18 (溢出 overflow)");
  const auto v = static_cast<std::int64_t>(scaled);
  return Decimal(r.negative ? -v : v, -r.decimals);
}

bool equals(const RoundedDecimal& r, const Decimal& d) noexcept {
  if (!r.finite) return false;
  const Normal a = normal(r.negative, r.magnitude, r.exponent);
  const Normal b = normal(d.coefficient() < 0, magnitude(d.coefficient()), d.exponent());
  return a.negative == b.negative && a.magnitude == b.magnitude &&
         (a.magnitude == 0 || a.exponent == b.exponent);
}

} // namespace detail

Decimal Decimal::parse(std::string_view text, std::string_view field) {
  const std::string f(field);
  const std::string t(text);
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  u128 coefficient = 0;
  int digits = 0;
  int fraction_digits = 0;
  bool after_point = false;
  bool any_digit = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !after_point) {
      after_point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any_digit = true;
    if (digits > 0 || c != '0') ++digits;
    if (digits > 18) throw parse_error(f, t, i, "at most 18 significant digits");
    coefficient = coefficient * 10 + static_cast<unsigned>(c - '0');
    if (after_point) ++fraction_digits;
  }
  if (!any_digit) throw parse_error(f, t, i, "a digit");
  int exponent = -fraction_digits;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    int e = 0;
    const char* begin = text.data() + i + (i < text.size() && text[i] == '+' ? 1 : 0);
    const auto res = std::from_chars(begin, text.data() + text.size(), e);
    if (res.ec != std::errc() || e < -330 || e > 330)
      throw parse_error(f, t, i, "an exponent between -330 and 330");
    i = static_cast<std::size_t>(res.ptr - text.data());
    exponent += e;
  }
  if (i != text.size()) throw parse_error(f, t, i, "a digit, '.' or an exponent");
  return Decimal(checked_int64(coefficient, negative, "decimal"), exponent);
}

Decimal Decimal::from_double(double x) {
  if (!std::isfinite(x)) throw invalid_input("value", "is not a finite number");
  const auto d = detail::shortest_digits(x);
  const auto c = static_cast<std::int64_t>(d.mantissa); // at most 17 digits
  return Decimal(d.negative ? -c : c, d.exponent);
}

Decimal Decimal::round_half_up(int decimals) const {
  detail::check_decimals(decimals);
  detail::RoundedDecimal r{coefficient_ < 0, magnitude(coefficient_), exponent_, decimals, true};
  if (exponent_ < -decimals) {
    const int drop = -decimals - exponent_;
    // |coefficient| < 2^63 < 10^19 / 2, so dropping 20 or more digits always leaves 0.
    r.magnitude = drop >= 20 ? 0 : divide_half_up(r.magnitude, detail::pow10_u128(drop));
    r.exponent = -decimals;
  }
  // Padded with zeros beyond 18 digits (1e17 at 5 decimals): invalid_input, not OverflowError.
  return detail::to_decimal(r, "decimals");
}

double Decimal::to_double() const {
  // Through the one conversion: from_chars alone left 0 for "1e330" (out of range, x unchanged),
  // a silent wrong answer; it is +inf, as Python's float("1e330").
  return detail::to_double(
      {coefficient_ < 0, magnitude(coefficient_), exponent_, exponent_ < 0 ? -exponent_ : 0, true});
}

std::string Decimal::to_string() const {
  const bool negative = coefficient_ < 0;
  std::string digits;
  for (u128 m = magnitude(coefficient_); digits.empty() || m != 0; m /= 10)
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
  if (exponent_ >= 0) {
    if (coefficient_ != 0) digits.append(static_cast<std::size_t>(exponent_), '0');
  } else {
    const auto n = static_cast<std::size_t>(-exponent_);
    if (digits.size() <= n) digits.insert(0, n + 1 - digits.size(), '0');
    digits.insert(digits.size() - n, 1, '.');
  }
  return negative ? "-" + digits : digits;
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) noexcept {
  const int sa = (a.coefficient_ > 0) - (a.coefficient_ < 0);
  const int sb = (b.coefficient_ > 0) - (b.coefficient_ < 0);
  if (sa != sb || sa == 0) return sa <=> sb;
  const u128 ma = magnitude(a.coefficient_), mb = magnitude(b.coefficient_);
  // Compare the position of the leading digit first; equal positions leave exponents at most
  // 18 apart, so rescaling fits in 128 bits.
  const int lead_a = digit_count(ma) + a.exponent_, lead_b = digit_count(mb) + b.exponent_;
  std::strong_ordering by_magnitude = lead_a <=> lead_b;
  if (by_magnitude == std::strong_ordering::equal) {
    const int e = std::min(a.exponent_, b.exponent_);
    by_magnitude =
        ma * detail::pow10_u128(a.exponent_ - e) <=> mb * detail::pow10_u128(b.exponent_ - e);
  }
  return sa > 0 ? by_magnitude : 0 <=> by_magnitude;
}

Decimal round_ratio_half_up(double numerator, double denominator, std::int64_t multiplier,
                            int decimals) {
  detail::check_decimals(decimals);
  if (!std::isfinite(numerator)) throw invalid_input("numerator", "is not a finite number");
  if (!std::isfinite(denominator)) throw invalid_input("denominator", "is not a finite number");
  if (numerator < 0) throw invalid_input("numerator", "is negative");
  if (denominator <= 0) throw invalid_input("denominator", "must be positive");
  if (multiplier < 1) throw invalid_input("multiplier", "must be at least 1");
  // Beyond 18 digits (1e308 / 1 × 100 at 2 decimals) the Decimal cannot hold it: invalid_input
  // naming the numerator (issue 14, class 3); the columns round through RoundedDecimal instead.
  return detail::to_decimal(
      detail::round_ratio_digits(numerator, denominator, multiplier, decimals), "numerator");
}

double round_half_up(double x, int decimals) {
  detail::check_decimals(decimals);
  if (!std::isfinite(x))
    throw invalid_input("x", "is not a finite number (" + detail::full_precision_text(x) + ")");
  return detail::to_double(detail::round_digits_half_up(x, decimals));
}

DecimalRange rounding_range(const Decimal& printed) noexcept {
  // c × 10^e stands for (2c − 1)/2 × 10^e to (2c + 1)/2 × 10^e. Computed as one multiplication or
  // division of exact integers (2c ± 1 and 10^|e| are exact in a double below 2^53), so each end
  // is correctly rounded; beyond that the ends are within an ulp.
  const double c = static_cast<double>(printed.coefficient());
  const int e = printed.exponent();
  const double scale = std::pow(10.0, std::abs(e));
  const auto at = [&](double twice) { return e >= 0 ? twice * scale / 2 : twice / (2 * scale); };
  DecimalRange r;
  r.lower = at(2 * c - 1);
  r.upper = at(2 * c + 1);
  // Half away from zero: a tie goes to the larger magnitude, so the end nearer zero is closed.
  r.lower_closed = printed.coefficient() > 0;
  r.upper_closed = printed.coefficient() < 0;
  return r;
}

} // namespace zhibiao
