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

void register_evaluation(py::module_& m) {
  py::class_<Indicator>(m, "Indicator", R"doc(
An indicator: numerator and denominator expressions over data elements (#{signed}), a unit, the
decimals reports print, a direction and a kind (proportion, rate, ratio, quota_completion).)doc")
      .def(py::init([](std::string id, std::string numerator, std::string denominator,
                       py::handle unit, py::handle decimals, const std::string& direction,
                       const std::string& kind, std::string name_zh, std::string name_en,
                       bool annualised, std::string source) {
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
             validate(i);
             return i;
           }),
           py::arg("id"), py::arg("numerator"), py::arg("denominator") = "1",
           py::arg("unit") = "percent", py::arg("decimals") = 2, py::arg("direction") = "neither",
           py::arg("kind") = "ratio", py::arg("name_zh") = "", py::arg("name_en") = "",
           py::arg("annualised") = false, py::arg("source") = "")
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
      .def("__repr__", [](const Indicator& i) { return "Indicator('" + i.id + "')"; });

  py::class_<Catalog>(m, "Catalog", "Data elements and indicators read from JSON.")
      .def_static(
          "from_json",
          [](py::handle text, const std::string& encoding) {
            return Catalog::from_json(text_arg(text, "catalog", encoding));
          },
          py::arg("text"), py::arg("encoding") = "utf-8",
          "A catalog from JSON text (str, or bytes in `encoding`: utf-8 or gb18030).")
      .def("to_json", &Catalog::to_json)
      .def_readonly("data_elements", &Catalog::data_elements)
      .def_readonly("indicators", &Catalog::indicators)
      .def("indicator", &Catalog::indicator, py::arg("id"),
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
      "_object_block",
      [](const std::vector<std::pair<
             py::array, py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>>>&
             columns) {
        // Text columns of a result frame gathered into one (columns × rows) object array: each
        // column j is lookup_j[index_j], references to the lookups' own str objects. pandas takes
        // the array as the frame's object block as it is; built column by column with NumPy
        // indexing, the same block cost a take per column and then a copy to stack them.
        const std::size_t k = columns.size();
        const std::size_t n = k == 0 ? 0 : static_cast<std::size_t>(columns[0].second.size());
        py::array out(py::dtype("O"), {static_cast<py::ssize_t>(k), static_cast<py::ssize_t>(n)});
        auto** cells = static_cast<PyObject**>(out.mutable_data());
        for (std::size_t j = 0; j < k; ++j) {
          const py::array& lookup = columns[j].first;
          const auto& index = columns[j].second;
          if (lookup.dtype().kind() != 'O' || lookup.ndim() != 1 ||
              !(lookup.flags() & py::array::c_style))
            throw py::type_error("_object_block: lookups must be 1-D contiguous object arrays");
          if (static_cast<std::size_t>(index.size()) != n)
            throw py::value_error("_object_block: index columns differ in length");
          auto* const* items = static_cast<PyObject* const*>(lookup.data());
          const auto size = static_cast<std::int64_t>(lookup.shape(0));
          const std::int64_t* rows = index.data();
          for (std::size_t r = 0; r < n; ++r) {
            const std::int64_t i = rows[r];
            if (i < 0 || i >= size) throw py::index_error("_object_block: index out of range");
            PyObject* item = items[i];
            Py_INCREF(item);
            PyObject*& cell = cells[j * n + r];
            Py_XDECREF(cell); // NumPy fills a new object array with None or NULL
            cell = item;
          }
        }
        return out;
      },
      py::arg("columns"));

  m.def(
      "_evaluate",
      [](const DataCube& cube, const std::vector<Indicator>& indicators,
         const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& unit_indices,
         const std::vector<Period>& periods, const std::vector<double>& confidence,
         const std::string& coverage) {
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
        EvaluationTable t;
        {
          py::gil_scoped_release release; // C++ only over the cube and copies of the arguments
          t = evaluate(cube, indicators, units, periods, options);
        }
        // Result columns as NumPy arrays, not lists of 10^5 Python ints.
        const auto int64 = [](const Column<std::size_t>& v) {
          return to_numpy(std::vector<std::int64_t>(v.begin(), v.end()));
        };
        // Every column handed over without a copy; lower / upper as rows × levels.
        return py::make_tuple(
            int64(t.indicator), int64(t.org_unit), int64(t.period),
            to_numpy(std::move(t.numerator)), to_numpy(std::move(t.denominator)),
            to_numpy(std::move(t.value)), to_numpy(std::move(t.status)),
            to_numpy(std::move(t.lower)), to_numpy(std::move(t.upper)),
            to_numpy(std::move(t.limits_status)), to_numpy(std::move(t.months_reported)),
            to_numpy(std::move(t.months_expected)), to_numpy(std::move(t.units_complete)),
            to_numpy(std::move(t.units_expected)), to_numpy(std::move(t.coverage)));
      },
      py::arg("cube"), py::arg("indicators"), py::arg("units"), py::arg("periods"),
      py::arg("confidence"), py::arg("coverage") = "flag_partial");
}

} // namespace zhibiao::python
