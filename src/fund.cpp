#include "zhibiao/fund.hpp"

#include "zhibiao/decimal.hpp"
#include "zhibiao/detail/calendar.hpp"
#include "zhibiao/error.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

namespace zhibiao {

namespace {

__extension__ typedef __int128 i128; // exact share × total products

std::int64_t checked_add(std::int64_t a, std::int64_t b, const std::string& field) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out))
    throw invalid_input(field, "the sum overflows (more than 9.2×10^16 元)");
  return out;
}

std::int64_t checked_mul(std::int64_t a, std::int64_t b, const std::string& field) {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out))
    throw invalid_input(field, "the amount overflows (more than 9.2×10^16 元)");
  return out;
}

// The UTF-8 sequences the money grammar reads after the number.
constexpr std::string_view wan = "\xE4\xB8\x87";       // 万
constexpr std::string_view yi = "\xE4\xBA\xBF";        // 亿
constexpr std::string_view yuan_sign = "\xE5\x85\x83"; // 元

std::string iso_date(Date d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", detail::year_of(d), detail::month_of(d),
                detail::day_of(d));
  return buf;
}

} // namespace

Money Money::parse(std::string_view text, std::string_view field) {
  const std::string f(field);
  const auto fail = [&](std::size_t chars, const std::string& expected) -> Money {
    throw parse_error(f, std::string(text), chars, expected);
  };
  // Digits with optional thousands separators, an optional fraction, then 万 or 亿, then 元.
  std::size_t i = 0, chars = 0;
  std::int64_t coefficient = 0;
  int decimals = 0, digits = 0;
  bool point = false;
  std::size_t since_comma = 0;
  bool comma_seen = false;
  while (i < text.size()) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      if (digits >= 18) return fail(chars, "at most 18 digits");
      coefficient = coefficient * 10 + (c - '0');
      ++digits;
      if (point) ++decimals;
      else ++since_comma;
    } else if (c == ',' && !point && digits > 0) {
      if (comma_seen && since_comma != 3) return fail(chars, "three digits between separators");
      if (!comma_seen && since_comma > 3) return fail(chars, "a digit (separators group by three)");
      comma_seen = true;
      since_comma = 0;
    } else if (c == '.' && !point) {
      if (comma_seen && since_comma != 3) return fail(chars, "three digits after a separator");
      point = true;
    } else {
      break;
    }
    ++i;
    ++chars;
  }
  if (digits == 0) return fail(chars, "a number of 元 (540元, 116.17万元, 1.3亿元)");
  if (!point && comma_seen && since_comma != 3)
    return fail(chars, "three digits after a separator");
  int scale = 2; // 元 → 分
  if (text.substr(i, wan.size()) == wan) {
    scale += 4;
    i += wan.size();
    ++chars;
  } else if (text.substr(i, yi.size()) == yi) {
    scale += 8;
    i += yi.size();
    ++chars;
  }
  if (text.substr(i, yuan_sign.size()) == yuan_sign) {
    i += yuan_sign.size();
    ++chars;
  }
  if (i != text.size()) return fail(chars, "the end of the amount (元, 万元 or 亿元)");
  if (decimals > scale)
    return fail(chars - 1,
                "an amount in whole 分 (at most " + std::to_string(scale) + " decimals here)");
  std::int64_t fen = coefficient;
  for (int k = decimals; k < scale; ++k)
    if (__builtin_mul_overflow(fen, 10, &fen)) return fail(0, "an amount below 9.2×10^16 元");
  return Money(fen);
}

Money Money::from_yuan(double yuan_value, std::string_view field) {
  if (!std::isfinite(yuan_value))
    throw invalid_input(std::string(field), "must be a finite amount of 元");
  if (std::fabs(yuan_value) >= 9.2e16)
    throw invalid_input(std::string(field), "the amount overflows (more than 9.2×10^16 元)");
  const Decimal d = Decimal::from_double(yuan_value).round_half_up(2);
  std::int64_t fen = d.coefficient();
  for (int e = d.exponent(); e > -2; --e) fen = checked_mul(fen, 10, std::string(field));
  return Money(fen);
}

std::string Money::yuan_text() const { return Decimal(fen_, -2).to_string(); }

Money operator+(Money a, Money b) { return Money(checked_add(a.fen_, b.fen_, "money")); }
Money operator-(Money a, Money b) {
  std::int64_t out = 0;
  if (__builtin_sub_overflow(a.fen_, b.fen_, &out))
    throw invalid_input("money", "the difference overflows");
  return Money(out);
}

Money Money::times(std::int64_t count) const { return Money(checked_mul(fen_, count, "money")); }

Money sum(std::span<const Money> amounts) {
  std::int64_t total = 0;
  for (const Money m : amounts) total = checked_add(total, m.fen(), "amounts");
  return Money::from_fen(total);
}

// --- funds ---------------------------------------------------------------------------------

namespace {

void check_shares(const std::vector<FundShare>& shares, Money standard) {
  if (shares.empty()) return;
  Money total;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    if (shares[i].per_capita.fen() < 0)
      throw invalid_input("shares[" + std::to_string(i) + "]", "a negative share");
    total = total + shares[i].per_capita;
  }
  if (total != standard)
    throw invalid_input("shares", "the shares add up to " + total.yuan_text() +
                                      " 元, the standard is " + standard.yuan_text() + " 元");
}

} // namespace

Fund Fund::per_capita(Money standard, std::int64_t population, std::vector<FundShare> shares) {
  if (standard.fen() < 0) throw invalid_input("standard", "a negative standard");
  if (population < 0) throw invalid_input("population", "a negative population");
  check_shares(shares, standard);
  Fund f;
  f.standard_ = standard;
  f.population_ = population;
  f.per_capita_ = true;
  f.shares_ = std::move(shares);
  (void)f.total(); // refuse an overflowing total here, not on first use
  return f;
}

Fund Fund::fixed(Money total, std::vector<FundShare> shares) {
  if (total.fen() < 0) throw invalid_input("standard", "a negative total");
  check_shares(shares, total);
  Fund f;
  f.standard_ = total;
  f.shares_ = std::move(shares);
  return f;
}

Money Fund::total() const { return per_capita_ ? standard_.times(population_) : standard_; }

Money Fund::share_total(std::size_t i) const {
  if (i >= shares_.size()) throw invalid_input("share", "no share " + std::to_string(i));
  return per_capita_ ? shares_[i].per_capita.times(population_) : shares_[i].per_capita;
}

std::string_view to_string(FundStage stage) noexcept {
  switch (stage) {
  case FundStage::allocated: return "allocated";
  case FundStage::arrived: return "arrived";
  case FundStage::disbursed: return "disbursed";
  case FundStage::spent: return "spent";
  }
  return "spent";
}

FundStage parse_fund_stage(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, FundStage>, 8> names{{
      {"allocated", FundStage::allocated},
      {"下达", FundStage::allocated},
      {"arrived", FundStage::arrived},
      {"到位", FundStage::arrived},
      {"disbursed", FundStage::disbursed},
      {"拨付", FundStage::disbursed},
      {"spent", FundStage::spent},
      {"支出", FundStage::spent},
  }};
  for (const auto& [name, stage] : names)
    if (text == name) return stage;
  throw invalid_input("stage",
                      "expected allocated/下达, arrived/到位, disbursed/拨付 or spent/支出, "
                      "got '" +
                          std::string(text) + "'");
}

FundExecution execute_fund(const Fund& fund, const std::vector<FundFlow>& flows,
                           const Period& period, Date as_of, const SpendingBand& band) {
  if (!std::isfinite(band.below) || band.below < 0)
    throw invalid_input("band.below", "must be a finite number of points ≥ 0");
  if (!std::isfinite(band.above) || band.above < 0)
    throw invalid_input("band.above", "must be a finite number of points ≥ 0");
  std::array<bool, 4> given{};
  for (std::size_t i = 0; i < flows.size(); ++i) {
    if (flows[i].amount.fen() < 0)
      throw invalid_input("flows[" + std::to_string(i) + "].amount", "a negative amount");
    given[static_cast<std::size_t>(flows[i].stage)] = true;
  }
  // The cumulative sums must stay in order at every date, not only at the end: money cannot be
  // spent before it arrives. Walk the flows in date order (stable: same-day flows in the order
  // given, all of a day before the check).
  std::vector<std::size_t> order(flows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return flows[a].date < flows[b].date; });
  std::array<Money, 4> cum{};
  const auto check_day = [&](Date day) {
    const auto at = [&](FundStage s) { return cum[static_cast<std::size_t>(s)]; };
    const auto refuse = [&](FundStage s, FundStage above) {
      throw invalid_input(std::string(to_string(s)),
                          "by " + iso_date(day) + " " + at(s).yuan_text() + " 元 " +
                              std::string(to_string(s)) + ", more than the " +
                              at(above).yuan_text() + " 元 " + std::string(to_string(above)));
    };
    if (given[0] && at(FundStage::arrived) > at(FundStage::allocated))
      refuse(FundStage::arrived, FundStage::allocated);
    if (given[1] && at(FundStage::disbursed) > at(FundStage::arrived))
      refuse(FundStage::disbursed, FundStage::arrived);
    if (given[2] && at(FundStage::spent) > at(FundStage::disbursed))
      refuse(FundStage::spent, FundStage::disbursed);
    else if (!given[2] && given[1] && at(FundStage::spent) > at(FundStage::arrived))
      refuse(FundStage::spent, FundStage::arrived);
  };
  FundExecution e;
  e.total = fund.total();
  for (std::size_t k = 0; k < order.size(); ++k) {
    const FundFlow& f = flows[order[k]];
    auto& c = cum[static_cast<std::size_t>(f.stage)];
    c = c + f.amount;
    const bool day_ends = k + 1 == order.size() || flows[order[k + 1]].date != f.date;
    if (day_ends) check_day(f.date);
    if (f.date <= as_of && day_ends) {
      e.allocated = cum[0];
      e.arrived = cum[1];
      e.disbursed = cum[2];
      e.spent = cum[3];
    }
  }
  const auto pct = [](Money a, Money b) -> std::optional<double> {
    if (b.fen() == 0) return std::nullopt;
    return static_cast<double>(a.fen()) / static_cast<double>(b.fen()) * 100;
  };
  e.arrival_rate = pct(e.arrived, e.total);
  e.disbursement_rate = pct(e.disbursed, e.arrived);
  e.execution_rate = pct(e.spent, e.total);
  e.time_progress = period.elapsed_share(as_of, band.basis) * 100;
  if (e.execution_rate) {
    e.lead = *e.execution_rate - e.time_progress;
    e.within_band = *e.lead >= -band.below && *e.lead <= band.above;
  }
  return e;
}

std::string FundExecution::summary() const { return sentence(Language::zh); }

std::string FundExecution::sentence(Language language) const {
  // Amounts in 亿元 above 1亿, else 万元, as the summaries print them (3.61亿元, 116.17万元).
  const auto amount = [](Money m) {
    const double yuan_value = m.yuan();
    if (yuan_value >= 1e8)
      return Decimal::from_double(yuan_value / 1e8).round_half_up(2).to_string() + "亿元";
    if (yuan_value >= 1e4)
      return Decimal::from_double(yuan_value / 1e4).round_half_up(2).to_string() + "万元";
    return m.yuan_text() + "元";
  };
  const auto pct = [](double v) {
    return Decimal::from_double(v).round_half_up(2).to_string() + "%";
  };
  if (language == Language::en) {
    // Millions of yuan above one million (360.71 million yuan), else the yuan themselves.
    const auto yuan = [](Money m) {
      const double yuan_value = m.yuan();
      if (yuan_value >= 1e6)
        return Decimal::from_double(yuan_value / 1e6).round_half_up(2).to_string() +
               " million yuan";
      return m.yuan_text() + " yuan";
    };
    std::string e = "total to raise " + yuan(total);
    if (arrived.fen() > 0 || allocated.fen() > 0) e += ", arrived " + yuan(arrived);
    if (arrival_rate && arrived.fen() > 0) e += " (" + pct(*arrival_rate) + ")";
    if (disbursed.fen() > 0) e += ", disbursed " + yuan(disbursed);
    e += ", spent " + yuan(spent);
    if (execution_rate) e += ", " + pct(*execution_rate) + " of the total";
    e += ", time elapsed " + pct(time_progress);
    if (lead)
      e += within_band ? ", spending within the reasonable band"
                       : (*lead < 0 ? ", spending behind time" : ", spending ahead of time");
    return e;
  }
  std::string s = "应筹集资金" + amount(total);
  if (arrived.fen() > 0 || allocated.fen() > 0) s += "，到位" + amount(arrived);
  if (arrival_rate && arrived.fen() > 0) s += "，到位率" + pct(*arrival_rate);
  if (disbursed.fen() > 0) s += "，拨付" + amount(disbursed);
  s += "，支出" + amount(spent);
  if (execution_rate) s += "，占筹资额的" + pct(*execution_rate);
  s += "，序时进度" + pct(time_progress);
  if (lead)
    s += within_band ? "，支出进度处于合理区间" : (*lead < 0 ? "，支出进度偏慢" : "，支出进度偏快");
  return s;
}

std::string_view to_string(DeadlineStatus status) noexcept {
  switch (status) {
  case DeadlineStatus::met: return "met";
  case DeadlineStatus::missed: return "missed";
  case DeadlineStatus::pending: return "pending";
  }
  return "pending";
}

std::vector<DeadlineCheck> check_deadlines(const Fund& fund, const std::vector<FundFlow>& flows,
                                           const std::vector<FundDeadline>& deadlines, Date as_of) {
  // Validate every deadline before any work, so an error names the first bad one.
  std::vector<std::pair<std::int64_t, int>> shares; // the share as coefficient × 10^exponent
  for (std::size_t i = 0; i < deadlines.size(); ++i) {
    const std::string at = "deadlines[" + std::to_string(i) + "].share";
    const double share = deadlines[i].share;
    if (!std::isfinite(share) || share <= 0 || share > 100)
      throw invalid_input(at, "must be a per cent in (0, 100]");
    const Decimal d = Decimal::from_double(share);
    if (d.exponent() < -6) throw invalid_input(at, "at most 6 decimals");
    shares.emplace_back(d.coefficient(), d.exponent());
  }
  std::vector<DeadlineCheck> out;
  out.reserve(deadlines.size());
  // The fund's period for execute_fund: only its sums are used here, not the time progress, so
  // the calendar year of the deadline serves.
  for (std::size_t i = 0; i < deadlines.size(); ++i) {
    const FundDeadline& d = deadlines[i];
    DeadlineCheck c;
    c.deadline = d;
    // ⌈total_fen × coefficient × 10^exponent / 100⌉ in 128-bit integers: the coefficient has at
    // most 9 digits (share ≤ 100 with ≤ 6 decimals), the total at most 19.
    i128 num = static_cast<i128>(fund.total().fen()) * shares[i].first;
    i128 den = 100;
    for (int k = shares[i].second; k > 0; --k) num *= 10;
    for (int k = shares[i].second; k < 0; ++k) den *= 10;
    c.required = Money::from_fen(static_cast<std::int64_t>((num + den - 1) / den));
    const Date when = d.by < as_of ? d.by : as_of;
    const FundExecution x =
        execute_fund(fund, flows, Period::year(detail::year_of(when)), when, SpendingBand{});
    const Money got[] = {x.allocated, x.arrived, x.disbursed, x.spent};
    c.reached = got[static_cast<std::size_t>(d.stage)];
    c.status = c.reached >= c.required ? DeadlineStatus::met
               : as_of >= d.by         ? DeadlineStatus::missed
                                       : DeadlineStatus::pending;
    out.push_back(c);
  }
  return out;
}

StandardCheck check_standard(Money standard, double total_lower, double total_upper,
                             bool upper_closed, std::optional<std::int64_t> population) {
  if (standard.fen() <= 0) throw invalid_input("standard", "must be more than 0 元 a head");
  if (!std::isfinite(total_lower) || !std::isfinite(total_upper) || total_lower < 0 ||
      total_upper < 0)
    throw invalid_input("total", "its bounds must be finite amounts ≥ 0 元");
  if (total_lower > total_upper)
    throw invalid_input("total", "the lower bound is above the upper bound");
  if (population && *population < 0)
    throw invalid_input("population", "a negative number of persons");
  // p × standard ∈ [lower, upper): long double holds p × standard (below 2^64 fen) exactly, and
  // the bounds are the doubles given; start from the quotient and step to the exact edge.
  const long double s = static_cast<long double>(standard.fen()) / 100;
  const long double lo = total_lower, hi = total_upper;
  const auto inside_upper = [&](std::int64_t p) {
    const long double v = static_cast<long double>(p) * s;
    return upper_closed ? v <= hi : v < hi;
  };
  if (hi / s > 9.2e18L) throw invalid_input("total", "implies more than 9.2×10^18 persons");
  std::int64_t low = static_cast<std::int64_t>(std::ceil(lo / s));
  while (low > 0 && static_cast<long double>(low - 1) * s >= lo) --low;
  while (static_cast<long double>(low) * s < lo) ++low;
  std::int64_t high = static_cast<std::int64_t>(std::floor(hi / s)) + 1;
  while (high >= 0 && !inside_upper(high)) --high;
  while (inside_upper(high + 1)) ++high;
  StandardCheck c;
  c.population_low = low;
  c.population_high = high;
  c.population = population;
  c.consistent = low <= high && (!population || (*population >= low && *population <= high));
  return c;
}

Money benefit_total(const std::vector<BenefitTier>& tiers) {
  Money total;
  for (std::size_t i = 0; i < tiers.size(); ++i) {
    const std::string at = "tiers[" + std::to_string(i) + "]";
    const auto& t = tiers[i];
    if (t.persons < 0) throw invalid_input(at + ".persons", "a negative number of persons");
    if (t.months < 0) throw invalid_input(at + ".months", "a negative number of months");
    if (t.monthly.fen() < 0) throw invalid_input(at + ".monthly", "a negative amount");
    const std::int64_t person_months = checked_mul(t.persons, t.months, at + ".persons");
    total = Money::from_fen(
        checked_add(total.fen(), checked_mul(t.monthly.fen(), person_months, at), at));
  }
  return total;
}

} // namespace zhibiao
