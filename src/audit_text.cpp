// The report auditor over plain text (audit.hpp audit(), docs/audit.md §15): figures from the
// figure reader, named by the words before them, linked within their sentence, checked by the
// checks of src/audit.cpp. The linking rules are heuristics over the wording of health-commission
// work summaries; each says which wording it reads.
#include "zhibiao/audit.hpp"

#include "zhibiao/detail/utf8.hpp"
#include "zhibiao/error.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace zhibiao {

namespace {

using u32 = std::u32string;
using u32v = std::u32string_view;

bool has(u32v hay, u32v needle) { return hay.find(needle) != u32v::npos; }
bool has_any(u32v hay, std::initializer_list<u32v> needles) {
  for (u32v n : needles)
    if (has(hay, n)) return true;
  return false;
}
bool ends_with(u32v s, u32v t) {
  return s.size() >= t.size() && s.substr(s.size() - t.size()) == t;
}

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

// Where a sentence ends (a figure's links stay inside it) and where a clause ends (a figure's
// name stops there).
bool sentence_end(char32_t c) { return c == U'。' || c == U'\n' || c == U'！' || c == U'？'; }
bool sub_end(char32_t c) { return sentence_end(c) || c == U'；' || c == U';'; }
bool clause_end(char32_t c) {
  return sub_end(c) || c == U'，' || c == U',' || c == U'、' || c == U'：' || c == U':' ||
         c == U'(' || c == U')' || c == U'（' || c == U'）' || c == U' ' || c == U'　' ||
         c == U'“' || c == U'”' || c == U'\t' || c == U'\r';
}

// One figure of the text with what the linker needs to know about its place.
struct Item {
  Mention m;
  u32 before; ///< the clause before the figure (back to a separator or the previous figure)
  u32 after;  ///< the words right after it, to the next separator (the noun of 186个村卫生室)
  u32 name;   ///< before + after, for matching nouns
  int sentence = 0, sub = 0;
  int paren = 0; ///< the parenthesis group it sits in (0: none)
  bool factor = false, used_as_part = false;
};

enum class Family { none, count, money, rate, points, units };

Family family(const Figure& f) {
  switch (f.unit_kind) {
  case FigureUnitKind::count: return Family::count;
  case FigureUnitKind::money: return Family::money;
  case FigureUnitKind::rate: return Family::rate;
  case FigureUnitKind::percentage_points: return Family::points;
  case FigureUnitKind::units: return Family::units;
  case FigureUnitKind::none: return Family::none;
  default: return Family::none;
  }
}

// The unit of a count without its magnitude, places folded together (家, 所, 个 count the same
// institutions in these reports: 412个, 其中县级公立医院4家).
std::string unit_group(const Figure& f, u32v name = U"院") {
  std::string u = f.unit;
  for (const char* m : {"万", "亿"})
    if (u.rfind(m, 0) == 0) u = u.substr(3);
  if (u == "家" || u == "所") return "place";
  // 个 counts places only when a place is named (乡镇卫生院17个), not 托位1,120个.
  if (u == "个" && has_any(name, {U"院", U"机构", U"中心", U"站", U"室", U"乡镇", U"街道"}))
    return "place";
  // 2024万 beside 2400万元: a bare 万 or 亿 is an amount of 万元 in these reports.
  if (f.unit_kind == FigureUnitKind::none) return f.magnitude > 0 && u.empty() ? "元" : "";
  return u;
}

// A bare integer (9199, 164318, 活产数4024) that stands where a count's unit was left out.
bool bare_count(const Item& it) {
  const Figure& f = it.m.figure;
  return f.unit_kind == FigureUnitKind::none && (f.decimals == 0 || f.magnitude > 0) &&
         !f.chinese_numerals && !has(it.name, U"性别比");
}
std::string group(const Item& it) { return unit_group(it.m.figure, it.name); }
bool is_count(const Item& it) {
  const Family fam = family(it.m.figure);
  return fam == Family::count || fam == Family::money || bare_count(it);
}

// Connecting words between a quantity's name and its figure: 任务数为1600人, 签约率达5%.
u32 strip_name(u32 s) {
  static const u32v tails[] = {U"达到", U"共计", U"合计", U"累计", U"约为",  U"分别为", U"为",
                               U"达",   U"是",   U"共",   U"计",   U"已",    U"约",     U"了",
                               U"的",   U"有",   U"占",   U"完成", U"保持在"};
  for (bool again = true; again && !s.empty();) {
    again = false;
    for (u32v t : tails)
      if (s.size() > t.size() && ends_with(s, t) &&
          !(t == U"约" && s.size() >= 2 &&
            has_any(u32v(s).substr(s.size() - 2, 1), {U"签", U"节", U"制", U"合", U"预"}))) {
        s.resize(s.size() - t.size());
        again = true;
        break;
      }
  }
  static const u32v heads[] = {U"其中", U"截至目前", U"截止目前", U"目前", U"现有", U"共有"};
  for (u32v h : heads)
    if (s.size() > h.size() && s.compare(0, h.size(), h) == 0) s.erase(0, h.size());
  return s;
}

// Longest common substring length, for matching the noun of two names (乡镇卫生院).
std::size_t common_run(u32v a, u32v b) {
  std::size_t best = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < b.size(); ++j) {
      std::size_t k = 0;
      while (i + k < a.size() && j + k < b.size() && a[i + k] == b[j + k]) ++k;
      best = std::max(best, k);
    }
  return best;
}

class Auditor {
public:
  Auditor(std::string_view text, const AuditOptions& options)
      : decoded_(detail::decode_utf8(text, "text", true)), cp_(decoded_.code_points),
        options_(options) {}

  AuditReport run(std::string_view text);

private:
  detail::DecodedText decoded_;
  const u32& cp_;
  AuditOptions options_;
  std::vector<int> sentence_of_, sub_of_, paren_of_;
  /// Where the clause holding each code point starts (after the last clause_end before it):
  /// looked up, not scanned back to, so that a text without punctuation stays linear.
  std::vector<std::size_t> clause_start_;
  std::vector<Item> items_;
  /// The figures after the heading of the plan (三、下半年工作安排, 四、下一步工作打算): targets
  /// for later, not figures reported, so they are mentions but no check links them.
  std::vector<Item> plan_items_;
  std::size_t plan_start_ = std::u32string::npos;
  std::vector<Figure> dates_;
  AuditReport report_;
  int year_ = 0;
  std::set<std::string> finding_ids_;

  std::string utf8(std::size_t a, std::size_t b) const {
    return std::string(detail::utf8_of(u32v(cp_).substr(a, b - a))); // folded text only for names
  }
  std::string raw(std::string_view text, std::size_t a, std::size_t b) const {
    return std::string(
        text.substr(decoded_.byte_offsets[a], decoded_.byte_offsets[b] - decoded_.byte_offsets[a]));
  }
  u32v span(std::size_t a, std::size_t b) const { return u32v(cp_).substr(a, b - a); }

  void segment();
  void read(std::string_view text);
  void document_period();
  std::optional<Period> sentence_period(int sentence, Date* as_of) const;
  Date as_of_for(int sentence) const;

  void add(Finding f) {
    if (finding_ids_.insert(f.id).second) report_.findings.push_back(std::move(f));
  }
  template <class F>
  void attempt(F&& f) {
    // An extraction mistake (a figure linked to the wrong kind of figure) is the linker's, not
    // the report's: a check refusing its operands drops the link.
    try {
      f();
    } catch (const invalid_input&) {
    }
  }

  void link_rates();
  void link_products();
  void link_parts();
  void link_ranked();
  void link_claims();
  void link_changes();
  void link_composition();
  void link_exceeds();
  void link_population();
  void link_births();
  /// A rate beside one count whose base is not printed (重点人群签约率71.30% of 41206人; a done
  /// share 完成全年任务的50.71% of 3448对 with its task unprinted, `quota`): the base the count
  /// implies, as a cannot_check finding.
  void unprinted_base(const Item& rate, const Item& count, bool quota);
  void link_birth_parts();

  std::vector<std::size_t> in_sentence(int s) const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < items_.size(); ++i)
      if (items_[i].sentence == s) out.push_back(i);
    return out;
  }

  // (rate, single count) pairs left for the implied-denominator group or cannot_check.
  struct Pair {
    std::size_t rate, count;
  };
  std::vector<Pair> pairs_;
  std::set<std::size_t> rate_done_;
  std::set<std::pair<std::size_t, std::size_t>> exceeds_done_;
};

void Auditor::segment() {
  const std::size_t n = cp_.size();
  sentence_of_.assign(n + 1, 0);
  sub_of_.assign(n + 1, 0);
  paren_of_.assign(n + 1, 0);
  clause_start_.assign(n + 1, 0);
  int s = 0, sub = 0, paren = 0, groups = 0;
  std::size_t clause = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char32_t c = cp_[i];
    clause_start_[i] = clause;
    if (clause_end(c)) clause = i + 1;
    if (c == U'(' || c == U'（') paren = ++groups;
    sentence_of_[i] = s;
    sub_of_[i] = sub;
    paren_of_[i] = paren;
    if (c == U')' || c == U'）') paren = 0;
    if (sentence_end(c)) ++s, paren = 0;
    if (sub_end(c)) ++sub;
  }
  sentence_of_[n] = s;
  sub_of_[n] = sub;
  clause_start_[n] = clause;
  // The plan's heading: a line of at most 30 code points that opens with a section number
  // (三、 or （三）) and names the work to come.
  for (std::size_t a = 0; a < n && plan_start_ == u32::npos;) {
    std::size_t e = a;
    while (e < n && cp_[e] != U'\n') ++e;
    std::size_t b = a;
    while (b < e && (cp_[b] == U' ' || cp_[b] == U'\u3000' || cp_[b] == U'\t')) ++b;
    const u32v line = span(b, e);
    std::size_t k = line.starts_with(U"（") ? 1 : 0;
    const std::size_t digits = k;
    while (k < line.size() && u32v(U"一二三四五六七八九十").find(line[k]) != u32v::npos) ++k;
    const bool numbered =
        k > digits && k < line.size() && (digits ? line[k] == U'）' : line[k] == U'、');
    if (numbered && line.size() <= 30 &&
        has_any(line, {U"工作安排", U"工作打算", U"工作计划", U"工作思路", U"下一步", U"工作重点",
                       U"工作目标"}))
      plan_start_ = b;
    a = e + 1;
  }
}

void Auditor::read(std::string_view text) {
  std::vector<Figure> figures = read_figures(text);
  std::size_t previous_end = 0;
  for (Figure& f : figures) {
    if (f.unit_kind == FigureUnitKind::date) {
      dates_.push_back(f);
      previous_end = f.end;
      continue;
    }
    // 65岁, 24小时: ages and spans are not figures to check; 人均预期寿命79.6岁 is. They stay in
    // the name of the figure after them (65岁及以上老年人免费健康体检51230人).
    if (f.unit_kind == FigureUnitKind::duration && f.decimals == 0) continue;
    // 前五位, 第3: a rank, not a figure.
    if (f.start > 0 && (cp_[f.start - 1] == U'前' || cp_[f.start - 1] == U'第')) continue;
    // 2型糖尿病, 3岁以下, 5.29: a bare number glued to a word is part of a name.
    if (f.unit_kind == FigureUnitKind::none && f.end < cp_.size() && !clause_end(cp_[f.end]) &&
        f.decimals == 0 && f.magnitude == 0)
      continue;
    Item it;
    u32 label;
    // 签约98765人, 节约, 预约: 约 is the second character of a word, not "about".
    const bool inner = f.start > 0 && cp_[f.start] == U'约' &&
                       has_any(span(f.start - 1, f.start), {U"签", U"节", U"制", U"合", U"预"});
    const bool outer = f.start > 1 && cp_[f.start - 1] == U'约' &&
                       has_any(span(f.start - 2, f.start - 1), {U"签", U"节", U"制", U"合", U"预"});
    if (f.bound == FigureBound::about && (inner || outer)) {
      std::size_t k = inner ? f.start + 1 : f.start;
      f.text = raw(text, k, f.end);
      f.start = k;
      f.bound = FigureBound::exact;
      const DecimalRange r = rounding_range(f.printed);
      f.lower = r.lower;
      f.upper = r.upper;
    }
    // The reader takes a density's name with its figure (千人口床位数6.99张): the figure starts
    // at its first digit, the name is the quantity.
    if (f.unit_kind == FigureUnitKind::rate && f.end > f.start && !is_digit(cp_[f.start]) &&
        has(span(f.start, f.end), U"人口")) {
      std::size_t k = f.start;
      while (k < f.end && !is_digit(cp_[k])) ++k;
      if (k == f.end) continue;
      label = strip_name(u32(span(f.start, k)));
      f.text = raw(text, k, f.end);
      f.start = k;
    }
    std::size_t a = f.start;
    while (a > previous_end && !clause_end(cp_[a - 1])) --a;
    it.before = u32(span(a, f.start));
    // 全年接种任务为剂次：164318: the name stands before the colon.
    if (strip_name(it.before).empty() && a > previous_end + 1 &&
        (cp_[a - 1] == U'：' || cp_[a - 1] == U':')) {
      std::size_t c = a - 1;
      while (c > previous_end && !clause_end(cp_[c - 1])) --c;
      it.before = u32(span(c, a - 1));
    }
    if (!label.empty()) it.before = label;
    std::size_t b = f.end;
    while (b < cp_.size() && !clause_end(cp_[b]) && b - f.end < 12) ++b;
    it.after = u32(span(f.end, b));
    // A density the reader took for a count (每万常住人口全科医生数3.6人, 每千人口执业医师2.85人):
    // a rate per 1,000 or 10,000 people.
    const u32v near =
        span(f.start >= 16 ? std::max(previous_end, f.start - 16) : previous_end, f.start);
    if (f.unit_kind == FigureUnitKind::count && f.decimals > 0 &&
        has_any(near, {U"每千人口", U"千人口", U"每万"})) {
      f.unit_kind = FigureUnitKind::rate;
      if (has(near, U"每万")) {
        f.rate_unit = Unit::per_10k();
        f.unit = "/万人";
      } else {
        f.rate_unit = Unit::per_1000_population();
        f.unit = "/千人";
      }
    }
    u32 name = strip_name(it.before);
    // 覆盖全县11个乡镇卫生院和186个村卫生室: after a joining word the words before belong to
    // the figure before; this figure's noun follows it.
    for (u32v w : {U"和", U"及", U"与", U"、", U"以及"})
      if (!name.empty() && ends_with(name, w) && !it.after.empty()) {
        name.clear();
        break;
      }
    it.name = name + it.after;
    it.m.quantity = detail::utf8_of(name.empty() ? it.after : name);
    it.m.figure = f;
    it.sentence = sentence_of_[f.start];
    it.sub = sub_of_[f.start];
    it.paren = paren_of_[f.start];
    previous_end = f.end;
    items_.push_back(std::move(it));
  }
  for (std::size_t i = 0; i < items_.size(); ++i) items_[i].m.id = "m" + std::to_string(i + 1);
}

// The report's year and period from its title and opening (2019年工作总结, 2024年上半年,
// 2023年1-11月), its date from its last full date or latest month end.
void Auditor::document_period() {
  year_ = options_.year.value_or(0);
  if (options_.year && (year_ < 1400 || year_ > 9999))
    throw invalid_input("options.year",
                        "must be a year from 1400 to 9999, got " + std::to_string(year_));
  if (!year_)
    for (const Figure& d : dates_)
      if (d.date.year >= 1900 && d.date.year <= 2200) {
        year_ = d.date.year;
        break;
      }
  if (!year_) return;
  const std::size_t head = std::min<std::size_t>(cp_.size(), 400);
  const u32v opening = span(0, head);
  std::optional<Period> p;
  for (const Figure& d : dates_) {
    if (d.start > head) break;
    if (d.date.year == year_ && d.date.month >= 1 && d.date.end_month >= d.date.month &&
        d.date.end_month <= 12) {
      p = Period::range(Date(year_, d.date.month, 1), Period::month(year_, d.date.end_month).end());
      break;
    }
  }
  if (!p) {
    if (has(opening, U"上半年")) p = Period::half_year(year_, 1);
    else if (has(opening, U"前三季度")) p = Period::range(Date(year_, 1, 1), Date(year_, 9, 30));
    else p = Period::year(year_);
  }
  report_.period = p;
  if (options_.as_of) {
    report_.as_of = options_.as_of;
    return;
  }
  for (auto it = dates_.rbegin(); it != dates_.rend(); ++it)
    if (it->date.year >= 1900 && it->date.month && it->date.day && !it->date.end_day) {
      try {
        report_.as_of = Date(it->date.year, it->date.month, it->date.day);
      } catch (const std::exception&) {
      }
      if (report_.as_of) return;
    }
  int month = 0;
  for (const Figure& d : dates_)
    if (!d.date.year && d.date.month >= 1 && d.date.month <= 12)
      month = std::max({month, d.date.month, d.date.end_month});
  if (month) report_.as_of = Period::month(year_, month).end();
  else report_.as_of = p->end();
}

// The cumulative period a sentence names (1-11月份, 截止11月份, 截止5月底, 1-5月): from January
// of the report's year to the end of that month.
std::optional<Period> Auditor::sentence_period(int sentence, Date* as_of) const {
  if (!year_) return std::nullopt;
  for (const Figure& d : dates_) {
    if (sentence_of_[d.start] != sentence || d.date.year) continue;
    const int last = d.date.end_month ? d.date.end_month : d.date.month;
    if (last < 1 || last > 12) continue;
    const bool cumulative =
        d.date.end_month || (d.start >= 2 && has_any(span(d.start >= 3 ? d.start - 3 : 0, d.start),
                                                     {U"截止", U"截至", U"至"}));
    if (!cumulative) continue;
    const Date end = Period::month(year_, last).end();
    if (as_of) *as_of = end;
    return Period::range(Date(year_, 1, 1), end);
  }
  return std::nullopt;
}

Date Auditor::as_of_for(int sentence) const {
  Date d = report_.as_of ? *report_.as_of : Date(year_, 12, 31);
  sentence_period(sentence, &d);
  return d;
}

// --- rates with their counts, done shares with their quotas (§15.2) ---------------------------

bool quota_name(u32v n) { return has_any(n, {U"任务", U"目标"}); }
bool whole_name(u32v n) {
  return quota_name(n) || has_any(n, {U"现有", U"共有", U"总", U"全年", U"应", U"目前"});
}

void Auditor::link_rates() {
  std::vector<std::size_t> pending;
  int sub = -1;
  for (std::size_t i = 0; i < items_.size(); ++i) {
    Item& it = items_[i];
    if (it.sub != sub) pending.clear(), sub = it.sub;
    const Figure& f = it.m.figure;
    if (is_count(it)) {
      if (!it.factor) pending.push_back(i);
      continue;
    }
    if (family(f) != Family::rate) continue;
    const u32 before = it.before;
    // A change (增长44%) compares two figures, not a count with its base: link_changes.
    const u32 stripped = strip_name(before);
    // 自然增长率0.86‰ is a rate named with 增长, not a change.
    if (has_any(before, {U"增长", U"下降", U"减少", U"降低", U"提高", U"增加", U"上升"}) &&
        !ends_with(before, U"到") && !ends_with(before, U"至") && !ends_with(stripped, U"率")) {
      pending.clear();
      continue;
    }
    const bool done_share = has(before, U"任务的") || has(before, U"全年任务");
    if (done_share && f.rate_unit && *f.rate_unit == Unit::percent() && year_) {
      it.m.period = Period::year(year_);
      const Date as_of = as_of_for(it.sentence);
      // 超过序时进度 / 达到序时进度 printed in the same sentence: the report's claim of its pace.
      std::optional<Claim> pace;
      const std::size_t from = it.m.figure.end;
      std::size_t to = from;
      while (to < cp_.size() && !sub_end(cp_[to])) ++to;
      const u32v rest = span(from, to);
      for (u32v w : {U"超过序时进度", U"超序时进度", U"达到序时进度"}) {
        const std::size_t at = rest.find(w);
        if (at == u32v::npos) continue;
        Claim c;
        c.id = "c" + std::to_string(report_.claims.size() + 1);
        c.start = from + at;
        c.end = c.start + w.size();
        c.text = utf8(c.start, c.end);
        c.quantity = it.m.quantity;
        c.period = it.m.period;
        report_.claims.push_back(c);
        pace = c;
        break;
      }
      attempt(
          [&] { add(pace ? check_progress(it.m, *pace, as_of) : check_progress(it.m, as_of)); });
    }
    std::vector<std::size_t> cand;
    // A count of a change (较上年增加341人) is not a rate's count; 自然增长341人 (births less
    // deaths) is.
    for (std::size_t k : pending)
      if (family(items_[k].m.figure) != Family::rate &&
          (has(items_[k].before, U"自然增长") ||
           !has_any(items_[k].before,
                    {U"增长", U"下降", U"减少", U"降低", U"提高", U"增加", U"上升"})))
        cand.push_back(k);
    pending.clear();
    const bool percent = f.rate_unit && *f.rate_unit == Unit::percent();
    // A done share (完成全年任务的50.71%) with no task printed in its sentence: the task the count
    // done implies (3448对 → about 6800), cannot_check. The count done is the nearest in the
    // sub-sentence, even one an earlier rate took (婚检3448对，婚检率85.26%(完成全年任务的50.71%)).
    if (done_share && percent) {
      bool task_printed = false;
      std::optional<std::size_t> done;
      for (std::size_t k = i, seen = 0; k-- > 0 && items_[k].sentence == it.sentence && seen < 32;
           ++seen) {
        if (!is_count(items_[k]) || items_[k].factor) continue;
        task_printed = task_printed || quota_name(items_[k].name);
        if (!done && items_[k].sub == it.sub) done = k;
      }
      if (!task_printed && done) unprinted_base(it, items_[*done], true);
    }
    // 占总出院病例的50%: the base is named after 占 and not printed as a figure.
    const std::size_t zhan = before.find(U'占');
    const bool named_base =
        zhan != u32::npos && zhan + 1 < before.size() && before[zhan + 1] != U'比';
    // 已完成投资1.12亿元，占总投资的47.5%: the base named after 占 is the count of that name.
    std::optional<std::size_t> named_den;
    if (named_base) {
      u32 base = before.substr(zhan + 1);
      if (ends_with(base, U"的")) base.pop_back();
      if (base.size() >= 2)
        for (std::size_t k : cand)
          if (has(items_[k].name, base)) named_den = k;
    }
    if (cand.size() >= 2 && percent && (!named_base || named_den)) {
      // The denominator is the count named as the task or what exists (任务数, 现有, 全年任务);
      // else the first. The numerator the nearest other count of the same unit. If that reading
      // disagrees and another pair agrees, the other pair is what the report meant; with more
      // than two counts and no pair agreeing, the reading is too uncertain to flag.
      const bool task_share = has(before, U"任务");
      std::optional<std::size_t> den;
      for (std::size_t k : cand)
        if (task_share ? quota_name(items_[k].name) : whole_name(items_[k].name)) {
          den = k;
          break;
        }
      if (named_den) den = named_den;
      if (!den && !task_share) den = cand.front();
      if (!den) {
        // 已经完成任务数的47.4% with the quota unprinted: the task the nearest count implies,
        // cannot_check; the counts stay for the next rate (覆盖率16.6% of 老龄人口34903人).
        unprinted_base(it, items_[cand.back()], true);
        pending = cand;
        continue;
      }
      const auto same = [&](std::size_t a, std::size_t b) {
        return bare_count(items_[a]) || bare_count(items_[b]) ||
               group(items_[a]) == group(items_[b]);
      };
      std::optional<std::size_t> num;
      for (std::size_t k : cand)
        if (k != *den && same(k, *den)) num = k;
      if (!num) continue;
      const bool quota = quota_name(items_[*den].name);
      auto run = [&](std::size_t n, std::size_t d) {
        return quota ? check_quota_completion(it.m, items_[d].m, items_[n].m)
                     : check_rate_counts(it.m, items_[n].m, items_[d].m);
      };
      attempt([&] {
        Finding f0 = run(*num, *den);
        bool settled = f0.verdict != AuditVerdict::inconsistent;
        for (std::size_t d : cand)
          for (std::size_t n : cand) {
            if (settled) break;
            if (n == d || (n == *num && d == *den) || !same(n, d)) continue;
            try {
              Finding g = run(n, d);
              if (g.verdict == AuditVerdict::consistent) {
                f0 = std::move(g);
                num = n;
                den = d;
                settled = true;
              }
            } catch (const invalid_input&) {
            }
          }
        if (!settled && cand.size() > 2) return;
        // More acted on than exists (已对52所 of 共有48所, 评估合格率96.2%): the rate's numerator
        // is another count, not printed; what exists is still checked below.
        const bool over = !quota && items_[*num].m.figure.value > items_[*den].m.figure.value;
        if (!over) add(f0);
        rate_done_.insert(i);
        // A count of things acted on against what exists (现有…124家，已监督检查104家).
        if (has_any(items_[*den].before, {U"现有", U"目前", U"共有"}) &&
            group(items_[*den]) == group(items_[*num])) {
          exceeds_done_.insert({*num, *den});
          add(check_exceeds_existing(items_[*num].m, items_[*den].m));
        }
      });
    } else if (!cand.empty() && !done_share) {
      // The numerator: the count whose name shares most with the rate's (实有床位 for
      // 千人口床位数), else the nearest. Among counts sharing as much, the nearest too: in
      // 法定传染病12种1046例，报告发病率407.96/10万 both counts carry the disease name, and the
      // rate's events are the cases beside it, not the kinds.
      // A count of kinds (12种, 5类, 3项) is never the events of a rate.
      const auto kinds = [&](std::size_t k) {
        const std::string& u = items_[k].m.figure.unit;
        return u == "种" || u == "类" || u == "项";
      };
      std::optional<std::size_t> best, named;
      std::size_t run = 0;
      for (std::size_t k : cand) {
        if (kinds(k)) continue;
        best = k;
        const std::size_t r = common_run(items_[k].name, it.name);
        if (r >= 2 && r >= run) named = k, run = r;
      }
      if (named) best = named;
      if (best) pairs_.push_back({i, *best});
    }
  }
}

// --- products: 7469人×22针次 (§15.3) ---------------------------------------------------------

void Auditor::link_products() {
  for (std::size_t i = 0; i + 1 < items_.size(); ++i) {
    Item& a = items_[i];
    Item& b = items_[i + 1];
    if (a.sentence != b.sentence || !is_count(a) || !is_count(b)) continue;
    const u32v between = span(a.m.figure.end, b.m.figure.start);
    if (between != U"×" && between != U"*" && between != U"x" && between != U"X") continue;
    // The product is the count just before, in the same sentence (全年接种任务为剂次：164318).
    for (std::size_t k = i; k-- > 0;) {
      if (items_[k].sentence != a.sentence) break;
      if (!is_count(items_[k])) continue;
      a.factor = b.factor = true;
      std::vector<Mention> factors{a.m, b.m};
      attempt([&] { add(check_product(items_[k].m, factors)); });
      break;
    }
  }
  // A per-head amount (人均补助40元, 每人每年12元) times the people counted gives the amount
  // spent, printed in the same sentence; a monthly standard (每人每月800元) also times the months
  // of the figure's period (上半年: 6, a year or a statistical year: 12).
  const auto people_unit = [](const Figure& f) {
    return f.unit_kind == FigureUnitKind::count &&
           (f.unit == "人" || f.unit == "万人" || f.unit == "名" || f.unit == "户");
  };
  for (std::size_t i = 0; i < items_.size(); ++i) {
    Item& rate = items_[i];
    if (family(rate.m.figure) != Family::money || rate.m.figure.magnitude) continue;
    if (!has_any(rate.before, {U"人均", U"每人", U"每户"})) continue;
    int months = 1;
    if (has(rate.before, U"每月")) {
      if (!rate.m.period) continue;
      months = rate.m.period->months();
      if (months < 1) continue;
    }
    // The people counted before the amount and the total after it, in its sub-sentence (looked
    // for outward from the amount, so that many amounts in one sentence stay linear).
    std::vector<std::size_t> people;
    for (std::size_t k = i; k-- > 0 && items_[k].sub == rate.sub;)
      if (people_unit(items_[k].m.figure)) people.push_back(k);
    std::optional<std::size_t> total;
    for (std::size_t k = i + 1; k < items_.size() && items_[k].sub == rate.sub; ++k)
      if (family(items_[k].m.figure) == Family::money &&
          items_[k].m.figure.value > rate.m.figure.value) {
        total = k;
        break;
      }
    if (!total) continue;
    // The people may be counted in the sentence before (家庭医生签约18.35万人。…按每人每年12元…
    // 拨付签约服务费236.4万元; 确认奖励扶助对象任务数4620人，已确认4586人。奖励扶助金按每人每年
    // 960元…): that sentence's head counts, when one shares a word with the amount's names.
    if (people.empty()) {
      std::vector<std::size_t> before;
      bool named = false;
      for (std::size_t k = i; k-- > 0 && items_[k].sentence >= rate.sentence - 1;) {
        if (items_[k].sentence == rate.sentence) continue;
        const Figure& f = items_[k].m.figure;
        if (!people_unit(f) || has(items_[k].name, U"人口")) continue;
        before.push_back(k);
        named = named || common_run(items_[k].name, items_[*total].name + rate.before) >= 2;
        if (before.size() > 8) break;
      }
      if (named) people = before;
    }
    if (people.empty()) continue;
    // One head count: its product, whatever it says. Several (任务数4620人 … 已确认4586人): only
    // the one whose product agrees is linked.
    for (std::size_t k : people) {
      const std::vector<Mention> factors{items_[k].m, rate.m};
      bool linked = false;
      attempt([&] {
        Finding f = check_product(items_[*total].m, factors, months);
        if (people.size() > 1 && f.verdict != AuditVerdict::consistent) return;
        add(std::move(f));
        linked = true;
      });
      if (linked) break;
    }
  }
}

// A subsidy paid as a share of the spending
// (按实际支出的30%予以补助，共补助1.38万元（实际支出4.6万元）): subsidy = spending × share.
void link_share_products(std::vector<Item>& items, const std::function<void(Finding)>& add) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& r = items[i];
    const Figure& f = r.m.figure;
    if (f.unit_kind != FigureUnitKind::rate || !f.rate_unit || !(*f.rate_unit == Unit::percent()) ||
        !ends_with(r.before, U"的") || !has(r.before, U"按"))
      continue;
    std::optional<std::size_t> paid, spent;
    for (std::size_t k = i + 1; k < items.size() && items[k].sub == r.sub; ++k) {
      if (items[k].m.figure.unit_kind != FigureUnitKind::money) continue;
      if (has(items[k].before, U"支出")) spent = k;
      else if (!paid) paid = k;
    }
    if (!paid || !spent) continue;
    Mention share = r.m;
    // 30% as the factor 0.30: the same printed digits two places down.
    share.figure.printed = Decimal(f.printed.coefficient(), f.printed.exponent() - 2);
    share.figure.value = f.value / 100;
    share.figure.lower = f.lower / 100;
    share.figure.upper = f.upper / 100;
    share.figure.unit_kind = FigureUnitKind::none;
    share.figure.rate_unit.reset();
    std::vector<Mention> factors{items[*spent].m, share};
    try {
      add(check_product(items[*paid].m, factors));
    } catch (const invalid_input&) {
    }
  }
}

// --- totals and parts: 共…其中…, 6910人(上环6075人、结扎642人、两女扎193人) (§15.4) --------------

void Auditor::link_parts() {
  auto check = [&](std::size_t total, std::vector<std::size_t> parts) {
    if (parts.empty()) return;
    if (parts.size() == 1) {
      if (exceeds_done_.insert({parts[0], total}).second)
        attempt([&] { add(check_exceeds_existing(items_[parts[0]].m, items_[total].m)); });
      return;
    }
    auto mentions = [&](const std::vector<std::size_t>& ps) {
      std::vector<Mention> out;
      for (std::size_t p : ps) out.push_back(items_[p].m);
      return out;
    };
    attempt([&] {
      Finding f = check_parts_total(items_[total].m, mentions(parts), ListedParts::all);
      if (f.verdict == AuditVerdict::inconsistent && f.recomputed) {
        // A sub-count listed among the parts (死亡病例2例 among 其中 of the cases; 移交公安部门1起
        // among the cases punished): dropping a part equal to the excess makes them agree.
        const double excess = *f.recomputed - items_[total].m.figure.value;
        for (std::size_t k = 0; k < parts.size(); ++k) {
          const Figure& pf = items_[parts[k]].m.figure;
          if (excess > 0 && pf.magnitude == 0 && pf.value == excess) {
            std::vector<std::size_t> rest = parts;
            rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(k));
            Finding g = check_parts_total(items_[total].m, mentions(rest), ListedParts::all);
            if (g.verdict == AuditVerdict::consistent) {
              f = std::move(g);
              break;
            }
          }
        }
      } else if (f.verdict == AuditVerdict::inconsistent) {
      }
      if (f.verdict == AuditVerdict::inconsistent && f.recomputed &&
          *f.recomputed < items_[total].m.figure.value)
        // 其中 lists some of the kinds: short of the total is no contradiction.
        f = check_parts_total(items_[total].m, mentions(parts), ListedParts::some);
      add(f);
    });
    for (std::size_t p : parts) items_[p].used_as_part = true;
  };

  // A breakdown in parentheses right after a figure.
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const Item& t = items_[i];
    if (!is_count(t) || t.paren) continue;
    std::size_t j = t.m.figure.end;
    if (j >= cp_.size() || (cp_[j] != U'(' && cp_[j] != U'（')) continue;
    const int paren_group = paren_of_[j];
    std::vector<std::size_t> parts;
    for (std::size_t k = i + 1; k < items_.size() && items_[k].paren == paren_group; ++k)
      if (is_count(items_[k]) && group(items_[k]) == group(t) && !group(t).empty())
        parts.push_back(k);
    if (parts.size() >= 2) check(i, parts);
  }

  // 其中: the total is the last figure of the same unit before it (in its sentence or the one
  // before), the parts the figures of that unit after it to the end of the sentence (or of the
  // parenthesis 其中 opens), breakdowns in parentheses left to the rule above. A later 其中 in
  // the sentence opens the next breakdown and ends this one: its figures are parts of their own
  // total, and letting every 其中 take all the rest of a sentence made a sentence of n of them
  // n findings of up to n parts each (quadratic memory, found by the audit sweep).
  const u32v marker = U"其中";
  std::vector<std::size_t> markers, until; // until: the next 其中 of its sentence and parenthesis
  for (std::size_t at = u32v(cp_).find(marker); at != u32v::npos;
       at = u32v(cp_).find(marker, at + 2))
    markers.push_back(at);
  until.assign(markers.size(), std::size_t(-1));
  std::map<int, std::size_t> next_in_paren; // of the sentence being walked back through
  for (std::size_t i = markers.size(); i-- > 0;) {
    if (i + 1 < markers.size() && sentence_of_[markers[i + 1]] != sentence_of_[markers[i]])
      next_in_paren.clear();
    const auto n = next_in_paren.find(paren_of_[markers[i]]);
    if (n != next_in_paren.end()) until[i] = n->second;
    next_in_paren[paren_of_[markers[i]]] = markers[i];
  }
  for (std::size_t i = 0; i < markers.size(); ++i) {
    const std::size_t at = markers[i];
    const int s = sentence_of_[at];
    const int paren_group = paren_of_[at];
    // Items are in text order (read_figures): start at the first figure after the marker and
    // look back from there for the total, so that each 其中 costs its own neighbourhood only.
    const std::size_t first = static_cast<std::size_t>(
        std::partition_point(items_.begin(), items_.end(),
                             [&](const Item& t) { return t.m.figure.start < at; }) -
        items_.begin());
    std::map<std::string, std::vector<std::size_t>> parts;
    std::vector<std::string> order;
    for (std::size_t k = first; k < items_.size(); ++k) {
      const Item& p = items_[k];
      if (p.m.figure.start >= until[i] || p.sentence > s) break;
      if (p.m.figure.start < at || p.sentence != s) continue;
      if (paren_group && p.paren != paren_group) break;
      if (!paren_group && p.paren) continue;
      if (!is_count(p) || p.factor) continue;
      const std::string u = group(p);
      if (u.empty()) continue;
      if (!parts.count(u)) order.push_back(u);
      parts[u].push_back(k);
    }
    for (const std::string& u : order) {
      std::optional<std::size_t> total;
      for (std::size_t k = first; k-- > 0;) {
        const Item& t = items_[k];
        if (t.sentence < s - 1) break;
        if (!is_count(t) || t.paren || group(t) != u) continue;
        total = k;
        break;
      }
      if (!total) continue;
      check(*total, parts[u]);
    }
  }
}

// --- ranked lists: 前五位病种分别为：手足口病(377例)、… (§15.5)
// ------------------------------------

void Auditor::link_ranked() {
  for (std::size_t at = u32v(cp_).find(U'前'); at != u32v::npos;
       at = u32v(cp_).find(U'前', at + 1)) {
    if (at + 2 >= cp_.size() || cp_[at + 2] != U'位') continue;
    const char32_t n = cp_[at + 1];
    int count = 0;
    if (n == U'三') count = 3;
    else if (n == U'五') count = 5;
    else if (n == U'十') count = 10;
    else if (is_digit(n)) count = static_cast<int>(n - U'0');
    if (count < 2) continue;
    const int s = sentence_of_[at];
    std::vector<std::size_t> list;
    const auto first = std::partition_point(items_.begin(), items_.end(),
                                            [&](const Item& p) { return p.m.figure.start < at; });
    for (std::size_t k = static_cast<std::size_t>(first - items_.begin()); k < items_.size(); ++k) {
      const Item& p = items_[k];
      if (p.sentence != s) break;
      if (!is_count(p) || (!list.empty() && group(p) != group(items_[list[0]]))) break;
      list.push_back(k);
      if (static_cast<int>(list.size()) == count) break;
    }
    if (list.size() < 2) continue;
    const std::string u = group(items_[list[0]]);
    // The class ranked: the figure named by the words before 前 (乙类传染病居前三位), else the
    // figure just before in the sentence (不符合政策出生42人，原因前三位), else the largest of that
    // unit in this and the two sentences before (全区共报告传染病…1227例).
    const std::size_t a = clause_start_[at];
    u32 label = u32(span(a, at));
    for (u32v t : {U"居", U"的", U"发病", U"报告发病数"})
      if (ends_with(label, t)) label.resize(label.size() - t.size());
    // The class total is printed within the two sentences before: looked for among the 64
    // figures before the list at most, so that a text of many lists stays linear.
    const std::size_t from = list[0] > 64 ? list[0] - 64 : 0;
    std::optional<std::size_t> total;
    if (label.size() >= 2)
      for (std::size_t k = from; k < list[0]; ++k)
        if (items_[k].sentence >= s - 2 && group(items_[k]) == u && has(items_[k].name, label))
          total = k;
    if (!total && label == U"原因")
      for (std::size_t k = from; k < list[0]; ++k)
        if (items_[k].sentence == s && group(items_[k]) == u) total = k;
    if (!total)
      for (std::size_t k = from; k < list[0]; ++k)
        if (items_[k].sentence >= s - 2 && group(items_[k]) == u && is_count(items_[k]) &&
            (!total || items_[k].m.figure.value > items_[*total].m.figure.value))
          total = k;
    std::vector<Mention> ms;
    for (std::size_t k : list) ms.push_back(items_[k].m);
    std::optional<Mention> class_total;
    if (total) class_total = items_[*total].m;
    attempt([&] {
      for (Finding& f : check_ranked_list(ms, class_total)) add(std::move(f));
    });
  }
}

// --- claims without figures: 全覆盖, 全部完成 (§15.6) ------------------------------------------

void Auditor::link_claims() {
  static const u32v words[] = {U"已全部监督检查", U"全部完成", U"全覆盖"};
  std::vector<std::pair<std::size_t, std::size_t>> found;
  for (u32v w : words)
    for (std::size_t at = u32v(cp_).find(w); at != u32v::npos; at = u32v(cp_).find(w, at + 1)) {
      std::size_t a = at;
      if (w == U"全部完成" && at > 0 && cp_[at - 1] == U'已') a = at - 1;
      bool inside = false;
      for (auto& [s, e] : found)
        if (a < e && s < at + w.size()) inside = true;
      if (!inside) found.push_back({a, at + w.size()});
    }
  std::sort(found.begin(), found.end());
  std::map<int, std::optional<std::size_t>> rate_of_sub; // the first per-cent rate of each
  for (const auto& claim_span : found) {
    // Named copies, not a structured binding: the lambdas below capture `a`, which Clang 14
    // (the fuzz build) refuses for a binding.
    const std::size_t a = claim_span.first, e = claim_span.second;
    const int s = sentence_of_[a];
    const std::size_t b = clause_start_[a];
    Claim c;
    c.id = "c" + std::to_string(report_.claims.size() + 1);
    c.start = a;
    c.end = e;
    c.text = utf8(a, e);
    c.quantity = detail::utf8_of(span(b, a));
    c.period = report_.period;
    // The figure the claim is about: a per-cent rate in its sub-sentence (已全部完成，完成率100%),
    // else the count just before it and what that count should reach: an earlier figure of the
    // same unit whose name shares the noun (已建成中医馆的乡镇卫生院9所 of 全县11个乡镇卫生院).
    std::optional<std::size_t> rate, done, required;
    // Items are in text order, so the sub-sentence's are one run [lo, hi) of them, the count is
    // found from the claim outwards and the sub-sentence's rate once: a sub-sentence of n claims
    // was n scans of it (a hang found by the audit sweep).
    const int sub = sub_of_[a];
    const auto at_sub = [&](auto before) {
      return static_cast<std::size_t>(std::partition_point(items_.begin(), items_.end(), before) -
                                      items_.begin());
    };
    const std::size_t lo = at_sub([&](const Item& t) { return t.sub < sub; });
    const std::size_t hi = at_sub([&](const Item& t) { return t.sub <= sub; });
    const std::size_t mid = at_sub(
        [&](const Item& t) { return t.sub < sub || (t.sub == sub && t.m.figure.start < a); });
    if (!rate_of_sub.count(sub)) {
      std::optional<std::size_t>& r = rate_of_sub[sub];
      for (std::size_t k = lo; k < hi && !r; ++k) {
        const Figure& g = items_[k].m.figure;
        if (family(g) == Family::rate && g.rate_unit && *g.rate_unit == Unit::percent()) r = k;
      }
    }
    rate = rate_of_sub[sub];
    for (std::size_t k = mid; k-- > lo && !done;)
      if (is_count(items_[k])) done = k;
    for (std::size_t k = mid; k < hi && !done; ++k)
      if (is_count(items_[k])) done = k;
    if (!rate && !done) continue;
    report_.claims.push_back(c);
    if (rate) {
      attempt([&] { add(check_claim(c, items_[*rate].m)); });
      continue;
    }
    const Item& d = items_[*done];
    // The claim's own clause only (u32v::data() is not a terminated string: appending it took
    // the whole rest of the text, matching names after the claim and costing the text's length
    // per comparison; found by the audit sweep).
    const u32 wanted = d.name + u32(span(b, a));
    // Looked for back from the count, the nearest of the longest shared runs winning, among at
    // most claim_lookback counts: a report's sentence holds far fewer, and without the bound a
    // sentence of n claims cost n² name comparisons (a hang found by the audit sweep).
    constexpr std::size_t claim_lookback = 64;
    std::size_t best = 0, examined = 0;
    for (std::size_t k = *done; k-- > 0 && examined < claim_lookback;) {
      const Item& p = items_[k];
      if (p.sentence < s - 2) break;
      if (!is_count(p) || (group(p) != group(d) && p.m.figure.unit != d.m.figure.unit)) continue;
      ++examined;
      const std::size_t run = common_run(p.name, wanted);
      if (run >= 3 && run > best) best = run, required = k;
    }
    if (required) attempt([&] { add(check_claim(c, d.m, items_[*required].m)); });
  }
}

// --- changes: 较上年的7061元下降3.1%, 提高2.4个百分点 (§15.7) ------------------------------------

void Auditor::link_changes() {
  for (std::size_t i = 0; i < items_.size(); ++i) {
    Item& ch = items_[i];
    const Figure& f = ch.m.figure;
    const bool points = f.unit_kind == FigureUnitKind::percentage_points;
    const bool units = f.unit_kind == FigureUnitKind::units;
    const bool relative =
        family(f) == Family::rate && f.rate_unit && *f.rate_unit == Unit::percent();
    if (!points && !units && !relative) continue;
    const u32& b = ch.before;
    bool fall = false, rise = false;
    for (u32v w : {U"下降", U"减少", U"降低"})
      if (ends_with(strip_name(b), w) || ends_with(b, w)) fall = true;
    for (u32v w : {U"增长", U"提高", U"增加", U"上升"})
      if (ends_with(strip_name(b), w) || ends_with(b, w)) rise = true;
    if (!fall && !rise) continue;
    // A composition's share change (一孩…占46.2%，…下降2.3个百分点) is link_composition's.
    std::optional<std::size_t> old_value, new_value;
    for (std::size_t k = i; k-- > 0;) {
      const Item& p = items_[k];
      if (p.sub != ch.sub) break;
      const Figure& g = p.m.figure;
      const bool fits =
          points ? g.unit_kind == FigureUnitKind::rate
                 : (units ? g.unit_kind == FigureUnitKind::none && g.decimals > 0 : is_count(p));
      if (!fits) continue;
      if (has_any(span(k == 0 ? 0 : items_[k - 1].m.figure.end, g.start),
                  {U"上年", U"去年", U"同期", U"上一"})) {
        if (!old_value) old_value = k;
      } else if (!new_value) new_value = k;
    }
    if (has(b, U"分别")) old_value.reset();
    if (old_value && new_value) {
      const ChangeKind kind = (points || units)
                                  ? (fall ? ChangeKind::points_fall : ChangeKind::points)
                                  : (fall ? ChangeKind::relative_fall : ChangeKind::relative);
      attempt([&] { add(check_change(ch.m, items_[*new_value].m, items_[*old_value].m, kind)); });
    }
  }
}

void Auditor::link_composition() {
  // Point changes of the shares of one composition (孩次结构: 一孩…占46.2%，下降2.3个百分点；二孩…)
  // printed in one sentence, each after its share (占…%).
  int s = -1;
  std::vector<ShareChange> changes;
  auto flush = [&] {
    if (changes.size() >= 2)
      attempt([&] { add(check_composition_change(changes, ListedParts::all)); });
    changes.clear();
  };
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const Item& ch = items_[i];
    if (ch.sentence != s) flush(), s = ch.sentence;
    if (ch.m.figure.unit_kind != FigureUnitKind::percentage_points) continue;
    bool share = false;
    for (std::size_t k = i; k-- > 0 && items_[k].sub == ch.sub;)
      if (family(items_[k].m.figure) == Family::rate) {
        share = has_any(items_[k].before, {U"占"}) || has(items_[k].name, U"占比") ||
                has(items_[k].name, U"孩");
        break;
      }
    if (!share && !has_any(ch.before, {U"占比", U"孩"})) continue;
    const u32 b = strip_name(ch.before);
    const bool fall = has_any(b, {U"下降", U"减少", U"降低"});
    changes.push_back({ch.m, fall});
  }
  flush();
}

// --- what exists: 覆盖全县…186个村卫生室 against 村卫生室标准化建设193个 (§15.8)
// -------------------

void Auditor::link_exceeds() {
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const Item& e = items_[i];
    if (!is_count(e) || e.m.figure.bound != FigureBound::exact) continue;
    // The clause before the figure, its last 48 code points at most (a clause of a real summary
    // is shorter; a text without punctuation stays linear).
    const std::size_t a = std::max(clause_start_[e.m.figure.start],
                                   e.m.figure.start > 48 ? e.m.figure.start - 48 : 0);
    const u32v ctx = span(a, e.m.figure.start);
    if (!has_any(ctx, {U"现有", U"共有", U"覆盖全县", U"覆盖全区", U"全县", U"全区"})) continue;
    // The noun of what exists: the words after the figure (186个村卫生室), else its name without
    // the place words (全县共有养老机构23家).
    u32 noun = e.after;
    while (!noun.empty() && (noun.back() == U'中' || noun.back() == U'的')) noun.pop_back();
    if (noun.size() < 3) {
      noun = strip_name(e.before);
      for (u32v w : {U"全县", U"全区", U"共有", U"现有", U"辖区内", U"辖区"})
        if (noun.compare(0, w.size(), w) == 0) noun.erase(0, w.size());
    }
    if (noun.size() < 3) continue;
    for (std::size_t k = i + 1; k < items_.size(); ++k) {
      const Item& c = items_[k];
      if (c.sentence > e.sentence + 8) break; // a paragraph or two on (blank lines count)
      if (!is_count(c) || group(c) != group(e) || group(e).empty()) continue;
      if (!has(c.before, noun) || c.after.size() > 0) continue;
      if (!exceeds_done_.insert({k, i}).second) continue;
      attempt([&] { add(check_exceeds_existing(c.m, e.m)); });
    }
  }
}

// --- one population: 签约率, 建档率, 发病率 /10万, 出生率 ‰ against 常住人口 (§15.9)
// ----------------

void Auditor::link_population() {
  // The population printed (全县常住人口25.64万人, 年平均人口39.58万人; 户籍人口 for rates
  // printed on that base).
  std::vector<Mention> populations, registered;
  for (const Item& it : items_) {
    const u32 n = strip_name(it.before);
    if (!is_count(it) || it.m.figure.value < 10000 || !ends_with(n, U"人口") ||
        has_any(it.before, {U"签约", U"档案", U"占", U"按"}))
      continue;
    if (has_any(n, {U"常住人口", U"年平均人口"}) && populations.empty())
      populations.push_back(it.m);
    if (has(n, U"户籍人口") && registered.empty()) registered.push_back(it.m);
  }
  std::vector<DenominatorMember> members;
  std::vector<Pair> rest;
  for (const Pair& p : pairs_) {
    const Item& r = items_[p.rate];
    const Item& c = items_[p.count];
    const u32 names = r.name + c.name;
    const Unit u = r.m.figure.rate_unit.value_or(Unit::percent());
    // 5岁以下儿童 is a child population; 65岁及以上老年人 is not (the 5 must start the age).
    bool under_five = false;
    for (std::size_t at = names.find(U"5岁"); at != u32::npos; at = names.find(U"5岁", at + 1))
      under_five = under_five || at == 0 || !is_digit(names[at - 1]);
    const bool child = under_five || has_any(names, {U"婴儿", U"儿童", U"孕产妇", U"新生儿"});
    std::optional<BaseConvention> base;
    if (!child && u == Unit::per_mille() && has_any(names, {U"出生率", U"死亡率", U"增长率"}))
      base = BaseConvention::presumed; // a vital rate's base is the mean population by convention
    else if (!child && (u == Unit::per_100k() ||
                        (u == Unit::percent() &&
                         ((has(names, U"签约") && !has(names, U"重点")) ||
                          has_any(names, {U"档案", U"建档"}) || has(r.before, U"常住人口")))))
      base = BaseConvention::stated;
    // A density per 1,000 people against a printed population: its own rate_counts.
    // A child or maternal mortality rate is per live births (活产), printed before it.
    if (child && has(r.name, U"死亡率")) {
      std::optional<std::size_t> births;
      for (std::size_t k = 0; k < p.count; ++k)
        if (items_[k].sentence >= r.sentence - 3 && is_count(items_[k]) &&
            has(items_[k].name, U"活产"))
          births = k;
      if (births) {
        attempt([&] { add(check_rate_counts(r.m, c.m, items_[*births].m)); });
        continue;
      }
    }
    // 一孩733人，占46.2%: a share of the whole printed before (上半年出生1586人).
    if (u == Unit::percent() && (ends_with(r.before, U"占") || ends_with(r.before, U"占比"))) {
      std::optional<std::size_t> whole;
      for (std::size_t k = p.count; k-- > 0;) {
        const Item& w = items_[k];
        if (w.sentence < c.sentence - 1) break;
        if (is_count(w) && group(w) == group(c) && w.m.figure.value > c.m.figure.value &&
            has_any(w.name, {U"出生", U"总", U"共", U"全", U"合计"})) {
          whole = k;
          break;
        }
      }
      if (whole) {
        attempt([&] { add(check_rate_counts(r.m, c.m, items_[*whole].m)); });
        continue;
      }
    }
    const std::vector<Mention>& base_population =
        has(r.before, U"户籍") && !registered.empty() ? registered : populations;
    if ((u == Unit::per_1000_population() || u == Unit::per_10k()) && !base_population.empty()) {
      attempt([&] { add(check_rate_counts(r.m, c.m, base_population.front())); });
      continue;
    }
    // A vital rate beside the mean population it is defined on (年平均人口39.58万人).
    if (base && *base == BaseConvention::presumed && !populations.empty())
      for (const Item& pop : items_)
        if (pop.m.id == populations.front().id && has(pop.name, U"平均人口"))
          attempt([&] { add(check_rate_counts(r.m, c.m, pop.m)); });
    if (base && !(u == Unit::per_10k())) {
      members.push_back({r.m, c.m, base});
    } else rest.push_back(p);
  }
  if (members.size() + populations.size() >= 2)
    attempt([&] {
      for (Finding& f :
           check_implied_denominator(members, "常住人口", BaseConvention::stated, populations))
        add(std::move(f));
    });
  pairs_ = rest;
}

// --- births: 政策符合率 of the births, 出生人口性别比 of their split (§15.10)
// -----------------------

void Auditor::link_births() {
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const Item& r = items_[i];
    const Figure& f = r.m.figure;
    const bool ratio = f.unit_kind == FigureUnitKind::none && f.decimals > 0 &&
                       has(r.name, U"性别比") && !has_any(r.name, {U"二", U"多孩", U"孩"});
    const bool share = family(f) == Family::rate &&
                       ends_with(strip_name(r.before), U"政策符合率") && !has(r.before, U"多孩");
    if (!ratio && !share) continue;
    std::optional<std::size_t> births, boys, girls;
    for (std::size_t k = i; k-- > 0;) {
      const Item& p = items_[k];
      if (p.sentence < r.sentence - 1) break;
      if (!is_count(p)) continue;
      if (has(p.name, U"男")) boys = k;
      if (has(p.name, U"女")) girls = k;
      if (has(p.name, U"出生") && !has_any(p.name, {U"政策", U"孩"}) && !births) births = k;
    }
    if (share && births && !rate_done_.count(i))
      attempt([&] { add(check_share_of(r.m, items_[*births].m)); });
    if (ratio && boys && girls) {
      Mention m = r.m;
      m.figure.unit_kind = FigureUnitKind::rate;
      m.figure.rate_unit = Unit::per_100();
      attempt([&] { add(check_rate_counts(m, items_[*boys].m, items_[*girls].m)); });
    } else if (ratio && births) attempt([&] { add(check_split_ratio(r.m, items_[*births].m)); });
  }
}

// The births of a period and their parts, printed in the 24 sentences after the total (shimen,
// baisha): 全区出生2874人 … 出生人口中男孩1512人、女孩1362人 (the sexes add to the births);
// 一孩1196人，占41.61% … 三孩及以上391人，占13.60% (the birth orders add to the births, each
// share is its count of the births); 政策内出生2832人，政策符合率98.54%；不符合政策出生42人 (inside
// and outside the policy add to the births; the rate is the first of the births).
void Auditor::link_birth_parts() {
  const auto name_of = [&](std::size_t k) { return strip_name(items_[k].before); };
  const auto births_total = [&](std::size_t k) {
    const u32 n = name_of(k);
    return is_count(items_[k]) && items_[k].m.figure.unit == "人" && ends_with(n, U"出生") &&
           !has_any(n, {U"政策", U"孩", U"男", U"女", U"率", U"补助", U"活产"});
  };
  const auto share_after = [&](std::size_t k) -> std::optional<std::size_t> {
    if (k + 1 >= items_.size()) return std::nullopt;
    const Item& r = items_[k + 1];
    if (r.sub != items_[k].sub || family(r.m.figure) != Family::rate || !r.m.figure.rate_unit ||
        *r.m.figure.rate_unit != Unit::percent() || !ends_with(r.before, U"占"))
      return std::nullopt;
    return k + 1;
  };
  std::set<std::size_t> shares_done;
  for (std::size_t b = 0; b < items_.size(); ++b) {
    if (!births_total(b)) continue;
    const Mention& total = items_[b].m;
    std::optional<std::size_t> boys, girls, inside, outside;
    std::vector<std::size_t> orders;
    bool orders_complete = false;
    for (std::size_t k = b + 1; k < items_.size(); ++k) {
      const Item& it = items_[k];
      if (it.sentence > items_[b].sentence + 24 || births_total(k)) break;
      if (!is_count(it) || it.m.figure.unit != "人") continue;
      const u32 n = name_of(k);
      if (ends_with(n, U"男孩") && !boys) boys = k;
      else if (ends_with(n, U"女孩") && !girls) girls = k;
      else if (ends_with(n, U"政策内出生") && !inside) inside = k;
      else if (ends_with(n, U"不符合政策出生") && !outside) outside = k;
      else if ((orders.empty() || it.sentence == items_[orders.front()].sentence) &&
               (ends_with(n, U"一孩") || ends_with(n, U"二孩") || ends_with(n, U"三孩") ||
                ends_with(n, U"三孩及以上") || ends_with(n, U"多孩"))) {
        orders.push_back(k);
        if (ends_with(n, U"及以上") || ends_with(n, U"多孩")) orders_complete = true;
      }
    }
    if (boys && girls && items_[*boys].sentence == items_[*girls].sentence) {
      const std::vector<Mention> parts{items_[*boys].m, items_[*girls].m};
      attempt([&] { add(check_parts_total(total, parts)); });
    }
    if (orders.size() >= 2) {
      std::vector<Mention> parts;
      for (std::size_t k : orders) parts.push_back(items_[k].m);
      attempt([&] {
        add(check_parts_total(total, parts,
                              orders_complete ? ListedParts::all : ListedParts::some));
      });
      std::vector<Mention> shares;
      for (std::size_t k : orders)
        if (const auto share = share_after(k)) {
          const std::size_t r = *share;
          shares_done.insert(r);
          shares.push_back(items_[r].m);
          attempt([&] { add(check_rate_counts(items_[r].m, items_[k].m, total)); });
        }
      // Every birth order with its share (三孩及以上 closes the list): the shares make 100 %.
      if (orders_complete && shares.size() == orders.size())
        attempt([&] { add(check_shares_total(shares)); });
    }
    if (inside && outside) {
      const std::vector<Mention> parts{items_[*inside].m, items_[*outside].m};
      attempt([&] { add(check_parts_total(total, parts)); });
    }
    if (inside)
      for (std::size_t k = *inside + 1; k < items_.size() && items_[k].sub == items_[*inside].sub;
           ++k)
        if (family(items_[k].m.figure) == Family::rate &&
            ends_with(strip_name(items_[k].before), U"政策符合率")) {
          shares_done.insert(k);
          const std::size_t r = k, in = *inside;
          attempt([&] { add(check_rate_counts(items_[r].m, items_[in].m, total)); });
          break;
        }
  }
  // Hospital deliveries counted against the live births of the district (seed 002: 全区活产数4024
  // of the half year, then 住院分娩补助4183人 of January–May): more deliveries than live births
  // agree only on another period or base, which the report does not state, so a warning.
  for (std::size_t b = 0; b < items_.size(); ++b) {
    const u32 n = name_of(b);
    if (!(ends_with(n, U"活产数") || ends_with(n, U"活产")) || has(n, U"住院分娩") ||
        !(is_count(items_[b]) || bare_count(items_[b])))
      continue;
    for (std::size_t k = b + 1; k < items_.size() && items_[k].sentence <= items_[b].sentence + 6;
         ++k) {
      const u32 d = name_of(k);
      if (!is_count(items_[k]) || !has(d, U"住院分娩") || has_any(d, {U"率", U"活产"})) continue;
      const std::size_t live = b;
      attempt([&] {
        add(check_exceeds_existing(items_[k].m, items_[live].m, BaseConvention::presumed));
      });
      break;
    }
  }
  // The shares checked here are not left for the implied-denominator group or cannot_check.
  for (std::size_t r : shares_done) rate_done_.insert(r);
  std::vector<Pair> rest;
  for (const Pair& p : pairs_)
    if (!shares_done.count(p.rate)) rest.push_back(p);
  pairs_ = rest;
}

void Auditor::unprinted_base(const Item& r, const Item& c, bool quota) {
  if (!r.m.figure.rate_unit || r.m.figure.value <= 0) return;
  Finding f;
  f.check = quota ? AuditCheck::quota_completion : AuditCheck::rate_counts;
  f.id = std::string(to_string(f.check)) + ":" + r.m.id + "+" + c.m.id;
  f.mentions = {r.m.id, c.m.id};
  f.verdict = AuditVerdict::cannot_check;
  f.severity = Severity::info;
  const double implied = c.m.figure.value / r.m.figure.value * r.m.figure.rate_unit->multiplier();
  if (!std::isfinite(implied)) return;
  f.recomputed = implied;
  const std::string about = std::to_string(std::llround(implied));
  if (quota) {
    f.message_zh = r.m.quantity + r.m.figure.text + "：任务数未印出（" + c.m.quantity +
                   c.m.figure.text + "所隐含的任务数约为" + about + "），无法核对";
    f.message_en = r.m.quantity + " " + r.m.figure.text + ": the task is not printed (" +
                   c.m.figure.text + " implies about " + about + "): cannot check";
  } else {
    f.message_zh = r.m.quantity + r.m.figure.text + "：分母未印出（" + c.m.quantity +
                   c.m.figure.text + "所隐含的分母约为" + about + "），无法核对";
    f.message_en = r.m.quantity + " " + r.m.figure.text + ": its denominator is not printed (" +
                   c.m.figure.text + " implies about " + about + "): cannot check";
  }
  add(std::move(f));
}

AuditReport Auditor::run(std::string_view text) {
  segment();
  read(text);
  document_period();
  for (Item& it : items_) {
    Date d;
    if (auto p = sentence_period(it.sentence, &d)) it.m.period = p;
    else it.m.period = report_.period;
  }
  // The plan's figures are set aside until the mentions are listed (they are last in the text).
  const auto plan = std::partition_point(items_.begin(), items_.end(), [&](const Item& it) {
    return it.m.figure.start < plan_start_;
  });
  plan_items_.assign(std::make_move_iterator(plan), std::make_move_iterator(items_.end()));
  items_.erase(plan, items_.end());
  link_products();
  link_share_products(items_, [this](Finding f) { add(std::move(f)); });
  link_rates();
  link_parts();
  link_ranked();
  link_claims();
  link_changes();
  link_composition();
  link_exceeds();
  link_birth_parts();
  link_births();
  link_population();
  // A rate beside one count whose base is not printed: what it implies, cannot_check.
  for (const Pair& p : pairs_) unprinted_base(items_[p.rate], items_[p.count], false);
  for (Item& it : items_) report_.mentions.push_back(std::move(it.m));
  for (Item& it : plan_items_) report_.mentions.push_back(std::move(it.m));
  return std::move(report_);
}

} // namespace

std::string AuditReport::to_json() const { return audit_json(mentions, findings, claims); }

AuditReport audit(std::string_view utf8_text, const AuditOptions& options) {
  Auditor a(utf8_text, options);
  return a.run(utf8_text);
}

} // namespace zhibiao
