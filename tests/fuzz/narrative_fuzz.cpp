// Fuzz target: every entry of narrative.hpp fed arbitrary numbers (NaN, ±inf, huge, negative,
// denormal: the input's bytes read as doubles), units, periods, bounds, decimals, languages and
// period labels, on result structs filled directly (as a caller may fill them) as well as on
// real assessments. Each call must either refuse with a zhibiao error or return valid UTF-8 text
// that says neither "nan" nor "inf" (docs/narrative.md §5); anything else is a crash.
#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/narrative.hpp>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Input {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t at = 0;
  std::uint8_t byte() { return at < size ? data[at++] : 0; }
  double number() {
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits = bits << 8 | byte();
    double x;
    std::memcpy(&x, &bits, sizeof x);
    // Half the time a small "report" number instead of raw bits, so that real sentences form.
    if (byte() & 1) return static_cast<double>(static_cast<std::int32_t>(bits & 0xfffff)) / 100;
    return x;
  }
};

void check(const std::string& text) {
  if (zhibiao::detail::first_invalid_utf8(text) != std::string::npos) __builtin_trap();
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.find("nan") != std::string::npos || lower.find("inf") != std::string::npos)
    __builtin_trap();
}

template <class F>
void attempt(F&& f) {
  try {
    check(f());
  } catch (const zhibiao::invalid_input& e) {
    if (zhibiao::detail::first_invalid_utf8(e.what()) != std::string::npos) __builtin_trap();
  }
}

zhibiao::Period period_of(Input& in) {
  const int year = 1990 + in.byte() % 60;
  switch (in.byte() % 6) {
  case 0: return zhibiao::Period::year(year);
  case 1: return zhibiao::Period::half_year(year, 1 + in.byte() % 2);
  case 2: return zhibiao::Period::quarter(year, 1 + in.byte() % 4);
  case 3: return zhibiao::Period::month(year, 1 + in.byte() % 12);
  case 4: return zhibiao::Period::statistical_year(year);
  default: return zhibiao::Period::cumulative_to(zhibiao::Date(year, 1 + in.byte() % 12, 28));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zhibiao;
  Input in{data, size};
  NarrativeOptions o;
  o.language = in.byte() & 1 ? Language::en : Language::zh;
  o.period_labels = in.byte() & 1 ? PeriodLabels::dhis2 : PeriodLabels::chinese;
  o.decimals = static_cast<int>(in.byte() % 20) - 2; // −2 … 17: outside 0–15 is refused
  o.myriad_from = in.byte() & 1 ? in.number() : 1e5;
  const Unit unit(static_cast<UnitKind>(in.byte() % 9));
  static const char* const nouns[] = {"", "人", "元", "剂次", "人次", "张"};
  Subject s{"指标", nouns[in.byte() % 6], std::nullopt};
  if (in.byte() & 1) s.period = period_of(in);

  const double a = in.number(), b = in.number(), c = in.number();
  attempt([&] { return count_text(a, s.noun, o); });
  attempt([&] { return figure_text(a, unit, o, s.noun); });
  if (s.period) attempt([&] { return period_label(*s.period, o); });

  // A quota assessment filled by hand, and a real one.
  QuotaAssessment q;
  q.done = a;
  q.quota = b;
  q.completion = a / b * 100;
  q.time_progress = c;
  q.lead = q.completion - c;
  q.pace = static_cast<Pace>(in.byte() % 3);
  q.decimals = o.decimals;
  attempt([&] { return narrate(q, s, o); });
  attempt([&] { return q.summary(o.language); });
  attempt([&] {
    const Period p = s.period ? *s.period : Period::year(2024);
    const Date as_of(p.start_year(), 1 + in.byte() % 12, 1 + in.byte() % 28);
    const auto real = assess_quota(a, Quota::of(b, p), as_of);
    return narrate(real, s, o) + real.summary(o.language);
  });

  // A threshold with arbitrary fields, assessed and filled by hand.
  Threshold t;
  t.bound = static_cast<Bound>(in.byte() % 6);
  t.value = b;
  t.upper = c;
  t.unit = unit;
  if (in.byte() & 1) t.count_unit = "人";
  ThresholdAssessment ta;
  ta.value = a;
  ta.reached = in.byte() & 1;
  ta.shortfall = c;
  attempt([&] { return narrate(ta, t, s, o); });
  attempt([&] { return narrate(assess_threshold(a, t), t, s, o); });
  attempt([&] { return ta.summary(t, o.decimals, o.language); });

  // Comparisons: real ones from counts, and one filled by hand.
  Comparison cmp;
  cmp.current = a;
  cmp.previous = b;
  cmp.change = a - b;
  if (in.byte() & 1) cmp.relative_change = c;
  cmp.unit = unit;
  cmp.proportion = in.byte() & 1;
  attempt([&] { return narrate(cmp, s, o) + change_clause(cmp, o); });
  attempt([&] { return cmp.summary(o.decimals); });
  attempt(
      [&] { return narrate(compare_rates(a, 1, b, 1, Unit::ratio(), Direction::neither), s, o); });
  attempt([&] {
    return narrate(compare_proportions(a, b, c, b, Unit::percent(), Direction::neither), s, o);
  });

  // Rows, one of them possibly without a target.
  const std::vector<double> values{a, b, c};
  const std::vector<std::int64_t> targets{0, static_cast<std::int64_t>(in.byte() % 3) - 1, 0};
  const std::vector<Threshold> thresholds{t};
  const std::vector<std::optional<Period>> periods{s.period, std::nullopt, s.period};
  attempt([&] {
    std::string all;
    for (const auto& text :
         narrate_threshold_rows(values, targets, thresholds, {"甲", "", "丙"}, periods, {}, {}, o))
      all += text;
    return all;
  });
  return 0;
}
