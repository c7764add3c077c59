#include "score_input.hpp"

#include "command.hpp"
#include "text_input.hpp"

#include "zhibiao/error.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <set>

namespace zhibiao::cli {

Scheme read_scheme_file(const std::string& path, const Catalog& catalog) {
  const InputText text = read_input_file(path, std::cerr);
  try {
    Scheme scheme = scheme_from_json(text.text);
    validate(scheme, catalog);
    return scheme;
  } catch (const invalid_input& e) {
    throw input_error(path + ": " + e.what());
  }
}

std::string scheme_indicator_list(const Scheme& scheme) {
  std::string out;
  std::set<std::string> seen;
  for (const SchemeItem& item : scheme.items)
    if (seen.insert(item.indicator).second) out += (out.empty() ? "" : ",") + item.indicator;
  return out;
}

ScoreRun score_run(const Scheme& scheme, const Catalog& catalog, const DataCube& cube,
                   const std::optional<std::string>& units_list, const Period& period,
                   const std::optional<Date>& as_of) {
  const OrgUnitTree& tree = cube.tree();
  ScoreOptions options;
  options.as_of = as_of;
  ScoreRun run;
  if (units_list) {
    std::vector<std::string_view> codes;
    for (std::size_t u = 0; u < tree.size(); ++u) codes.push_back(tree.code(u));
    std::size_t start = 0;
    while (start <= units_list->size()) {
      std::size_t end = units_list->find(',', start);
      if (end == std::string::npos) end = units_list->size();
      const std::string code = units_list->substr(start, end - start);
      start = end + 1;
      if (code.empty()) continue;
      const std::size_t u = tree.find(code);
      if (u == OrgUnitTree::npos)
        throw input_error("--units: unknown org unit '" + code + "'" + did_you_mean(code, codes));
      run.units.push_back(u);
    }
    if (run.units.empty()) throw input_error("--units: no org unit given");
  } else {
    std::vector<std::size_t> candidates;
    for (const std::size_t root : tree.roots())
      for (const std::size_t child : tree.children(root)) candidates.push_back(child);
    if (candidates.empty()) candidates = tree.roots();
    // A first pass without sentences finds the units with any data; ranks come from the second.
    ScoreOptions quick = options;
    quick.reasons = false;
    const SchemeScores all = score_units(scheme, catalog, cube, candidates, period, quick);
    // Data for a bonus or veto item alone (a hospital's infectious-disease reports) does not
    // make a unit one the scheme assesses: it needs an item that carries points.
    for (std::size_t k = 0; k < candidates.size(); ++k)
      for (std::size_t i = 0; i < scheme.items.size(); ++i) {
        const ScoreRule rule = scheme.items[i].rule;
        if (rule != ScoreRule::bonus && rule != ScoreRule::veto && !all.units[k].items[i].missing) {
          run.units.push_back(candidates[k]);
          break;
        }
      }
    if (run.units.empty())
      throw input_error("DATA: no unit has complete data over " + period.code() +
                        " for an item of the scheme that carries points (choose --period)");
  }
  run.scores = score_units(scheme, catalog, cube, run.units, period, options);
  return run;
}

std::string item_name(const SchemeItem& item, const Catalog& catalog, Language language) {
  if (!item.name.empty()) return item.name;
  for (const Indicator& i : catalog.indicators)
    if (i.id == item.indicator)
      return language == Language::en && !i.name_en.empty() ? i.name_en : i.name_zh;
  return item.id;
}

std::string iso_date(Date d) {
  char buf[40]; // room for any int year, month and day
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(d.year()),
                static_cast<int>(d.month()), static_cast<int>(d.day()));
  return buf;
}

} // namespace zhibiao::cli
