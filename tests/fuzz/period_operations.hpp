#pragma once
// Every operation of a Period, for the fuzz targets (issue 14): whatever a target parses into a
// Period — period text, an expression's period modifiers, a validation rule's period type — is
// put through all of them, not only parsed. Each operation may answer or refuse with the
// zhibiao::invalid_input family; any other exception escapes to libFuzzer (a crash), and so do
// aborts and sanitizer reports. Results are checked where an invariant says what they must be.
//
// Before issue 14 the targets only parsed, and missed that an operation stepping past the
// calendar's ends (1400-01-01 … 9999-12-31) aborted the process: "99991231" parsed fine, its
// next() threw boost::gregorian::bad_year inside a noexcept function.
#include <zhibiao/detail/cube_columns.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/expression.hpp>
#include <zhibiao/period.hpp>
#include <zhibiao/validation.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace zhibiao_fuzz {

using zhibiao::Date;
using zhibiao::Period;
using zhibiao::PeriodTextOptions;

// Runs f; a zhibiao refusal is an answer, anything else propagates.
template <class F>
void answer_or_refusal(F&& f) {
  try {
    f();
  } catch (const zhibiao::invalid_input&) {
  }
}

inline void check_dates(const Period& p) {
  if (p.end() < p.start()) __builtin_trap();
  if (p.days() < 1) __builtin_trap();
}

// What every Period answers: its texts parse back to it, its relations hold for itself.
inline void check_texts(const Period& p, const PeriodTextOptions& options) {
  check_dates(p);
  const Period from_code = Period::parse(p.code(), options);
  if (from_code.start() != p.start() || from_code.end() != p.end()) __builtin_trap();
  const Period from_chinese = Period::parse(p.chinese(options), options);
  if (from_chinese.start() != p.start() || from_chinese.end() != p.end()) __builtin_trap();
}

// `p` moved `steps` periods one at a time (negative: back), each step checked.
inline void walk(const Period& p, int steps, const PeriodTextOptions& options) {
  Period q = p;
  for (int k = 0; k < (steps < 0 ? -steps : steps); ++k) {
    const Period r = steps < 0 ? q.previous() : q.next();
    check_dates(r);
    if (r.type() != q.type()) __builtin_trap();
    // next() and previous() are inverses (環比 both ways).
    // next and previous are inverses for every typed period; a date range that is not month-
    // aligned moves by its days and may land month-aligned, after which it moves by months.
    if (q.type() != zhibiao::PeriodType::range && !((steps < 0 ? r.next() : r.previous()) == q))
      __builtin_trap();
    q = r;
  }
  (void)q.code();
  (void)q.chinese(options);
}

/// Every operation of `p`.
inline void exercise(const Period& p, const PeriodTextOptions& options = {}) {
  using zhibiao::ProgressBasis;
  using zhibiao::TimeVariable;
  answer_or_refusal([&] { check_texts(p, options); });
  answer_or_refusal([&] {
    PeriodTextOptions other = options;
    other.statistical_year_start_month = options.statistical_year_start_month == 10 ? 4 : 10;
    other.cumulative_start_month = options.cumulative_start_month == 1 ? 10 : 1;
    other.reference = std::nullopt;
    check_texts(p, other);
  });
  answer_or_refusal([&] {
    (void)p.start_year();
    (void)p.end_year();
    if (p.month_aligned() && p.months() < 1) __builtin_trap();
  });
  answer_or_refusal([&] {
    if (!p.contains(p.start()) || !p.contains(p.end()) || !p.contains(p) || !p.overlaps(p))
      __builtin_trap();
    const auto both = p.intersect(p);
    if (!both || both->start() != p.start() || both->end() != p.end()) __builtin_trap();
  });
  answer_or_refusal([&] {
    if (p.days() > 800) return; // a range may span the whole calendar (3 million days)
    const auto days = p.split_days();
    if (static_cast<int>(days.size()) != p.days() || days.back().end() != p.end()) __builtin_trap();
  });
  answer_or_refusal([&] {
    if (p.days() > 40000) return;
    const auto months = p.split_months();
    if (months.empty() || months.front().start() != p.start() || months.back().end() != p.end())
      __builtin_trap();
  });
  answer_or_refusal([&] {
    const Period last_year = p.same_period_last_year();
    check_dates(last_year);
    if (!(last_year < p)) __builtin_trap();
    (void)last_year.code();
  });
  // Offsets: one step, a few (iteration), and far (±60: past either end from anywhere within
  // five years of it for months, a year for weeks).
  for (int steps : {1, -1, 3, -3, 60, -60}) answer_or_refusal([&] { walk(p, steps, options); });
  answer_or_refusal([&] {
    const Period ytd = p.year_to_date(); // from the start of the year containing p's end
    if (ytd.end() != p.end()) __builtin_trap();
  });
  answer_or_refusal([&] {
    const Period year = p.containing_year();
    if (!year.contains(p.end())) __builtin_trap();
  });
  answer_or_refusal([&] {
    for (Date as_of : {p.start(), p.end()}) {
      const double share = p.elapsed_share(as_of);
      if (!(share >= 0 && share <= 1)) __builtin_trap();
    }
    if (p.month_aligned()) (void)p.elapsed_share(p.end(), ProgressBasis::months);
  });
  answer_or_refusal([&] {
    const double f = p.annualisation_factor();
    if (!(f > 0)) __builtin_trap();
  });
  answer_or_refusal([&] {
    if (p.month_aligned()) (void)p.annualisation_factor(ProgressBasis::months);
  });
  for (int start_month : {1, 10})
    answer_or_refusal([&] { check_dates(Period::cumulative_to(p.end(), start_month)); });
  for (auto v : {TimeVariable::days, TimeVariable::period_in_year, TimeVariable::periods_per_year})
    answer_or_refusal([&] { (void)zhibiao::time_variable(p, v); });
}

/// Periods at and near both ends of the calendar, and one in the middle, of every type: what
/// the period modifiers and period types of expressions and rules are applied to.
inline const std::vector<Period>& edge_periods() {
  static const std::vector<Period> periods = [] {
    std::vector<Period> out;
    for (const char* code : {"14000101",
                             "99991231",
                             "1400W02",
                             "9999W51",
                             "140001",
                             "999912",
                             "140001B",
                             "999906B",
                             "1400Q1",
                             "9999Q4",
                             "1400S1",
                             "9999S2",
                             "1400",
                             "9999",
                             "1400Oct",
                             "9998Oct",
                             "1400OctS1",
                             "9998OctS2",
                             "1400-01-01/1400-01-05",
                             "9999-12-27/9999-12-31",
                             "1400-01-01/9999-12-31",
                             "2024W01",
                             "202402",
                             "2019统计年度"})
      out.push_back(Period::parse(code));
    return out;
  }();
  return periods;
}

/// An expression's period modifiers (periodOffset(n), samePeriodLastYear(), yearToDate()) as
/// the cube applies them, on every edge period, and the time variables of each result.
inline void exercise_modifiers(const zhibiao::Expression& e) {
  std::size_t seen = 0;
  for (const auto& r : e.references()) {
    if (r.modifier == zhibiao::PeriodModifier::none) continue;
    if (++seen > 4) break; // enough to cover every modifier; offsets walk up to 10^4 steps
    for (const Period& p : edge_periods())
      answer_or_refusal([&] {
        const Period q = zhibiao::detail::shifted_period(p, r);
        check_dates(q);
        (void)q.code();
        for (auto v : {zhibiao::TimeVariable::days, zhibiao::TimeVariable::period_in_year,
                       zhibiao::TimeVariable::periods_per_year})
          (void)zhibiao::time_variable(q, v);
      });
  }
}

/// The periods of `type` inside every edge period, each exercised.
inline void exercise_period_type(zhibiao::PeriodType type) {
  for (const Period& p : edge_periods())
    answer_or_refusal([&] {
      if (p.days() > 800) return; // the whole calendar: 103200 months
      const auto within = zhibiao::periods_of_type_within(p, type);
      for (const Period& q : within)
        if (!p.contains(q)) __builtin_trap();
      if (within.empty()) return;
      exercise(within.front()); // the first and last are the ones at an end of the calendar
      exercise(within.back());
    });
}

} // namespace zhibiao_fuzz
