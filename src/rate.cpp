#include "zhibiao/rate.hpp"
#include "zhibiao/detail/decimal_digits.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/measure_messages.hpp"
#include "zhibiao/detail/names.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/detail/rate_kernels.hpp"
#include "zhibiao/detail/rows.hpp"
#include "zhibiao/detail/spans.hpp"

#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <span>
#include <sstream>

namespace zhibiao {

// --- column kernels ---------------------------------------------------------------------------

namespace detail {

BatchCounts compute_measures(MeasureKind kind, const double* numerator, const double* denominator,
                             std::size_t n, double multiplier, double* values,
                             std::uint8_t* status) noexcept {
  // Pass 1, the only one for clean data: a branch-free loop the compiler vectorises. A row is
  // clean when both inputs are finite, non-negative, the denominator is positive and (for
  // proportions) numerator ≤ denominator; NaN fails every comparison, so it is caught too.
  constexpr double max = std::numeric_limits<double>::max();
  const bool bounded = kind == MeasureKind::proportion;
  // The value's own test (≤ max, false for ±inf) catches a quotient that overflows (issue 14).
  bool anomaly = false;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = numerator[i], d = denominator[i];
    const double v = detail::scaled_ratio(x, multiplier, d);
    values[i] = v;
    anomaly |= !((x >= 0) & (x <= max) & (d > 0) & (d <= max) & (!bounded | (x <= d)) & (v <= max));
  }
  std::memset(status, 0, n);
  BatchCounts counts;
  if (!anomaly) return counts;
  // Pass 2, only when some row is not clean: classify each row and blank out its value.
  for (std::size_t i = 0; i < n; ++i) {
    RowStatus s = classify(kind, numerator[i], denominator[i]);
    if (s == RowStatus::ok) {
      if (values[i] <= max) continue;
      s = RowStatus::overflow;
    }
    status[i] = static_cast<std::uint8_t>(s);
    values[i] = detail::nan;
    if (s == RowStatus::undefined) ++counts.undefined;
    else ++counts.invalid;
  }
  return counts;
}

void round_measures_half_up(const double* numerator, const double* denominator,
                            const std::uint8_t* status, std::size_t n, std::int64_t multiplier,
                            int decimals, double* rounded) {
  // Through RoundedDecimal, not Decimal: a value beyond 18 digits (10^30 events) is rounded too.
  // Ok rows hold finite values (compute_measures flagged the overflowed ones), so the rounded
  // value, at most half a unit of the last decimal away, is finite as well.
  for (std::size_t i = 0; i < n; ++i)
    rounded[i] = status[i] == 0 ? detail::to_double(detail::round_ratio_digits(
                                      numerator[i], denominator[i], multiplier, decimals))
                                : detail::nan;
}

std::vector<row_error> describe_bad_rows(MeasureKind kind, const double* numerator,
                                         const double* denominator, const std::uint8_t* status,
                                         std::size_t n) {
  std::vector<row_error> errors;
  for (std::size_t i = 0; i < n; ++i) {
    const auto s = static_cast<RowStatus>(status[i]);
    if (!is_error(s)) continue;
    errors.push_back({i, std::string(detail::bad_row_field(kind, s)),
                      detail::bad_row_message(s, numerator[i], denominator[i])});
  }
  return errors;
}

MeasureColumn measure_column(MeasureKind kind, std::span<const double> numerator,
                             std::span<const double> denominator, const BatchOptions& options,
                             const MeasureBuffers& out) {
  detail::require_rows(denominator.size(), denominator_field(kind), numerator.size(),
                       numerator_field(kind));
  if (options.decimals) detail::check_decimals(*options.decimals); // the range first
  const std::size_t n = numerator.size();
  const double* num = numerator.data();
  const double* den = denominator.data();
  const BatchCounts counts = compute_measures(kind, num, den, n, options.unit.multiplier(),
                                              out.values.data(), out.status.data());
  MeasureColumn column;
  column.undefined = counts.undefined;
  if (counts.invalid > 0) {
    column.errors = describe_bad_rows(kind, num, den, out.status.data(), n);
    if (options.on_bad_rows == OnBadRows::raise) throw invalid_rows(std::move(column.errors));
  }
  if (options.decimals)
    round_measures_half_up(num, den, out.status.data(), n, options.unit.integer_multiplier(),
                           *options.decimals, out.rounded.data());
  return column;
}

} // namespace detail

MeasureArray compute(MeasureKind kind, std::span<const double> numerator,
                     std::span<const double> denominator, const BatchOptions& options) {
  const std::size_t rows = numerator.size();
  MeasureArray out;
  out.kind = kind;
  out.unit = options.unit;
  out.values.resize(rows);
  out.status.resize(rows);
  if (options.decimals) out.rounded.resize(rows);
  detail::MeasureColumn column = detail::measure_column(
      kind, numerator, denominator, options,
      {out.values.span(), detail::code_span(out.status), out.rounded.span()});
  out.undefined_count = column.undefined;
  out.errors = std::move(column.errors);
  return out;
}

MeasureArray compute(MeasureKind kind, const Eigen::Ref<const Eigen::ArrayXd>& numerator,
                     const Eigen::Ref<const Eigen::ArrayXd>& denominator,
                     const BatchOptions& options) {
  return compute(kind, detail::span_of(numerator), detail::span_of(denominator), options);
}

MeasureArray proportions(const Eigen::Ref<const Eigen::ArrayXd>& numerator,
                         const Eigen::Ref<const Eigen::ArrayXd>& denominator,
                         BatchOptions options) {
  return compute(MeasureKind::proportion, numerator, denominator, options);
}

MeasureArray rates(const Eigen::Ref<const Eigen::ArrayXd>& events,
                   const Eigen::Ref<const Eigen::ArrayXd>& population, BatchOptions options) {
  return compute(MeasureKind::rate, events, population, options);
}

MeasureArray ratios(const Eigen::Ref<const Eigen::ArrayXd>& numerator,
                    const Eigen::Ref<const Eigen::ArrayXd>& denominator, BatchOptions options) {
  return compute(MeasureKind::ratio, numerator, denominator, options);
}

MeasureArray quota_completions(const Eigen::Ref<const Eigen::ArrayXd>& done,
                               const Eigen::Ref<const Eigen::ArrayXd>& quota,
                               BatchOptions options) {
  options.unit = Unit::percent();
  return compute(MeasureKind::quota_completion, done, quota, options);
}

MeasureArray proportions(std::span<const double> numerator, std::span<const double> denominator,
                         BatchOptions options) {
  return compute(MeasureKind::proportion, numerator, denominator, options);
}

MeasureArray rates(std::span<const double> events, std::span<const double> population,
                   BatchOptions options) {
  return compute(MeasureKind::rate, events, population, options);
}

MeasureArray ratios(std::span<const double> numerator, std::span<const double> denominator,
                    BatchOptions options) {
  return compute(MeasureKind::ratio, numerator, denominator, options);
}

MeasureArray quota_completions(std::span<const double> done, std::span<const double> quota,
                               BatchOptions options) {
  options.unit = Unit::percent();
  return compute(MeasureKind::quota_completion, done, quota, options);
}

} // namespace zhibiao
