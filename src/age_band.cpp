#include "zhibiao/age_band.hpp"

#include "zhibiao/detail/utf8.hpp"

#include <limits>
#include <string>
#include <string_view>

namespace zhibiao {

namespace {

// The oldest age a label may name: ages above it are typing errors (1000 for 100).
constexpr int max_age = 150;

// A reader over the label's code points, full-width forms folded (positions unchanged).
class BandReader {
public:
  BandReader(std::string_view label, const char* field)
      : label_(label), field_(field), text_(detail::decode_utf8(label, field, true).code_points) {}

  [[noreturn]] void fail(std::size_t at, const std::string& expected) const {
    throw parse_error(field_, std::string(label_), at, expected);
  }

  void skip_space() {
    while (at_ < text_.size() && (text_[at_] == U' ' || text_[at_] == U'\t')) ++at_;
  }
  bool done() {
    skip_space();
    return at_ == text_.size();
  }
  // Consumes `word` (after any space) when it comes next.
  bool take(std::u32string_view word) {
    skip_space();
    if (text_.compare(at_, word.size(), word) != 0) return false;
    at_ += word.size();
    return true;
  }
  bool peek_digit() {
    skip_space();
    return at_ < text_.size() && text_[at_] >= U'0' && text_[at_] <= U'9';
  }
  // A whole number of years, then an optional 岁.
  int age() {
    skip_space();
    const std::size_t start = at_;
    int value = 0;
    while (at_ < text_.size() && text_[at_] >= U'0' && text_[at_] <= U'9') {
      value = value * 10 + static_cast<int>(text_[at_] - U'0');
      if (value > max_age) fail(start, "an age in whole years, 0 to " + std::to_string(max_age));
      ++at_;
    }
    if (at_ == start) fail(start, "an age in whole years");
    if (at_ < text_.size() && (text_[at_] == U'.' || text_[at_] == U','))
      fail(at_, "an age in whole years (no decimals)");
    take(U"岁");
    return value;
  }
  std::size_t position() const noexcept { return at_; }

private:
  std::string_view label_;
  const char* field_;
  std::u32string text_;
  std::size_t at_ = 0;
};

constexpr double inf = std::numeric_limits<double>::infinity();

} // namespace

AgeBand parse_age_band(std::string_view label, const char* field) {
  BandReader r(label, field);
  if (r.done()) r.fail(0, "an age band such as 0-4, 85+ or <1");
  AgeBand band;
  if (r.take(U"<") || r.take(U"不满")) {
    // "<5", "不满1岁": the ages below a.
    const int a = r.age();
    if (a == 0) r.fail(r.position(), "an age above 0 after <");
    band = {0, static_cast<double>(a)};
  } else if (r.take(U"≥") || r.take(U">=") || r.take(U"⩾") || r.take(U"≧")) {
    band = {static_cast<double>(r.age()), inf};
  } else if (r.take(U">")) {
    r.fail(0, "an unambiguous open band: write 85+ or ≥85 (does >85 include 85?)");
  } else {
    const int a = r.age();
    if (r.take(U"+") || r.take(U"及以上") || r.take(U"以上") || r.take(U"或以上") ||
        r.take(U"and over") || r.take(U"and older")) {
      band = {static_cast<double>(a), inf};
    } else if (r.take(U"以下") || r.take(U"及以下")) {
      r.fail(0, "an unambiguous band: write <5 or 0-4 (does 5岁以下 include age 5?)");
    } else if (r.take(U"-") || r.take(U"–") || r.take(U"—") || r.take(U"‐") || r.take(U"‑") ||
               r.take(U"‒") || r.take(U"−") || r.take(U"~") || r.take(U"〜") || r.take(U"至") ||
               r.take(U"到") || r.take(U"to")) {
      const std::size_t at = r.position();
      const int b = r.age();
      if (b < a) r.fail(at, "an upper age at least the lower one (" + std::to_string(a) + ")");
      band = {static_cast<double>(a), static_cast<double>(b) + 1};
    } else {
      band = {static_cast<double>(a), static_cast<double>(a) + 1};
    }
  }
  if (!r.done()) r.fail(r.position(), "the end of the age band");
  return band;
}

std::string age_band_text(const AgeBand& band) {
  const auto whole = [](double v) { return std::to_string(static_cast<long long>(v)); };
  if (band.open()) return whole(band.lower) + "+";
  if (band.upper == band.lower + 1) return whole(band.lower);
  return whole(band.lower) + "-" + whole(band.upper - 1);
}

} // namespace zhibiao
