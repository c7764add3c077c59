// zhibiao/scheme.hpp for Python: assessment schemes as private functions over JSON text and plain
// arrays; python/zhibiao/_scheme.py holds the scheme (its canonical JSON), reads DataFrames,
// documents the arguments and builds the tables.
#include "register.hpp"

#include "binding_helpers.hpp"
#include "date_caster.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/error.hpp>
#include <zhibiao/org_unit.hpp>
#include <zhibiao/scheme.hpp>

#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

SchemeScores score_arrays(const std::string& json, const Catalog& catalog,
                          const std::vector<std::string>& units, const InputArray& numerator,
                          const InputArray& denominator, std::optional<Date> as_of,
                          const std::string& basis, const OrgUnitTree* tree,
                          const std::optional<std::vector<std::string>>& targets, bool reasons) {
  const Scheme scheme = scheme_from_json(json);
  require_one_dimensional(numerator, "numerator");
  require_one_dimensional(denominator, "denominator");
  SchemeData data;
  data.units = units;
  data.items = scheme.items.size();
  const auto n = span_of(numerator), d = span_of(denominator);
  data.numerator.assign(n.begin(), n.end());
  data.denominator.assign(d.begin(), d.end());
  ScoreOptions options;
  options.as_of = as_of;
  options.reasons = reasons;
  if (basis == "days") options.basis = ProgressBasis::days;
  else if (basis != "months") throw invalid_input("basis", "must be \"months\" or \"days\"");
  SchemeScores out;
  {
    // The scoring reads only its arguments, owned C++ values: safe without the GIL.
    py::gil_scoped_release release;
    if (tree) data = roll_up(*tree, data, targets ? *targets : units);
    out = score(scheme, catalog, data, options);
  }
  return out;
}

py::dict to_python(const Scheme& scheme, const SchemeScores& s) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto u = static_cast<py::ssize_t>(s.units.size());
  const auto k = static_cast<py::ssize_t>(scheme.items.size());
  py::array_t<double> total(u), needed(u), cases(u), value(u * k), target(u * k), points(u * k),
      full(u * k);
  py::array_t<std::int64_t> rank(u);
  py::array_t<bool> vetoed(u), reached(u * k), missing(u * k);
  py::list unit, grade, lost, next_grade, next_item, next_zh, next_en;
  // The reasons repeat (the compare.py case: 17,305 distinct texts among 500,000 in each
  // language): one Python str per distinct text, shared by the rows that have it, instead of a
  // decode and an allocation per row. The keys view strings of `s`, alive through this call.
  py::list reason_zh(u * k), reason_en(u * k);
  std::unordered_map<std::string_view, py::object> texts;
  const auto shared = [&texts](const std::string& text) -> py::object {
    auto [at, fresh] = texts.try_emplace(text);
    if (fresh) at->second = py::str(text);
    return at->second;
  };
  for (py::ssize_t i = 0; i < u; ++i) {
    const UnitScore& x = s.units[static_cast<std::size_t>(i)];
    unit.append(x.unit);
    total.mutable_at(i) = x.total;
    grade.append(x.grade);
    rank.mutable_at(i) = x.rank;
    vetoed.mutable_at(i) = x.vetoed;
    py::list l;
    for (const auto item : x.lost) l.append(scheme.items[item].id);
    lost.append(l);
    needed.mutable_at(i) = x.next ? x.next->points_needed : nan;
    cases.mutable_at(i) = x.next && x.next->item ? x.next->cases : nan;
    next_grade.append(x.next ? py::cast(x.next->grade) : py::none());
    next_item.append(x.next && x.next->item ? py::cast(scheme.items[*x.next->item].id)
                                            : py::none());
    next_zh.append(x.next ? x.next->describe_zh : std::string());
    next_en.append(x.next ? x.next->describe_en : std::string());
    for (py::ssize_t j = 0; j < k; ++j) {
      const ItemScore& it = x.items[static_cast<std::size_t>(j)];
      const py::ssize_t r = i * k + j;
      value.mutable_at(r) = it.value;
      target.mutable_at(r) = it.target;
      points.mutable_at(r) = it.score;
      full.mutable_at(r) = it.full;
      reached.mutable_at(r) = it.reached;
      missing.mutable_at(r) = it.missing;
      reason_zh[static_cast<std::size_t>(r)] = shared(it.reason_zh);
      reason_en[static_cast<std::size_t>(r)] = shared(it.reason_en);
    }
  }
  py::dict out;
  out["unit"] = unit;
  out["total"] = total;
  out["grade"] = grade;
  out["rank"] = rank;
  out["vetoed"] = vetoed;
  out["lost"] = lost;
  out["next_grade"] = next_grade;
  out["points_needed"] = needed;
  out["next_item"] = next_item;
  out["next_cases"] = cases;
  out["next_zh"] = next_zh;
  out["next_en"] = next_en;
  out["value"] = value;
  out["target"] = target;
  out["score"] = points;
  out["full"] = full;
  out["reached"] = reached;
  out["missing"] = missing;
  out["reason_zh"] = reason_zh;
  out["reason_en"] = reason_en;
  return out;
}

} // namespace

void register_scheme(py::module_& m) {
  m.def(
      "_scheme_canonical",
      [](const py::object& text) {
        return scheme_to_json(scheme_from_json(text_arg(text, "scheme")));
      },
      py::arg("text"), "scheme_to_json(scheme_from_json(text)) (scheme.hpp).");
  m.def(
      "_scheme_from_rows",
      [](const std::vector<std::vector<std::string>>& rows, const std::string& defaults) {
        std::vector<SchemeRow> parsed;
        for (std::size_t i = 0; i < rows.size(); ++i) {
          const auto& r = rows[i];
          if (r.size() != 12)
            throw invalid_input("rows[" + std::to_string(i) + "]", "must have 12 cells");
          parsed.push_back(
              {r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11]});
        }
        return scheme_to_json(scheme_from_rows(parsed, scheme_from_json(defaults)));
      },
      py::arg("rows"), py::arg("defaults"),
      "The canonical JSON of scheme_from_rows (cells: id, indicator, name, points, rule, target, "
      "quota, per_unit, floor, weight, veto, cap).");
  m.def(
      "_scheme_validate",
      [](const std::string& json, const Catalog& catalog) {
        validate(scheme_from_json(json), catalog);
      },
      py::arg("json"), py::arg("catalog"), "validate() (scheme.hpp).");
  m.def(
      "_score_scheme",
      [](const std::string& json, const Catalog& catalog, const std::vector<std::string>& units,
         const InputArray& numerator, const InputArray& denominator, std::optional<Date> as_of,
         const std::string& basis, std::shared_ptr<OrgUnitTree> tree,
         std::optional<std::vector<std::string>> targets, bool reasons) {
        const Scheme scheme = scheme_from_json(json);
        return to_python(scheme, score_arrays(json, catalog, units, numerator, denominator, as_of,
                                              basis, tree.get(), targets, reasons));
      },
      py::arg("json"), py::arg("catalog"), py::arg("units"), py::arg("numerator"),
      py::arg("denominator"), py::arg("as_of"), py::arg("basis"), py::arg("tree"),
      py::arg("targets"), py::arg("reasons") = true,
      "score() of the units' numerators and denominators (units × items, row after row), "
      "rolled up over `tree` to `targets` first when a tree is given.");
}

} // namespace zhibiao::python
