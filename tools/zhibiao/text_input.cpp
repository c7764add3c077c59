// Reading and decoding the input files (text_input.hpp).

#include "text_input.hpp"

#include "command.hpp"

#include "zhibiao/detail/utf8.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iconv.h>
#include <ostream>
#include <sstream>

namespace zhibiao::cli {
namespace {

std::string byte_text(const std::string& bytes, std::size_t offset) {
  static constexpr char hex[] = "0123456789ABCDEF";
  const auto v = static_cast<unsigned char>(bytes[offset]);
  const auto line = 1 + std::count(bytes.begin(), bytes.begin() + static_cast<long>(offset), '\n');
  return "byte " + std::to_string(offset) + " (0x" + hex[v >> 4] + hex[v & 0xF] + ", line " +
         std::to_string(line) + ")";
}

bool has_workbook_name(const std::string& path) {
  const auto dot = path.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : detail::lower_ascii(path.substr(dot));
  return ext == ".xlsx" || ext == ".xlsm" || ext == ".xls";
}

[[noreturn]] void refuse_workbook(const std::string& path) {
  throw input_error(path + ": an Excel workbook; use python -m zhibiao for Excel input, or save "
                           "the sheet as CSV (UTF-8)");
}

// GB18030 → UTF-8 by iconv; the offset of the first byte it cannot convert, or npos.
std::size_t gb18030_to_utf8(const std::string& path, const std::string& in, std::string& out) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw input_error(path + ": not UTF-8, and this system's iconv has no GB18030 converter");
  // A GB18030 character of n bytes becomes at most n + 1 UTF-8 bytes (2 → 3, 4 → 4).
  out.assign(in.size() * 3 / 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  std::size_t bad = std::string::npos;
  while (src_left > 0) {
    if (iconv(cd, &src, &src_left, &dst, &dst_left) == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) { // cannot happen by the bound above; grow and go on all the same
        const std::size_t used = out.size() - dst_left;
        out.resize(out.size() * 2);
        dst = out.data() + used;
        dst_left = out.size() - used;
        continue;
      }
      bad = static_cast<std::size_t>(src - in.data()); // EILSEQ, or EINVAL: cut at the end
      break;
    }
  }
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return bad;
}

} // namespace

InputText read_input_file(const std::string& path, std::ostream& notes) {
  if (has_workbook_name(path)) refuse_workbook(path);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw input_error(path + ": cannot be read (Is a directory)");
  std::ifstream file(path, std::ios::binary);
  if (!file) throw input_error(path + ": cannot be read (" + std::strerror(errno) + ")");
  std::ostringstream buffer;
  buffer << file.rdbuf();
  if (file.bad()) throw input_error(path + ": cannot be read (" + std::strerror(errno) + ")");
  std::string bytes = std::move(buffer).str();
  // An .xlsx is a zip archive: its "PK\3\4" also catches a workbook saved under another name.
  if (bytes.rfind("PK\x03\x04", 0) == 0) refuse_workbook(path);
  InputText input{path, {}, false};
  if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) {
    // A byte order mark says UTF-8: no guessing at another encoding.
    input.text = bytes.substr(3);
    if (const auto bad = detail::first_invalid_utf8(input.text); bad != std::string::npos)
      throw input_error(path + ": " + byte_text(bytes, bad + 3) +
                        " is not UTF-8, though the file starts with a UTF-8 byte order mark");
    return input;
  }
  const std::size_t bad_utf8 = detail::first_invalid_utf8(bytes);
  if (bad_utf8 == std::string::npos) {
    input.text = std::move(bytes);
    return input;
  }
  const std::size_t bad = gb18030_to_utf8(path, bytes, input.text);
  if (bad != std::string::npos)
    throw input_error(path + ": " + byte_text(bytes, bad_utf8) + " is not UTF-8, and " +
                      (bad == bad_utf8 ? "it" : byte_text(bytes, bad)) +
                      " is not GB18030 either: save the file as UTF-8");
  input.from_gb18030 = true;
  notes << "zhibiao: " << path << ": not UTF-8; read as GB18030\n";
  return input;
}

} // namespace zhibiao::cli
