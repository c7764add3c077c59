#pragma once
/// \file measure.hpp
/// One measure: a proportion, rate, ratio or quota completion, a numerator over a denominator in
/// a unit, as a single checked value, with the row statuses the column functions (rate.hpp) and
/// the evaluated tables (evaluation.hpp) share.
///
///     zhibiao::QuotaCompletion marriage_checks(1506, 1600);   // 任务数1600人, 已完成1506人
///     marriage_checks.format(2);                               // "94.13%"
///     zhibiao::Proportion coverage(5799, 34903);
///     coverage.format(1);                                      // "16.6%"
///     zhibiao::sex_ratio(427, 374).format(2);                  // "114.17"
///     zhibiao::Rate incidence(1227, 797297);                   // 153.895/10万 (format(3))
///
/// Kinds differ only in what they accept: a proportion's numerator is a part of its denominator
/// (签约率: numerator ≤ denominator); a rate counts events in a population and may exceed 1 per
/// person; a ratio relates two counts (出生人口性别比); a quota completion compares work done with
/// a task and may pass 100 %. None accepts negative or non-finite inputs. A zero denominator gives
/// an explicit 'undefined' value (std::nullopt, status RowStatus::undefined), never inf or NaN.
///
/// This header needs only the standard library (no Eigen), so the headers that name a measure's
/// kind or status (indicator.hpp, evaluation.hpp, assessment.hpp) stay cheap to include; whole
/// columns of measures are in rate.hpp.
///
/// Thread safety: the functions keep no state between calls and may be called from any number of
/// threads at once; Proportion, Rate, Ratio and QuotaCompletion values may be read by several
/// threads at once (a value being assigned must not be used by another thread).

#include "zhibiao/decimal.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/unit.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ZHIBIAO_API zhibiao {

enum class MeasureKind : std::uint8_t { proportion = 0, rate = 1, ratio = 2, quota_completion = 3 };

/// "proportion", "rate", "ratio", "quota_completion".
std::string_view to_string(MeasureKind kind) noexcept;
/// Inverse of to_string(MeasureKind); throws zhibiao::invalid_input (field "kind").
MeasureKind parse_measure_kind(std::string_view text);

/// Outcome of one row. `ok` and `undefined` are results; the others are input errors.
/// Values are stable: they are the codes of the status column seen from Python.
enum class RowStatus : std::uint8_t {
  ok = 0,
  undefined = 1, ///< denominator is zero: the value does not exist
  negative_numerator = 2,
  negative_denominator = 3,
  non_finite_numerator = 4, ///< NaN or ±inf
  non_finite_denominator = 5,
  numerator_exceeds_denominator = 6, ///< only for proportions
  /// 溢出: finite inputs whose value exceeds the largest double (a ratio of 1e308 to 1e-10); the
  /// value is computed in the order that cannot overflow otherwise (detail::scaled_ratio).
  overflow = 7,
};
/// The number of RowStatus codes (for tables of their descriptions).
inline constexpr int row_status_count = 8;

/// True for the statuses that are input errors (not ok, not undefined).
constexpr bool is_error(RowStatus s) noexcept { return static_cast<std::uint8_t>(s) >= 2; }
/// A short English text: "ok", "undefined: denominator is zero", "numerator is negative", ...
std::string_view describe(RowStatus status) noexcept;

/// Names of the two inputs of a kind, as errors print them: "numerator"/"denominator", and
/// "done"/"quota" for a quota completion.
std::string_view numerator_field(MeasureKind kind) noexcept;
std::string_view denominator_field(MeasureKind kind) noexcept;

/// The status of one row: the first of non-finite, negative, numerator above denominator
/// (proportions only), zero denominator that applies, else ok.
RowStatus classify(MeasureKind kind, double numerator, double denominator) noexcept;

/// A numerator over a denominator in a unit. Built through Proportion, Rate, Ratio or
/// QuotaCompletion, which check their inputs once, at construction; each also throws
/// zhibiao::invalid_input naming the denominator when the value would exceed the largest double
/// (RowStatus::overflow), so value() is finite or std::nullopt.
class Measure {
public:
  MeasureKind kind() const noexcept { return kind_; }
  double numerator() const noexcept { return numerator_; }
  double denominator() const noexcept { return denominator_; }
  Unit unit() const noexcept { return unit_; }

  /// False when the denominator is zero: the value does not exist.
  bool defined() const noexcept { return denominator_ != 0; }
  /// numerator × multiplier / denominator, or std::nullopt when undefined.
  std::optional<double> value() const noexcept;
  /// The value rounded half up to `decimals` digits, computed on the exact rational
  /// (1506/1600 → 94.13); std::nullopt when undefined.
  std::optional<Decimal> rounded(int decimals) const;
  /// "94.13%", "4.86‰", "153.895/10万", "114.17" (English: "4.86 per 1,000"); for an undefined
  /// value "—（分母为0）" / "undefined (denominator is 0)".
  std::string format(int decimals, Language language = Language::zh) const;

protected:
  Measure(MeasureKind kind, double numerator, double denominator, Unit unit);

private:
  double numerator_;
  double denominator_;
  Unit unit_;
  MeasureKind kind_;
};

/// A share of a whole (签约率, 覆盖率, 建档率): 0 ≤ numerator ≤ denominator.
class Proportion : public Measure {
public:
  /// Throws zhibiao::invalid_input naming "numerator" or "denominator" if either is negative or
  /// not finite, or if numerator > denominator.
  Proportion(double numerator, double denominator, Unit unit = Unit::percent());
};

/// Events in a population (发病率, 出生率): the numerator may exceed the denominator.
class Rate : public Measure {
public:
  /// Throws zhibiao::invalid_input for negative or non-finite inputs.
  Rate(double events, double population, Unit unit = Unit::per_100k());
  double events() const noexcept { return numerator(); }
  double population() const noexcept { return denominator(); }
};

/// One count relative to another (出生人口性别比, 千人口托位数, 次均费用).
class Ratio : public Measure {
public:
  /// Throws zhibiao::invalid_input for negative or non-finite inputs.
  Ratio(double numerator, double denominator, Unit unit = Unit::ratio());
};

/// Work done against a task (任务完成率), in per cent; may exceed 100 %.
class QuotaCompletion : public Measure {
public:
  /// Throws zhibiao::invalid_input naming "done" or "quota" for negative or non-finite inputs.
  QuotaCompletion(double done, double quota);
  double done() const noexcept { return numerator(); }
  double quota() const noexcept { return denominator(); }
  /// What is left to do, never negative.
  double remaining() const noexcept { return done() < quota() ? quota() - done() : 0.0; }
  bool reached() const noexcept { return done() >= quota(); }
};

/// Sex ratio (出生人口性别比): males per 100 females.
Ratio sex_ratio(double males, double females);

/// Formats a value the way reports print it: value rounded half up (on its shortest decimal) to
/// `decimals` digits, then the unit's suffix: format_value(4.8599, Unit::per_mille(), 2) is
/// "4.86‰". NaN prints as "—".
std::string format_value(double value, Unit unit, int decimals, Language language = Language::zh);

} // namespace zhibiao
