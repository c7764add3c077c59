#pragma once
// Internal: the name tables of the enums whose names are an array indexed by the enum's value
// (to_string looks a name up, parse_* finds it), so that every parse_* function keeps only what
// is its own: which text it folds first, its aliases and its error message.

#include "zhibiao/detail/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace zhibiao::detail {

/// The name of `value` in `names`, the table indexed by the enum's value.
template <class E, std::size_t N>
constexpr std::string_view name_of(const std::array<std::string_view, N>& names, E value) noexcept {
  return names[static_cast<std::size_t>(value)];
}

/// The enum value whose name in `names` is exactly `text`; nullopt where none is.
template <class E, std::size_t N>
constexpr std::optional<E> find_name(const std::array<std::string_view, N>& names,
                                     std::string_view text) noexcept {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == text) return static_cast<E>(i);
  return std::nullopt;
}

/// Levenshtein distance over bytes (the names compared are ASCII or short).
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// The name of `known` closest to `found` when it is close enough to be a misspelling of it (at
/// most a third of the longer word's letters differ, and at least 2 are allowed; case does not
/// count: "SUM" finds "sum"), for `did you mean "x"?`; nullopt when none is.
inline std::optional<std::string_view> closest_name(std::string_view found,
                                                    std::span<const std::string_view> known) {
  std::string_view best;
  std::size_t best_distance = std::string_view::npos;
  const std::string lowered = lower_ascii(found.substr(0, 200));
  for (std::string_view k : known) {
    const std::size_t d = edit_distance(lowered, k);
    if (d < best_distance) best_distance = d, best = k;
  }
  const std::size_t allowed = std::max<std::size_t>(2, std::max(found.size(), best.size()) / 3);
  if (best_distance <= allowed) return best;
  return std::nullopt;
}

} // namespace zhibiao::detail
