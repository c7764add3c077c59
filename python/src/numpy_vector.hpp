#pragma once
// A std::vector handed to NumPy without a copy: the array owns the vector through a capsule.
// For result columns of 10^5–10^7 rows, which as Python lists cost a PyLong per row.

#include "zhibiao/column.hpp"

#include <pybind11/numpy.h>

#include <type_traits>

#include <utility>
#include <vector>

namespace zhibiao::python {

template <class T>
pybind11::array_t<T> to_numpy(std::vector<T>&& values) {
  auto* owned = new std::vector<T>(std::move(values));
  pybind11::capsule free(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return pybind11::array_t<T>(static_cast<pybind11::ssize_t>(owned->size()), owned->data(), free);
}

/// A result column handed to NumPy without a copy; an enum column (a status) as its codes.
template <class T>
auto to_numpy(Column<T>&& column) {
  if constexpr (std::is_enum_v<T>) {
    // The codes are the enum's bytes: NumPy reads the vector in place as its underlying type.
    using Code = std::underlying_type_t<T>;
    static_assert(sizeof(Code) == sizeof(T));
    auto* owned = new std::vector<T>(std::move(column).release());
    pybind11::capsule free(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return pybind11::array_t<Code>(static_cast<pybind11::ssize_t>(owned->size()),
                                   reinterpret_cast<const Code*>(owned->data()), free);
  } else {
    return to_numpy(std::move(column).release());
  }
}

/// A result matrix handed to NumPy without a copy, with the strides of its storage order.
template <class T, StorageOrder Order>
pybind11::array_t<T> to_numpy(Matrix<T, Order>&& matrix) {
  const auto rows = static_cast<pybind11::ssize_t>(matrix.rows());
  const auto cols = static_cast<pybind11::ssize_t>(matrix.cols());
  auto* owned = new std::vector<T>(std::move(matrix).release());
  pybind11::capsule free(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  const auto item = static_cast<pybind11::ssize_t>(sizeof(T));
  const std::vector<pybind11::ssize_t> strides =
      Order == StorageOrder::row_major ? std::vector<pybind11::ssize_t>{cols * item, item}
                                       : std::vector<pybind11::ssize_t>{item, rows * item};
  return pybind11::array_t<T>({rows, cols}, strides, owned->data(), free);
}

} // namespace zhibiao::python
