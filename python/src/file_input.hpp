#pragma once
// The binding's file input beside read_file (register.hpp): a file opened for a reader that
// streams it, and the encoding check of text_arg on its own (both in register_error.cpp).

#include <fstream>
#include <string>

namespace zhibiao::python {
/// The file at `path` opened for reading in binary, refused as read_file refuses it (a directory,
/// a file that cannot be opened): for a reader that streams it (DataCube.load_csv).
std::ifstream open_file(const std::string& path);
/// Whether `encoding` names UTF-8 ("utf-8", "utf8", "utf-8-sig") rather than GB18030 ("gb18030",
/// "gbk", "gb2312", "cp936"); any other name raises InvalidInput naming "encoding" (text_arg's
/// check).
bool utf8_encoding(const std::string& encoding);

} // namespace zhibiao::python
