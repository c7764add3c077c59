// C++ exceptions -> Python exceptions of the same meaning, keeping the details as attributes:
//   zhibiao::invalid_input -> zhibiao.InvalidInput (a ValueError), .field
//   zhibiao::invalid_rows  -> zhibiao.InvalidRows (an InvalidInput), .rows = [(row, field, msg)]
//   zhibiao::parse_error   -> zhibiao.ParseError (an InvalidInput), .text, .position, .expected
// and pybind11's "incompatible function arguments" TypeError -> zhibiao.ArgumentTypeError (an
// InvalidInput and a TypeError), .field = the qualified callable ("Period.parse"); see
// guard_argument_types below.
#include "file_input.hpp"
#include "register.hpp"

#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

// Created once at import; never destroyed, since exception classes must outlive the module's
// last user and interpreter shutdown order is not ours to choose.
PyObject* invalid_input_type = nullptr;
PyObject* invalid_rows_type = nullptr;
PyObject* parse_error_type = nullptr;
PyObject* argument_type_error_type = nullptr;

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

namespace {

// ---- wrong argument types (issue 14, class 8) --------------------------------------------------
// Every pybind11 function object is a PyCFunction whose PyMethodDef (one per function, owned by
// its function_record) points at pybind11's single static dispatcher. When no overload accepts the
// arguments, the dispatcher sets a bare TypeError "name(): incompatible function arguments ...".
// guard_argument_types() points each such PyMethodDef at guarded_dispatcher, which calls the
// original and only on that failure replaces the TypeError by zhibiao.ArgumentTypeError. So one
// place covers every function, method, constructor, static method and property accessor, help()
// and signatures are untouched (the function objects stay the same objects), overload resolution
// is pybind11's own (no extra overload, so its two-pass no-convert/convert order is unchanged),
// and a successful call costs one extra indirect call and a null test.
using dispatcher_fn = PyObject* (*)(PyObject*, PyObject*, PyObject*);
dispatcher_fn pybind_dispatcher = nullptr;

struct callable_name {
  std::string name;      // pybind11's name, the prefix of its message ("parse")
  std::string qualified; // "Period.parse"
  bool constructor;      // args[0] is the new object, not an argument
};
// Keyed by the function's self (its function_record capsule), which lives as long as the function.
// Never destroyed, like the exception types (called until interpreter shutdown).
std::unordered_map<PyObject*, callable_name>* callable_names = nullptr;

std::string type_name(PyObject* value) { return Py_TYPE(value)->tp_name; }

// The TypeError now pending is pybind11's no-overload-matched error for `self`: replace it.
void retype_argument_error(PyObject* self, PyObject* args, PyObject* kwargs) {
  const auto found = callable_names->find(self);
  if (found == callable_names->end()) return;
  const callable_name& callable = found->second;
  PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  auto restore = [&] { PyErr_Restore(type, value, traceback); };
  if (type != PyExc_TypeError || value == nullptr) return restore();
  PyObject* text_object = PyObject_Str(value);
  if (text_object == nullptr) {
    PyErr_Clear();
    return restore();
  }
  const char* text_chars = PyUnicode_AsUTF8(text_object);
  const std::string text = text_chars != nullptr ? text_chars : "";
  Py_DECREF(text_object);
  if (text_chars == nullptr) PyErr_Clear();
  const std::string function_prefix = callable.name + "(): incompatible function arguments.";
  const std::string constructor_prefix = callable.name + "(): incompatible constructor arguments.";
  if (text.rfind(function_prefix, 0) != 0 && text.rfind(constructor_prefix, 0) != 0)
    return restore();
  // "The following argument types are supported:\n    1. (...) -> ...\n\nInvoked with: ..."
  const std::size_t first_line_end = text.find('\n');
  const std::string signatures =
      first_line_end == std::string::npos ? std::string() : text.substr(first_line_end + 1);
  std::string given;
  const Py_ssize_t n_args = PyTuple_GET_SIZE(args);
  for (Py_ssize_t i = callable.constructor ? 1 : 0; i < n_args; ++i) {
    if (!given.empty()) given += ", ";
    given += type_name(PyTuple_GET_ITEM(args, i));
  }
  if (kwargs != nullptr) {
    PyObject *key = nullptr, *item = nullptr;
    Py_ssize_t pos = 0;
    while (PyDict_Next(kwargs, &pos, &key, &item)) {
      if (!given.empty()) given += ", ";
      const char* key_chars = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : nullptr;
      if (key_chars == nullptr) PyErr_Clear();
      given += std::string(key_chars != nullptr ? key_chars : "?") + "=" + type_name(item);
    }
  }
  const std::string message = callable.qualified + "(): argument types (" + given +
                              ") match none of its signatures:\n" + signatures;
  PyObject* exc = PyObject_CallFunction(argument_type_error_type, "s", message.c_str());
  PyObject* field = exc != nullptr ? PyUnicode_FromString(callable.qualified.c_str()) : nullptr;
  if (field == nullptr || PyObject_SetAttrString(exc, "field", field) != 0) {
    Py_XDECREF(field);
    Py_XDECREF(exc);
    PyErr_Clear();
    return restore();
  }
  Py_DECREF(field);
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(traceback);
  PyErr_SetObject(argument_type_error_type, exc);
  Py_DECREF(exc);
}

PyObject* guarded_dispatcher(PyObject* self, PyObject* args, PyObject* kwargs) {
  PyObject* result = pybind_dispatcher(self, args, kwargs);
  if (result == nullptr && PyErr_ExceptionMatches(PyExc_TypeError))
    retype_argument_error(self, args, kwargs);
  return result;
}

// Points `function` (a PyCFunction of pybind11's, possibly inside an instancemethod,
// staticmethod or property) at guarded_dispatcher.
void guard(py::handle function, const std::string& qualified) {
  if (PyInstanceMethod_Check(function.ptr()))
    function = PyInstanceMethod_GET_FUNCTION(function.ptr());
  if (!PyCFunction_Check(function.ptr())) return;
  auto* object = reinterpret_cast<PyCFunctionObject*>(function.ptr());
  PyMethodDef* def = object->m_ml;
  if (def == nullptr) return;
  const auto meth = reinterpret_cast<dispatcher_fn>(reinterpret_cast<void (*)()>(def->ml_meth));
  if (meth != pybind_dispatcher) return; // a builtin, or already guarded
  PyObject* self = object->m_self;
  if (self == nullptr) return;
  const bool constructor =
      qualified.size() >= 9 && qualified.compare(qualified.size() - 9, 9, ".__init__") == 0;
  callable_names->emplace(self, callable_name{def->ml_name, qualified, constructor});
  def->ml_meth = reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(guarded_dispatcher));
}

void guard_namespace(py::handle owner, const std::string& prefix,
                     std::unordered_set<PyObject*>& seen) {
  if (!seen.insert(owner.ptr()).second) return;
  // A type's own __dict__ (a mappingproxy), not dir(): inherited members are guarded at their
  // owner, under the owner's name.
  py::object members = py::reinterpret_borrow<py::object>(owner).attr("__dict__");
  py::list items = py::list(members.attr("items")());
  for (py::handle item : items) {
    py::tuple pair = py::reinterpret_borrow<py::tuple>(item);
    const std::string name = py::str(pair[0]);
    py::handle value = pair[1];
    const std::string qualified = prefix.empty() ? name : prefix + "." + name;
    if (PyType_Check(value.ptr())) {
      py::object module_name = py::getattr(value, "__module__", py::none());
      if (py::isinstance<py::str>(module_name) &&
          py::str(module_name).cast<std::string>().rfind("zhibiao", 0) == 0)
        guard_namespace(value, qualified, seen);
    } else if (PyObject_TypeCheck(value.ptr(), &PyProperty_Type)) {
      for (const char* accessor : {"fget", "fset", "fdel"}) {
        py::object f = value.attr(accessor);
        if (!f.is_none()) guard(f, qualified);
      }
    } else if (PyObject_TypeCheck(value.ptr(), &PyStaticMethod_Type) ||
               PyObject_TypeCheck(value.ptr(), &PyClassMethod_Type)) {
      guard(value.attr("__func__"), qualified);
    } else {
      guard(value, qualified);
    }
  }
}

} // namespace

void guard_argument_types(py::module_& m) {
  if (callable_names == nullptr)
    callable_names = new std::unordered_map<PyObject*, callable_name>();
  // pybind11's dispatcher, read from a function of ours: every cpp_function shares it.
  py::cpp_function probe([] {});
  pybind_dispatcher = reinterpret_cast<dispatcher_fn>(reinterpret_cast<void (*)()>(
      reinterpret_cast<PyCFunctionObject*>(probe.ptr())->m_ml->ml_meth));
  std::unordered_set<PyObject*> seen;
  guard_namespace(m, "", seen);
}

void register_error(py::module_& m) {
  m.def(
      "_read_file", [](const py::object& path) { return py::bytes(read_file(path_text(path))); },
      py::arg("path"), "The bytes of a file; InvalidInput naming path when it cannot be read.");
  invalid_input_type = new_exception_type(
      m, "InvalidInput", PyExc_ValueError,
      R"doc(An input outside its domain. .field names the input (numerator, unit, ...).

Every bad input to zhibiao raises an InvalidInput (a ValueError) or one of its subclasses
(InvalidRows, ParseError, ArgumentTypeError); no call returns NaN beside an "ok" status.

References
----------
docs/bad-input.md (the bad-input policy, its classes and statuses).

Examples
--------
>>> try:
...     zb.Unit("克")
... except zb.InvalidInput as e:
...     print(e.field, isinstance(e, ValueError))
unit True
)doc");
  invalid_rows_type = new_exception_type(
      m, "InvalidRows", invalid_input_type,
      R"doc(A batch call met bad rows. .rows lists every one as (row, field, message).

An InvalidInput; the message gives the count and the first ten rows ("... and N more").

References
----------
docs/bad-input.md (on_bad_rows="raise" or "mark": every bad row reported, none guessed).

Examples
--------
A proportion's numerator above its denominator, in rows 0 and 2:

>>> try:
...     zb.proportions([5, 1, 7], [4, 2, 6])
... except zb.InvalidRows as e:
...     print([(row, field) for row, field, _ in e.rows])
[(0, 'numerator'), (2, 'numerator')]
)doc");
  parse_error_type =
      new_exception_type(m, "ParseError", invalid_input_type,
                         R"doc(Text that cannot be parsed. .position is the 0-based character index.

An InvalidInput; .field names the input, .text is the text, .expected what would have been
accepted at .position.

References
----------
docs/bad-input.md (the bad-input policy); docs/figures.md (what the figure reader accepts).

Examples
--------
>>> try:
...     zb.Decimal.parse("9x")
... except zb.ParseError as e:
...     print(e.field, e.position)
decimal 1
)doc");
  // Both an InvalidInput (zhibiao's contract: every bad input raises one) and a TypeError (what
  // Python code expects of a wrong type, and what pybind11 raised before).
  py::tuple argument_type_error_bases =
      py::make_tuple(py::handle(invalid_input_type), py::handle(PyExc_TypeError));
  argument_type_error_type = new_exception_type(
      m, "ArgumentTypeError", argument_type_error_bases.ptr(),
      R"doc(Arguments of types no signature accepts (None, text for a number, ...). An InvalidInput
and a TypeError; .field names the callable ("Period.parse").

References
----------
docs/bad-input.md (the bad-input policy: every bad input is an InvalidInput).

Examples
--------
>>> try:
...     zb.Proportion(None, 3)
... except zb.ArgumentTypeError as e:
...     print(e.field, isinstance(e, TypeError), isinstance(e, zb.InvalidInput))
Proportion.__init__ True True
)doc");

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

std::string path_text(py::handle path) {
  PyObject* text = PyOS_FSPath(path.ptr());
  if (!text) {
    PyErr_Clear();
    throw invalid_input("path",
                        "expected a file path (str or os.PathLike), got " +
                            std::string(py::str(py::type::handle_of(path).attr("__name__"))));
  }
  py::object owned = py::reinterpret_steal<py::object>(text);
  if (PyBytes_Check(text)) owned = owned.attr("decode")("utf-8", "surrogateescape");
  return owned.cast<std::string>();
}

std::ifstream open_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw invalid_input("path", "'" + path + "' is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw invalid_input("path", "cannot open '" + path + "': " + std::strerror(errno));
  return in;
}

bool utf8_encoding(const std::string& encoding) {
  std::string e = detail::lower_ascii(encoding);
  std::replace(e.begin(), e.end(), '_', '-');
  const bool utf8 = e == "utf-8" || e == "utf8" || e == "utf-8-sig";
  if (!utf8 && e != "gb18030" && e != "gbk" && e != "gb2312" && e != "cp936")
    throw invalid_input("encoding", "unknown encoding '" + encoding +
                                        "'; expected \"utf-8\" (the default) or \"gb18030\" "
                                        "(also \"gbk\", \"gb2312\")");
  return utf8;
}

std::string read_file(const std::string& path) {
  std::ifstream in = open_file(path);
  std::ostringstream bytes;
  try {
    bytes << in.rdbuf();
  } catch (const std::exception& e) { // a read error of the stream buffer (a device, a pipe)
    throw invalid_input("path", "cannot read '" + path + "': " + e.what());
  }
  if (in.bad()) throw invalid_input("path", "cannot read '" + path + "'");
  return std::move(bytes).str();
}

std::string text_arg(py::handle text, const std::string& field, const std::string& encoding) {
  const bool utf8 = utf8_encoding(encoding);
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
