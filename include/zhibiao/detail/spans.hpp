#pragma once
/// \file detail/spans.hpp
/// The contiguous elements of an Eigen array (a column, or a matrix in Eigen's column-major
/// order), a zhibiao::Column or Matrix as a std::span: how the C++ API hands its inputs and its
/// freshly allocated outputs to the column functions of the *_kernels.hpp headers, which write
/// into caller buffers.

#include <cstddef>
#include <span>
#include <type_traits>

namespace zhibiao::detail {

/// span<const T> for a const array (or Eigen::Ref<const ...>), span<T> for a mutable one. The
/// array must have unit inner stride, as Eigen::Ref<const ArrayXd> and plain arrays have.
template <class A>
auto span_of(A& a) {
  return std::span(a.data(), static_cast<std::size_t>(a.size()));
}

/// The elements of an enum column (a Column<IntervalStatus>, Column<RowStatus>, ...) as their
/// integer codes, writable: the kernels write status codes as bytes. Same layout (an enum and
/// its underlying type), and the byte types may alias anything.
template <class A>
requires std::is_enum_v<typename A::value_type>
auto code_span(A& a) {
  using Code = std::underlying_type_t<typename A::value_type>;
  static_assert(sizeof(Code) == 1, "status columns are byte codes");
  return std::span<Code>(reinterpret_cast<Code*>(a.data()), static_cast<std::size_t>(a.size()));
}

} // namespace zhibiao::detail
