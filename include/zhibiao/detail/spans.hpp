#pragma once
/// \file detail/spans.hpp
/// The contiguous elements of an Eigen array (a column, or a matrix in Eigen's column-major
/// order) as a std::span: how the Eigen API hands its inputs and its freshly allocated outputs to
/// the column functions of the *_kernels.hpp headers, which write into caller buffers.

#include <cstddef>
#include <span>

namespace zhibiao::detail {

/// span<const T> for a const array (or Eigen::Ref<const ...>), span<T> for a mutable one. The
/// array must have unit inner stride, as Eigen::Ref<const ArrayXd> and plain arrays have.
template <class A>
auto span_of(A& a) {
  return std::span(a.data(), static_cast<std::size_t>(a.size()));
}

} // namespace zhibiao::detail
