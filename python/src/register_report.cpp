// The HTML report (report.hpp): zhibiao._core._write_html_report, the dict form of a
// ReportDocument that python/zhibiao/_report.py builds. Conversion only: every field is checked
// for its type here and named in the InvalidInput (rows[1].value, rankings[0].entries[2].name);
// the writer checks the values.
#include "register.hpp"

#include <pybind11/stl.h>

#include <zhibiao/error.hpp>
#include <zhibiao/report.hpp>

#include <cmath>
#include <limits>
#include <set>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

bool is_missing(py::handle h) {
  return h.is_none() || (py::isinstance<py::float_>(h) && std::isnan(h.cast<double>()));
}

// A text field: a str; None or NaN (a pandas cell left empty) is empty text.
std::string text_of(py::handle h, const std::string& field) {
  if (py::isinstance<py::str>(h)) return text_arg(h, field);
  if (is_missing(h)) return {};
  throw invalid_input(field,
                      "must be text, not " + std::string(py::str(h.get_type().attr("__name__"))));
}

// A number field: an int or float (never a bool); None is no value (NaN).
double number_of(py::handle h, const std::string& field) {
  if (h.is_none()) return missing;
  if (py::isinstance<py::bool_>(h) ||
      !(py::isinstance<py::float_>(h) || py::isinstance<py::int_>(h) ||
        py::hasattr(h, "__float__")) ||
      py::isinstance<py::str>(h))
    throw invalid_input(field, "must be a number");
  PyObject* as_float = PyNumber_Float(h.ptr());
  if (!as_float) {
    PyErr_Clear();
    throw invalid_input(field, "is not a number a double can hold");
  }
  const double x = PyFloat_AsDouble(as_float);
  Py_DECREF(as_float);
  return x;
}

std::optional<double> optional_number(py::handle h, const std::string& field) {
  if (is_missing(h)) return std::nullopt;
  return number_of(h, field);
}

int integer_of(py::handle h, const std::string& field) {
  if (py::isinstance<py::bool_>(h) || !py::isinstance<py::int_>(h))
    throw invalid_input(field, "must be an integer");
  int overflow = 0;
  const long long x = PyLong_AsLongLongAndOverflow(h.ptr(), &overflow);
  if (overflow != 0 || x < -1000000 || x > 1000000) throw invalid_input(field, "is out of range");
  return static_cast<int>(x);
}

py::dict dict_of(py::handle h, const std::string& field, std::initializer_list<const char*> keys) {
  if (!py::isinstance<py::dict>(h)) throw invalid_input(field, "must be a dict");
  const std::set<std::string> known(keys.begin(), keys.end());
  for (const auto& item : h.cast<py::dict>()) {
    if (!py::isinstance<py::str>(item.first))
      throw invalid_input(field, "has a key that is not text");
    const auto key = item.first.cast<std::string>();
    if (!known.count(key)) throw invalid_input(field + "." + key, "unknown field");
  }
  return h.cast<py::dict>();
}

py::list list_of(py::handle h, const std::string& field) {
  if (!(py::isinstance<py::list>(h) || py::isinstance<py::tuple>(h)))
    throw invalid_input(field, "must be a list");
  return py::list(py::reinterpret_borrow<py::object>(h));
}

py::object get(const py::dict& d, const char* key) {
  return d.contains(key) ? py::object(d[key]) : py::object(py::none());
}

ReportStatus status_of(py::handle h, const std::string& field) {
  const std::string text = text_of(h, field);
  if (text.empty() || text == "not_assessed") return ReportStatus::not_assessed;
  if (text == "met") return ReportStatus::met;
  if (text == "not_met") return ReportStatus::not_met;
  if (text == "partial") return ReportStatus::partial;
  if (text == "no_data") return ReportStatus::no_data;
  throw invalid_input(field, "unknown status '" + text +
                                 "' (met, not_met, partial, no_data, not_assessed)");
}

ReportValue value_of(const py::dict& d, const std::string& at) {
  return {is_missing(get(d, "value")) ? missing : number_of(get(d, "value"), at + "value"),
          is_missing(get(d, "numerator")) ? missing
                                          : number_of(get(d, "numerator"), at + "numerator"),
          is_missing(get(d, "denominator")) ? missing
                                            : number_of(get(d, "denominator"), at + "denominator")};
}

std::int64_t multiplier_of(const py::dict& d, const std::string& at) {
  return is_missing(get(d, "multiplier")) ? 0 : integer_of(get(d, "multiplier"), at + "multiplier");
}

int decimals_of(const py::dict& d, const std::string& at) {
  return is_missing(get(d, "decimals")) ? 2 : integer_of(get(d, "decimals"), at + "decimals");
}

ReportIndicatorRow row_of(py::handle h, const std::string& at) {
  const py::dict d = dict_of(h, at.substr(0, at.size() - 1),
                             {"indicator", "name", "unit", "value", "numerator", "denominator",
                              "decimals", "multiplier", "target", "target_upper", "target_text",
                              "status", "time_progress", "monthly", "month_labels", "axis_max"});
  ReportIndicatorRow r;
  r.indicator_id = text_of(get(d, "indicator"), at + "indicator");
  r.name = text_of(get(d, "name"), at + "name");
  r.unit_text = text_of(get(d, "unit"), at + "unit");
  r.value = value_of(d, at);
  r.decimals = decimals_of(d, at);
  r.multiplier = multiplier_of(d, at);
  r.target = optional_number(get(d, "target"), at + "target");
  r.target_upper = optional_number(get(d, "target_upper"), at + "target_upper");
  r.target_text = text_of(get(d, "target_text"), at + "target_text");
  r.status = status_of(get(d, "status"), at + "status");
  r.time_progress = optional_number(get(d, "time_progress"), at + "time_progress");
  r.axis_max = optional_number(get(d, "axis_max"), at + "axis_max");
  if (!get(d, "monthly").is_none()) {
    const py::list months = list_of(get(d, "monthly"), at + "monthly");
    for (std::size_t m = 0; m < months.size(); ++m)
      r.monthly.push_back(number_of(months[m], at + "monthly[" + std::to_string(m) + "]"));
  }
  if (!get(d, "month_labels").is_none()) {
    const py::list labels = list_of(get(d, "month_labels"), at + "month_labels");
    for (std::size_t m = 0; m < labels.size(); ++m)
      r.month_labels.push_back(text_of(labels[m], at + "month_labels[" + std::to_string(m) + "]"));
  }
  return r;
}

ReportUnitRanking ranking_of(py::handle h, const std::string& at) {
  const py::dict d = dict_of(h, at.substr(0, at.size() - 1),
                             {"indicator", "name", "unit", "decimals", "multiplier", "direction",
                              "target", "target_text", "entries"});
  ReportUnitRanking k;
  k.indicator_id = text_of(get(d, "indicator"), at + "indicator");
  k.name = text_of(get(d, "name"), at + "name");
  k.unit_text = text_of(get(d, "unit"), at + "unit");
  k.decimals = decimals_of(d, at);
  k.multiplier = multiplier_of(d, at);
  const std::string direction = text_of(get(d, "direction"), at + "direction");
  if (direction.empty() || direction == "higher_is_better")
    k.direction = Direction::higher_is_better;
  else if (direction == "lower_is_better") k.direction = Direction::lower_is_better;
  else if (direction == "neither") k.direction = Direction::neither;
  else
    throw invalid_input(at + "direction", "unknown direction '" + direction +
                                              "' (higher_is_better, lower_is_better, neither)");
  k.target = optional_number(get(d, "target"), at + "target");
  k.target_text = text_of(get(d, "target_text"), at + "target_text");
  const py::list entries = list_of(get(d, "entries"), at + "entries");
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string e_at = at + "entries[" + std::to_string(i) + "].";
    const py::dict e = dict_of(entries[i], e_at.substr(0, e_at.size() - 1),
                               {"code", "name", "value", "numerator", "denominator", "status"});
    k.entries.push_back({text_of(get(e, "code"), e_at + "code"),
                         text_of(get(e, "name"), e_at + "name"), value_of(e, e_at),
                         status_of(get(e, "status"), e_at + "status")});
  }
  return k;
}

std::string write(py::handle document) {
  const py::dict d =
      dict_of(document, "document",
              {"title", "period", "as_of", "subject", "rows", "rankings", "narrative", "language"});
  ReportDocument doc;
  try {
    doc.title = text_of(get(d, "title"), "title");
    doc.period_label = text_of(get(d, "period"), "period");
    doc.as_of = text_of(get(d, "as_of"), "as_of");
    doc.subject = text_of(get(d, "subject"), "subject");
    const std::string language = text_of(get(d, "language"), "language");
    doc.language = language.empty() ? Language::zh : parse_language(language);
    const py::list rows = list_of(get(d, "rows"), "rows");
    for (std::size_t i = 0; i < rows.size(); ++i)
      doc.rows.push_back(row_of(rows[i], "rows[" + std::to_string(i) + "]."));
    if (!get(d, "rankings").is_none()) {
      const py::list rankings = list_of(get(d, "rankings"), "rankings");
      for (std::size_t i = 0; i < rankings.size(); ++i)
        doc.rankings.push_back(ranking_of(rankings[i], "rankings[" + std::to_string(i) + "]."));
    }
    if (!get(d, "narrative").is_none()) {
      const py::list sentences = list_of(get(d, "narrative"), "narrative");
      for (std::size_t i = 0; i < sentences.size(); ++i)
        doc.narrative.push_back(text_of(sentences[i], "narrative[" + std::to_string(i) + "]"));
    }
  } catch (const py::cast_error&) {
    throw invalid_input("document", "a field of the wrong type");
  } catch (py::error_already_set& e) {
    if (!e.matches(PyExc_OverflowError)) throw;
    throw invalid_input("document", "an integer out of range");
  }
  return write_html_report(doc);
}

} // namespace

void register_report(py::module_& m) {
  m.def("_write_html_report", &write, py::arg("document"),
        "The HTML report of a document dict (python/zhibiao/_report.py builds it; "
        "docs/report.md).");
}

} // namespace zhibiao::python
