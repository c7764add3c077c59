#include "zhibiao/unit.hpp"

#include "zhibiao/detail/utf8.hpp"

#include "zhibiao/error.hpp"

#include <array>
#include <initializer_list>

namespace zhibiao {

namespace {

struct UnitForms {
  UnitKind kind;
  std::string_view code;
  std::string_view suffix_zh;
  std::string_view suffix_en;
  std::string_view name_zh;
  std::string_view name_en;
};

// Display forms as the seeds print them (docs/units-and-rounding.md §2): 94.13%, 4.86‰,
// 153.895/10万, 千人口托位数2.36, 出生人口性别比114.17. English follows WHO usage: "per 100,000".
constexpr std::array<UnitForms, 9> forms{{
    {UnitKind::percent, "percent", "%", "%", "百分率", "per cent"},
    {UnitKind::per_mille, "per_mille", "‰", " per 1,000", "千分率", "per 1,000"},
    {UnitKind::per_10k, "per_10k", "‱", " per 10,000", "万分率", "per 10,000"},
    {UnitKind::per_100k, "per_100k", "/10万", " per 100,000", "十万分率", "per 100,000"},
    {UnitKind::per_1000_population, "per_1000_population", "/千人", " per 1,000 population",
     "每千人口", "per 1,000 population"},
    {UnitKind::per_100, "per_100", "", " per 100", "每百", "per 100"},
    {UnitKind::ratio, "ratio", "", "", "比值", "ratio"},
    {UnitKind::yuan, "yuan", "元", " yuan", "元", "yuan"},
    {UnitKind::years, "years", "岁", " years", "岁", "years"},
}};

const UnitForms& forms_of(UnitKind kind) noexcept { return forms[static_cast<std::size_t>(kind)]; }

struct Alias {
  std::string_view text;
  UnitKind kind;
};

// Other spellings met in reports and data files. Codes, suffixes and names are accepted too.
constexpr std::array<Alias, 17> aliases{{
    {"pct", UnitKind::percent},
    {"per_100k_population", UnitKind::per_100k},
    {"1/10万", UnitKind::per_100k},
    {"/100000", UnitKind::per_100k},
    {"per_10000", UnitKind::per_10k},
    {"/万", UnitKind::per_10k},
    {"/1000", UnitKind::per_mille},
    {"permille", UnitKind::per_mille},
    {"per_1000", UnitKind::per_mille},
    {"千人口", UnitKind::per_1000_population},
    {"/千人口", UnitKind::per_1000_population},
    {"density_per_1000", UnitKind::per_1000_population},
    {"sex_ratio", UnitKind::per_100},
    {"/100", UnitKind::per_100},
    {"1", UnitKind::ratio},
    {"CNY", UnitKind::yuan},
    {"年", UnitKind::years},
}};

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

} // namespace

std::string_view Unit::suffix(Language language) const noexcept {
  const auto& f = forms_of(kind_);
  return language == Language::zh ? f.suffix_zh : f.suffix_en;
}

std::string_view Unit::name(Language language) const noexcept {
  const auto& f = forms_of(kind_);
  return language == Language::zh ? f.name_zh : f.name_en;
}

std::string_view Unit::code() const noexcept { return forms_of(kind_).code; }

Unit Unit::parse(std::string_view text) {
  // Full-width forms read as ASCII (detail/utf8.hpp): ％ is %, ／10万 is /10万.
  const std::string folded = detail::folded_text(text);
  const std::string_view t = trim(folded);
  for (const auto& f : forms) {
    // Bare units have empty suffixes; an empty text must not match them silently.
    for (std::string_view form :
         {f.code, f.name_zh, f.name_en, trim(f.suffix_zh), trim(f.suffix_en)})
      if (!form.empty() && form == t) return Unit(f.kind);
  }
  for (const auto& a : aliases)
    if (a.text == t) return Unit(a.kind);
  std::string accepted;
  for (const auto& f : forms) accepted += (accepted.empty() ? "" : ", ") + std::string(f.code);
  throw invalid_input("unit", "unknown unit '" + std::string(text) + "'; expected one of " +
                                  accepted + " or a symbol such as %, ‰, ‱, /10万");
}

} // namespace zhibiao
