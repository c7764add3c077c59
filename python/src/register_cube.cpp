// Org units, data elements and the data cube. The pandas layer (python/zhibiao/_cube.py)
// factorises DataFrame columns so that each distinct text crosses into C++ once.
#include "binding_helpers.hpp"
#include "file_input.hpp"
#include "register.hpp"

#include "date_caster.hpp"
#include "numpy_vector.hpp"

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/cube.hpp>
#include <zhibiao/org_unit.hpp>

#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <span>
#include <sstream>
#include <string_view>
#include <unordered_map>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

// values, counts, months_reported, months_expected, units_complete, units_expected, coverage
// (CoverageStatus codes): targets × periods arrays, handed over without copies.
py::tuple aggregate_tuple(CubeAggregate&& a) {
  const std::size_t rows = a.coverage.rows(), cols = a.coverage.cols();
  Matrix<std::uint8_t> codes(rows, cols);
  for (std::size_t c = 0; c < cols; ++c)
    for (std::size_t r = 0; r < rows; ++r)
      codes(r, c) = static_cast<std::uint8_t>(a.coverage(r, c));
  return py::make_tuple(to_numpy(std::move(a.values)), to_numpy(std::move(a.counts)),
                        to_numpy(std::move(a.months_reported)),
                        to_numpy(std::move(a.months_expected)),
                        to_numpy(std::move(a.units_complete)),
                        to_numpy(std::move(a.units_expected)), to_numpy(std::move(codes)));
}

// The UTF-8 text of a column of str read in place: a list, a tuple or a NumPy object array
// (a pandas Index's values), without a std::string per item. The views stay valid while `owner`
// lives (see read_text_column's `snapshot`).
struct TextColumn {
  std::vector<std::string_view> views;
  py::object owner;
  // Items that are not str (or are missing, when allowed): converted with str(), kept here.
  std::vector<py::object> converted;
  std::size_t missing = 0; // items read as "" (Missing::empty)
};

enum class Missing : std::uint8_t { refuse, empty };

// Reads `column` into text views. With Missing::empty, None and float NaN give "" (a missing
// parent code). Other items that are not str: converted with str() when `convert`, else the
// result has no views and `ok` is false (the caller takes its slower path). With `snapshot`,
// the views read a copy that this call owns (for reading with the GIL released, or keeping);
// without, the column itself, which must not change while the views are used.
bool read_text_column(py::handle column, TextColumn& out, Missing missing, bool convert,
                      bool snapshot = true) {
  PyObject* const* items = nullptr;
  Py_ssize_t n = 0;
  const bool object_array = py::isinstance<py::array>(column) &&
                            py::reinterpret_borrow<py::array>(column).dtype().kind() == 'O' &&
                            py::reinterpret_borrow<py::array>(column).ndim() == 1;
  if (object_array) {
    auto a = py::reinterpret_borrow<py::array>(column);
    if (snapshot || !(a.flags() & py::array::c_style)) a = a.attr("copy")(); // C-contiguous, ours
    out.owner = a;
    items = static_cast<PyObject* const*>(a.data());
    n = a.shape(0);
  } else {
    out.owner = snapshot || !PyList_Check(column.ptr())
                    ? py::reinterpret_steal<py::object>(PySequence_Tuple(column.ptr()))
                    : py::reinterpret_borrow<py::object>(column);
    if (!out.owner) throw py::error_already_set();
    items = PySequence_Fast_ITEMS(out.owner.ptr()); // a list or a tuple
    n = PySequence_Fast_GET_SIZE(out.owner.ptr());
  }
  out.views.resize(static_cast<std::size_t>(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = items[i];
    if (PyUnicode_Check(item) && PyUnicode_IS_COMPACT_ASCII(item)) {
      // ASCII text is stored as its UTF-8: read it without a call (codes mostly are).
      out.views[static_cast<std::size_t>(i)] =
          std::string_view(static_cast<const char*>(PyUnicode_DATA(item)),
                           static_cast<std::size_t>(PyUnicode_GET_LENGTH(item)));
      continue;
    }
    if (!PyUnicode_Check(item)) {
      if (missing == Missing::empty &&
          (item == Py_None || (PyFloat_Check(item) && std::isnan(PyFloat_AS_DOUBLE(item))))) {
        out.views[static_cast<std::size_t>(i)] = {};
        ++out.missing;
        continue;
      }
      if (!convert) {
        out.views.clear();
        return false;
      }
      out.converted.push_back(py::str(item));
      item = out.converted.back().ptr();
    }
    Py_ssize_t size = 0;
    const char* text = PyUnicode_AsUTF8AndSize(item, &size);
    if (!text) throw py::error_already_set();
    out.views[static_cast<std::size_t>(i)] = std::string_view(text, static_cast<std::size_t>(size));
  }
  return true;
}

// A factorised column's codes (pandas gives int8 … int64; -1 marks a missing cell), read in
// place when they are C-contiguous signed integers, else converted to int64 once. `keep` holds
// the array read.
CodeColumn code_column(py::handle codes, py::object& keep) {
  py::array a = py::array::ensure(codes);
  if (!a) throw py::error_already_set();
  const auto kind = a.dtype().kind();
  const auto bytes = a.itemsize();
  if (kind != 'i' || (bytes != 1 && bytes != 2 && bytes != 4 && bytes != 8) || a.ndim() != 1 ||
      !(a.flags() & py::array::c_style))
    a = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(codes);
  if (!a) throw py::error_already_set();
  keep = a;
  const auto n = static_cast<std::size_t>(a.size());
  switch (a.itemsize()) {
  case 1: return std::span<const std::int8_t>(static_cast<const std::int8_t*>(a.data()), n);
  case 2: return std::span<const std::int16_t>(static_cast<const std::int16_t*>(a.data()), n);
  case 4: return std::span<const std::int32_t>(static_cast<const std::int32_t*>(a.data()), n);
  default: return std::span<const std::int64_t>(static_cast<const std::int64_t*>(a.data()), n);
  }
}

// A load's parent conflicts as (key, period, ancestor code, ancestor row, descendant code,
// descendant row) tuples, a row None for a value of an earlier load.
py::list parent_conflicts_to_list(const DataCube& cube, const LoadReport& report) {
  const auto row = [](const std::optional<std::size_t>& r) -> py::object {
    return r ? py::object(py::int_(*r)) : py::object(py::none());
  };
  py::list out;
  for (const auto& c : report.parent_conflicts)
    out.append(py::make_tuple(c.key, c.month.code(), cube.tree().code(c.ancestor),
                              row(c.ancestor_row), cube.tree().code(c.descendant),
                              row(c.descendant_row)));
  return out;
}

} // namespace

void register_cube(py::module_& m) {
  // Shared with the cubes built on it (no copy of 10^5 codes); dynamic attributes let the pandas
  // layer keep the tree's codes and names as the Python strings it read them from, so that
  // result frames reuse them instead of creating one str per row.
  py::class_<OrgUnitTree, std::shared_ptr<OrgUnitTree>>(m, "OrgUnitTree", py::dynamic_attr(), R"doc(
The org-unit hierarchy (省 → 市/州 → 县/区 → 乡镇/街道 → 村/社区, facilities at any level).

Takes a parent table: codes, names and parent codes as sequences of text (an empty parent marks
a root). Build it with OrgUnitTree.from_parent_table(codes, names, parent_codes) or, from a
pandas DataFrame, zhibiao.org_unit_tree(frame, code=..., name=..., parent=...). Every empty or
duplicate code, orphan and cycle is reported at once (InvalidRows). Units are numbered 0 .. n-1
in the order given; levels count from 1 at the roots.

Formula
-------
level(root) = 1, level(u) = level(parent(u)) + 1; the subtree of u is u and every unit below it,
and aggregation_matrix(targets)[t, u] = 1 when unit u lies in the subtree of target t, else 0
(so one matrix product rolls every value up to every target).

References
----------
docs/aggregation.md §2 (the org-unit hierarchy and roll-ups); DHIS2 user manual 2.29,
"Organisation units: the where dimension" (a unit's aggregate covers its whole subtree).

Examples
--------
The example district's root and two of its 街道 (examples/district/org_units.csv):

>>> tree = zb.OrgUnitTree.from_parent_table(["340999", "340999001", "340999002"],
...                                         ["示例区", "东城街道", "西城街道"], ["", "340999", "340999"])
>>> len(tree), tree.depth, tree.levels
(3, 2, [1, 2, 2])
>>> tree.subtree(tree.index("340999"))
[0, 1, 2]
)doc")
      .def_static(
          "from_parent_table",
          [](const std::vector<std::string>& codes, const std::vector<std::string>& names,
             const std::vector<std::string>& parents,
             std::optional<std::vector<std::string>> level_names) {
            const auto views = [](const std::vector<std::string>& texts) {
              return std::vector<std::string_view>(texts.begin(), texts.end());
            };
            return OrgUnitTree::from_parent_columns(
                views(codes), views(names), views(parents),
                level_names ? *level_names : OrgUnitTree::default_level_names());
          },
          py::arg("codes"), py::arg("names"), py::arg("parent_codes"),
          py::arg("level_names") = py::none())
      .def_static(
          "_from_text_columns",
          [](py::handle codes, py::handle names, py::handle parents,
             std::optional<std::vector<std::string>> level_names) -> py::object {
            // Columns of str (None or NaN for a missing cell) read in place; None when an item
            // is anything else, for the caller to convert the column first.
            TextColumn c, n, p;
            if (!read_text_column(codes, c, Missing::empty, false) ||
                !read_text_column(names, n, Missing::empty, false) ||
                !read_text_column(parents, p, Missing::empty, false, false))
              return py::none();
            py::object tree = py::cast(OrgUnitTree::from_parent_columns(
                c.views, n.views, p.views,
                level_names ? *level_names : OrgUnitTree::default_level_names()));
            // The copies read are the tree's codes and names as str objects (a built tree has no
            // missing code; names are kept only when none was missing, as the tree has "" there).
            if (py::isinstance<py::array>(c.owner)) tree.attr("_codes") = c.owner;
            if (py::isinstance<py::array>(n.owner) && n.missing == 0) tree.attr("_names") = n.owner;
            return tree;
          },
          py::arg("codes"), py::arg("names"), py::arg("parent_codes"),
          py::arg("level_names") = py::none())
      .def(
          "_indices",
          [](const OrgUnitTree& t, py::handle units) {
            // Org units given as codes (str) or indices (anything int() accepts), as int64.
            py::object items = py::reinterpret_steal<py::object>(
                PySequence_Fast(units.ptr(), "org_units: expected a sequence"));
            if (!items) throw py::error_already_set();
            const Py_ssize_t n = PySequence_Fast_GET_SIZE(items.ptr());
            PyObject** item = PySequence_Fast_ITEMS(items.ptr());
            std::vector<std::int64_t> out(static_cast<std::size_t>(n));
            py::object numpy_bool; // numpy's bool_, looked up at the first item that needs it
            for (Py_ssize_t i = 0; i < n; ++i) {
              PyObject* u = item[i];
              std::int64_t index;
              // An integer beyond int64 is out of range as any other index is, not an
              // OverflowError.
              const auto as_index = [i](PyObject* number) {
                const std::int64_t k = PyLong_AsLongLong(number);
                if (k == -1 && PyErr_Occurred()) {
                  PyErr_Clear();
                  throw invalid_input("org_units", "item " + std::to_string(i) +
                                                       ": org unit index out of range");
                }
                return k;
              };
              if (PyLong_CheckExact(u)) {
                index = as_index(u);
              } else if (PyUnicode_Check(u)) {
                Py_ssize_t size = 0;
                const char* text = PyUnicode_AsUTF8AndSize(u, &size);
                if (!text) throw py::error_already_set();
                index = static_cast<std::int64_t>(
                    t.index(std::string_view(text, static_cast<std::size_t>(size))));
              } else {
                // An index is an integer (int, numpy's integers: what has __index__), never a
                // bool, numpy's bool_ or a float, which int() would have truncated. Checked here,
                // per item, where the item is read anyway: a Python pass over the item types
                // first cost more than this loop (issue 16, roll-up).
                const auto object = py::reinterpret_borrow<py::object>(u);
                if (PyIndex_Check(u) && !PyBool_Check(u) && !numpy_bool)
                  numpy_bool = py::module_::import("numpy").attr("bool_");
                if (PyBool_Check(u) || !PyIndex_Check(u) || py::isinstance(object, numpy_bool)) {
                  std::string shown = py::repr(object).cast<std::string>();
                  if (shown.size() > 80) shown = shown.substr(0, 77) + "...";
                  throw invalid_input(
                      "org_units",
                      "item " + std::to_string(i) + " is " +
                          py::type::handle_of(object).attr("__name__").cast<std::string>() + " " +
                          shown + "; expected an org-unit code (text) or index");
                }
                index = as_index(py::int_(object).ptr());
              }
              out[static_cast<std::size_t>(i)] = index;
            }
            return to_numpy(std::move(out));
          },
          py::arg("units"))
      .def("__len__", &OrgUnitTree::size)
      .def("index", &OrgUnitTree::index, py::arg("code"))
      .def("code", &OrgUnitTree::code, py::arg("unit"))
      .def("name", &OrgUnitTree::name, py::arg("unit"))
      .def("level", &OrgUnitTree::level, py::arg("unit"))
      .def("level_name", &OrgUnitTree::level_name, py::arg("level"))
      .def(
          "parent",
          [](const OrgUnitTree& t, std::size_t u) -> py::object {
            const auto p = t.parent(u);
            return p == OrgUnitTree::npos ? py::object(py::none()) : py::int_(p);
          },
          py::arg("unit"))
      .def_property_readonly("depth", &OrgUnitTree::depth)
      .def_property_readonly("codes",
                             [](const OrgUnitTree& t) {
                               std::vector<std::string> out;
                               for (std::size_t i = 0; i < t.size(); ++i) out.push_back(t.code(i));
                               return out;
                             })
      .def_property_readonly("names",
                             [](const OrgUnitTree& t) {
                               std::vector<std::string> out;
                               for (std::size_t i = 0; i < t.size(); ++i) out.push_back(t.name(i));
                               return out;
                             })
      .def_property_readonly("levels",
                             [](const OrgUnitTree& t) {
                               std::vector<int> out;
                               for (std::size_t i = 0; i < t.size(); ++i) out.push_back(t.level(i));
                               return out;
                             })
      .def_property_readonly("_level_array",
                             [](const OrgUnitTree& t) {
                               std::vector<std::int64_t> out(t.size());
                               for (std::size_t i = 0; i < t.size(); ++i) out[i] = t.level(i);
                               return to_numpy(std::move(out));
                             })
      .def("units_at_level", &OrgUnitTree::units_at_level, py::arg("level"))
      .def("subtree", &OrgUnitTree::subtree, py::arg("unit"))
      .def(
          "ancestor_at_level",
          [](const OrgUnitTree& t, std::size_t u, int level) -> py::object {
            const auto a = t.ancestor_at_level(u, level);
            return a == OrgUnitTree::npos ? py::object(py::none()) : py::int_(a);
          },
          py::arg("unit"), py::arg("level"))
      .def("add_group", &OrgUnitTree::add_group, py::arg("group"), py::arg("codes"))
      .def("group", &OrgUnitTree::group, py::arg("group"))
      .def_property_readonly("group_names", &OrgUnitTree::group_names)
      .def(
          "aggregation_matrix",
          [](const OrgUnitTree& tree, const std::vector<std::size_t>& targets) {
            // SciPy's csr_matrix over the library's CSR arrays (copied once into NumPy).
            AggregationMatrix a = tree.aggregation_matrix(targets);
            const auto array = [](auto values) {
              using T = typename decltype(values)::value_type;
              return to_numpy(std::vector<T>(values.begin(), values.end()));
            };
            const py::object csr = py::module_::import("scipy.sparse").attr("csr_matrix");
            return csr(py::make_tuple(array(a.weights()), array(a.units()), array(a.row_start())),
                       py::arg("shape") = py::make_tuple(a.rows(), a.cols()));
          },
          py::arg("targets"),
          "targets × units scipy.sparse.csr_matrix summing each target's subtree.");

  py::enum_<AggregationType>(m, "AggregationType", R"doc(
How a data element's values aggregate over the months of a period and over org units.

Takes nothing: each member names one rule, read from a DataElement's `aggregation` text. The
aggregate is in the same unit as the input values.

Formula
-------
sum: Σ over months, Σ over units. average: mean of all the values. average_sum_org_unit: the
mean over the period's months of each unit, then the sum of those means over the units (a
population: never summed over months). last: the last value reported by each unit, summed over
the units. min / max: the smallest / largest value. count: the number of values. first: the
first value reported by each unit in the period, summed over the units. last_average_org_unit /
first_average_org_unit: each unit's last / first value, averaged over the units that reported.
min_sum_org_unit / max_sum_org_unit: each unit's smallest / largest month, summed over the units.

References
----------
DHIS2's aggregation types (sum, average, average_sum_org_unit, last, min, max, count; DHIS2 user
manual, data elements), as docs/aggregation.md §3 tabulates them; the others after dhis2-core's
AggregationType enum (docs/dhis2-expressions.md §6).

Examples
--------
Two 街道 of 61,945 and 50,000 residents in January, 61,955 and 50,010 in February: the
district's population over the two months is (61945 + 61955) / 2 + (50000 + 50010) / 2 = 111,955.

>>> zb.AggregationType.average_sum_org_unit
<AggregationType.average_sum_org_unit: 2>
>>> zb.DataElement("resident_population", aggregation="average_sum_org_unit").aggregation
'average_sum_org_unit'
)doc")
      .value("sum", AggregationType::sum)
      .value("average", AggregationType::average)
      .value("average_sum_org_unit", AggregationType::average_sum_org_unit)
      .value("last", AggregationType::last)
      .value("min", AggregationType::min)
      .value("max", AggregationType::max)
      .value("count", AggregationType::count)
      .value("first", AggregationType::first)
      .value("last_average_org_unit", AggregationType::last_average_org_unit)
      .value("first_average_org_unit", AggregationType::first_average_org_unit)
      .value("min_sum_org_unit", AggregationType::min_sum_org_unit)
      .value("max_sum_org_unit", AggregationType::max_sum_org_unit);

  py::class_<DataElement>(m, "DataElement", R"doc(
A data element: what is counted (births, doses, residents), with how it aggregates.

Takes one element's id (a key of the cube, as in examples/district/data.csv), names, an
aggregation type (text, one of AggregationType's members; default "sum") and the names of its
disaggregations ("male", "female"): a value is stored per part as "id.part", and the key "id"
is the total of its parts. Its values keep the unit they are given in.

Formula
-------
value(id) = Σ over parts p of value(id.p), for an element with disaggregations; aggregation
over months and org units follows `aggregation` (see AggregationType).

References
----------
DHIS2's data elements, aggregation types and category option combinations (disaggregations);
docs/aggregation.md §3; the built-in catalog, data/catalog.json (docs/catalog.md §2).

Examples
--------
>>> births = zb.DataElement("live_births", "活产数", disaggregations=["male", "female"])
>>> births
DataElement('live_births', aggregation='sum')
>>> births.disaggregations
['male', 'female']
)doc")
      .def(py::init([](std::string id, std::string name_zh, std::string name_en,
                       const std::string& aggregation, std::vector<std::string> disaggregations,
                       std::string description) {
             DataElement e{std::move(id),
                           std::move(name_zh),
                           std::move(name_en),
                           parse_aggregation_type(aggregation),
                           std::move(disaggregations),
                           std::move(description)};
             validate(e);
             return e;
           }),
           py::arg("id"), py::arg("name_zh") = "", py::arg("name_en") = "",
           py::arg("aggregation") = "sum", py::arg("disaggregations") = std::vector<std::string>{},
           py::arg("description") = "")
      .def_readonly("id", &DataElement::id)
      .def_readonly("name_zh", &DataElement::name_zh)
      .def_readonly("name_en", &DataElement::name_en)
      .def_property_readonly(
          "aggregation", [](const DataElement& e) { return std::string(to_string(e.aggregation)); })
      .def_readonly("disaggregations", &DataElement::disaggregations)
      .def_readonly("description", &DataElement::description)
      .def("__repr__", [](const DataElement& e) {
        return "DataElement('" + e.id + "', aggregation='" + std::string(to_string(e.aggregation)) +
               "')";
      });

  py::class_<DataCube>(m, "DataCube", R"doc(
Data values keyed by (data element, org unit, month), aggregated by each element's type.

Takes an OrgUnitTree, a list of DataElements, the first month (a Period) and the number of
months; values come from a long pandas DataFrame (cube.load_frame: columns element, org_unit,
period, value; see zhibiao.read_table) or a CSV file (cube.load_csv). cube.aggregate(key,
org_units, periods) gives a long DataFrame whose values are in the same unit as the input, with
the count of values summed and the coverage of each row (docs/aggregation.md §5.1).

Formula
-------
aggregate(key, unit, period) = the element's aggregation over every value of the key stored at
a unit of the unit's subtree in a month of the period: for "sum", Σ_{u ∈ subtree} Σ_{m ∈ period}
x[key, u, m]; a key no unit reported is NaN with count 0, never 0.

References
----------
docs/aggregation.md §1–§5 (sum the parts then divide, roll-ups, aggregation types, coverage);
DHIS2's analytics, which give a unit the aggregate of its whole subtree (DHIS2 user manual 2.29,
"Organisation units: the where dimension").

Examples
--------
Births of two 街道 of the example district in January and February 2024 (invented figures):

>>> tree = zb.OrgUnitTree.from_parent_table(["D", "T1", "T2"], ["示例区", "东城街道", "西城街道"],
...                                         ["", "D", "D"])
>>> cube = zb.DataCube(tree, [zb.DataElement("births")], zb.Period.month(2024, 1), 2)
>>> cube.load_frame(pd.DataFrame({"element": "births", "org_unit": ["T1", "T2", "T1", "T2"],
...                               "period": ["202401", "202401", "202402", "202402"],
...                               "value": [30, 25, 28, 20]})).loaded
4
>>> cube.aggregate("births", "D", "2024年1-2月")[["org_unit", "period", "value", "count"]]
  org_unit                 period  value  count
0        D  2024-01-01/2024-02-29  103.0      4
)doc")
      // The cube shares the tree and keeps its Python object alive, so that cube.tree is that
      // same object (with what the pandas layer keeps on it).
      .def(py::init([](std::shared_ptr<OrgUnitTree> tree, std::vector<DataElement> elements,
                       Period first_month, int months) {
             return DataCube(std::move(tree), std::move(elements), first_month, months);
           }),
           py::arg("tree"), py::arg("elements"), py::arg("first_month"), py::arg("months"),
           py::keep_alive<1, 2>())
      .def_property_readonly("tree",
                             [](const DataCube& cube) {
                               return std::const_pointer_cast<OrgUnitTree>(cube.shared_tree());
                             })
      .def_property_readonly("elements", &DataCube::elements)
      .def_property_readonly("first_month", &DataCube::first_month)
      .def_property_readonly("months", &DataCube::months)
      .def_property_readonly("keys", &DataCube::keys)
      .def_property_readonly("value_count", &DataCube::value_count)
      .def("knows", &DataCube::knows, py::arg("key"))
      .def("value", &DataCube::value, py::arg("key"), py::arg("org_unit"), py::arg("month"))
      // The pandas layer's methods are plain functions of zhibiao/_cube.py, called from here
      // rather than patched onto the class at import.
      .def(
          "load_frame",
          [](py::object self, py::args args, py::kwargs kwargs) {
            return py::module_::import("zhibiao._cube").attr("load_frame")(self, *args, **kwargs);
          },
          "A long DataFrame of data values loaded into the cube (zhibiao._cube.load_frame).")
      .def(
          "aggregate",
          [](py::object self, py::args args, py::kwargs kwargs) {
            return py::module_::import("zhibiao._cube").attr("aggregate")(self, *args, **kwargs);
          },
          "A key aggregated to org units × periods as a long DataFrame (zhibiao._cube.aggregate).")
      .def("_load_factorised",
           [](DataCube& cube, py::handle elements, py::handle element_codes, py::handle org_units,
              py::handle org_unit_codes, py::handle periods, py::handle period_codes,
              py::array_t<double, py::array::c_style | py::array::forcecast> values,
              std::map<std::size_t, std::string> non_numeric, const std::string& on_bad_rows,
              const std::string& parent_values) {
             // The uniques as views of their str objects, the codes and values where they lie.
             TextColumn e, u, p;
             read_text_column(elements, e, Missing::refuse, true);
             read_text_column(org_units, u, Missing::refuse, true);
             read_text_column(periods, p, Missing::refuse, true);
             py::object keep_e, keep_u, keep_p;
             const std::unordered_map<std::size_t, std::string> non_numeric_values(
                 non_numeric.begin(), non_numeric.end());
             const LongTableView t{
                 e.views,
                 code_column(element_codes, keep_e),
                 u.views,
                 code_column(org_unit_codes, keep_u),
                 p.views,
                 code_column(period_codes, keep_p),
                 std::span<const double>(values.data(), static_cast<std::size_t>(values.size())),
                 &non_numeric_values};
             const auto policy = parse_on_bad_rows(on_bad_rows);
             const auto choice = parse_parent_values(parent_values);
             LoadReport report;
             {
               // The views read objects this call owns (a tuple or copy of the uniques, the
               // arrays), so other threads may run meanwhile.
               py::gil_scoped_release release;
               report = cube.load(t, policy, choice);
             }
             return py::make_tuple(report.loaded, row_errors_to_list(report.errors),
                                   parent_conflicts_to_list(cube, report), report.removed);
           })
      .def(
          "load_csv",
          [](DataCube& cube, const py::object& path_arg, const std::string& on_bad_rows,
             const std::string& parent_values, const std::string& encoding) {
            const auto policy = parse_on_bad_rows(on_bad_rows);
            const auto choice = parse_parent_values(parent_values);
            const std::string path = path_text(path_arg);
            std::ifstream file = open_file(path);
            LoadReport report;
            if (utf8_encoding(encoding)) {
              // Streamed: the reader takes the file in blocks and checks UTF-8 line by line (a
              // whole copy of the file, held up to four times, was most of the peak memory).
              py::gil_scoped_release release; // reads only the file this call opened
              report = cube.load_csv(file, policy, choice);
            } else {
              // GB18030 is decoded whole by Python's codecs (text_arg), then read as UTF-8.
              file.close();
              std::istringstream text(text_arg(py::bytes(read_file(path)), "csv", encoding));
              report = cube.load_csv(text, policy, choice);
            }
            return py::make_tuple(report.loaded, row_errors_to_list(report.errors));
          },
          py::arg("path"), py::arg("on_bad_rows") = "raise", py::arg("parent_values") = "error",
          py::arg("encoding") = "utf-8",
          "Load a CSV file with columns element, org_unit, period, value; returns (loaded, "
          "errors). parent_values: what to do with a value of a unit whose descendants have "
          "values for the same key and month ('error', 'keep_children', 'keep_parent', 'add'; "
          "docs/aggregation.md). encoding: \"utf-8\" (default) or \"gb18030\" (also \"gbk\").")
      .def("_aggregate_group",
           [](const DataCube& cube, const std::string& key, const std::string& group,
              const std::vector<Period>& periods) {
             const AggregationMatrix a = cube.tree().group_matrix(group);
             CubeAggregate r;
             {
               py::gil_scoped_release release; // reads only the cube, which Python keeps alive
               r = cube.aggregate(key, a, periods);
             }
             return aggregate_tuple(std::move(r));
           })
      .def("_aggregate",
           [](const DataCube& cube, const std::string& key, const std::vector<std::size_t>& units,
              const std::vector<Period>& periods) {
             CubeAggregate a;
             {
               py::gil_scoped_release release; // reads only the cube, which Python keeps alive
               a = cube.aggregate(key, units, periods);
             }
             return aggregate_tuple(std::move(a));
           });
}

} // namespace zhibiao::python
