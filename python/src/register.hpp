#pragma once
// One register_<concept> function per public header; module.cpp calls them in dependency order.

#include "register_list.hpp" // generated: ZHIBIAO_PYTHON_REGISTER_LIST

#include <pybind11/pybind11.h>

#include <zhibiao/expression.hpp>
#include <zhibiao/unit.hpp>

#include <string>

namespace zhibiao::python {

/// void register_<concept>(pybind11::module_& m), one per python/src/register_<concept>.cpp; the
/// list and its order come from ZHIBIAO_REGISTER_ORDER in python/CMakeLists.txt.
#define ZHIBIAO_PYTHON_DECLARE_REGISTER(name) void register_##name(pybind11::module_& m);
ZHIBIAO_PYTHON_REGISTER_LIST(ZHIBIAO_PYTHON_DECLARE_REGISTER)
#undef ZHIBIAO_PYTHON_DECLARE_REGISTER

/// After every register_<concept>: makes pybind11's "incompatible function arguments" TypeError
/// of every function, method and constructor of `m` a zhibiao.ArgumentTypeError (register_error).
void guard_argument_types(pybind11::module_& m);

/// A Unit from a Unit or its text ("%", "per_100k", "/10万"). Anything else raises
/// InvalidInput naming "unit" (an implicit conversion would turn that into a bare TypeError).
Unit unit_from(pybind11::handle value);

/// The UTF-8 bytes of a reader's text argument (catalog and rule JSON, CSV): a str (encoded with
/// surrogates kept, so that the core's UTF-8 check refuses them at their position rather than
/// pybind11 raising a bare TypeError), or bytes in `encoding`: "utf-8" (the default; passed on
/// as they are, the core checks them), "gb18030" / "gbk" / "gb2312" (decoded by Python's codecs;
/// GB18030 is a superset of the other two). A decoding error is a ParseError with the character
/// position and the byte offset; anything else raises InvalidInput naming `field` or "encoding".
std::string text_arg(pybind11::handle text, const std::string& field,
                     const std::string& encoding = "utf-8");

/// A file path argument (str, bytes or os.PathLike, as open() takes) as text; anything else
/// raises InvalidInput naming "path".
std::string path_text(pybind11::handle path);

/// The whole content of the file at `path`, read in binary. A missing, unreadable file or a
/// directory raises InvalidInput naming "path" with the system's reason (never a bare
/// std::ios_base::failure or FileNotFoundError), the one file reader of every load_* call.
std::string read_file(const std::string& path);

/// DHIS2's expression options from Python: constants (a dict uid -> number, or None),
/// missing_values (a strategy name) and dhis2_semantics (a bool), each refused naming its field
/// (register_expression.cpp; Expression(...) and evaluate() share it).
ExpressionOptions expression_options(const pybind11::object& constants,
                                     const pybind11::object& missing_values,
                                     const pybind11::object& dhis2_semantics);
/// groups= (ExpressionOptions::groups) from Python: None, or a dict "deGroup:uid" / "co:uid" /
/// "coGroup:uid" -> list of ids, refused naming "groups" (Expression(...) and evaluate()).
void read_expression_groups(const pybind11::object& groups, ExpressionOptions& o);

/// "zh" or "en" (also "chinese"/"english"); anything else raises InvalidInput naming "language".
Language parse_language(const std::string& text);

} // namespace zhibiao::python
