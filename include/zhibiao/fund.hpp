#pragma once
/// \file fund.hpp
/// Fund execution: money raised to a standard, shared by levels of government, and tracked from
/// allocation to arrival (到位), disbursement (拨付) and spending (支出) against time elapsed.
///
///     // Seed 002 (新农合): 667984 persons at 540 元 a head (个人120, 中央240, 省135, 区45).
///     auto fund = zhibiao::Fund::per_capita(zhibiao::Money::parse("540元"), 667984,
///         {{"个人", zhibiao::Money::parse("120元")}, {"中央", zhibiao::Money::parse("240元")},
///          {"省", zhibiao::Money::parse("135元")}, {"区", zhibiao::Money::parse("45元")}});
///     fund.total().yuan_text();   // "360711360.00": 全年应筹集参合资金3.6亿余元
///
/// Money is exact: a whole number of 分 (0.01 元) in 64 bits, read from report text ("116.17万元",
/// "1.3亿元") without binary rounding, summed without drift, and refused on overflow — a
/// double-precision sum of a million amounts in 元 drifts by several 分 (docs/funds.md §1).
///
/// Thread safety: Money and Fund are immutable values; the functions keep no state between calls
/// and may be called from any number of threads at once.
#include "zhibiao/export.hpp"
#include "zhibiao/period.hpp"
#include "zhibiao/unit.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// An amount of money in 分 (0.01 元).
class Money {
public:
  constexpr Money() noexcept = default;
  static constexpr Money from_fen(std::int64_t fen) noexcept { return Money(fen); }
  /// Reads "540元", "116.17万元", "1.3亿元", "3.6亿", "2400万", "986.1万元", "12.5" (元), with
  /// thousands separators ("1,234.50元"): exact in 分; more decimals than 分 (0.005元) are refused,
  /// not rounded. Throws zhibiao::parse_error (field "money") with the character position.
  static Money parse(std::string_view text, std::string_view field = "money");
  /// An amount in 元 from a double, rounded half up to the 分 (the decimal it prints as, see
  /// Decimal::from_double); zhibiao::invalid_input for a non-finite or overflowing value.
  static Money from_yuan(double yuan, std::string_view field = "amount");
  constexpr std::int64_t fen() const noexcept { return fen_; }
  double yuan() const noexcept { return static_cast<double>(fen_) / 100; }
  /// "360711360.00" (元, two decimals).
  std::string yuan_text() const;
  /// Sum and difference; zhibiao::invalid_input naming "money" on overflow.
  friend Money operator+(Money a, Money b);
  friend Money operator-(Money a, Money b);
  /// `count` times this amount (persons × a standard); invalid_input on overflow.
  Money times(std::int64_t count) const;
  friend constexpr auto operator<=>(Money, Money) noexcept = default;

private:
  constexpr explicit Money(std::int64_t fen) noexcept : fen_(fen) {}
  std::int64_t fen_ = 0;
};

/// The exact sum of `amounts`; zhibiao::invalid_input naming "amounts" on overflow.
Money sum(std::span<const Money> amounts);

/// One level of government's (or the individual's) part of a standard.
struct FundShare {
  std::string level; ///< 中央, 省, 市, 县/区, 个人
  Money per_capita;  ///< its amount a head (for a per-capita fund) or its amount (a fixed sum)
};

/// A fund: a standard and the shares that make it up.
class Fund {
public:
  /// `standard` a head for `population` persons; the shares (may be empty) must add up to the
  /// standard exactly. Throws zhibiao::invalid_input naming "shares" (with the sum found),
  /// "population" (< 0) or "standard" (negative).
  static Fund per_capita(Money standard, std::int64_t population,
                         std::vector<FundShare> shares = {});
  /// A fixed sum (population 0); the shares, if any, must add up to it.
  static Fund fixed(Money total, std::vector<FundShare> shares = {});

  Money total() const;                    ///< standard × population, or the fixed sum
  Money share_total(std::size_t i) const; ///< share i's part of the total
  Money standard() const noexcept { return standard_; }
  std::int64_t population() const noexcept { return population_; }
  const std::vector<FundShare>& shares() const noexcept { return shares_; }
  bool is_per_capita() const noexcept { return per_capita_; }

private:
  Money standard_;
  std::int64_t population_ = 0;
  bool per_capita_ = false;
  std::vector<FundShare> shares_;
};

/// What happened to money: a stage of the flow from allocation to spending.
enum class FundStage : std::uint8_t { allocated = 0, arrived = 1, disbursed = 2, spent = 3 };
/// "allocated", "arrived", "disbursed", "spent".
std::string_view to_string(FundStage stage) noexcept;
/// The stage a name stands for (also 下达, 到位, 拨付, 支出); invalid_input naming "stage".
FundStage parse_fund_stage(std::string_view text);

/// One dated amount.
struct FundFlow {
  Date date;
  FundStage stage = FundStage::spent;
  Money amount;
};

/// How spending against time elapsed is judged (合理区间): reasonable when the spending share
/// lies within [time progress − below, time progress + above] percentage points. The band is the
/// commission's stated rule; zhibiao has no default of its own beyond what the caller gives.
struct SpendingBand {
  double below = 10; ///< points the spending may lag time progress
  double above = 10; ///< points it may run ahead
  ProgressBasis basis = ProgressBasis::months;
};

/// A fund's execution at a date.
struct FundExecution {
  Money total, allocated, arrived, disbursed, spent; ///< sums of the flows up to as_of
  /// Per cent: arrived / total (到位率), disbursed / arrived (拨付率), spent / total (执行率,
  /// 支出进度); none when the base is 0.
  std::optional<double> arrival_rate, disbursement_rate, execution_rate;
  double time_progress = 0;   ///< per cent of the period elapsed at as_of (序时进度)
  std::optional<double> lead; ///< execution_rate − time_progress (points)
  bool within_band = false;   ///< the lead within [−below, +above] (处于合理区间)
  /// "全年应筹集资金3.61亿元，到位…，支出1.30亿元，占筹资额的36.10%，序时进度41.67%，支出进度处于合理区间".
  std::string summary() const;
  /// summary() in `language`: in English "total to raise 360.71 million yuan, arrived …, spent
  /// 130.00 million yuan, 36.04% of the total, time elapsed 41.67%, spending within the band".
  std::string sentence(Language language) const;
};

/// Sums the flows dated up to `as_of` (inclusive) and judges spending against `period`'s time
/// elapsed. Throws zhibiao::invalid_input naming the flow ("flows[12].amount") for a negative
/// amount, and naming the stage for a cumulative sum out of order at any date: more arrived than
/// allocated (when allocations are given), more disbursed than arrived, more spent than
/// disbursed (when disbursements are given; else than arrived, when arrivals are given).
FundExecution execute_fund(const Fund& fund, const std::vector<FundFlow>& flows,
                           const Period& period, Date as_of, const SpendingBand& band = {});

/// "the money of `stage` reaches `share` % of the total by `by`"
/// (所有奖励资金均将于6月底前发放到位: spent, 100 %, by 30 June).
struct FundDeadline {
  FundStage stage = FundStage::arrived;
  Date by;
  double share = 100; ///< per cent of the fund's total, in (0, 100], at most 6 decimals
};

/// met: the stage reached its amount by the deadline (checked at min(by, as_of), so a deadline
/// met early is met); missed: as_of is on or past `by` and it did not; pending: not yet due.
enum class DeadlineStatus : std::uint8_t { met = 0, missed = 1, pending = 2 };
/// "met", "missed", "pending".
std::string_view to_string(DeadlineStatus status) noexcept;

/// One deadline judged at a date.
struct DeadlineCheck {
  FundDeadline deadline;
  Money required; ///< share × total, rounded up to the 分 (100 % of 1 元 needs all 100 分)
  Money reached;  ///< the stage's cumulative sum at min(by, as_of)
  DeadlineStatus status = DeadlineStatus::pending;
};

/// Each deadline of a fund at `as_of`. The required amount is exact: the share is read as the
/// decimal it prints as and ⌈total × share / 100⌉ is computed in integers. Throws
/// zhibiao::invalid_input naming the deadline ("deadlines[1].share") for a share outside
/// (0, 100] or with more than 6 decimals, and what execute_fund throws for the flows.
std::vector<DeadlineCheck> check_deadlines(const Fund& fund, const std::vector<FundFlow>& flows,
                                           const std::vector<FundDeadline>& deadlines, Date as_of);

/// What a per-capita standard and a printed total say about the population raised for: seed
/// 002's 按照人均540元筹资标准…全年应筹集参合资金3.6亿余元 stands for a total in [3.6亿, 3.7亿) 元
/// (read_figure's range of 3.6亿余元), which at 540 元 a head is 666,667 to 685,185 persons; a
/// declared population outside that range means the standard, the total or the population is
/// misprinted (docs/funds.md §5).
struct StandardCheck {
  std::int64_t population_low = 0;  ///< the fewest whole persons whose total lies in the range
  std::int64_t population_high = 0; ///< the most; low > high when no whole count fits
  std::optional<std::int64_t> population; ///< the population checked, when given
  /// low ≤ high, and the population (when given) within [low, high].
  bool consistent = false;
};

/// The persons p with p × standard in the total's range [lower, upper] (upper open unless
/// upper_closed; an exact total is lower = upper, closed), compared with `population`. Throws
/// zhibiao::invalid_input naming "standard" (not > 0), "total" (a bound negative or not finite,
/// lower > upper) or "population" (negative).
StandardCheck check_standard(Money standard, double total_lower, double total_upper,
                             bool upper_closed, std::optional<std::int64_t> population);

/// One tier of a benefit schedule: persons × months × amount a month (奖励扶助 per person).
struct BenefitTier {
  std::string name;
  std::int64_t persons = 0;
  std::int64_t months = 12;
  Money monthly;
};

/// Σ persons × months × monthly, exactly; zhibiao::invalid_input naming the tier
/// ("tiers[1].persons") for a negative count, and on overflow.
Money benefit_total(const std::vector<BenefitTier>& tiers);

} // namespace zhibiao
