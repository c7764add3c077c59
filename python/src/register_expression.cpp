// zhibiao.Expression: the expression language of expression.hpp.
//   Expression(text)                     compiles once (ParseError with .position on bad text)
//   .text, .references, .keys, .uses(name), .check_references(known)
//   .evaluate(values, days=None, period_in_year=None, periods_per_year=None) -> (values, status)
// `values` maps each reference key ("births", "births.male", "births@periodOffset(-1)") to a
// column: a dict of arrays, a pandas DataFrame, anything with `in` and `[]`.
#include "binding_helpers.hpp"
#include "register.hpp"

#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/error.hpp>
#include <zhibiao/expression.hpp>
#include <zhibiao/period.hpp>

#include <array>
#include <cctype>
#include <cmath>
#include <optional>
#include <tuple>
#include <vector>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

std::string modifier_name(PeriodModifier m) {
  switch (m) {
  case PeriodModifier::none: return "none";
  case PeriodModifier::period_offset: return "period_offset";
  case PeriodModifier::same_period_last_year: return "same_period_last_year";
  case PeriodModifier::year_to_date: return "year_to_date";
  }
  return "none";
}

// A time variable by its expression name ("days", "periodInYear", "periodsPerYear") or its
// Python spelling ("period_in_year", "periods_per_year").
TimeVariable time_variable_named(const std::string& name) {
  for (int v = 0; v < 3; ++v) {
    const auto tv = static_cast<TimeVariable>(v);
    if (name == to_string(tv)) return tv;
  }
  if (name == "period_in_year") return TimeVariable::period_in_year;
  if (name == "periods_per_year") return TimeVariable::periods_per_year;
  throw invalid_input("name", "unknown time variable '" + name +
                                  "'; expected days, periodInYear or periodsPerYear");
}

// Expression(text, constants=, missing_values=, dhis2_semantics=): ExpressionOptions.
MissingValues missing_values_named(const std::string& name) {
  std::string n;
  for (char c : name) n.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (n == "propagate") return MissingValues::propagate;
  if (n == "skip_if_any_value_missing") return MissingValues::skip_if_any_value_missing;
  if (n == "skip_if_all_values_missing") return MissingValues::skip_if_all_values_missing;
  if (n == "never_skip") return MissingValues::never_skip;
  throw invalid_input("missing_values", "unknown strategy '" + name +
                                            "'; expected propagate, skip_if_any_value_missing, "
                                            "skip_if_all_values_missing or never_skip");
}

} // namespace

ExpressionOptions expression_options(const py::object& constants, const py::object& missing_values,
                                     const py::object& dhis2_semantics) {
  ExpressionOptions o;
  if (!constants.is_none()) {
    if (!PyDict_Check(constants.ptr()))
      throw invalid_input("constants", "expected a dict of uid -> number, got " +
                                           std::string(py::repr(constants)).substr(0, 60));
    for (const auto& [k, v] : py::reinterpret_borrow<py::dict>(constants)) {
      if (!PyUnicode_Check(k.ptr()))
        throw invalid_input("constants", "keys must be text (the uid of C{uid})");
      const std::string uid = py::cast<std::string>(k);
      if (PyBool_Check(v.ptr()) || !(PyFloat_Check(v.ptr()) || PyLong_Check(v.ptr())))
        throw invalid_input("constants[" + uid + "]", "is not a number");
      const double x = py::cast<double>(v);
      if (!std::isfinite(x)) throw invalid_input("constants[" + uid + "]", "is not finite");
      o.constants.emplace(uid, x);
    }
  }
  if (!PyUnicode_Check(missing_values.ptr()))
    throw invalid_input("missing_values", "expected text, got " +
                                              std::string(py::repr(missing_values)).substr(0, 60));
  o.missing_values = missing_values_named(py::cast<std::string>(missing_values));
  if (!PyBool_Check(dhis2_semantics.ptr()))
    throw invalid_input("dhis2_semantics",
                        "expected True or False, got " +
                            std::string(py::repr(dhis2_semantics)).substr(0, 60));
  o.dhis2_semantics = dhis2_semantics.ptr() == Py_True;
  return o;
}

// groups= (ExpressionOptions::groups): {"deGroup:uid": [element ids], "co:uid": [combo ids],
// ...}, each key text and each value a list of texts.
void read_expression_groups(const py::object& groups, ExpressionOptions& o) {
  if (groups.is_none()) return;
  if (!PyDict_Check(groups.ptr()))
    throw invalid_input("groups", "expected a dict of 'deGroup:uid' / 'co:uid' / 'coGroup:uid' -> "
                                  "list of ids, got " +
                                      std::string(py::repr(groups)).substr(0, 60));
  for (const auto& [k, v] : py::reinterpret_borrow<py::dict>(groups)) {
    if (!PyUnicode_Check(k.ptr()))
      throw invalid_input("groups", "keys must be text ('deGroup:uid', 'co:uid', 'coGroup:uid')");
    const std::string key = py::cast<std::string>(k);
    if (!PyList_Check(v.ptr()) && !PyTuple_Check(v.ptr()))
      throw invalid_input("groups[" + key + "]",
                          "expected a list of ids, got " + std::string(py::repr(v)).substr(0, 60));
    std::vector<std::string> ids;
    for (const auto& id : py::reinterpret_borrow<py::sequence>(v)) {
      if (!PyUnicode_Check(id.ptr()))
        throw invalid_input("groups[" + key + "]",
                            "expected ids as text, got " + std::string(py::repr(id)).substr(0, 60));
      ids.push_back(py::cast<std::string>(id));
    }
    o.groups.emplace(key, std::move(ids));
  }
}

namespace {

Expression parse_with(const std::string& text, py::object constants, py::object missing_values,
                      py::object dhis2_semantics, py::object groups) {
  ExpressionOptions o = expression_options(constants, missing_values, dhis2_semantics);
  read_expression_groups(groups, o);
  return Expression::parse(text, o);
}

// One input column: a 1-D array read in place, or a scalar broadcast to every row.
struct Column {
  std::string name;
  InputArray array;
  std::vector<double> broadcast;
  bool scalar = false;
};

Column column_of(const std::string& name, py::handle value) {
  Column c{name, InputArray(), {}, false};
  try {
    c.array = py::cast<InputArray>(value);
  } catch (const py::cast_error&) {
    throw invalid_input(name, "is not a number or a column of numbers");
  }
  if (c.array.ndim() == 0) c.scalar = true;
  else if (c.array.ndim() != 1)
    throw invalid_input(name, "must be one-dimensional (got " + std::to_string(c.array.ndim()) +
                                  " dimensions)");
  return c;
}

py::tuple evaluate(const Expression& e, py::object values, py::object days,
                   py::object period_in_year, py::object periods_per_year) {
  std::vector<Column> columns;
  for (const auto& r : e.references()) {
    const std::string key = r.key();
    if (!values.contains(py::str(key)))
      throw invalid_input("values",
                          "no column '" + key + "' for the reference in '" + e.text() + "'");
    columns.push_back(column_of(key, values[py::str(key)]));
  }
  const std::array<py::object, 3> time_args{days, period_in_year, periods_per_year};
  const std::array<const char*, 3> time_names{"days", "period_in_year", "periods_per_year"};
  std::array<int, 3> time_column{-1, -1, -1};
  for (std::size_t v = 0; v < 3; ++v) {
    if (!e.uses(static_cast<TimeVariable>(v))) continue;
    if (time_args[v].is_none())
      throw invalid_input(time_names[v], "the expression uses [" +
                                             std::string(to_string(static_cast<TimeVariable>(v))) +
                                             "]; pass " + time_names[v] + "=");
    time_column[v] = static_cast<int>(columns.size());
    columns.push_back(column_of(time_names[v], time_args[v]));
  }
  // Rows: the common length of the array columns; one row when every input is a scalar.
  std::optional<std::size_t> rows;
  const Column* first = nullptr;
  for (const auto& c : columns) {
    if (c.scalar) continue;
    const auto len = static_cast<std::size_t>(c.array.shape(0));
    if (!rows) {
      rows = len;
      first = &c;
    } else if (len != *rows) {
      throw invalid_input(c.name, "has " + std::to_string(len) + " rows but '" + first->name +
                                      "' has " + std::to_string(*rows));
    }
  }
  const std::size_t n = rows.value_or(1);
  std::vector<const double*> pointers;
  for (auto& c : columns) {
    if (c.scalar) {
      c.broadcast.assign(n, *c.array.data());
      pointers.push_back(c.broadcast.data());
    } else {
      pointers.push_back(c.array.data());
    }
  }
  std::array<const double*, 3> time{};
  for (std::size_t v = 0; v < 3; ++v)
    if (time_column[v] >= 0) time[v] = pointers[static_cast<std::size_t>(time_column[v])];
  if (e.result_type() == ExpressionType::text) {
    // A string result (DHIS2's string literals): an object array of str, None where null.
    std::vector<std::int32_t> index(n);
    py::array_t<std::uint8_t> status(static_cast<py::ssize_t>(n));
    {
      py::gil_scoped_release release;
      e.evaluate_text(std::span<const double* const>(pointers.data(), e.references().size()), time,
                      n, index.data(), status.mutable_data());
    }
    std::vector<py::object> strings;
    for (const auto& t : e.texts()) strings.push_back(py::str(t));
    // Built from a list, so that every cell holds a reference NumPy owns (an uninitialised
    // object array must not be written cell by cell).
    py::list cells(n);
    for (std::size_t i = 0; i < n; ++i)
      cells[i] = index[i] < 0 ? py::none() : strings[static_cast<std::size_t>(index[i])];
    py::object out = py::module_::import("numpy").attr("array")(cells, py::arg("dtype") = "O");
    return py::make_tuple(out, status);
  }
  py::array_t<double> out(static_cast<py::ssize_t>(n));
  py::array_t<std::uint8_t> status(static_cast<py::ssize_t>(n));
  double* o = out.mutable_data();
  std::uint8_t* s = status.mutable_data();
  {
    // evaluate() reads the buffers above (kept alive by `columns` in this frame) and writes the
    // two new arrays; it touches no Python object, so other threads may run meanwhile.
    py::gil_scoped_release release;
    e.evaluate(std::span<const double* const>(pointers.data(), e.references().size()), time, n, o,
               s);
  }
  return py::make_tuple(out, status);
}

} // namespace

void register_expression(py::module_& m) {
  py::class_<ExpressionReference>(m, "ExpressionReference", R"doc(
A data value an expression reads: element, disaggregation, period modifier.

Takes nothing: an Expression's `references` lists them, one per distinct #{...} written in its
text. `key` is the canonical text evaluate() and the cube look the value up by.

Formula
-------
key = element [ "." disaggregation [ "." attribute ] ] [ "@" modifier ... ], e.g.
#{births.male} → "births.male", #{births.*.public} → "births.*.public" (DHIS2's attribute option
combo), #{births}.periodOffset(-1) → "births@periodOffset(-1)" (the same period one step
earlier, 环比), #{births}.yearToDate().periodOffset(-1) → "births@periodOffset(-1)@yearToDate()".

References
----------
DHIS2's indicator expression syntax (#{dataElement.categoryOptionCombo}, period offsets), as
include/zhibiao/expression.hpp writes its grammar; docs/bad-input.md (period modifiers).

Examples
--------
>>> ref = zb.Expression("#{births}.periodOffset(-1)").references[0]
>>> ref.element, ref.modifier, ref.offset, ref.key
('births', 'period_offset', -1, 'births@periodOffset(-1)')
>>> zb.Expression("#{births.*.public}").references[0].attribute
'public'
>>> [r.kind for r in zb.Expression("OUG{hc} + R{ds.REPORTING_RATE}").references]
['org_unit_group', 'reporting_rate']

)doc")
      .def_readonly("element", &ExpressionReference::element)
      .def_readonly("disaggregation", &ExpressionReference::disaggregation)
      .def_readonly("attribute", &ExpressionReference::attribute)
      .def_property_readonly("modifier",
                             [](const ExpressionReference& r) { return modifier_name(r.modifier); })
      .def_readonly("offset", &ExpressionReference::offset)
      .def_readonly("aggregation", &ExpressionReference::aggregation,
                    "DHIS2's .aggregationType(TYPE) as zhibiao names it ('average'), or ''.")
      .def_readonly("min_date", &ExpressionReference::min_date, ".minDate(yyyy-mm-dd), or ''.")
      .def_readonly("max_date", &ExpressionReference::max_date, ".maxDate(yyyy-mm-dd), or ''.")
      // "data_value" (#{}), "org_unit_group" (OUG{uid}: element is the group) or
      // "reporting_rate" (R{ds.METRIC}: element is the data set, disaggregation the metric).
      .def_property_readonly("kind",
                             [](const ExpressionReference& r) {
                               return r.kind == ReferenceKind::org_unit_group   ? "org_unit_group"
                                      : r.kind == ReferenceKind::reporting_rate ? "reporting_rate"
                                                                                : "data_value";
                             })
      .def_property_readonly("key", &ExpressionReference::key)
      .def("__eq__",
           [](const ExpressionReference& a, const ExpressionReference& b) { return a == b; })
      .def("__hash__", [](const ExpressionReference& r) { return py::hash(py::str(r.key())); })
      .def("__repr__",
           [](const ExpressionReference& r) { return "ExpressionReference('" + r.key() + "')"; });

  py::class_<Expression>(m, "Expression", R"doc(
An indicator expression compiled once: #{births} / #{pop} * 1000, if(), min(), max(),
coalesce(), period modifiers, [days] ...

Takes the expression's text; evaluate(values) takes a dict of NumPy arrays (or sequences), one
per reference key, and returns (values, status) arrays, the values in whatever unit the
expression's arithmetic gives (× 100 written in the text makes a per cent). status codes are
those of EXPRESSION_STATUS_DESCRIPTIONS: 0 ok, 1 missing, 2 division by zero, 3 domain,
4 overflow.

Formula
-------
The text's arithmetic (+ − × ÷, comparisons, if/min/max/abs/coalesce/...) evaluated row by row
on the references' values; [days], [periodInYear] and [periodsPerYear] are the period's time
variables (zhibiao.time_variable). A missing value or a division by zero gives NaN with its
status, never a number.

References
----------
DHIS2's indicator and validation-rule expressions (#{...}, [days], if(), isNull(), ...), with
the grammar in include/zhibiao/expression.hpp; seed report 000's 出生人口性别比 114.17 (427 / 374 × 100, docs/audit.md).

Examples
--------
>>> e = zb.Expression("#{live_births.male} / #{live_births.female} * 100")
>>> e.keys
['live_births.male', 'live_births.female']
>>> values, status = e.evaluate({"live_births.male": [427.0], "live_births.female": [374.0]})
>>> round(float(values[0]), 2), int(status[0])
(114.17, 0)
>>> e = zb.Expression("#{a} + #{b}", missing_values="SKIP_IF_ALL_VALUES_MISSING")
>>> e.evaluate({"a": [3.0, np.nan], "b": [np.nan, np.nan]})[0].tolist()
[3.0, nan]
>>> zb.Expression("if(#{a} > 0, 'reported', 'none')").evaluate({"a": [3.0, 0.0]})[0].tolist()
['reported', 'none']
>>> g = zb.Expression("#{deGroup:G}", groups={"deGroup:G": ["a", "b"]})
>>> [r.key for r in g.references], g.evaluate({"a": [3.0], "b": [4.0]})[0].tolist()
(['a', 'b'], [7.0])
)doc")
      .def(py::init(&parse_with), py::arg("text"), py::kw_only(), py::arg("constants") = py::none(),
           py::arg("missing_values") = "propagate", py::arg("dhis2_semantics") = false,
           py::arg("groups") = py::none(),
           "Compiles text; raises ParseError with .position (in characters) and .expected. "
           "constants: values of C{uid}; missing_values: propagate (default), "
           "skip_if_any_value_missing, skip_if_all_values_missing or never_skip (DHIS2's "
           "strategies; also upper case); dhis2_semantics: DHIS2's x/0 = inf, log(0) = -inf, "
           "greatest/least skipping missing values, if(missing, a, b) = b "
           "(docs/dhis2-expressions.md); groups: what DHIS2's tagged items #{deGroup:uid}, "
           "#{de.co:uid}, #{de.coGroup:uid} stand for (Dhis2Metadata.item_groups).")
      .def_property_readonly("text", &Expression::text)
      .def_property_readonly("references", &Expression::references,
                             "Distinct references in order of first appearance.")
      .def_property_readonly(
          "reference_spans",
          [](const Expression& e) {
            std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> out;
            for (const auto& s : e.reference_spans()) out.emplace_back(s.reference, s.begin, s.end);
            return out;
          },
          "(index into references, begin, end) of each occurrence in the text, "
          "in characters: text[begin:end] is the reference as written.")
      .def_property_readonly(
          "keys",
          [](const Expression& e) {
            std::vector<std::string> keys;
            for (const auto& r : e.references()) keys.push_back(r.key());
            return keys;
          },
          "The reference keys evaluate() looks up, in order.")
      .def(
          "uses",
          [](const Expression& e, const std::string& name) {
            return e.uses(time_variable_named(name));
          },
          py::arg("name"),
          "Whether the expression uses a time variable ('days', 'periodInYear', ...).")
      .def_property_readonly("instruction_count", &Expression::instruction_count)
      .def_property_readonly(
          "result_type",
          [](const Expression& e) {
            return e.result_type() == ExpressionType::text ? "text" : "number";
          },
          "'number', or 'text' for an expression whose value is a string ('abc', "
          "if(#{a} > 0, 'high', 'low')): evaluate() then returns an object array of str "
          "(None where null).")
      .def(
          "check_references",
          [](const Expression& e, py::object known) {
            // A callable(reference) -> bool, or a collection of keys.
            if (PyCallable_Check(known.ptr())) {
              e.check_references([&](const ExpressionReference& r) {
                const py::object answer = known(r);
                if (!PyBool_Check(answer.ptr()))
                  throw invalid_input("known", "the callable must return True or False, got " +
                                                   std::string(py::repr(answer)));
                return answer.ptr() == Py_True;
              });
            } else {
              const bool collection = PySequence_Check(known.ptr()) ||
                                      PyAnySet_Check(known.ptr()) || PyDict_Check(known.ptr()) ||
                                      py::hasattr(known, "__contains__");
              if (PyUnicode_Check(known.ptr()) || !collection)
                throw invalid_input("known", "expected the known keys (a list, set or dict) or a "
                                             "callable(reference) -> bool, got " +
                                                 std::string(py::repr(known)).substr(0, 60));
              e.check_references(
                  [&](const ExpressionReference& r) { return known.contains(py::str(r.key())); });
            }
          },
          py::arg("known"),
          "Raises InvalidInput naming the first reference not in `known` (keys, or a callable).")
      .def("evaluate", &evaluate, py::arg("values"), py::arg("days") = py::none(),
           py::arg("period_in_year") = py::none(), py::arg("periods_per_year") = py::none(),
           "(values, status) arrays; status codes in EXPRESSION_STATUS_DESCRIPTIONS. For a "
           "result_type 'text' expression the values are an object array of str, None where "
           "null (status 1, missing).")
      .def("__repr__", [](const Expression& e) { return "Expression('" + e.text() + "')"; });

  m.def(
      "time_variable",
      [](const Period& period, const std::string& name) {
        return time_variable(period, time_variable_named(name));
      },
      py::arg("period"), py::arg("name"),
      R"doc(The value of [days], [periodInYear] or [periodsPerYear] for a period: 5 and 12 for May.

Takes one Period and the variable's name; returns one number: a count of days, or of periods.

Formula
-------
days = the period's days (end − start + 1); periodInYear = the period's position in its year
(May = 5, 2024Q2 = 2); periodsPerYear = the periods of its type in a year (12 months, 4
quarters). #{done} / (#{task} × [periodInYear] / [periodsPerYear]) is a task done to date.

References
----------
DHIS2's expression variables [days], [periodInYear] and [periodsPerYear] (indicators and
program indicators); docs/periods.md §6 (time progress).

Examples
--------
>>> may = zb.Period.month(2024, 5)
>>> zb.time_variable(may, "days"), zb.time_variable(may, "periodInYear"), zb.time_variable(may, "periodsPerYear")
(31.0, 5.0, 12.0)
)doc");

  py::list names;
  for (int s = 0; s < expression_status_count; ++s)
    names.append(std::string(describe(static_cast<ExpressionStatus>(s))));
  m.attr("EXPRESSION_STATUS_DESCRIPTIONS") = names;
}

} // namespace zhibiao::python
