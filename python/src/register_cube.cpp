// Org units, data elements and the data cube. The pandas layer (python/zhibiao/_cube.py)
// factorises DataFrame columns so that each distinct text crosses into C++ once.
#include "register.hpp"

#include "date_caster.hpp"

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/cube.hpp>
#include <zhibiao/org_unit.hpp>

#include <fstream>
#include <map>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

OnBadRows parse_policy(const std::string& text) {
  if (text == "raise") return OnBadRows::raise;
  if (text == "mark") return OnBadRows::mark;
  throw invalid_input("on_bad_rows", "unknown policy '" + text + "'; expected 'raise' or 'mark'");
}

py::list errors_to_list(const std::vector<row_error>& errors) {
  py::list out;
  for (const auto& e : errors) out.append(py::make_tuple(e.row, e.field, e.message));
  return out;
}

// Codes of a factorised column (pandas gives int8 … int64); -1 marks a missing cell.
using CodeArray = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>;

std::vector<std::int32_t> codes(const CodeArray& a) { return {a.data(), a.data() + a.size()}; }

} // namespace

void register_cube(py::module_& m) {
  py::class_<OrgUnitTree>(m, "OrgUnitTree", R"doc(
The org-unit hierarchy (省 → 市/州 → 县/区 → 乡镇/街道 → 村/社区, facilities at any level).
Build it with OrgUnitTree.from_parent_table(codes, names, parent_codes) or, from pandas,
zhibiao.org_unit_tree(frame, code=..., name=..., parent=...). Every empty or duplicate code,
orphan and cycle is reported at once (InvalidRows).)doc")
      .def_static(
          "from_parent_table",
          [](const std::vector<std::string>& codes, const std::vector<std::string>& names,
             const std::vector<std::string>& parents, std::optional<std::vector<std::string>> level_names) {
            if (names.size() != codes.size() || parents.size() != codes.size())
              throw invalid_input("names", "codes, names and parent codes differ in length");
            std::vector<OrgUnitRow> rows;
            rows.reserve(codes.size());
            for (std::size_t i = 0; i < codes.size(); ++i) rows.push_back({codes[i], names[i], parents[i]});
            return OrgUnitTree::from_parent_table(rows, level_names ? *level_names : OrgUnitTree::default_level_names());
          },
          py::arg("codes"), py::arg("names"), py::arg("parent_codes"), py::arg("level_names") = py::none())
      .def("__len__", &OrgUnitTree::size)
      .def("index", &OrgUnitTree::index, py::arg("code"))
      .def("code", &OrgUnitTree::code, py::arg("unit"))
      .def("name", &OrgUnitTree::name, py::arg("unit"))
      .def("level", &OrgUnitTree::level, py::arg("unit"))
      .def("level_name", &OrgUnitTree::level_name, py::arg("level"))
      .def("parent", [](const OrgUnitTree& t, std::size_t u) -> py::object {
             const auto p = t.parent(u);
             return p == OrgUnitTree::npos ? py::object(py::none()) : py::int_(p);
           }, py::arg("unit"))
      .def_property_readonly("depth", &OrgUnitTree::depth)
      .def_property_readonly("codes", [](const OrgUnitTree& t) {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < t.size(); ++i) out.push_back(t.code(i));
        return out;
      })
      .def_property_readonly("names", [](const OrgUnitTree& t) {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < t.size(); ++i) out.push_back(t.name(i));
        return out;
      })
      .def_property_readonly("levels", [](const OrgUnitTree& t) {
        std::vector<int> out;
        for (std::size_t i = 0; i < t.size(); ++i) out.push_back(t.level(i));
        return out;
      })
      .def("units_at_level", &OrgUnitTree::units_at_level, py::arg("level"))
      .def("subtree", &OrgUnitTree::subtree, py::arg("unit"))
      .def("ancestor_at_level", [](const OrgUnitTree& t, std::size_t u, int level) -> py::object {
             const auto a = t.ancestor_at_level(u, level);
             return a == OrgUnitTree::npos ? py::object(py::none()) : py::int_(a);
           }, py::arg("unit"), py::arg("level"))
      .def("add_group", &OrgUnitTree::add_group, py::arg("group"), py::arg("codes"))
      .def("group", &OrgUnitTree::group, py::arg("group"))
      .def_property_readonly("group_names", &OrgUnitTree::group_names)
      .def("aggregation_matrix", &OrgUnitTree::aggregation_matrix, py::arg("targets"),
           "targets × units scipy-compatible sparse matrix (CSR) summing each target's subtree.");

  py::enum_<AggregationType>(m, "AggregationType")
      .value("sum", AggregationType::sum)
      .value("average", AggregationType::average)
      .value("average_sum_org_unit", AggregationType::average_sum_org_unit)
      .value("last", AggregationType::last)
      .value("min", AggregationType::min)
      .value("max", AggregationType::max)
      .value("count", AggregationType::count);

  py::class_<DataElement>(m, "DataElement")
      .def(py::init([](std::string id, std::string name_zh, std::string name_en, const std::string& aggregation,
                       std::vector<std::string> disaggregations) {
             DataElement e{std::move(id), std::move(name_zh), std::move(name_en),
                           parse_aggregation_type(aggregation), std::move(disaggregations)};
             validate(e);
             return e;
           }),
           py::arg("id"), py::arg("name_zh") = "", py::arg("name_en") = "", py::arg("aggregation") = "sum",
           py::arg("disaggregations") = std::vector<std::string>{})
      .def_readonly("id", &DataElement::id)
      .def_readonly("name_zh", &DataElement::name_zh)
      .def_readonly("name_en", &DataElement::name_en)
      .def_property_readonly("aggregation", [](const DataElement& e) { return std::string(to_string(e.aggregation)); })
      .def_readonly("disaggregations", &DataElement::disaggregations)
      .def("__repr__", [](const DataElement& e) {
        return "DataElement('" + e.id + "', aggregation='" + std::string(to_string(e.aggregation)) + "')";
      });

  py::class_<DataCube>(m, "DataCube", R"doc(
Data values keyed by (data element, org unit, month), aggregated by each element's type.)doc")
      .def(py::init<OrgUnitTree, std::vector<DataElement>, Period, int>(), py::arg("tree"),
           py::arg("elements"), py::arg("first_month"), py::arg("months"))
      .def_property_readonly("tree", &DataCube::tree, py::return_value_policy::reference_internal)
      .def_property_readonly("elements", &DataCube::elements)
      .def_property_readonly("first_month", &DataCube::first_month)
      .def_property_readonly("months", &DataCube::months)
      .def_property_readonly("keys", &DataCube::keys)
      .def_property_readonly("value_count", &DataCube::value_count)
      .def("knows", &DataCube::knows, py::arg("key"))
      .def("value", &DataCube::value, py::arg("key"), py::arg("org_unit"), py::arg("month"))
      .def("_load_factorised",
           [](DataCube& cube, std::vector<std::string> elements, const CodeArray& element_codes,
              std::vector<std::string> org_units, const CodeArray& org_unit_codes,
              std::vector<std::string> periods, const CodeArray& period_codes,
              py::array_t<double, py::array::c_style | py::array::forcecast> values,
              std::map<std::size_t, std::string> non_numeric, const std::string& on_bad_rows) {
             LongTable t{std::move(elements), codes(element_codes), std::move(org_units), codes(org_unit_codes),
                         std::move(periods), codes(period_codes),
                         std::vector<double>(values.data(), values.data() + values.size())};
             for (auto& [row, text] : non_numeric) t.non_numeric_values[row] = text;
             const auto policy = parse_policy(on_bad_rows);
             LoadReport report;
             {
               py::gil_scoped_release release; // C++ only: the table was copied out of Python above
               report = cube.load(t, policy);
             }
             return py::make_tuple(report.loaded, errors_to_list(report.errors));
           })
      .def("load_csv",
           [](DataCube& cube, const std::string& path, const std::string& on_bad_rows) {
             std::ifstream in(path);
             if (!in) throw invalid_input("path", "cannot open '" + path + "'");
             const auto report = cube.load_csv(in, parse_policy(on_bad_rows));
             return py::make_tuple(report.loaded, errors_to_list(report.errors));
           },
           py::arg("path"), py::arg("on_bad_rows") = "raise",
           "Load a CSV file with columns element, org_unit, period, value; returns (loaded, errors).")
      .def("_aggregate_group",
           [](const DataCube& cube, const std::string& key, const std::string& group,
              const std::vector<Period>& periods) {
             const AggregationMatrix a = cube.tree().group_matrix(group);
             CubeAggregate r;
             {
               py::gil_scoped_release release; // reads only the cube, which Python keeps alive
               r = cube.aggregate(key, a, periods);
             }
             return py::make_tuple(r.values, r.counts);
           })
      .def("_aggregate",
           [](const DataCube& cube, const std::string& key, const std::vector<std::size_t>& units,
              const std::vector<Period>& periods) {
             CubeAggregate a;
             {
               py::gil_scoped_release release; // reads only the cube, which Python keeps alive
               a = cube.aggregate(key, units, periods);
             }
             return py::make_tuple(a.values, a.counts);
           });
}

} // namespace zhibiao::python
