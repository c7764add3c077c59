#include "zhibiao/scheme.hpp"

#include "json_text.hpp"
#include "zhibiao/assessment.hpp"
#include "zhibiao/cube.hpp"
#include "zhibiao/decimal.hpp"
#include "zhibiao/detail/decimal_digits.hpp"
#include "zhibiao/detail/names.hpp"
#include "zhibiao/detail/parallel.hpp"
#include "zhibiao/detail/utf8.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/evaluation.hpp"
#include "zhibiao/org_unit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace zhibiao {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::array<std::string_view, 5> rule_names = {"all_or_nothing", "proportional",
                                                        "deduction", "bonus", "veto"};
constexpr std::array<std::string_view, 3> veto_names = {"none", "cap", "zero"};

std::string item_path(const Scheme& s, std::size_t i) {
  return "items[" + std::to_string(i) + "] (" + detail::printable_utf8(s.items[i].id, 40) + ")";
}

// A number rounded half up to `decimals`, trailing zeros dropped: 5 points print "5", 4.72 "4.72".
// The digits are decimal.hpp's exact half-up rounding, printed from the rounded decimal itself
// (no double round trip, no printf): one rounding in the library.
std::string points_text(double x, int decimals) {
  std::string t = detail::fixed_text(x, decimals);
  if (t.find('.') != std::string::npos) {
    while (t.back() == '0') t.pop_back();
    if (t.back() == '.') t.pop_back();
  }
  return t;
}
// A value as reports print it: fixed decimals.
std::string fixed_text(double x, int decimals) { return detail::fixed_text(x, decimals); }

// An item resolved against the catalog and the as-of date.
struct Resolved {
  const SchemeItem* item;
  const Indicator* indicator;
  Threshold target;
  double multiplier; // 1 for a quota item: its value is the count
  bool proportion;   // numerator ≤ denominator
  bool interim;      // a quota pro-rated by time progress
  double share;      // elapsed share of the quota's period (1 without as_of)
  double veto_cap;   // the ceiling a missed veto item sets (cap effect)
  std::string target_zh = {}, target_en = {}; // "目标≥90%", "target at least 90%": once per item
};

struct Raw {
  double value = nan;
  double score = 0;
  bool reached = false;
  bool missing = true;
};

Raw score_raw(const Resolved& r, double num, double den) {
  Raw out;
  if (std::isnan(num) || std::isnan(den)) return out;
  out.missing = false;
  out.value = den == 0 ? nan : num * r.multiplier / den;
  if (std::isnan(out.value)) { // 0/0: no figure, as evaluate() marks it
    out.missing = true;
    return out;
  }
  const SchemeItem& it = *r.item;
  const Threshold& t = r.target;
  const double v = out.value;
  out.reached = t.met_by(v);
  double s = 0;
  switch (it.rule) {
  case ScoreRule::all_or_nothing: s = out.reached ? it.points : 0; break;
  case ScoreRule::proportional:
    if (out.reached) s = it.points;
    else if (t.higher_is_better().value_or(true))
      s = t.value > 0 ? it.points * std::clamp(v / t.value, 0.0, 1.0) : 0;
    else // missed a ≤ / < bound, so v > target ≥ 0 here unless the bound is negative
      s = v > 0 ? it.points * std::clamp(t.value / v, 0.0, 1.0) : 0;
    break;
  case ScoreRule::deduction:
    s = out.reached ? it.points : std::max(it.points - it.per_unit * t.shortfall(v), it.floor);
    break;
  case ScoreRule::bonus:
    if (!out.reached) s = 0;
    else if (it.per_unit == 0) s = it.points;
    else s = std::min(it.points, it.per_unit * std::abs(v - t.value));
    break;
  case ScoreRule::veto: s = 0; break;
  }
  out.score = s * it.weight;
  return out;
}

struct Combined {
  double total = 0;
  bool vetoed = false;
};

template <class Get>
Combined combine(const Scheme& scheme, const std::vector<Resolved>& items, Get raw_of) {
  double base = 0, bonus = 0, ceiling = std::numeric_limits<double>::infinity();
  bool vetoed = false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Raw r = raw_of(i);
    const SchemeItem& it = *items[i].item;
    if (it.rule == ScoreRule::bonus) bonus += r.score;
    else if (it.rule == ScoreRule::veto) {
      if (!r.missing && !r.reached) {
        vetoed = true;
        ceiling = std::min(ceiling, it.veto == VetoEffect::zero ? 0.0 : items[i].veto_cap);
      }
    } else base += r.score;
  }
  if (scheme.bonus_cap) bonus = std::min(bonus, *scheme.bonus_cap);
  const double total = std::min(base + bonus, ceiling);
  return {round_half_up(total, scheme.decimals), vetoed};
}

std::string grade_of(const Scheme& s, double total) {
  for (const auto& g : s.grades)
    if (total >= g.min_total) return g.name;
  return s.fail_grade;
}

std::string shortfall_unit(const Threshold& t, Language lang) {
  if (!t.count_unit.empty()) return lang == Language::zh ? t.count_unit : "";
  if (t.unit == Unit::percent()) return lang == Language::zh ? "个百分点" : " percentage points";
  if (t.unit == Unit::ratio()) return "";
  return lang == Language::zh ? std::string(t.unit.suffix(lang))
                              : " " + std::string(t.unit.suffix(lang));
}

std::string value_text(const Resolved& r, double v) {
  const int d = r.item->quota ? 0 : r.indicator->decimals;
  const std::string suffix =
      r.target.count_unit.empty() ? std::string(r.target.unit.suffix()) : r.target.count_unit;
  return fixed_text(v, d) + suffix;
}

void reasons(const Scheme& s, const Resolved& r, const Raw& raw, ItemScore& out) {
  const SchemeItem& it = *r.item;
  const int d = s.decimals;
  if (raw.missing) {
    out.reason_zh = "无数据，得0分";
    out.reason_en = "no data: 0 points";
    return;
  }
  const std::string& tz = r.target_zh;
  const std::string& te = r.target_en;
  const std::string actual = value_text(r, raw.value);
  const std::string pts = points_text(raw.score, d);
  const std::string head_zh = (raw.reached ? "达到" : "未达到") + tz + "（实际" + actual + "），";
  const std::string head_en =
      te + (raw.reached ? " reached" : " missed") + " (actual " + actual + "): ";
  switch (it.rule) {
  case ScoreRule::all_or_nothing:
    out.reason_zh = head_zh + "得" + pts + "分";
    out.reason_en = head_en + pts + " points";
    break;
  case ScoreRule::proportional:
    out.reason_zh = head_zh + (raw.reached ? "得" : "按比例得") + pts + "分";
    out.reason_en = head_en + (raw.reached ? "" : "proportional credit ") + pts + " points";
    break;
  case ScoreRule::deduction:
    if (raw.reached) {
      out.reason_zh = head_zh + "得" + pts + "分";
      out.reason_en = head_en + pts + " points";
    } else {
      const std::string gap = points_text(r.target.shortfall(raw.value), 2);
      out.reason_zh = head_zh + "差" + gap + shortfall_unit(r.target, Language::zh) + "，每" +
                      (r.target.unit == Unit::percent() ? std::string("个百分点")
                                                        : shortfall_unit(r.target, Language::zh)) +
                      "扣" + points_text(it.per_unit, 4) + "分，得" + pts + "分";
      out.reason_en = head_en + "short by " + gap + shortfall_unit(r.target, Language::en) + ", " +
                      points_text(it.per_unit, 4) + " off per unit: " + pts + " points";
    }
    break;
  case ScoreRule::bonus:
    out.reason_zh = head_zh + "加" + pts + "分";
    out.reason_en = head_en + "bonus " + pts + " points";
    break;
  case ScoreRule::veto:
    if (raw.reached) {
      out.reason_zh = head_zh + "未触发一票否决";
      out.reason_en = head_en + "no veto";
    } else if (it.veto == VetoEffect::zero) {
      out.reason_zh = head_zh + "一票否决，总分为0";
      out.reason_en = head_en + "veto: the total is 0";
    } else {
      out.reason_zh = head_zh + "一票否决，总分不超过" + points_text(r.veto_cap, d) + "分";
      out.reason_en = head_en + "veto: the total is capped at " + points_text(r.veto_cap, d);
    }
    break;
  }
}

std::vector<Resolved> resolve(const Scheme& scheme, const Catalog& catalog,
                              const ScoreOptions& options) {
  std::vector<Resolved> out;
  out.reserve(scheme.items.size());
  for (const auto& it : scheme.items) {
    Resolved r{&it, &catalog.indicator(it.indicator), {}, 1, false, false, 1, 0};
    if (it.quota) {
      if (options.as_of) {
        // 序时进度 as assess_quota() computes it: one definition of time progress.
        ProgressOptions p;
        p.basis = options.basis;
        r.share = assess_quota(0, *it.quota, *options.as_of, p).time_progress / 100;
        r.interim = true;
      }
      r.target = Threshold{Bound::at_least, it.quota->amount * r.share, 0, Unit::ratio(), ""};
    } else {
      r.target = *it.target;
      r.multiplier = r.indicator->unit.multiplier();
      r.proportion = r.indicator->kind == MeasureKind::proportion;
    }
    if (it.veto == VetoEffect::cap) {
      if (it.cap_total) r.veto_cap = *it.cap_total;
      else
        for (const auto& g : scheme.grades)
          if (g.name == it.cap_grade) r.veto_cap = g.min_total;
    }
    r.target_zh = (r.interim ? "按序时进度目标" : "目标") + r.target.describe(Language::zh);
    r.target_en =
        (r.interim ? "time-progress target " : "target ") + r.target.describe(Language::en);
    out.push_back(r);
  }
  return out;
}

// A unit's total split so that one item can be replaced without rescanning the others: the sums
// of the ordinary and the bonus items, and the two lowest ceilings of the missed veto items.
struct Parts {
  double base = 0, bonus = 0;
  double low = std::numeric_limits<double>::infinity(), second = low;
  std::size_t low_item = static_cast<std::size_t>(-1);
};

double veto_ceiling(const Resolved& r) {
  return r.item->veto == VetoEffect::zero ? 0.0 : r.veto_cap;
}

Parts parts_of(const std::vector<Resolved>& items, const std::vector<Raw>& raws) {
  Parts p;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ScoreRule rule = items[i].item->rule;
    if (rule == ScoreRule::bonus) p.bonus += raws[i].score;
    else if (rule == ScoreRule::veto) {
      if (raws[i].missing || raws[i].reached) continue;
      const double c = veto_ceiling(items[i]);
      if (c < p.low) p.second = p.low, p.low = c, p.low_item = i;
      else p.second = std::min(p.second, c);
    } else p.base += raws[i].score;
  }
  return p;
}

// The rounded total with item i's raw result replaced by `changed`: what combine() gives.
double total_replacing(const Scheme& scheme, const std::vector<Resolved>& items, const Parts& p,
                       const std::vector<Raw>& raws, std::size_t i, const Raw& changed) {
  double base = p.base, bonus = p.bonus;
  double ceiling = p.low_item == i ? p.second : p.low;
  const Resolved& r = items[i];
  if (r.item->rule == ScoreRule::bonus) bonus += changed.score - raws[i].score;
  else if (r.item->rule == ScoreRule::veto) {
    if (!changed.missing && !changed.reached) ceiling = std::min(ceiling, veto_ceiling(r));
  } else base += changed.score - raws[i].score;
  if (scheme.bonus_cap) bonus = std::min(bonus, *scheme.bonus_cap);
  return round_half_up(std::min(base + bonus, ceiling), scheme.decimals);
}

// The fewest numerator cases of item i that lift the unit's total to `goal` (others unchanged),
// or none. The item's score does not fall as the numerator moves the good way, so a binary search
// over whole cases finds the least; the search stops where the item has nothing more to give.
std::optional<double> cases_for(const Scheme& scheme, const std::vector<Resolved>& items,
                                const std::vector<Raw>& raws, const Parts& parts, const double* num,
                                const double* den, std::size_t i, double goal) {
  const Resolved& r = items[i];
  if (raws[i].missing || std::isnan(raws[i].value) || den[i] <= 0) return std::nullopt;
  // Nothing to gain: an ordinary item at full marks, a met veto, a bonus at its cap.
  const ScoreRule rule = r.item->rule;
  if (rule == ScoreRule::veto ? raws[i].reached : raws[i].score >= r.item->weight * r.item->points)
    return std::nullopt;
  const auto hib = r.target.higher_is_better();
  if (!hib) return std::nullopt;
  const int sign = *hib ? 1 : -1;
  // The value at which the item gives all it can: the target, or for a bonus per unit the
  // target plus points / per_unit.
  double best = r.target.value;
  if (rule == ScoreRule::bonus && r.item->per_unit > 0)
    best += sign * r.item->points / r.item->per_unit;
  double limit = std::ceil(std::abs(best - raws[i].value) * den[i] / r.multiplier) + 1;
  if (sign > 0 && r.proportion) limit = std::min(limit, den[i] - num[i]);
  if (sign < 0) limit = std::min(limit, num[i]);
  if (!(limit >= 1) || limit > 1e15) return std::nullopt;
  auto total_with = [&](double delta) {
    return total_replacing(scheme, items, parts, raws, i,
                           score_raw(r, num[i] + sign * delta, den[i]));
  };
  if (total_with(limit) < goal) return std::nullopt;
  double lo = 0, hi = limit; // total_with(lo) < goal ≤ total_with(hi)
  while (hi - lo > 1) {
    const double mid = std::floor((lo + hi) / 2);
    (total_with(mid) >= goal ? hi : lo) = mid;
  }
  return hi;
}

void check_finite(double x, const std::string& field, bool nonnegative = true) {
  if (!std::isfinite(x) || (nonnegative && x < 0))
    throw invalid_input(field, "must be a finite number" + std::string(nonnegative ? " ≥ 0" : "") +
                                   ", got " + points_text(x, 6));
}

} // namespace

std::string_view to_string(ScoreRule rule) noexcept {
  return rule_names[static_cast<std::size_t>(rule)];
}
ScoreRule parse_score_rule(std::string_view text) {
  for (std::size_t i = 0; i < rule_names.size(); ++i)
    if (rule_names[i] == text) return static_cast<ScoreRule>(i);
  throw invalid_input("rule", "unknown rule \"" + detail::printable_utf8(text, 40) +
                                  "\"; expected all_or_nothing, proportional, deduction, bonus "
                                  "or veto");
}
std::string_view to_string(VetoEffect effect) noexcept {
  return veto_names[static_cast<std::size_t>(effect)];
}
VetoEffect parse_veto_effect(std::string_view text) {
  if (text == "cap") return VetoEffect::cap;
  if (text == "zero") return VetoEffect::zero;
  throw invalid_input("veto", "unknown veto effect \"" + detail::printable_utf8(text, 40) +
                                  "\"; expected cap or zero");
}

void validate(const Scheme& scheme, const Catalog& catalog) {
  if (scheme.decimals < 0 || scheme.decimals > 6)
    throw invalid_input("decimals", "must be between 0 and 6");
  for (std::size_t g = 0; g < scheme.grades.size(); ++g) {
    check_finite(scheme.grades[g].min_total, "grades[" + std::to_string(g) + "].min_total", false);
    if (g > 0 && !(scheme.grades[g].min_total < scheme.grades[g - 1].min_total))
      throw invalid_input("grades", "grade \"" + scheme.grades[g].name + "\" (≥" +
                                        points_text(scheme.grades[g].min_total, 6) +
                                        ") must be below \"" + scheme.grades[g - 1].name + "\" (≥" +
                                        points_text(scheme.grades[g - 1].min_total, 6) +
                                        "): list grades highest first");
  }
  if (scheme.bonus_cap) check_finite(*scheme.bonus_cap, "bonus_cap");
  std::set<std::string, std::less<>> ids;
  double full = 0;
  for (std::size_t i = 0; i < scheme.items.size(); ++i) {
    const auto& it = scheme.items[i];
    const std::string at = item_path(scheme, i);
    if (it.id.empty()) throw invalid_input(at + ".id", "is required");
    if (!ids.insert(it.id).second) throw invalid_input(at + ".id", "repeats an earlier item's id");
    const Indicator* ind = nullptr;
    for (const auto& x : catalog.indicators)
      if (x.id == it.indicator) ind = &x;
    if (!ind)
      throw invalid_input(at + ".indicator", "unknown indicator \"" +
                                                 detail::printable_utf8(it.indicator, 40) +
                                                 "\" (not in the catalog)");
    check_finite(it.points, at + ".points");
    check_finite(it.weight, at + ".weight");
    check_finite(it.per_unit, at + ".per_unit");
    check_finite(it.floor, at + ".floor");
    if (it.floor > it.points) throw invalid_input(at + ".floor", "is above the item's points");
    if (!it.target && !it.quota) throw invalid_input(at + ".target", "is required (or a quota)");
    if (it.quota && !(it.quota->amount > 0))
      throw invalid_input(at + ".quota", "must be a count above 0");
    if (it.target && !it.quota && it.target->count_unit.empty() && it.target->unit != ind->unit)
      throw invalid_input(at + ".target", "is in " + std::string(it.target->unit.suffix()) +
                                              ", the indicator in " +
                                              std::string(ind->unit.suffix()));
    const Threshold t =
        it.quota ? Threshold{Bound::at_least, it.quota->amount, 0, Unit::ratio(), ""} : *it.target;
    const bool directed = t.higher_is_better().has_value();
    if ((it.rule == ScoreRule::proportional || it.rule == ScoreRule::deduction) && !directed)
      throw invalid_input(at + ".target",
                          "needs a direction (≥, >, ≤, <) for " + std::string(to_string(it.rule)));
    if (it.rule == ScoreRule::proportional && t.value < 0)
      throw invalid_input(at + ".target", "must not be negative for proportional credit");
    if (it.rule == ScoreRule::deduction && it.per_unit == 0)
      throw invalid_input(at + ".per_unit", "is required for a deduction (points off per unit)");
    if (it.rule == ScoreRule::veto) {
      if (it.veto == VetoEffect::none)
        throw invalid_input(at + ".veto", "a veto item needs an effect: cap or zero");
      if (it.veto == VetoEffect::cap) {
        if (!it.cap_total && it.cap_grade.empty())
          throw invalid_input(at + ".veto", "a cap needs a total or a grade");
        if (it.cap_total) check_finite(*it.cap_total, at + ".veto.total");
        if (!it.cap_total && std::none_of(scheme.grades.begin(), scheme.grades.end(),
                                          [&](const Grade& g) { return g.name == it.cap_grade; }))
          throw invalid_input(at + ".veto.grade",
                              "unknown grade \"" + detail::printable_utf8(it.cap_grade, 40) + "\"");
      }
    } else if (it.veto != VetoEffect::none)
      throw invalid_input(at + ".veto", "only a veto item has a veto effect");
    if (it.rule != ScoreRule::bonus && it.rule != ScoreRule::veto) full += it.weight * it.points;
  }
  if (scheme.total && std::abs(full - *scheme.total) > 1e-9 * std::max(1.0, *scheme.total))
    throw invalid_input("total", "the items' points add up to " + points_text(full, 6) +
                                     ", not the declared " + points_text(*scheme.total, 6));
}

SchemeData roll_up(const OrgUnitTree& tree, const SchemeData& reporting,
                   const std::vector<std::string>& targets) {
  const std::size_t n = reporting.items;
  if (reporting.numerator.size() != reporting.units.size() * n ||
      reporting.denominator.size() != reporting.units.size() * n)
    throw invalid_input("numerator", "must hold units × items values");
  std::vector<std::size_t> row_of(tree.size(), static_cast<std::size_t>(-1));
  for (std::size_t u = 0; u < reporting.units.size(); ++u) {
    const std::size_t k = tree.find(reporting.units[u]);
    if (k == OrgUnitTree::npos)
      throw invalid_input("units", "unknown org unit \"" +
                                       detail::printable_utf8(reporting.units[u], 40) + "\"");
    if (row_of[k] != static_cast<std::size_t>(-1))
      throw invalid_input("units", "org unit \"" + reporting.units[u] + "\" appears twice");
    row_of[k] = u;
  }
  SchemeData out{targets, n, std::vector<double>(targets.size() * n, nan),
                 std::vector<double>(targets.size() * n, nan)};
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const std::size_t root = tree.find(targets[t]);
    if (root == OrgUnitTree::npos)
      throw invalid_input("units",
                          "unknown org unit \"" + detail::printable_utf8(targets[t], 40) + "\"");
    // Σ numerators and Σ denominators over the subtree (the cube's aggregation rule): the item's
    // value is then the pooled ratio, never a mean of the sub-units' values.
    for (std::size_t i = 0; i < n; ++i) {
      double a = 0, b = 0;
      bool any = false;
      for (const std::size_t k : tree.subtree_view(root)) {
        const std::size_t u = row_of[k];
        if (u == static_cast<std::size_t>(-1)) continue;
        const double x = reporting.numerator[u * n + i], y = reporting.denominator[u * n + i];
        if (std::isnan(x) || std::isnan(y)) continue;
        a += x;
        b += y;
        any = true;
      }
      if (any) {
        out.numerator[t * n + i] = a;
        out.denominator[t * n + i] = b;
      }
    }
  }
  return out;
}

SchemeScores score(const Scheme& scheme, const Catalog& catalog, const SchemeData& data,
                   const ScoreOptions& options) {
  validate(scheme, catalog);
  const std::size_t n = scheme.items.size();
  if (data.items != n)
    throw invalid_input("items", "the data has " + std::to_string(data.items) +
                                     " items, the scheme " + std::to_string(n));
  if (data.numerator.size() != data.units.size() * n ||
      data.denominator.size() != data.units.size() * n)
    throw invalid_input("numerator", "must hold units × items values");
  std::vector<row_error> bad;
  for (std::size_t u = 0; u < data.units.size(); ++u)
    for (std::size_t i = 0; i < n; ++i) {
      const double x = data.numerator[u * n + i], y = data.denominator[u * n + i];
      if (std::isinf(x) || x < 0 || std::isinf(y) || y < 0)
        bad.push_back({u, scheme.items[i].id, "counts must be finite and ≥ 0"});
    }
  if (!bad.empty()) throw invalid_rows(std::move(bad));
  const auto items = resolve(scheme, catalog, options);
  SchemeScores out;
  out.units.resize(data.units.size());
  // Units are scored independently (each writes its own UnitScore; the scheme and the resolved
  // items are only read), so the loop is split across the pool: the reasons' text is most of the
  // time at 10^4 units × 50 items. Ranks come after, over all units, on one thread.
  detail::parallel_for(data.units.size(), 256, [&](std::size_t first, std::size_t last) {
    std::vector<Raw> raws(n);
    for (std::size_t u = first; u < last; ++u) {
      const double* num = data.numerator.data() + u * n;
      const double* den = data.denominator.data() + u * n;
      for (std::size_t i = 0; i < n; ++i) raws[i] = score_raw(items[i], num[i], den[i]);
      const Combined c = combine(scheme, items, [&](std::size_t i) { return raws[i]; });
      UnitScore& us = out.units[u];
      us.unit = data.units[u];
      us.total = c.total;
      us.vetoed = c.vetoed;
      us.grade = grade_of(scheme, c.total);
      us.items.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        ItemScore& s = us.items[i];
        const SchemeItem& it = scheme.items[i];
        s.item = i;
        s.value = raws[i].missing ? nan : raws[i].value;
        s.target = items[i].target.value;
        s.score = raws[i].score;
        s.full = it.rule == ScoreRule::veto ? 0 : it.weight * it.points;
        s.reached = raws[i].reached;
        s.missing = raws[i].missing;
        if (options.reasons) reasons(scheme, items[i], raws[i], s);
        const bool lost = it.rule == ScoreRule::veto    ? (!s.missing && !s.reached)
                          : it.rule == ScoreRule::bonus ? false
                                                        : s.score < s.full;
        if (lost) us.lost.push_back(i);
      }
      // The next grade up: the lowest grade whose bound is above the total.
      const Grade* next = nullptr;
      for (const auto& g : scheme.grades)
        if (g.min_total > c.total) next = &g;
      if (next) {
        NextGrade ng;
        ng.grade = next->name;
        ng.points_needed = round_half_up(next->min_total - c.total, scheme.decimals);
        const Parts parts = parts_of(items, raws);
        for (std::size_t i = 0; i < n; ++i) {
          const auto k = cases_for(scheme, items, raws, parts, num, den, i, next->min_total);
          if (k && (!ng.item || *k < ng.cases)) {
            ng.item = i;
            ng.cases = *k;
          }
        }
        const std::string pts =
            options.reasons ? points_text(ng.points_needed, scheme.decimals) : std::string();
        if (!options.reasons) {
        } else if (ng.item) {
          const SchemeItem& it = scheme.items[*ng.item];
          const bool up = items[*ng.item].target.higher_is_better().value_or(true);
          const std::string nm = it.name.empty() ? items[*ng.item].indicator->name_zh : it.name;
          const std::string cs = points_text(ng.cases, 0);
          ng.describe_zh = "距" + ng.grade + "差" + pts + "分：" + nm + "分子" +
                           (up ? "增加" : "减少") + cs + "例即可达到";
          ng.describe_en = pts + " points short of " + ng.grade + ": " + cs +
                           (up ? " more" : " fewer") + " cases in the numerator of " + it.id +
                           " reach it";
        } else {
          ng.describe_zh = "距" + ng.grade + "差" + pts + "分：单项改进不足以达到";
          ng.describe_en =
              pts + " points short of " + ng.grade + ": no change in a single item reaches it";
        }
        us.next = ng;
      }
    }
  });
  // Competition ranking on the rounded totals: equal totals share a rank, the next skips.
  std::vector<std::size_t> order(out.units.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return out.units[a].total > out.units[b].total;
  });
  for (std::size_t k = 0; k < order.size(); ++k)
    out.units[order[k]].rank = k > 0 && out.units[order[k]].total == out.units[order[k - 1]].total
                                   ? out.units[order[k - 1]].rank
                                   : static_cast<int>(k + 1);
  return out;
}

SchemeScores score_units(const Scheme& scheme, const Catalog& catalog, const DataCube& cube,
                         const std::vector<std::size_t>& units, const Period& period,
                         const ScoreOptions& options) {
  validate(scheme, catalog);
  std::vector<Indicator> indicators;
  std::map<std::string, std::size_t, std::less<>> index;
  for (const auto& it : scheme.items)
    if (index.emplace(it.indicator, indicators.size()).second)
      indicators.push_back(catalog.indicator(it.indicator));
  const EvaluationTable t = evaluate(cube, indicators, units, {period});
  const std::size_t n = scheme.items.size();
  SchemeData data;
  data.items = n;
  for (const std::size_t u : units) data.units.push_back(cube.tree().code(u));
  data.numerator.assign(units.size() * n, nan);
  data.denominator.assign(units.size() * n, nan);
  std::map<std::size_t, std::size_t> row_of_unit;
  for (std::size_t k = 0; k < units.size(); ++k) row_of_unit.emplace(units[k], k);
  for (std::size_t r = 0; r < t.size(); ++r) {
    const bool ok = t.status[r] == EvaluationStatus::ok;
    const std::size_t u = row_of_unit.at(t.org_unit[r]);
    for (std::size_t i = 0; i < n; ++i) {
      if (index.at(scheme.items[i].indicator) != t.indicator[r] || !ok) continue;
      data.numerator[u * n + i] = t.numerator[r];
      data.denominator[u * n + i] = scheme.items[i].quota ? 1.0 : t.denominator[r];
    }
  }
  return score(scheme, catalog, data, options);
}

} // namespace zhibiao
