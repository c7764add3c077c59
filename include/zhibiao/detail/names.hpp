#pragma once
// Internal: the name tables of the enums whose names are an array indexed by the enum's value
// (to_string looks a name up, parse_* finds it), so that every parse_* function keeps only what
// is its own: which text it folds first, its aliases and its error message.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

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

} // namespace zhibiao::detail
