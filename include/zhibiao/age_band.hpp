#pragma once
/// \file age_band.hpp
/// Age-band labels as people write them, read once into a half-open interval of years.
///
///     using namespace zhibiao;
///     parse_age_band("0-4");        // [0, 5)
///     parse_age_band("85岁以上");   // [85, ∞)
///     parse_age_band("<1");         // [0, 1)
///     age_band_text({85, inf});     // "85+"
///
/// The one band reader of the library: standardisation matches a frame's bands to a standard
/// population's by it (standardise.hpp), and life tables read their start ages with it. Ages are
/// whole years, so a band "a-b" holds the ages a, a+1, ..., b: [a, b + 1).
///
/// Accepted spellings (whitespace anywhere between the parts; full-width forms such as "０－４",
/// "８５＋" read as their ASCII forms, detail/utf8.hpp's fold_width; "岁" may follow any age):
///   a-b  with '-', '–' (en dash), '—' (em dash), '‐', '‑', '−', '~', '〜', '至', '到' or "to"
///   a    a single year: [a, a + 1)
///   a+  a岁以上  a岁及以上  a及以上  a以上  ≥a  >=a  ⩾a   open bands: [a, ∞)
///   <a  不满a岁                                           [0, a)
/// Refused, with the character position: anything else, an age above 150, b < a, and the
/// ambiguous forms ">a" (a or a + 1 onwards?) and "a岁以下" (below a, or up to and including a?).
///
/// Thread safety: the functions keep no state between calls and may be called from any number of
/// threads at once; AgeBand values may be read by several threads at once (a value being assigned
/// must not be used by another thread). Large columns are split across the library's thread pool
/// (threads.hpp).

#include "zhibiao/error.hpp"
#include "zhibiao/export.hpp"

#include <limits>
#include <string>
#include <string_view>

namespace ZHIBIAO_API zhibiao {

/// The ages [lower, upper) in years; upper is +∞ for an open band ("85+").
struct AgeBand {
  double lower = 0;
  double upper = std::numeric_limits<double>::infinity();

  bool open() const noexcept { return upper == std::numeric_limits<double>::infinity(); }
  friend bool operator==(const AgeBand&, const AgeBand&) = default;
};

/// The band a label names (see above). Throws zhibiao::parse_error (field `field`) with the
/// character position where the label stops making sense.
AgeBand parse_age_band(std::string_view label, const char* field = "age band");

/// The band written the usual way: "0-4", "85+", "5" (one year).
std::string age_band_text(const AgeBand& band);

} // namespace zhibiao
