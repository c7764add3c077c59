// The report auditor's checks (audit.hpp, docs/audit.md).
#include "zhibiao/audit.hpp"

#include "zhibiao/decimal.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/utf8.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/validation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>

namespace zhibiao {

namespace {

constexpr std::array<std::string_view, audit_check_count> check_names = {
    "rate_counts",         "quota_completion", "progress",           "parts_total", "product",
    "implied_denominator", "exceeds_existing", "composition_change", "ranked_list", "claim"};

constexpr double infinity = std::numeric_limits<double>::infinity();

// The values a figure stands for. `point` marks an exact count (printed as an integer, no
// qualifier): then lo == hi.
struct Range {
  double lo = 0;
  double hi = 0;
  bool lo_closed = true;
  bool hi_closed = true;
  bool point = false;
};

// Equal up to the error of a few binary operations on the ends (the ends of rounded decimals such
// as 33.645 are not exact doubles, and sums of them carry an ulp or two).
bool near(double a, double b) {
  if (a == b) return true;
  if (!std::isfinite(a) || !std::isfinite(b)) return false;
  return std::abs(a - b) <= 1e-13 * std::max({std::abs(a), std::abs(b), 1.0});
}

// a lies wholly below b: no value of a reaches a value of b. Exact counts (and their sums, exact
// in a double below 2^53) are compared exactly; rounding ranges with the tolerance of near().
bool below(const Range& a, const Range& b) {
  if (a.point && b.point) return a.hi < b.lo;
  if (near(a.hi, b.lo)) return !(a.hi_closed && b.lo_closed);
  return a.hi < b.lo;
}
bool meet(const Range& a, const Range& b) { return !below(a, b) && !below(b, a); }
Range at(double x) { return {x, x, true, true, true}; }

Range sum(const Range& a, const Range& b) {
  return {a.lo + b.lo, a.hi + b.hi, a.lo_closed && b.lo_closed, a.hi_closed && b.hi_closed,
          a.point && b.point};
}
// Both non-negative.
Range range_product(const Range& a, const Range& b) {
  const double hi = (a.hi == 0 || b.hi == 0) ? 0 : a.hi * b.hi;
  return {a.lo * b.lo, hi, a.lo_closed && b.lo_closed, a.hi_closed && b.hi_closed,
          a.point && b.point};
}

[[noreturn]] void fail(const std::string& id, const char* field, const std::string& message) {
  throw invalid_input((id.empty() ? std::string("mention") : id) + "." + field, message);
}

std::string number(double x) { return detail::rounded_text(x); }

// x with at most `decimals` decimals, trailing zeros dropped.
std::string number(double x, int decimals) {
  if (!std::isfinite(x)) return detail::rounded_text(x);
  std::string s = Decimal::from_double(round_half_up(x, std::clamp(decimals, 0, 15))).to_string();
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

void validate(const Mention& m) {
  if (m.id.empty()) throw invalid_input("mention.id", "is empty; every mention needs an id");
  const Figure& f = m.figure;
  if (!std::isfinite(f.value))
    fail(m.id, "value", "must be a finite number, got " + detail::full_precision_text(f.value));
  if (std::isnan(f.lower)) fail(m.id, "lower", "is NaN");
  if (std::isnan(f.upper)) fail(m.id, "upper", "is NaN");
  if (f.lower > f.upper)
    fail(m.id, "lower",
         "is above the upper end (" + number(f.lower) + " > " + number(f.upper) + ")");
}

// A figure as the reader gives it: its rounding range when printed exactly, else the range its
// qualifier gives (Figure::lower/upper).
Range printed_range(const Mention& m) {
  const Figure& f = m.figure;
  if (f.bound == FigureBound::exact) {
    const DecimalRange r = rounding_range(f.printed);
    return {r.lower, r.upper, r.lower_closed, r.upper_closed, false};
  }
  return {f.lower, f.upper, true, true, false};
}

// A count, an amount of money or a bare number: an exact count when printed as an integer (or
// with decimals) without a magnitude or a qualifier.
Range count_range(const Mention& m, const char* role) {
  validate(m);
  const Figure& f = m.figure;
  switch (f.unit_kind) {
  case FigureUnitKind::rate:
  case FigureUnitKind::percentage_points:
  case FigureUnitKind::date:
  case FigureUnitKind::duration:
    fail(m.id, "unit",
         std::string("'") + f.unit + "' is not a count or an amount; the " + role + " must be one");
  default: break;
  }
  if (f.value < 0)
    fail(m.id, "value", std::string("a ") + role + " must be ≥ 0, got " + number(f.value));
  if (f.bound == FigureBound::exact && f.printed.exponent() == 0) return at(f.printed.to_double());
  Range r = printed_range(m);
  if (r.lo < 0) r = {0, std::max(r.hi, 0.0), true, r.hi_closed, false};
  return r;
}

Unit rate_unit_of(const Mention& m) {
  const Figure& f = m.figure;
  if (f.unit_kind != FigureUnitKind::rate || !f.rate_unit)
    fail(m.id, "unit",
         "'" + f.unit + "' is not a rate unit (%, ‰, ‱, /10万, /千人); a rate is needed here");
  if (!f.unit.empty()) {
    std::optional<Unit> printed;
    try {
      printed = Unit::parse(f.unit);
    } catch (const invalid_input&) {
      // Wording the unit table does not know (每万常住人口): rate_unit decides.
    }
    if (printed && !(*printed == *f.rate_unit))
      fail(m.id, "unit",
           "is printed '" + f.unit + "' but its rate unit is " + std::string(f.rate_unit->code()));
  }
  return *f.rate_unit;
}

Range rate_range(const Mention& m) {
  validate(m);
  rate_unit_of(m);
  if (m.figure.value < 0) fail(m.id, "value", "a rate must be ≥ 0, got " + number(m.figure.value));
  return printed_range(m);
}

void require_percent(const Mention& m, const char* what) {
  const Unit u = rate_unit_of(m);
  if (!(u == Unit::percent()))
    fail(m.id, "unit",
         "is '" + m.figure.unit + "' (" + std::string(u.code()) + "); " + what + " is in per cent");
}

// The figure as printed in the text, or rebuilt from its number and unit.
std::string shown(const Mention& m) {
  if (!m.figure.text.empty()) return m.figure.text;
  return m.figure.printed.to_string() + m.figure.unit;
}
std::string label(const Mention& m) { return m.quantity + shown(m); }
std::string label_en(const Mention& m) {
  return m.quantity.empty() ? shown(m) : m.quantity + " " + shown(m);
}

std::string range_text(const Range& r, int decimals) {
  if (r.point) return number(r.lo, decimals);
  return number(r.lo, decimals) + "–" + (std::isfinite(r.hi) ? number(r.hi, decimals) : "∞");
}

Finding start(AuditCheck check, std::vector<std::string> ids) {
  Finding f;
  f.check = check;
  f.id = std::string(to_string(check)) + ":";
  for (std::size_t i = 0; i < ids.size(); ++i) f.id += (i ? "+" : "") + ids[i];
  f.mentions = std::move(ids);
  return f;
}

void set_recomputed(Finding& f, double x) {
  if (std::isfinite(x)) f.recomputed = x;
}

void cannot_check(Finding& f, const std::string& zh, const std::string& en) {
  f.verdict = AuditVerdict::cannot_check;
  f.severity = Severity::info;
  f.recomputed.reset();
  f.message_zh = zh;
  f.message_en = en;
}

void judge(Finding& f, bool consistent, Severity when_inconsistent = Severity::error) {
  f.verdict = consistent ? AuditVerdict::consistent : AuditVerdict::inconsistent;
  f.severity = consistent ? Severity::info : when_inconsistent;
}

const char* zh_verdict(bool consistent) { return consistent ? "一致" : "不一致"; }
const char* en_verdict(bool consistent) { return consistent ? "consistent" : "inconsistent"; }

// Scale for showing amounts the way the total is printed (万元, 亿元; else as is).
std::pair<double, std::string> display_scale(const Mention& m) {
  const std::string& u = m.figure.unit;
  if (u.rfind("亿", 0) == 0) return {1e8, u};
  if (u.rfind("万", 0) == 0) return {1e4, u};
  return {1, u};
}

// check_reported_rate, its refusals naming the rate mention's printed figure.
ReportedRateCheck reported(const Mention& rate, double numerator, double denominator, Unit unit) {
  try {
    return check_reported_rate(numerator, denominator, rate.figure.printed, unit);
  } catch (const invalid_input& e) {
    fail(rate.id, "printed", e.what());
  }
}

// --- rate against counts -----------------------------------------------------------------------

Finding rate_finding(AuditCheck check, const Mention& rate, const Mention& numerator,
                     const Mention& denominator) {
  const bool completion = check == AuditCheck::quota_completion;
  const Range rr = rate_range(rate);
  const Unit unit = *rate.figure.rate_unit;
  if (completion) require_percent(rate, "a completion rate");
  const Range nr = count_range(numerator, completion ? "work done" : "numerator");
  const Range dr = count_range(denominator, completion ? "quota" : "denominator");
  Finding f = start(check, {rate.id, numerator.id, denominator.id});
  const std::string zh_num = label(numerator), zh_den = label(denominator);
  const std::string en_num = label_en(numerator), en_den = label_en(denominator);
  if (dr.hi == 0) {
    cannot_check(f, label(rate) + "：" + zh_den + "为零，无法计算" + zh_num + "所占比例",
                 label_en(rate) + ": " + en_den + " is zero; nothing to divide by");
    return f;
  }
  const double multiplier = unit.multiplier();
  const std::string mult = std::to_string(unit.integer_multiplier());
  const double nv = numerator.figure.value, dv = denominator.figure.value;
  const double ratio = dv > 0 ? nv / dv * multiplier : infinity;
  const int decimals = rate.figure.printed.decimals();
  const std::string zh_head = label(rate) + "：" + zh_num + " ÷ " + zh_den + " × " + mult + " = ";
  const std::string en_head =
      label_en(rate) + ": " + en_num + " / " + en_den + " × " + mult + " = ";
  if (nr.point && dr.point && rate.figure.bound == FigureBound::exact) {
    if (!std::isfinite(ratio)) {
      cannot_check(f, zh_head + "超出可比较的范围", en_head + "beyond the range of a double");
      return f;
    }
    const ReportedRateCheck c = reported(rate, nr.lo, dr.lo, unit);
    judge(f, c.consistent);
    set_recomputed(f, ratio);
    const std::string r = number(ratio, decimals + 4), e = c.expected.to_string();
    const std::string printed = rate.figure.printed.to_string() + rate.figure.unit;
    if (c.consistent) {
      f.message_zh =
          zh_head + r + rate.figure.unit + "，四舍五入为" + e + rate.figure.unit + "：一致";
      f.message_en = en_head + r + rate.figure.unit + ", which rounds to " + e + rate.figure.unit +
                     ": consistent";
    } else {
      f.message_zh = zh_head + r + rate.figure.unit + "，四舍五入为" + e + rate.figure.unit +
                     "，与报告的" + printed + "不符：不一致";
      f.message_en = en_head + r + rate.figure.unit + ", which rounds to " + e + rate.figure.unit +
                     ", not the printed " + printed + ": inconsistent";
    }
    return f;
  }
  // Rounded counts or a qualified rate: the range of the ratio against the rate's range.
  const Range ratio_range{nr.lo / dr.hi * multiplier,
                          dr.lo > 0 ? nr.hi / dr.lo * multiplier : infinity,
                          nr.lo_closed && dr.hi_closed, nr.hi_closed && dr.lo_closed, false};
  const bool ok = meet(ratio_range, rr);
  judge(f, ok);
  set_recomputed(f, ratio);
  const std::string r = number(ratio, decimals + 4) + rate.figure.unit;
  const std::string rng = range_text(ratio_range, decimals + 3) + rate.figure.unit;
  const std::string stands = range_text(rr, decimals + 3) + rate.figure.unit;
  f.message_zh = zh_head + r + "（按数字的舍入范围为" + rng + "），" + shown(rate) + "表示" +
                 stands + "：" + zh_verdict(ok);
  f.message_en = en_head + r + " (" + rng + " within the counts' rounding), " + shown(rate) +
                 " stands for " + stands + ": " + en_verdict(ok);
  return f;
}

// --- implied denominators ----------------------------------------------------------------------

struct Implied {
  double lo = 0, hi = 0; // closed; whole numbers when `whole`
  bool whole = false;
};

Implied implied_range(const DenominatorMember& m) {
  const Range rr = rate_range(m.rate);
  const Unit unit = *m.rate.figure.rate_unit;
  const Range nr = count_range(m.numerator, "numerator");
  const double mult = unit.multiplier();
  Implied out;
  out.lo = rr.hi > 0 ? nr.lo * mult / rr.hi : 0;
  out.hi = rr.lo > 0 ? nr.hi * mult / rr.lo : infinity;
  if (nr.hi == 0) {
    // 0 of any population is 0: every denominator when the rate can be 0, none otherwise.
    if (rr.lo <= 0) return {0, infinity, false};
    return {1, 0, false};
  }
  if (!(nr.point && m.rate.figure.bound == FigureBound::exact && std::isfinite(out.hi) &&
        out.hi < 9e15))
    return out;
  // Exact rate and count: the whole numbers n whose ratio rounds to the printed rate, found from
  // the real ends and settled with the exact rounding of check_reported_rate (numerator / n falls
  // as n grows, so they form one run).
  const double x = nr.lo;
  const auto rounds = [&](double n) { return n >= 1 && reported(m.rate, x, n, unit).consistent; };
  // The real ends are within an ulp of the exact ones, so each end moves by a step or two; the
  // cap only guards against a loop when they are not (then the real range is kept).
  double lo = std::max(1.0, std::ceil(out.lo)), hi = std::floor(out.hi);
  int steps = 0;
  constexpr int cap = 64;
  while (lo > 1 && rounds(lo - 1) && ++steps < cap) --lo;
  while (lo <= hi && !rounds(lo) && ++steps < cap) ++lo;
  while (rounds(hi + 1) && ++steps < cap) ++hi;
  while (hi >= lo && !rounds(hi) && ++steps < cap) --hi;
  if (steps >= cap) return out;
  return {lo, hi, true};
}

std::string implied_text(const Implied& r) {
  if (r.lo > r.hi) return "∅";
  const int d = r.whole ? 0 : 1;
  return number(r.lo, d) + "–" + (std::isfinite(r.hi) ? number(r.hi, d) : "∞");
}

} // namespace

// --- names -------------------------------------------------------------------------------------

std::string_view to_string(AuditCheck check) noexcept {
  const auto i = static_cast<std::size_t>(check);
  return i < check_names.size() ? check_names[i] : "unknown";
}

AuditCheck parse_audit_check(std::string_view text, std::string_view field) {
  for (std::size_t i = 0; i < check_names.size(); ++i)
    if (check_names[i] == text) return static_cast<AuditCheck>(i);
  std::string expected;
  for (auto n : check_names) expected += (expected.empty() ? "" : ", ") + std::string(n);
  throw invalid_input(std::string(field), "unknown audit check '" +
                                              detail::printable_utf8(text, 60) +
                                              "'; expected one of " + expected);
}

std::string_view to_string(AuditVerdict verdict) noexcept {
  switch (verdict) {
  case AuditVerdict::consistent: return "consistent";
  case AuditVerdict::inconsistent: return "inconsistent";
  case AuditVerdict::cannot_check: return "cannot_check";
  }
  return "unknown";
}

std::string_view to_string(Severity severity) noexcept {
  switch (severity) {
  case Severity::error: return "error";
  case Severity::warning: return "warning";
  case Severity::info: return "info";
  }
  return "unknown";
}

// --- checks ------------------------------------------------------------------------------------

Finding check_rate_counts(const Mention& rate, const Mention& numerator,
                          const Mention& denominator) {
  return rate_finding(AuditCheck::rate_counts, rate, numerator, denominator);
}

Finding check_quota_completion(const Mention& completion, const Mention& quota,
                               const Mention& done) {
  return rate_finding(AuditCheck::quota_completion, completion, done, quota);
}

namespace {

std::string iso_date(Date d) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", static_cast<int>(d.year()),
                static_cast<int>(d.month()), static_cast<int>(d.day()));
  return buffer;
}

} // namespace

Finding check_progress(const Mention& done_share, Date as_of, ProgressBasis basis) {
  const Range r = rate_range(done_share);
  require_percent(done_share, "a done share of a task");
  Finding f = start(AuditCheck::progress, {done_share.id});
  if (!done_share.period) {
    cannot_check(f, label(done_share) + "：没有所属期间，无法计算序时进度",
                 label_en(done_share) + ": no period, so no time progress to compare with");
    return f;
  }
  if (as_of.is_special()) throw invalid_input("as_of", "is not a date");
  const Period& p = *done_share.period;
  const double by_days = p.elapsed_share(as_of, ProgressBasis::days) * 100;
  std::optional<double> by_months;
  if (p.month_aligned()) by_months = p.elapsed_share(as_of, ProgressBasis::months) * 100;
  const auto behind = [&](double t) { return below(r, at(t)); };
  const auto ahead = [&](double t) { return below(at(t), r); };
  const bool behind_all = behind(by_days) && (!by_months || behind(*by_months));
  f.verdict = AuditVerdict::consistent;
  f.severity = behind_all ? Severity::warning : Severity::info;
  set_recomputed(f, basis == ProgressBasis::months && by_months ? *by_months : by_days);

  const double v = done_share.figure.value;
  const int elapsed_days =
      static_cast<int>(std::lround(p.elapsed_share(as_of, ProgressBasis::days) * p.days()));
  std::string zh = label(done_share) + "（" + p.chinese() + "）：截至" +
                   std::to_string(as_of.year()) + "年" + std::to_string(as_of.month()) + "月" +
                   std::to_string(as_of.day()) + "日序时进度按天" + std::to_string(elapsed_days) +
                   "/" + std::to_string(p.days()) + " = " + number(by_days, 2) + "%";
  std::string en = label_en(done_share) + " (" + p.code() + "): time progress at " +
                   iso_date(as_of) + " is " + std::to_string(elapsed_days) + "/" +
                   std::to_string(p.days()) + " = " + number(by_days, 2) + "% by days";
  if (by_months) {
    const int months = static_cast<int>(std::lround(*by_months / 100 * p.months()));
    zh += "，按月" + std::to_string(months) + "/" + std::to_string(p.months()) + " = " +
          number(*by_months, 2) + "%";
    en += ", " + std::to_string(months) + "/" + std::to_string(p.months()) + " = " +
          number(*by_months, 2) + "% by months";
  }
  const auto gap = [&](double t) { return number(std::abs(v - t), 2); };
  std::string zh_gap = gap(by_days), en_gap = gap(by_days) + " (days)";
  if (by_months) {
    zh_gap += "/" + gap(*by_months);
    en_gap += " / " + gap(*by_months) + " (months)";
  }
  if (behind_all) {
    zh += "；落后序时进度" + zh_gap + "个百分点：数字一致，工作进度落后";
    en += "; behind time progress by " + en_gap +
          " percentage points: the figures agree, the work is behind";
  } else if (ahead(by_days) && (!by_months || ahead(*by_months))) {
    zh += "；超序时进度" + zh_gap + "个百分点：一致";
    en += "; ahead of time progress by " + en_gap + " percentage points: consistent";
  } else {
    zh += "；与序时进度基本持平（在舍入范围内或按不同口径有先有后）：一致";
    en += "; level with time progress (within rounding, or ahead on one basis and behind on the "
          "other): consistent";
  }
  f.message_zh = std::move(zh);
  f.message_en = std::move(en);
  return f;
}

Finding check_parts_total(const Mention& total, std::span<const Mention> parts,
                          ListedParts listed) {
  if (parts.empty()) throw invalid_input("parts", "is empty; a total needs its parts");
  const bool rate_total = total.figure.unit_kind == FigureUnitKind::rate;
  const auto range_of = [&](const Mention& m, const char* role) {
    if (!rate_total) return count_range(m, role);
    const Range r = rate_range(m);
    if (!(*m.figure.rate_unit == *total.figure.rate_unit))
      fail(m.id, "unit",
           "is '" + m.figure.unit + "' but the total is in '" + total.figure.unit + "'");
    return r;
  };
  const Range tr = range_of(total, "total");
  std::vector<std::string> ids{total.id};
  Range s = at(0);
  double value = 0;
  for (const Mention& m : parts) {
    s = sum(s, range_of(m, "part"));
    value += m.figure.value;
    ids.push_back(m.id);
  }
  Finding f = start(AuditCheck::parts_total, std::move(ids));
  const bool ok = listed == ListedParts::all ? meet(s, tr) : !below(tr, s);
  judge(f, ok);
  set_recomputed(f, value);

  const auto [scale, unit] = display_scale(total);
  std::string terms;
  for (std::size_t i = 0; i < parts.size(); ++i) terms += (i ? " + " : "") + shown(parts[i]);
  const std::string sum_text = number(value / scale) + unit;
  const Range ss{s.lo / scale, s.hi / scale, s.lo_closed, s.hi_closed, s.point};
  const Range ts{tr.lo / scale, tr.hi / scale, tr.lo_closed, tr.hi_closed, tr.point};
  const std::string srange = s.point ? "" : "（舍入范围" + range_text(ss, 6) + unit + "）";
  const std::string srange_en =
      s.point ? "" : " (" + range_text(ss, 6) + unit + " within rounding)";
  const std::string trange = tr.point ? "" : "（" + range_text(ts, 6) + unit + "）";
  const std::string trange_en = tr.point ? "" : " (" + range_text(ts, 6) + unit + ")";
  const char* relation_zh = listed == ListedParts::all ? "等于" : "不超过";
  const char* relation_en = listed == ListedParts::all ? "equal" : "not exceed";
  f.message_zh = label(total) + trange + "：各部分" + terms + " = " + sum_text + srange + "，" +
                 (ok ? std::string("与合计相符") : std::string("应") + relation_zh + "合计") +
                 "：" + zh_verdict(ok);
  f.message_en = label_en(total) + trange_en + ": the parts " + terms + " = " + sum_text +
                 srange_en +
                 (ok ? ", which matches the total"
                     : std::string(", which should ") + relation_en + " the total") +
                 ": " + en_verdict(ok);
  return f;
}

Finding check_shares_total(std::span<const Mention> shares) {
  if (shares.size() < 2) throw invalid_input("shares", "needs at least two shares of one whole");
  std::vector<std::string> ids;
  Range s = at(0);
  double value = 0;
  std::string terms;
  for (const Mention& m : shares) {
    if (m.figure.unit_kind != FigureUnitKind::rate || !m.figure.rate_unit ||
        !(*m.figure.rate_unit == Unit::percent()))
      fail(m.id, "unit", "is '" + m.figure.unit + "'; the shares of a whole are in per cent");
    s = sum(s, rate_range(m));
    value += m.figure.value;
    terms += (terms.empty() ? "" : " + ") + shown(m);
    ids.push_back(m.id);
  }
  Finding f = start(AuditCheck::parts_total, std::move(ids));
  const bool ok = meet(s, at(100));
  judge(f, ok);
  set_recomputed(f, value);
  const std::string srange = s.point ? "" : "（舍入范围" + range_text(s, 6) + "%）";
  const std::string srange_en = s.point ? "" : " (" + range_text(s, 6) + "% within rounding)";
  f.message_zh = "各构成比" + terms + " = " + number(value) + "%" + srange + "，" +
                 (ok ? "合计可为100%" : "合计应为100%") + "：" + zh_verdict(ok);
  f.message_en = "the shares " + terms + " = " + number(value) + "%" + srange_en +
                 (ok ? ", which can total 100%" : ", which should total 100%") + ": " +
                 en_verdict(ok);
  return f;
}

Finding check_product(const Mention& product, std::span<const Mention> factors, int months) {
  if (factors.size() < 2) throw invalid_input("factors", "needs at least two factors");
  if (months < 1) throw invalid_input("months", "must be at least 1");
  const Range pr = count_range(product, "product");
  std::vector<std::string> ids{product.id};
  Range p = at(1);
  double value = 1;
  std::string terms;
  for (const Mention& m : factors) {
    p = range_product(p, count_range(m, "factor"));
    value *= m.figure.value;
    terms += (terms.empty() ? "" : " × ") + shown(m);
    ids.push_back(m.id);
  }
  std::string terms_en = terms;
  if (months > 1) {
    p = range_product(p, at(months));
    value *= months;
    terms += " × " + std::to_string(months) + "个月";
    terms_en += " × " + std::to_string(months) + " months";
  }
  Finding f = start(AuditCheck::product, std::move(ids));
  if (!std::isfinite(value)) {
    cannot_check(f, label(product) + "：" + terms + "超出可比较的范围",
                 label_en(product) + ": " + terms_en + " is beyond the range of a double");
    return f;
  }
  const bool ok = meet(p, pr);
  judge(f, ok);
  set_recomputed(f, value);
  const std::string rng = p.point ? "" : "（舍入范围" + range_text(p, 2) + "）";
  const std::string rng_en = p.point ? "" : " (" + range_text(p, 2) + " within rounding)";
  f.message_zh =
      label(product) + "：" + terms + " = " + number(value) + rng + "：" + zh_verdict(ok);
  f.message_en =
      label_en(product) + ": " + terms_en + " = " + number(value) + rng_en + ": " + en_verdict(ok);
  return f;
}

std::vector<Finding> check_implied_denominator(std::span<const DenominatorMember> members,
                                               std::string_view population,
                                               BaseConvention group_base,
                                               std::span<const Mention> populations) {
  if (members.empty() && populations.empty()) throw invalid_input("members", "is empty");
  const std::string pop(population);
  // Each entry: a (rate, numerator) member or a printed population, with what it allows.
  struct Entry {
    Implied r;
    std::vector<std::string> ids;
    std::string zh, en;
    BaseConvention base = BaseConvention::stated;
    std::optional<double> own; // the denominator at the printed figures
  };
  std::vector<Entry> e;
  for (const auto& m : members) {
    Entry x;
    x.r = implied_range(m);
    x.ids = {m.rate.id, m.numerator.id};
    x.zh = label(m.numerator) + "、" + label(m.rate) + " ⇒ " + implied_text(x.r);
    x.en = label_en(m.numerator) + " at " + label_en(m.rate) + " ⇒ " + implied_text(x.r);
    x.base = m.base.value_or(group_base);
    const double rate = m.rate.figure.value;
    if (rate > 0) {
      const double v = m.numerator.figure.value * m.rate.figure.rate_unit->multiplier() / rate;
      if (std::isfinite(v)) x.own = v;
    }
    e.push_back(std::move(x));
  }
  for (const Mention& p : populations) {
    const Range r = count_range(p, "population");
    Entry x;
    x.r = {r.lo, r.hi, r.point};
    x.ids = {p.id};
    x.zh = label(p) + (r.point ? "" : " ⇒ " + implied_text(x.r));
    x.en = label_en(p) + (r.point ? "" : " ⇒ " + implied_text(x.r));
    x.own = p.figure.value;
    e.push_back(std::move(x));
  }
  const auto ids_of = [&](const std::vector<std::size_t>& which) {
    std::vector<std::string> ids;
    for (auto i : which) ids.insert(ids.end(), e[i].ids.begin(), e[i].ids.end());
    return ids;
  };
  const auto join = [&](const std::vector<std::size_t>& which, bool zh) {
    std::string out;
    for (auto i : which) out += (out.empty() ? "" : (zh ? "；" : "; ")) + (zh ? e[i].zh : e[i].en);
    return out;
  };

  std::vector<Finding> out;
  if (e.size() < 2) {
    Finding f = start(AuditCheck::implied_denominator, ids_of({0}));
    cannot_check(f, pop + "：只有一组数字（" + e[0].zh + "），无从比较",
                 pop + ": one figure only (" + e[0].en + "), nothing to compare");
    if (e[0].own) set_recomputed(f, *e[0].own); // what the figures imply, for the reader
    out.push_back(std::move(f));
    return out;
  }

  // The largest set of entries whose ranges share a value: the most ranges covering one of
  // their lower ends (a point common to closed intervals can be moved to the largest lower end).
  std::size_t best = 0;
  std::vector<std::vector<std::size_t>> best_sets;
  for (std::size_t c = 0; c < e.size(); ++c) {
    if (e[c].r.lo > e[c].r.hi) continue;
    std::vector<std::size_t> set;
    for (std::size_t j = 0; j < e.size(); ++j)
      if (e[j].r.lo <= e[c].r.lo && (e[c].r.lo <= e[j].r.hi || near(e[c].r.lo, e[j].r.hi)))
        set.push_back(j);
    if (set.size() > best) {
      best = set.size();
      best_sets = {set};
    } else if (set.size() == best &&
               std::find(best_sets.begin(), best_sets.end(), set) == best_sets.end()) {
      best_sets.push_back(set);
    }
  }
  if (best < 2 || best_sets.size() > 1) {
    std::vector<std::size_t> all(e.size());
    bool stated = true;
    for (std::size_t i = 0; i < all.size(); ++i) {
      all[i] = i;
      stated = stated && e[i].base == BaseConvention::stated;
    }
    Finding f = start(AuditCheck::implied_denominator, ids_of(all));
    judge(f, false, stated ? Severity::error : Severity::warning);
    f.message_zh =
        pop + "：" + join(all, true) + "；推算的分母不能同时成立，也无法判断哪一项有误：不一致";
    f.message_en = pop + ": " + join(all, false) +
                   "; the implied denominators cannot all hold and no majority agrees: "
                   "inconsistent";
    out.push_back(std::move(f));
    return out;
  }
  const std::vector<std::size_t>& agree = best_sets.front();
  double lo = -infinity, hi = infinity;
  bool whole = true;
  for (auto i : agree) {
    lo = std::max(lo, e[i].r.lo);
    hi = std::min(hi, e[i].r.hi);
    whole = whole && e[i].r.whole;
  }
  const Implied common{lo, std::max(lo, hi), whole};
  {
    Finding f = start(AuditCheck::implied_denominator, ids_of(agree));
    judge(f, true);
    set_recomputed(f, std::isfinite(common.hi) ? (common.lo + common.hi) / 2 : common.lo);
    f.message_zh =
        pop + "：" + join(agree, true) + "；共同的" + pop + "为" + implied_text(common) + "：一致";
    f.message_en = pop + ": " + join(agree, false) + "; common " + pop + " " +
                   implied_text(common) + ": consistent";
    out.push_back(std::move(f));
  }
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (std::find(agree.begin(), agree.end(), i) != agree.end()) continue;
    std::vector<std::size_t> which{i};
    which.insert(which.end(), agree.begin(), agree.end());
    Finding f = start(AuditCheck::implied_denominator, ids_of(which));
    const bool stated = e[i].base == BaseConvention::stated;
    judge(f, false, stated ? Severity::error : Severity::warning);
    if (e[i].own) set_recomputed(f, *e[i].own);
    f.message_zh = pop + "：" + e[i].zh + "，与其余" + std::to_string(agree.size()) + "项推算的" +
                   implied_text(common) + "不相交";
    f.message_en = pop + ": " + e[i].en + ", outside the " + implied_text(common) + " the other " +
                   std::to_string(agree.size()) + " imply";
    if (stated) {
      f.message_zh += "：不一致";
      f.message_en += ": inconsistent";
    } else {
      f.message_zh += "；只有当其分母不是" + pop +
                      "（报告未写明其分母，如出生率按年中人口计算）时才一致：不一致（警告）";
      f.message_en += "; consistent only if its base is not the " + pop +
                      " (the report does not state its base, e.g. a birth rate's mid-year "
                      "population): inconsistent (warning)";
    }
    out.push_back(std::move(f));
  }
  return out;
}

Finding check_exceeds_existing(const Mention& count, const Mention& existing,
                               BaseConvention same_base) {
  const Range cr = count_range(count, "count");
  const Range er = count_range(existing, "existing number");
  Finding f = start(AuditCheck::exceeds_existing, {count.id, existing.id});
  const bool ok = !below(er, cr);
  const bool stated = same_base == BaseConvention::stated;
  judge(f, ok, stated ? Severity::error : Severity::warning);
  set_recomputed(f, count.figure.value - existing.figure.value);
  f.message_zh =
      label(count) + (ok ? "，不超过" : "，多于") + label(existing) + "：" + zh_verdict(ok);
  f.message_en = label_en(count) + (ok ? " does not exceed " : " exceeds ") + label_en(existing) +
                 ": " + en_verdict(ok);
  if (!ok && !stated) {
    f.message_zh += "（警告：只有两者的期间或口径不同时才能成立）";
    f.message_en += " (warning: only a different period or base would reconcile them)";
  }
  return f;
}

Finding check_composition_change(std::span<const ShareChange> changes, ListedParts listed) {
  if (changes.empty()) throw invalid_input("changes", "is empty");
  Range s = at(0);
  double value = 0;
  std::vector<std::string> ids;
  std::string zh_terms, en_terms;
  int decimals = 0;
  for (const ShareChange& c : changes) {
    const Mention& m = c.change;
    validate(m);
    if (m.figure.unit_kind != FigureUnitKind::percentage_points)
      fail(m.id, "unit", "'" + m.figure.unit + "' is not a change in percentage points (个百分点)");
    Range r = printed_range(m);
    double v = m.figure.value;
    if (c.decrease) {
      r = {-r.hi, -r.lo, r.hi_closed, r.lo_closed, false};
      v = -v;
    }
    s = sum(s, r);
    value += v;
    ids.push_back(m.id);
    decimals = std::max(decimals, m.figure.printed.decimals());
    zh_terms += (zh_terms.empty() ? "" : "，") + m.quantity + (v < 0 ? "下降" : "上升") +
                number(std::abs(v), 15) + "个百分点";
    en_terms += (en_terms.empty() ? "" : ", ") + m.quantity + (v < 0 ? " down " : " up ") +
                number(std::abs(v), 15) + " points";
  }
  Finding f = start(AuditCheck::composition_change, std::move(ids));
  const bool ok = meet(s, at(0));
  judge(f, ok, listed == ListedParts::all ? Severity::error : Severity::warning);
  set_recomputed(f, value);
  const std::string net = number(value, decimals + 1);
  const std::string lo = number(s.lo, decimals + 2), hi = number(s.hi, decimals + 2);
  f.message_zh = zh_terms + "：净变化" + net + "个百分点（舍入范围" + lo + "至" + hi + "）";
  f.message_en =
      en_terms + ": net change " + net + " points (" + lo + " to " + hi + " within rounding)";
  if (ok) {
    f.message_zh += "，可为零：一致";
    f.message_en += ", which can be zero: consistent";
  } else if (listed == ListedParts::all) {
    f.message_zh += "，不为零，而所列各项已是全部构成：不一致";
    f.message_en += ", not zero, and the listed shares are the whole composition: inconsistent";
  } else {
    f.message_zh += "，不为零；只有未列出的其他构成变化" + number(-value, decimals + 1) +
                    "个百分点时才一致：不一致（警告）";
    f.message_en += ", not zero; consistent only if unlisted shares changed by " +
                    number(-value, decimals + 1) + " points: inconsistent (warning)";
  }
  return f;
}

std::vector<Finding> check_ranked_list(std::span<const Mention> items,
                                       const std::optional<Mention>& class_total) {
  if (items.empty()) throw invalid_input("items", "is empty");
  std::vector<Range> r;
  for (const Mention& m : items) r.push_back(count_range(m, "ranked count"));
  std::vector<Finding> out;
  for (std::size_t i = 0; i + 1 < items.size(); ++i) {
    if (!below(r[i], r[i + 1])) continue;
    Finding f = start(AuditCheck::ranked_list, {items[i].id, items[i + 1].id});
    judge(f, false);
    set_recomputed(f, items[i + 1].figure.value - items[i].figure.value);
    f.message_zh = "排名第" + std::to_string(i + 2) + "位的" + label(items[i + 1]) + "多于第" +
                   std::to_string(i + 1) + "位的" + label(items[i]) + "：顺序不一致";
    f.message_en = "rank " + std::to_string(i + 2) + ", " + label_en(items[i + 1]) +
                   ", exceeds rank " + std::to_string(i + 1) + ", " + label_en(items[i]) +
                   ": out of order";
    out.push_back(std::move(f));
  }
  Range s = at(0);
  double value = 0;
  std::vector<std::string> ids;
  std::string terms;
  for (std::size_t i = 0; i < items.size(); ++i) {
    s = sum(s, r[i]);
    value += items[i].figure.value;
    ids.push_back(items[i].id);
    terms += (i ? " + " : "") + shown(items[i]);
  }
  std::string zh_total, en_total;
  if (class_total) {
    const Range tr = count_range(*class_total, "class total");
    ids.push_back(class_total->id);
    if (below(tr, s)) {
      Finding f = start(AuditCheck::ranked_list, ids);
      judge(f, false);
      set_recomputed(f, value);
      f.message_zh = "所列各项" + terms + " = " + number(value) + "，超过总数" +
                     label(*class_total) + "：不一致";
      f.message_en = "the listed counts " + terms + " = " + number(value) +
                     " exceed the class total " + label_en(*class_total) + ": inconsistent";
      out.push_back(std::move(f));
    } else {
      zh_total = "，不超过总数" + label(*class_total);
      en_total = ", within the class total " + label_en(*class_total);
    }
  }
  if (out.empty()) {
    Finding f = start(AuditCheck::ranked_list, std::move(ids));
    judge(f, true);
    set_recomputed(f, value);
    f.message_zh = "所列各项依次不增（" + terms + "），合计" + number(value) + zh_total + "：一致";
    f.message_en = "the listed counts do not increase down the list (" + terms + "), sum " +
                   number(value) + en_total + ": consistent";
    out.push_back(std::move(f));
  }
  return out;
}

namespace {

void validate(const Claim& c) {
  if (c.id.empty()) throw invalid_input("claim.id", "is empty; every claim needs an id");
  if (c.end < c.start)
    throw invalid_input(c.id + ".end", "is before its start (" + std::to_string(c.end) + " < " +
                                           std::to_string(c.start) + ")");
}

std::string claim_text(const Claim& c) { return "“" + c.quantity + c.text + "”"; }

} // namespace

Finding check_claim(const Claim& claim, const Mention& rate) {
  validate(claim);
  const Range rr = rate_range(rate);
  require_percent(rate, "a rate a claim of completeness is checked against");
  Finding f = start(AuditCheck::claim, {claim.id, rate.id});
  const bool ok = !below(rr, at(100));
  judge(f, ok);
  set_recomputed(f, rate.figure.value);
  f.message_zh =
      claim_text(claim) + "要求100%，" + label(rate) + (ok ? "：一致" : "低于100%：不一致");
  f.message_en = "the claim " + claim_text(claim) + " needs 100%; " + label_en(rate) +
                 (ok ? ": consistent" : " is below 100%: inconsistent");
  return f;
}

Finding check_claim(const Claim& claim, const Mention& count, const Mention& required) {
  validate(claim);
  const Range cr = count_range(count, "count");
  const Range rr = count_range(required, "required number");
  Finding f = start(AuditCheck::claim, {claim.id, count.id, required.id});
  const bool ok = !below(cr, rr);
  judge(f, ok);
  const double rv = required.figure.value;
  set_recomputed(f, rv > 0 ? count.figure.value / rv * 100 : 0);
  const std::string share = rv > 0 ? number(count.figure.value / rv * 100, 2) + "%" : "—";
  f.message_zh = claim_text(claim) + "：" + label(count) + "，" + label(required) + "，完成" +
                 share + (ok ? "：一致" : "，未达到：不一致");
  f.message_en = "the claim " + claim_text(claim) + ": " + label_en(count) + " of " +
                 label_en(required) + ", " + share +
                 (ok ? ": consistent" : ", short of it: inconsistent");
  return f;
}

Finding check_progress(const Mention& done_share, const Claim& pace_claim, Date as_of,
                       ProgressBasis basis) {
  validate(pace_claim);
  Finding plain = check_progress(done_share, as_of, basis);
  std::vector<std::string> ids{pace_claim.id, done_share.id};
  Finding f = start(AuditCheck::progress, std::move(ids));
  f.recomputed = plain.recomputed;
  f.verdict = plain.verdict;
  f.severity = plain.severity;
  const std::string claimed = claim_text(pace_claim);
  if (plain.verdict == AuditVerdict::cannot_check) {
    f.message_zh = claimed + "：" + plain.message_zh;
    f.message_en = "the claim " + claimed + ": " + plain.message_en;
  } else if (plain.severity == Severity::warning) { // behind on every basis
    judge(f, false);
    f.message_zh = claimed + "不成立：" + plain.message_zh + "：不一致";
    f.message_en = "the claim " + claimed + " is false: " + plain.message_en + ": inconsistent";
  } else {
    judge(f, true);
    f.message_zh = claimed + "成立：" + plain.message_zh;
    f.message_en = "the claim " + claimed + " holds: " + plain.message_en;
  }
  return f;
}

// --- changes and shares of a printed whole
// ---------------------------------------------------------

namespace {

// A figure compared in a change: a rate (its range) or a count, amount or bare figure.
Range compared_range(const Mention& m, const char* role) {
  if (m.figure.unit_kind == FigureUnitKind::rate) return rate_range(m);
  validate(m);
  const Figure& f = m.figure;
  if (f.unit_kind == FigureUnitKind::percentage_points || f.unit_kind == FigureUnitKind::date ||
      f.unit_kind == FigureUnitKind::duration)
    fail(m.id, "unit", "'" + f.unit + "' is not a figure a " + role + " can compare");
  if (f.bound == FigureBound::exact && f.printed.exponent() == 0 &&
      f.unit_kind != FigureUnitKind::none)
    return at(f.printed.to_double());
  return printed_range(m);
}

const char* change_zh(ChangeKind k) {
  switch (k) {
  case ChangeKind::relative: return "增长";
  case ChangeKind::relative_fall: return "下降";
  case ChangeKind::points: return "增加";
  case ChangeKind::points_fall: return "减少";
  }
  return "";
}

} // namespace

Finding check_change(const Mention& change, const Mention& new_value, const Mention& old_value,
                     ChangeKind kind) {
  const bool relative = kind == ChangeKind::relative || kind == ChangeKind::relative_fall;
  const bool fall = kind == ChangeKind::relative_fall || kind == ChangeKind::points_fall;
  Range cr;
  if (relative) {
    cr = rate_range(change);
    require_percent(change, "a relative change");
  } else {
    validate(change);
    if (change.figure.unit_kind != FigureUnitKind::percentage_points &&
        change.figure.unit_kind != FigureUnitKind::units)
      fail(change.id, "unit", "'" + change.figure.unit + "' is not a change in 个百分点 or 个单位");
    cr = printed_range(change);
  }
  const Range nr = compared_range(new_value, "change");
  const Range orr = compared_range(old_value, "change");
  if (new_value.figure.unit_kind == FigureUnitKind::rate ||
      old_value.figure.unit_kind == FigureUnitKind::rate) {
    const Unit u =
        rate_unit_of(new_value.figure.unit_kind == FigureUnitKind::rate ? new_value : old_value);
    for (const Mention* m : {&new_value, &old_value})
      if (m->figure.unit_kind != FigureUnitKind::rate || !(*m->figure.rate_unit == u))
        fail(m->id, "unit",
             "compares '" + m->figure.unit + "' with '" + std::string(u.suffix()) +
                 "'; a change needs one unit");
  }
  Finding f = start(AuditCheck::rate_counts, {change.id, new_value.id, old_value.id});
  const double nv = new_value.figure.value, ov = old_value.figure.value;
  const std::string head_zh =
      label(new_value) + "较" + label(old_value) + change_zh(kind) + shown(change) + "：";
  const std::string head_en =
      label_en(change) + " from " + label_en(old_value) + " to " + label_en(new_value) + ": ";
  double value = 0;
  Range range;
  if (relative) {
    if (orr.hi == 0 || ov == 0) {
      cannot_check(f, head_zh + "基数为零，无法计算增长率",
                   head_en + "the old value is zero; no relative change");
      return f;
    }
    value = fall ? (1 - nv / ov) * 100 : (nv / ov - 1) * 100;
    const double q_lo = nr.lo / orr.hi, q_hi = orr.lo > 0 ? nr.hi / orr.lo : infinity;
    range = fall ? Range{(1 - q_hi) * 100, (1 - q_lo) * 100, true, true, false}
                 : Range{(q_lo - 1) * 100, (q_hi - 1) * 100, true, true, false};
  } else {
    value = fall ? ov - nv : nv - ov;
    range = fall ? Range{orr.lo - nr.hi, orr.hi - nr.lo, true, true, false}
                 : Range{nr.lo - orr.hi, nr.hi - orr.lo, true, true, false};
  }
  const int decimals = change.figure.printed.decimals();
  bool ok = false;
  std::string how_zh, how_en;
  if (relative && nr.point && orr.point && change.figure.bound == FigureBound::exact) {
    // Exact: |new − old| ÷ old × 100 rounded half up at the printed decimals, in the printed
    // direction (a fall printed as 增长 never agrees, unless it rounds to 0).
    const double diff = fall ? ov - nv : nv - ov;
    const ReportedRateCheck c = reported(change, std::abs(diff), ov, Unit::percent());
    ok = c.consistent && (diff >= 0 || c.expected == Decimal(0, 0));
    how_zh = "四舍五入为" + std::string(diff < 0 ? "-" : "") + c.expected.to_string() + "%";
    how_en = "rounds to " + std::string(diff < 0 ? "-" : "") + c.expected.to_string() + "%";
  } else {
    ok = meet(range, cr);
    how_zh = "按数字的舍入范围为" + range_text(range, decimals + 2);
    how_en = range_text(range, decimals + 2) + " within the figures' rounding";
  }
  judge(f, ok);
  set_recomputed(f, value);
  const std::string formula =
      relative ? (fall ? "(1 − " + shown(new_value) + " ÷ " + shown(old_value) + ") × 100"
                       : "(" + shown(new_value) + " ÷ " + shown(old_value) + " − 1) × 100")
               : (fall ? shown(old_value) + " − " + shown(new_value)
                       : shown(new_value) + " − " + shown(old_value));
  f.message_zh = head_zh + formula + " = " + number(value, decimals + 3) + "，" + how_zh + "：" +
                 zh_verdict(ok);
  f.message_en = head_en + formula + " = " + number(value, decimals + 3) + ", " + how_en + ": " +
                 en_verdict(ok);
  return f;
}

Finding check_share_of(const Mention& share, const Mention& total) {
  const Range rr = rate_range(share);
  const Unit unit = *share.figure.rate_unit;
  const Range tr = count_range(total, "total");
  Finding f = start(AuditCheck::rate_counts, {share.id, total.id});
  const double mult = unit.multiplier();
  const double tv = total.figure.value;
  if (tr.hi == 0) {
    cannot_check(f, label(share) + "：" + label(total) + "为零，无法计算",
                 label_en(share) + ": " + label_en(total) + " is zero; nothing to divide");
    return f;
  }
  set_recomputed(f, share.figure.value * tv / mult);
  bool ok = false;
  std::string found_zh, found_en;
  if (tr.point && share.figure.bound == FigureBound::exact && tv < 9e15) {
    // The whole numbers k with k / total rounding to the share, settled exactly.
    double k = std::clamp(std::round(share.figure.value * tv / mult), 0.0, tv);
    const auto rounds = [&](double x) {
      return x >= 0 && x <= tv && reported(share, x, tv, unit).consistent;
    };
    for (double d : {0.0, -1.0, 1.0, -2.0, 2.0})
      if (rounds(k + d)) {
        ok = true;
        k += d;
        break;
      }
    if (ok) {
      found_zh = "如" + number(k) + " ÷ " + shown(total) + " × " +
                 std::to_string(unit.integer_multiplier()) + " = " +
                 number(k / tv * mult, share.figure.printed.decimals() + 3);
      found_en = "e.g. " + number(k) + " / " + shown(total) + " × " +
                 std::to_string(unit.integer_multiplier()) + " = " +
                 number(k / tv * mult, share.figure.printed.decimals() + 3);
    }
  } else {
    ok = meet(rr, Range{0, mult, true, true, false});
  }
  judge(f, ok);
  f.message_zh = label(share) + "，" + label(total) + "：" +
                 (ok ? "存在整数人数给出该比例（" + found_zh + "）：一致"
                     : std::string("没有整数人数能给出该比例：不一致"));
  f.message_en = label_en(share) + " of " + label_en(total) + ": " +
                 (ok ? "a whole count gives it (" + found_en + "): consistent"
                     : std::string("no whole count gives it: inconsistent"));
  return f;
}

Finding check_split_ratio(const Mention& ratio, const Mention& total, Unit unit) {
  validate(ratio);
  if (ratio.figure.unit_kind != FigureUnitKind::none &&
      ratio.figure.unit_kind != FigureUnitKind::rate)
    fail(ratio.id, "unit",
         "'" + ratio.figure.unit + "' is not a ratio (a bare figure such as 114.17)");
  if (ratio.figure.value < 0)
    fail(ratio.id, "value", "a ratio must be ≥ 0, got " + number(ratio.figure.value));
  const Range tr = count_range(total, "total");
  Finding f = start(AuditCheck::rate_counts, {ratio.id, total.id});
  const double tv = total.figure.value, mult = unit.multiplier(), r = ratio.figure.value;
  if (!(tr.point && tv >= 1 && tv < 9e15) || ratio.figure.bound != FigureBound::exact) {
    cannot_check(f, label(ratio) + "：" + label(total) + "不是确切的整数，无法拆分",
                 label_en(ratio) + ": " + label_en(total) + " is not an exact whole number");
    return f;
  }
  // m ÷ (total − m) grows with m: look around m = r × total ÷ (mult + r).
  const double m0 = std::clamp(std::round(r * tv / (mult + r)), 0.0, tv - 1);
  const auto rounds = [&](double m) {
    return m >= 0 && m <= tv - 1 && reported(ratio, m, tv - m, unit).consistent;
  };
  bool ok = false;
  double m = m0;
  for (double d : {0.0, -1.0, 1.0, -2.0, 2.0})
    if (rounds(m0 + d)) {
      ok = true;
      m = m0 + d;
      break;
    }
  judge(f, ok);
  set_recomputed(f, m);
  const std::string split = number(m) + " ÷ " + number(tv - m) + " × " +
                            std::to_string(unit.integer_multiplier()) + " = " +
                            number(m / (tv - m) * mult, ratio.figure.printed.decimals() + 3);
  f.message_zh = label(ratio) + "，" + label(total) + "：" +
                 (ok ? "可拆分为" + split + "：一致"
                     : "最接近的拆分" + split + "，不能四舍五入为" + shown(ratio) + "：不一致");
  f.message_en =
      label_en(ratio) + ", " + label_en(total) + ": " +
      (ok ? "splits as " + split + ": consistent"
          : "the nearest split " + split + " does not round to " + shown(ratio) + ": inconsistent");
  return f;
}

} // namespace zhibiao
