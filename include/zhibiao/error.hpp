#pragma once
/// \file error.hpp
/// The exceptions zhibiao throws. Every message names what was wrong: the field, the row or the
/// character position, so that a caller fixing a data file knows where to look.
///
///     try { zhibiao::Proportion p(12, 10); }
///     catch (const zhibiao::invalid_input& e) { e.field(); /* "numerator" */ }
///
/// Python sees them as zhibiao.InvalidInput (a ValueError) and zhibiao.InvalidRows.
///
/// Thread safety: exception objects are values like std::exception: concurrent const access
/// (what(), field(), rows()) is safe.

#include "zhibiao/export.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// A value given to zhibiao is outside its domain (a negative count, a numerator above its
/// denominator, a non-finite number, an unknown unit name ...). `field()` names the input.
class invalid_input : public std::invalid_argument {
public:
  invalid_input(std::string field, const std::string& message);
  const std::string& field() const noexcept { return field_; }

private:
  std::string field_;
};

/// One bad row of a batch: its 0-based index, the field and what is wrong with it.
struct row_error {
  std::size_t row;
  std::string field;
  std::string message;
};

/// A batch call met bad rows. It lists every one of them, not only the first; the message shows
/// the first few and the count, `rows()` holds them all.
class invalid_rows : public invalid_input {
public:
  explicit invalid_rows(std::vector<row_error> rows);
  const std::vector<row_error>& rows() const noexcept { return rows_; }

private:
  std::vector<row_error> rows_;
};

/// Text that cannot be parsed. `position()` is the 0-based character (code point) index where
/// the parser stopped, `expected()` says what it wanted there; `note()`, when not empty, says
/// more (for ill-formed UTF-8: the byte offset, and the encoding the bytes appear to be in) and
/// ends the message.
class parse_error : public invalid_input {
public:
  parse_error(std::string field, std::string text, std::size_t position, std::string expected,
              std::string note = {});
  std::size_t position() const noexcept { return position_; }
  const std::string& text() const noexcept { return text_; }
  const std::string& expected() const noexcept { return expected_; }
  const std::string& note() const noexcept { return note_; }

private:
  std::string text_;
  std::size_t position_;
  std::string expected_;
  std::string note_;
};

/// What a batch call does with rows that are input errors. Every column entry point (rates,
/// intervals, standardisation, funnels, the cube's load, ...) takes one.
enum class OnBadRows : std::uint8_t {
  raise, ///< throw zhibiao::invalid_rows listing every bad row (the default)
  mark,  ///< compute every good row; bad rows get a status and NaN, listed in `errors`
};

} // namespace zhibiao
