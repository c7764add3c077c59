// DataCube::load_csv: the long CSV (element, org_unit, period, value) read in blocks, each line
// split in place into string_views, the keys factorised through open-addressing hash tables and
// the values parsed with std::from_chars. The rows then go through DataCube::load(LongTable), the
// one loader every entry point shares, so that a CSV row is checked exactly as a frame row is.
// docs/reading.md ("The compiled CSV reader") describes the design; docs/benchmarks.md §9 the
// numbers (about 2 µs a row before: a std::string per field, a std::map per key, and the file
// held four times by the Python binding).
#include "zhibiao/cube.hpp"

#include "zhibiao/detail/csv.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/detail/utf8.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <istream>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace zhibiao {

namespace {

using detail::nan;

// The stream's lines, as std::getline splits them ('\n' ends a line; a last line without one
// counts; nothing follows a final '\n'), read in blocks of 1 MiB into one buffer that is reused:
// the file is never held whole. A line longer than the buffer doubles it. A read error (badbit)
// is an invalid_input naming "csv", not the end of the lines.
class LineReader {
public:
  explicit LineReader(std::istream& in) : in_(in), buffer_(std::size_t{1} << 20) {}

  bool next(std::string_view& line) {
    for (;;) {
      const char* const from = buffer_.data() + begin_;
      if (const void* nl = std::memchr(from, '\n', end_ - begin_)) {
        const auto length = static_cast<std::size_t>(static_cast<const char*>(nl) - from);
        line = std::string_view(from, length);
        begin_ += length + 1;
        return true;
      }
      if (done_) {
        if (begin_ == end_) return false;
        line = std::string_view(from, end_ - begin_);
        begin_ = end_;
        return true;
      }
      refill();
    }
  }

private:
  void refill() {
    const std::size_t rest = end_ - begin_; // the start of a line whose end is not read yet
    if (begin_ > 0) std::memmove(buffer_.data(), buffer_.data() + begin_, rest);
    begin_ = 0;
    end_ = rest;
    if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    in_.read(buffer_.data() + end_, static_cast<std::streamsize>(buffer_.size() - end_));
    const auto got = static_cast<std::size_t>(in_.gcount());
    end_ += got;
    read_ += got;
    // A read error part way (a failing device) is not an end of file: nothing is loaded.
    if (in_.bad())
      throw invalid_input("csv", "could not be read to its end (a read error after byte " +
                                     std::to_string(read_) + ")");
    if (!in_) done_ = true; // the end of the stream
  }

  std::istream& in_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0, end_ = 0, read_ = 0;
  bool done_ = false;
};

// The bytes left in the stream from where it stands, or -1 when it cannot seek (a pipe): the
// row count is estimated from it to reserve the columns once.
std::streamoff bytes_left(std::istream& in) {
  std::streambuf* const b = in.rdbuf();
  if (!b) return -1;
  const std::streamoff here = b->pubseekoff(0, std::ios_base::cur, std::ios_base::in);
  if (here < 0) return -1;
  const std::streamoff end = b->pubseekoff(0, std::ios_base::end, std::ios_base::in);
  b->pubseekpos(here, std::ios_base::in);
  return end < here ? -1 : end - here;
}

// Whether every byte is ASCII, eight at a time: the common line needs no UTF-8 decoding.
bool is_ascii(std::string_view s) noexcept {
  std::uint64_t high = 0;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    high |= word;
  }
  for (; i < s.size(); ++i) high |= static_cast<unsigned char>(s[i]);
  return (high & 0x8080808080808080ULL) == 0;
}

// Factorises a text column as pandas.factorize does (codes in order of first appearance; empty
// text is the missing code -1) into `uniques`, through an open-addressing table of code + 1
// (0: empty) with the hash's high half beside it, so that a probe compares text only on a
// likely match. Sorted exports repeat the previous row's key or follow it with the next one
// (DHIS2 writes org unit, period, element in order; benchmarks/pipeline.py writes the facilities
// in the same order for every element and month), so those two are tried before hashing.
class Factoriser {
public:
  explicit Factoriser(std::vector<std::string>& uniques) : uniques_(uniques), slots_(64, 0) {}

  std::int32_t operator()(std::string_view text) {
    if (text.empty()) return -1;
    const std::size_t n = uniques_.size();
    if (last_ + 1 < n && uniques_[last_ + 1] == text) return static_cast<std::int32_t>(++last_);
    if (last_ < n && uniques_[last_] == text) return static_cast<std::int32_t>(last_);
    last_ = find_or_add(text);
    return static_cast<std::int32_t>(last_);
  }

private:
  static std::uint64_t mix(std::uint64_t x) noexcept { // splitmix64's finaliser
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
  }
  static std::uint64_t hash(std::string_view s) noexcept {
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      h = (h ^ word) * 0x9FB21C651E98DF25ULL;
      h ^= h >> 29;
    }
    if (i < s.size()) {
      std::uint64_t word = 0;
      std::memcpy(&word, s.data() + i, s.size() - i);
      h = (h ^ word) * 0x9FB21C651E98DF25ULL;
    }
    return mix(h);
  }

  std::size_t find_or_add(std::string_view text) {
    const std::uint64_t h = hash(text);
    const std::uint64_t tag = h & 0xFFFFFFFF00000000ULL;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) break;
      if ((slot & 0xFFFFFFFF00000000ULL) == tag) {
        const std::size_t code = static_cast<std::size_t>(slot & 0xFFFFFFFFULL) - 1;
        if (uniques_[code] == text) return code;
      }
    }
    // A new text. Codes are int32 (LongTable): a column of 2^31 distinct texts is refused.
    const std::size_t code = uniques_.size();
    if (code >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
      throw invalid_input("csv", "has more than 2^31 - 1 distinct texts in one column");
    uniques_.emplace_back(text);
    if (2 * uniques_.size() > slots_.size()) grow();
    insert(h, code);
    return code;
  }

  void insert(std::uint64_t h, std::size_t code) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = static_cast<std::size_t>(h) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = (h & 0xFFFFFFFF00000000ULL) | static_cast<std::uint64_t>(code + 1);
  }

  void grow() { // at half full: rebuilt at twice the size from the texts
    slots_.assign(slots_.size() * 2, 0);
    for (std::size_t c = 0; c + 1 < uniques_.size(); ++c) insert(hash(uniques_[c]), c);
  }

  std::vector<std::string>& uniques_;
  std::vector<std::uint64_t> slots_;
  std::size_t last_ = std::numeric_limits<std::size_t>::max() - 1; // no previous row yet
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

} // namespace

LoadReport DataCube::load_csv(std::istream& csv, OnBadRows on_bad_rows,
                              ParentValues parent_values) {
  const std::streamoff size = bytes_left(csv);
  LineReader lines(csv);
  std::string_view line;
  if (!lines.next(line)) throw invalid_input("csv", "is empty: expected a header line");
  const bool bom = line.substr(0, 3) == "\xEF\xBB\xBF";
  if (bom) line.remove_prefix(3); // a UTF-8 byte order mark
  // Every line is UTF-8 or the load is a parse_error naming the line, the byte and the character
  // (detail/utf8.hpp; a GBK file is named as such): the codes must be read as they were written.
  std::size_t line_number = 1, file_offset = bom ? 3 : 0;
  const auto check_line = [&](std::string_view l) {
    if (!is_ascii(l))
      if (const std::size_t bad = detail::first_invalid_utf8(l); bad != std::string_view::npos)
        detail::throw_invalid_utf8(l, bad, "csv",
                                   "line " + std::to_string(line_number) + ", byte " +
                                       std::to_string(file_offset + bad) + " of the file: ");
    file_offset += l.size() + 1;
    ++line_number;
  };
  check_line(line);
  const std::vector<std::string> header = detail::csv_fields(line);
  const auto column = [&](const char* name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (detail::csv_trim_view(header[i]) == name) return i;
    throw invalid_input("csv", std::string("the header has no '") + name +
                                   "' column (it has: " + join(header) + ")");
  };
  const std::size_t ce = column("element"), cu = column("org_unit"), cp = column("period"),
                    cv = column("value");
  const std::size_t columns = header.size();

  LongTable t;
  Factoriser e(t.elements), u(t.org_units), p(t.periods);
  std::vector<std::string_view> f(columns); // the fields of the line being read
  std::vector<std::string> quoted;          // a line with quotes or a lone '\r': csv_fields' copy
  const std::size_t header_bytes = file_offset;
  bool reserved = size < 0;
  while (lines.next(line)) {
    check_line(line);
    if (detail::csv_trim_view(line).empty()) continue;
    const std::size_t r = t.values.size();
    if (!reserved && r == 4096) { // the columns sized once, from the first rows' length
      reserved = true;
      const double per_row = static_cast<double>(file_offset - header_bytes) / 4096.0;
      const auto rows = static_cast<std::size_t>(static_cast<double>(size) / per_row * 1.02);
      t.element_codes.reserve(rows);
      t.org_unit_codes.reserve(rows);
      t.period_codes.reserve(rows);
      t.values.reserve(rows);
    }
    // Split in place: ',' separates; the '\r' of a CRLF line is dropped. A line with a quote or
    // another '\r' goes through csv_fields, the one definition of the quoting rules.
    std::string_view body = line;
    if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
    std::size_t count = 0, start = 0;
    bool plain = true;
    for (std::size_t i = 0; i < body.size(); ++i) {
      const char c = body[i];
      if (c == ',') {
        if (count < columns) f[count] = body.substr(start, i - start);
        ++count;
        start = i + 1;
      } else if (c == '"' || c == '\r') {
        plain = false;
        break;
      }
    }
    if (plain) {
      if (count < columns) f[count] = body.substr(start);
      ++count;
    } else {
      quoted = detail::csv_fields(line);
      count = quoted.size();
      for (std::size_t i = 0; i < columns && i < count; ++i) f[i] = quoted[i];
    }
    if (count != columns) {
      t.known_errors.push_back(
          {r, "csv",
           "has " + std::to_string(count) + " fields, the header has " + std::to_string(columns)});
      t.element_codes.push_back(-1);
      t.org_unit_codes.push_back(-1);
      t.period_codes.push_back(-1);
      t.values.push_back(nan);
      continue;
    }
    const std::string_view text = detail::csv_trim_view(f[cv]);
    double v = nan;
    if (!detail::csv_value(text, v)) {
      if (!text.empty()) t.non_numeric_values[r] = std::string(text);
      v = nan;
    }
    t.element_codes.push_back(e(detail::csv_trim_view(f[ce])));
    t.org_unit_codes.push_back(u(detail::csv_trim_view(f[cu])));
    t.period_codes.push_back(p(detail::csv_trim_view(f[cp])));
    t.values.push_back(v);
  }
  return load(t, on_bad_rows, parent_values);
}

} // namespace zhibiao
