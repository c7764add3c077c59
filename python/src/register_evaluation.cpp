// Indicators, the JSON catalog and the evaluation of indicators over a cube.
#include "register.hpp"

#include "binding_helpers.hpp"
#include "numpy_vector.hpp"

#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <zhibiao/error.hpp>
#include <zhibiao/evaluation.hpp>
#include <zhibiao/indicator.hpp>

namespace py = pybind11;

namespace zhibiao::python {

namespace {
// validate(Indicator) names a target's fields "targets[0].value"; a NationalTarget built alone
// names them "value".
template <class F>
void detail_rename_target_error(F check) {
  try {
    check();
  } catch (const invalid_input& e) {
    const std::string prefix = "targets[0].";
    std::string field = e.field();
    if (field.rfind(prefix, 0) == 0) field = field.substr(prefix.size());
    const std::string what = e.what();
    throw invalid_input(field, what.substr(e.field().size() + 2));
  }
}
} // namespace

void register_evaluation(py::module_& m) {
  py::class_<NationalTarget>(m, "NationalTarget", R"doc(
A target set in a national document: NationalTarget(5.2, "at_most", 2025, "健康儿童行动提升计划").

Takes one target: its value (in the indicator's unit: 5.2 for 5.2 ‰), a comparison, the year it
is for and the document that sets it. comparison: at_least, more_than, at_most, less_than,
equal_to or relative_decrease (value per cent below the value of baseline_year); verification
"V", "P", "U" or "" (unstated).

Formula
-------
met when value_observed ≤ value (at_most), < (less_than), ≥ (at_least), > (more_than), = (equal_to);
relative_decrease: value_observed ≤ value_baseline × (1 − value / 100).

References
----------
The national documents named in `document` (e.g. 《健康儿童行动提升计划（2021—2025年）》: 婴儿死亡率
≤ 5.2‰ by 2025); docs/catalog.md §2 and §4 (targets and verification statuses); docs/targets.md.

Examples
--------
>>> t = zb.NationalTarget(5.2, "at_most", 2025, "《健康儿童行动提升计划（2021—2025年）》", "V")
>>> t
NationalTarget(5.2, 'at_most', 2025)
>>> t.comparison, t.verification
('at_most', 'V')
)doc")
      .def(py::init([](double value, const std::string& comparison, int year, std::string document,
                       const std::string& verification, int baseline_year, std::string note) {
             NationalTarget t;
             t.value = value;
             t.comparison = parse_target_comparison(comparison);
             t.year = year;
             t.document = std::move(document);
             t.verification =
                 verification.empty() ? Verification::unstated : parse_verification(verification);
             t.baseline_year = baseline_year;
             t.note = std::move(note);
             // The checks validate(Indicator) makes of its targets, named by this call's fields.
             Indicator check;
             check.id = "target";
             check.numerator = "1";
             check.targets = {t};
             detail_rename_target_error([&] { validate(check); });
             return t;
           }),
           py::arg("value"), py::arg("comparison"), py::arg("year"), py::arg("document"),
           py::arg("verification") = "", py::arg("baseline_year") = 0, py::arg("note") = "")
      .def_readonly("value", &NationalTarget::value)
      .def_property_readonly(
          "comparison",
          [](const NationalTarget& t) { return std::string(to_string(t.comparison)); })
      .def_readonly("year", &NationalTarget::year)
      .def_readonly("document", &NationalTarget::document)
      .def_property_readonly("verification",
                             [](const NationalTarget& t) {
                               return t.verification == Verification::unstated
                                          ? std::string()
                                          : std::string(to_string(t.verification));
                             })
      .def_readonly("baseline_year", &NationalTarget::baseline_year)
      .def_readonly("note", &NationalTarget::note)
      .def("__repr__", [](const NationalTarget& t) {
        return "NationalTarget(" + py::repr(py::float_(t.value)).cast<std::string>() + ", '" +
               std::string(to_string(t.comparison)) + "', " + std::to_string(t.year) + ")";
      });

  py::class_<Indicator>(m, "Indicator", R"doc(
An indicator: numerator and denominator expressions over data elements (#{signed}), a unit, the
decimals reports print, a direction and a kind (proportion, rate, ratio, quota_completion); or,
for an indicator that is not a ratio (人均预期寿命), a `method` naming its computation and an
empty numerator. verification is "V", "P", "U" or "" (unstated); targets are NationalTargets.

Takes the definition of one indicator (text expressions, a unit such as "percent", "per_mille",
"per_100" or "per_100000"); zhibiao.evaluate applies it to a DataCube, and its value is in the
indicator's unit (the unit's multiplier times the ratio), printed with `decimals` decimals.

Formula
-------
value = aggregate(numerator) / aggregate(denominator) × multiplier(unit), each data element
aggregated first over units and months by its own type (sum the parts, then divide); an
`annualised` indicator is also multiplied by the period's annualisation factor.

References
----------
docs/catalog.md §2 (the format, field by field) and docs/aggregation.md §1 (sum the parts,
then divide); DHIS2's indicators (numerator, denominator, indicator type factor); the seed
reports' 出生人口性别比 427 / 374 × 100 = 114.17.

Examples
--------
>>> sex_ratio = zb.Indicator("sex_ratio_at_birth", "#{live_births.male}", "#{live_births.female}",
...                          unit="per_100", kind="ratio", name_zh="出生人口性别比")
>>> sex_ratio, sex_ratio.unit, sex_ratio.decimals
(Indicator('sex_ratio_at_birth'), Unit('per_100'), 2)
)doc")
      .def(py::init([](std::string id, std::string numerator, std::string denominator,
                       py::handle unit, py::handle decimals, const std::string& direction,
                       const std::string& kind, std::string name_zh, std::string name_en,
                       bool annualised, std::string source, const std::string& verification,
                       std::string note, std::string method, std::vector<NationalTarget> targets) {
             Indicator i;
             i.id = std::move(id);
             i.numerator = std::move(numerator);
             i.denominator = std::move(denominator);
             i.unit = unit_from(unit);
             i.decimals = decimals_option(decimals);
             i.direction = parse_direction(direction);
             i.kind = parse_measure_kind(kind);
             i.name_zh = std::move(name_zh);
             i.name_en = std::move(name_en);
             i.annualised = annualised;
             i.source = std::move(source);
             i.verification =
                 verification.empty() ? Verification::unstated : parse_verification(verification);
             i.note = std::move(note);
             i.method = std::move(method);
             if (!i.method.empty()) i.denominator.clear();
             i.targets = std::move(targets);
             validate(i);
             return i;
           }),
           py::arg("id"), py::arg("numerator"), py::arg("denominator") = "1",
           py::arg("unit") = "percent", py::arg("decimals") = 2, py::arg("direction") = "neither",
           py::arg("kind") = "ratio", py::arg("name_zh") = "", py::arg("name_en") = "",
           py::arg("annualised") = false, py::arg("source") = "", py::arg("verification") = "",
           py::arg("note") = "", py::arg("method") = "",
           py::arg("targets") = std::vector<NationalTarget>{})
      .def_readonly("id", &Indicator::id)
      .def_readonly("name_zh", &Indicator::name_zh)
      .def_readonly("name_en", &Indicator::name_en)
      .def_readonly("numerator", &Indicator::numerator)
      .def_readonly("denominator", &Indicator::denominator)
      .def_readonly("unit", &Indicator::unit)
      .def_readonly("decimals", &Indicator::decimals)
      .def_property_readonly("direction",
                             [](const Indicator& i) { return std::string(to_string(i.direction)); })
      .def_property_readonly("kind",
                             [](const Indicator& i) { return std::string(to_string(i.kind)); })
      .def_readonly("annualised", &Indicator::annualised)
      .def_readonly("source", &Indicator::source)
      .def_property_readonly("verification",
                             [](const Indicator& i) {
                               return i.verification == Verification::unstated
                                          ? std::string()
                                          : std::string(to_string(i.verification));
                             })
      .def_readonly("note", &Indicator::note)
      .def_readonly("method", &Indicator::method)
      .def_readonly("targets", &Indicator::targets)
      .def("__repr__", [](const Indicator& i) { return "Indicator('" + i.id + "')"; });

  py::class_<Catalog>(m, "Catalog", R"doc(
Data elements and indicators: Catalog.from_json(text), Catalog.builtin() (the catalog compiled into
the library), or Catalog(indicators=[...], data_elements=[...]). builtin.merged(user) lays a user's
catalog over another: a user entry with an existing id replaces it, new ids are appended, and the
user's removed_* ids are taken out first (docs/catalog.md §3).

Takes lists of Indicators and DataElements (or JSON text); computes nothing itself: each
indicator's value comes from zhibiao.evaluate, in that indicator's unit.

Formula
-------
merged(base, user) = base − user's removed ids, then each user entry whose id base has replaces
that entry whole, in its place, and each user entry with a new id is appended.

References
----------
docs/catalog.md (the catalog format, §3 laying a catalog over another, §5 the built-in
entries); the JSON Schema of the format, data/ (zhibiao.catalog_schema()).

Examples
--------
>>> catalog = zb.Catalog(indicators=[zb.Indicator("premarital_check_rate", "#{premarital_checked}",
...                                               "#{marriage_registrations}")])
>>> [i.id for i in catalog.indicators]
['premarital_check_rate']
>>> builtin = zb.Catalog.builtin()
>>> len(builtin.merged(zb.Catalog(remove_indicators=["sex_ratio_at_birth"])).indicators) == len(builtin.indicators) - 1
True
)doc")
      .def(py::init([](std::vector<Indicator> indicators, std::vector<DataElement> data_elements,
                       std::vector<std::string> remove_indicators,
                       std::vector<std::string> remove_data_elements) {
             Catalog c;
             c.indicators = std::move(indicators);
             c.data_elements = std::move(data_elements);
             c.removed_indicators = std::move(remove_indicators);
             c.removed_data_elements = std::move(remove_data_elements);
             // The checks from_json makes: each entry valid, no id twice (a list built by hand is
             // checked as a JSON list is).
             const auto check_ids = [](const auto& list, const char* name) {
               for (std::size_t i = 0; i < list.size(); ++i) {
                 validate(list[i]);
                 for (std::size_t j = 0; j < i; ++j)
                   if (list[j].id == list[i].id)
                     throw invalid_input(std::string(name) + "[" + std::to_string(i) + "].id",
                                         "'" + list[i].id + "' is defined twice");
               }
             };
             check_ids(c.data_elements, "data_elements");
             check_ids(c.indicators, "indicators");
             return c;
           }),
           py::kw_only(), py::arg("indicators") = std::vector<Indicator>{},
           py::arg("data_elements") = std::vector<DataElement>{},
           py::arg("remove_indicators") = std::vector<std::string>{},
           py::arg("remove_data_elements") = std::vector<std::string>{})
      .def_static(
          "from_json",
          [](py::handle text, const std::string& encoding) {
            return Catalog::from_json(text_arg(text, "catalog", encoding));
          },
          py::arg("text"), py::arg("encoding") = "utf-8",
          "A catalog from JSON text (str, or bytes in `encoding`: utf-8 or gb18030).")
      .def_static(
          "builtin", []() { return Catalog::builtin(); },
          "The built-in catalog (data/catalog.json compiled into the library): a copy.")
      .def_static(
          "builtin_json", []() { return std::string(Catalog::builtin_json()); },
          "The text of the built-in catalog.")
      .def_static(
          "schema_json", []() { return std::string(Catalog::schema_json()); },
          "The JSON Schema (draft 2020-12) of the catalog format.")
      .def("merged", &Catalog::merged, py::arg("user"),
           "This catalog with `user` laid over it (docs/catalog.md §3).")
      .def("to_json", &Catalog::to_json)
      .def_readonly("data_elements", &Catalog::data_elements)
      .def_readonly("indicators", &Catalog::indicators)
      .def_readonly("removed_indicators", &Catalog::removed_indicators)
      .def_readonly("removed_data_elements", &Catalog::removed_data_elements)
      .def("indicator", &Catalog::indicator, py::arg("id"),
           py::return_value_policy::reference_internal)
      .def("data_element", &Catalog::data_element, py::arg("id"),
           py::return_value_policy::reference_internal);

  py::list names;
  for (int s = 0; s < evaluation_status_count; ++s)
    names.append(std::string(describe(static_cast<EvaluationStatus>(s))));
  m.attr("EVALUATION_STATUS_DESCRIPTIONS") = names;
  py::list limits;
  for (std::size_t s = 0; s < limits_status_count; ++s)
    limits.append(std::string(describe(static_cast<LimitsStatus>(s))));
  m.attr("LIMITS_STATUS_DESCRIPTIONS") = limits;
  py::list coverage;
  for (std::size_t s = 0; s < coverage_status_count; ++s)
    coverage.append(std::string(describe(static_cast<CoverageStatus>(s))));
  m.attr("COVERAGE_STATUS_DESCRIPTIONS") = coverage;

  m.def(
      "format_values",
      [](const Eigen::ArrayXd& values, const std::vector<std::int64_t>& indicator,
         const std::vector<Unit>& units, const std::vector<int>& decimals,
         const std::vector<std::uint8_t>& status, const std::vector<std::string>& status_text,
         const std::string& language) {
        // One string per row, as reports print them; rows without a value show their status.
        const Language lang = parse_language(language);
        py::list out(static_cast<std::size_t>(values.size()));
        for (Eigen::Index r = 0; r < values.size(); ++r) {
          const auto i = static_cast<std::size_t>(indicator[static_cast<std::size_t>(r)]);
          const auto s = status[static_cast<std::size_t>(r)];
          out[static_cast<std::size_t>(r)] =
              s == 0 ? format_value(values[r], units[i], decimals[i], lang) : status_text[s];
        }
        return out;
      },
      py::arg("values"), py::arg("indicator"), py::arg("units"), py::arg("decimals"),
      py::arg("status"), py::arg("status_text"), py::arg("language") = "zh");

  m.def(
      "_evaluate",
      [](const DataCube& cube, const std::vector<Indicator>& indicators,
         const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& unit_indices,
         const std::vector<Period>& periods, const std::vector<double>& confidence,
         const std::string& coverage, const py::object& constants, const py::object& missing_values,
         const py::object& dhis2_semantics, const py::object& groups) {
        // Units as an int64 array (10^5 of them are common: every unit of a tree).
        std::vector<std::size_t> units(static_cast<std::size_t>(unit_indices.size()));
        for (std::size_t i = 0; i < units.size(); ++i) {
          const std::int64_t u = unit_indices.data()[i];
          if (u < 0)
            throw invalid_input("org_units",
                                "org unit index " + std::to_string(u) + " is out of range");
          units[i] = static_cast<std::size_t>(u);
        }
        EvaluationOptions options;
        options.confidence = confidence;
        options.coverage = parse_coverage_policy(coverage);
        options.expression = expression_options(constants, missing_values, dhis2_semantics);
        read_expression_groups(groups, options.expression);
        EvaluationTable t;
        {
          py::gil_scoped_release release; // C++ only over the cube and copies of the arguments
          t = evaluate(cube, indicators, units, periods, options);
        }
        // The indicator, unit and period of each row as codes of the narrowest integer type
        // pandas gives a Categorical of `count` categories (int8 below 127, int16, int32), so
        // that evaluate's categorical columns take them without a copy; not int64, which at
        // 26 million rows was 630 MB beside the C++ table's own indices. Each index column is
        // freed once converted.
        const auto codes = [](Column<std::size_t>& v, std::size_t count) -> py::array {
          const auto narrow = [&v](auto zero) {
            using T = decltype(zero);
            py::array_t<T> out(static_cast<py::ssize_t>(v.size()));
            T* dst = out.mutable_data();
            for (std::size_t r = 0; r < v.size(); ++r) dst[r] = static_cast<T>(v[r]);
            v = Column<std::size_t>();
            return py::array(std::move(out));
          };
          if (count < 127) return narrow(std::int8_t{0});
          if (count < 32767) return narrow(std::int16_t{0});
          if (count < 2147483647) return narrow(std::int32_t{0});
          return narrow(std::int64_t{0});
        };
        // Every other column handed over without a copy; lower / upper as rows × levels.
        py::array ind = codes(t.indicator, indicators.size());
        py::array unit = codes(t.org_unit, cube.tree().size());
        py::array period = codes(t.period, periods.size());
        return py::make_tuple(
            ind, unit, period, to_numpy(std::move(t.numerator)), to_numpy(std::move(t.denominator)),
            to_numpy(std::move(t.value)), to_numpy(std::move(t.status)),
            to_numpy(std::move(t.lower)), to_numpy(std::move(t.upper)),
            to_numpy(std::move(t.limits_status)), to_numpy(std::move(t.months_reported)),
            to_numpy(std::move(t.months_expected)), to_numpy(std::move(t.units_complete)),
            to_numpy(std::move(t.units_expected)), to_numpy(std::move(t.coverage)));
      },
      py::arg("cube"), py::arg("indicators"), py::arg("units"), py::arg("periods"),
      py::arg("confidence"), py::arg("coverage") = "flag_partial",
      py::arg("constants") = py::none(), py::arg("missing_values") = "propagate",
      py::arg("dhis2_semantics") = false, py::arg("groups") = py::none());
}

} // namespace zhibiao::python
