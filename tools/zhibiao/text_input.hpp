#pragma once
// The tool's input files as UTF-8 text (docs/cli.md §2.5): a UTF-8 byte order mark is dropped,
// valid UTF-8 is read as it is, anything else is tried as GB18030 (what Chinese Windows saves)
// through glibc's iconv, and bytes that are neither are an error naming the file and the byte.

#include <iosfwd>
#include <string>

namespace zhibiao::cli {

struct InputText {
  std::string path;
  std::string text;          ///< UTF-8, without a byte order mark
  bool from_gb18030 = false; ///< the file was GB18030 and has been converted
};

/// Reads and decodes `path`; notes a GB18030 conversion on `notes` (stderr). Throws input_error
/// for a file that cannot be read, an Excel workbook ("use python -m zhibiao") and bytes that
/// are neither UTF-8 nor GB18030 (naming the byte offset and the line).
InputText read_input_file(const std::string& path, std::ostream& notes);

} // namespace zhibiao::cli
