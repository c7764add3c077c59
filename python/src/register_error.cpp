// C++ exceptions -> Python exceptions of the same meaning, keeping the details as attributes:
//   zhibiao::invalid_input -> zhibiao.InvalidInput (a ValueError), .field
//   zhibiao::invalid_rows  -> zhibiao.InvalidRows (an InvalidInput), .rows = [(row, field, msg)]
//   zhibiao::parse_error   -> zhibiao.ParseError (an InvalidInput), .text, .position, .expected
#include "register.hpp"

#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>

#include <algorithm>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

// Created once at import; never destroyed, since exception classes must outlive the module's
// last user and interpreter shutdown order is not ours to choose.
PyObject* invalid_input_type = nullptr;
PyObject* invalid_rows_type = nullptr;
PyObject* parse_error_type = nullptr;

PyObject* new_exception_type(py::module_& m, const char* name, PyObject* base, const char* doc) {
  const std::string qualified = std::string("zhibiao.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base, nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(type));
  return type;
}

// A message as Python text. The core keeps its messages UTF-8 (detail/utf8.hpp), but one that
// quotes a caller's bytes must still not turn a zhibiao error into a UnicodeDecodeError: a byte
// that is not UTF-8 shows as \xNN.
py::object text_of(const std::string& s) {
  PyObject* o =
      PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "backslashreplace");
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(o);
}

void raise(PyObject* type, const invalid_input& e, py::dict extra) {
  py::object exc =
      py::reinterpret_steal<py::object>(PyObject_CallOneArg(type, text_of(e.what()).ptr()));
  if (!exc) throw py::error_already_set();
  exc.attr("field") = text_of(e.field());
  for (auto item : extra) exc.attr(item.first) = item.second;
  PyErr_SetObject(type, exc.ptr());
}

} // namespace

void register_error(py::module_& m) {
  invalid_input_type = new_exception_type(
      m, "InvalidInput", PyExc_ValueError,
      "An input outside its domain. .field names the input (numerator, unit, ...).");
  invalid_rows_type = new_exception_type(
      m, "InvalidRows", invalid_input_type,
      "A batch call met bad rows. .rows lists every one as (row, field, message).");
  parse_error_type =
      new_exception_type(m, "ParseError", invalid_input_type,
                         "Text that cannot be parsed. .position is the 0-based character index.");

  py::register_exception_translator([](std::exception_ptr p) {
    if (!p) return;
    try {
      std::rethrow_exception(p);
    } catch (const invalid_rows& e) {
      py::list rows;
      for (const auto& r : e.rows())
        rows.append(py::make_tuple(r.row, text_of(r.field), text_of(r.message)));
      py::dict extra;
      extra["rows"] = rows;
      raise(invalid_rows_type, e, extra);
    } catch (const parse_error& e) {
      py::dict extra;
      extra["text"] = text_of(e.text());
      extra["position"] = e.position();
      extra["expected"] = text_of(e.expected());
      extra["note"] = text_of(e.note());
      raise(parse_error_type, e, extra);
    } catch (const invalid_input& e) {
      raise(invalid_input_type, e, py::dict());
    }
  });
}

std::string text_arg(py::handle text, const std::string& field, const std::string& encoding) {
  std::string e = detail::lower_ascii(encoding);
  std::replace(e.begin(), e.end(), '_', '-');
  const bool utf8 = e == "utf-8" || e == "utf8" || e == "utf-8-sig";
  if (!utf8 && e != "gb18030" && e != "gbk" && e != "gb2312" && e != "cp936")
    throw invalid_input("encoding", "unknown encoding '" + encoding +
                                        "'; expected \"utf-8\" (the default) or \"gb18030\" "
                                        "(also \"gbk\", \"gb2312\")");
  if (PyUnicode_Check(text.ptr())) {
    // surrogatepass: a str holding lone surrogates (text decoded with errors="surrogateescape")
    // becomes bytes the core's UTF-8 check refuses, naming the character.
    py::object b = py::reinterpret_steal<py::object>(
        PyUnicode_AsEncodedString(text.ptr(), "utf-8", "surrogatepass"));
    if (!b) throw py::error_already_set();
    return b.cast<std::string>();
  }
  if (!PyBytes_Check(text.ptr()) && !PyByteArray_Check(text.ptr()))
    throw invalid_input(field,
                        "must be a str or bytes, got " +
                            std::string(py::str(py::type::handle_of(text).attr("__name__"))));
  const std::string bytes = py::bytes(py::reinterpret_borrow<py::object>(text)).cast<std::string>();
  if (utf8) return bytes; // checked by the reader (detail/utf8.hpp)
  try {
    return py::reinterpret_borrow<py::object>(text)
        .attr("decode")("gb18030")
        .attr("encode")("utf-8")
        .cast<std::string>();
  } catch (py::error_already_set& err) {
    if (!err.matches(PyExc_UnicodeDecodeError)) throw;
    const auto start = err.value().attr("start").cast<std::size_t>();
    const auto before =
        py::bytes(bytes.substr(0, start)).attr("decode")("gb18030", "replace").cast<std::string>();
    const std::size_t at = detail::code_points_before(before, before.size());
    throw parse_error(field, detail::printable_utf8(before, 60), at, "valid " + encoding + " text",
                      "byte " + std::to_string(start) + " is not " + encoding);
  }
}

Language parse_language(const std::string& text) {
  if (text == "zh" || text == "chinese") return Language::zh;
  if (text == "en" || text == "english") return Language::en;
  throw invalid_input("language", "unknown language '" + text + "'; expected 'zh' or 'en'");
}

} // namespace zhibiao::python
