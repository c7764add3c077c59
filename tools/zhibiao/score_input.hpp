#pragma once
// What `score` and `report --scheme` share (docs/cli.md §11): read a scheme file, choose the
// units to score and score them over the cube an evaluation run has loaded.

#include "zhibiao/cube.hpp"
#include "zhibiao/indicator.hpp"
#include "zhibiao/org_unit.hpp"
#include "zhibiao/period.hpp"
#include "zhibiao/scheme.hpp"

#include <optional>
#include <string>
#include <vector>

namespace zhibiao::cli {

/// Reads and validates SCHEME.json against `catalog`: malformed JSON or a bad item is an
/// input_error naming the file and the item ("scheme.json: items[2] (mmr).points: ...").
Scheme read_scheme_file(const std::string& path, const Catalog& catalog);

/// The scheme's indicator ids, each once, in item order, comma-separated (--indicators).
std::string scheme_indicator_list(const Scheme& scheme);

/// The units scored and their scores, in the order given (ranks say the order of merit).
struct ScoreRun {
  std::vector<std::size_t> units;
  SchemeScores scores;
};

/// Scores `units_list` (comma-separated codes, input_error naming --units for an unknown one)
/// or, without it, the children of the tree's roots whose subtrees report data for at least
/// one item that carries points (not bonus, not veto): a unit with none is not one the scheme
/// assesses (the example's hospitals under a township scheme).
ScoreRun score_run(const Scheme& scheme, const Catalog& catalog, const DataCube& cube,
                   const std::optional<std::string>& units_list, const Period& period,
                   const std::optional<Date>& as_of);

/// An item's display name: its `name`, else the indicator's name in `language`, else its id.
std::string item_name(const SchemeItem& item, const Catalog& catalog, Language language);

/// "2025-09-30".
std::string iso_date(Date day);

} // namespace zhibiao::cli
