#pragma once
// A std::vector handed to NumPy without a copy: the array owns the vector through a capsule.
// For result columns of 10^5–10^7 rows, which as Python lists cost a PyLong per row.

#include <pybind11/numpy.h>

#include <utility>
#include <vector>

namespace zhibiao::python {

template <class T>
pybind11::array_t<T> to_numpy(std::vector<T>&& values) {
  auto* owned = new std::vector<T>(std::move(values));
  pybind11::capsule free(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return pybind11::array_t<T>(static_cast<pybind11::ssize_t>(owned->size()), owned->data(), free);
}

} // namespace zhibiao::python
