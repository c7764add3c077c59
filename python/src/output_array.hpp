#pragma once
// Fresh NumPy arrays for the outputs of the column kernels.
//
// A kernel writing a large output into fresh memory spends much of its time in page faults: the
// operating system zeroes and maps every page on first touch. With 4 KiB pages that is 2,560
// faults for each 10 MB; with the kernel's transparent huge pages (2 MiB) it is five. NumPy
// asks for huge pages on its own large allocations, but malloc returns memory at arbitrary
// offsets, so a region is only partly covered (huge pages need 2 MiB-aligned addresses). Here
// large outputs are allocated on 2 MiB boundaries and advised as huge pages (madvise(2),
// MADV_HUGEPAGE; a no-op when the system disables them), and NumPy owns them through a capsule
// that frees them. Measured on the Wilson case of benchmarks/compare.py (10^7 rows, two
// outputs): 16 ms with NumPy's allocation, 9–10 ms with this one.

#include <pybind11/numpy.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#include <sys/mman.h>

namespace zhibiao::python {

constexpr std::size_t huge_page = std::size_t{2} << 20;

/// Below a few huge pages NumPy's own allocation is as good and wastes nothing.
constexpr bool wants_huge_pages(std::size_t bytes) { return bytes >= 2 * huge_page; }

/// `bytes` rounded up to whole huge pages, on a huge-page boundary, advised as huge pages;
/// release with std::free.
inline void* allocate_on_huge_pages(std::size_t bytes) {
  const std::size_t rounded = (bytes + huge_page - 1) / huge_page * huge_page;
  void* data = std::aligned_alloc(huge_page, rounded);
  if (data == nullptr) throw std::bad_alloc();
  madvise(data, rounded, MADV_HUGEPAGE);
  return data;
}

/// An uninitialised C-contiguous array of `shape` for a kernel to fill.
template <class T>
pybind11::array_t<T> output_array(const std::vector<pybind11::ssize_t>& shape) {
  std::size_t count = 1;
  for (const auto extent : shape) count *= static_cast<std::size_t>(extent);
  const std::size_t bytes = count * sizeof(T);
  if (!wants_huge_pages(bytes)) return pybind11::array_t<T>(shape);
  void* data = allocate_on_huge_pages(bytes);
  pybind11::capsule owner(data, [](void* p) { std::free(p); });
  return pybind11::array_t<T>(shape, static_cast<T*>(data), owner);
}

template <class T>
pybind11::array_t<T> output_array(pybind11::ssize_t rows) {
  return output_array<T>(std::vector<pybind11::ssize_t>{rows});
}

} // namespace zhibiao::python
