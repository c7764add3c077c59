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
//
// Even on huge pages the operating system zeroes every fresh page, which costs as much as
// writing the output a second time (Wilson, 10^7 rows: 45 % of the call's CPU time in the
// kernel's clear_page, issue 16). So a freed output is not returned to the system at once: up
// to output_cache_blocks of them, output_cache_limit bytes in all, are kept and handed to the
// next output of about the same size, as general-purpose allocators keep freed memory
// (jemalloc's retained extents). The memory stays mapped until it is reused or
// zb.release_memory() frees it; every kernel writes all of its output, so reused contents
// are never read.

#include <pybind11/numpy.h>

#include <cstddef>
#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

#include <sys/mman.h>

namespace zhibiao::python {

constexpr std::size_t huge_page = std::size_t{2} << 20;

/// Below a few huge pages NumPy's own allocation is as good and wastes nothing.
constexpr bool wants_huge_pages(std::size_t bytes) { return bytes >= 2 * huge_page; }

/// `bytes` rounded up to whole huge pages.
constexpr std::size_t huge_page_bytes(std::size_t bytes) {
  return (bytes + huge_page - 1) / huge_page * huge_page;
}

/// Freed outputs kept for reuse: at most this many, and this many bytes in all.
constexpr std::size_t output_cache_blocks = 8;
constexpr std::size_t output_cache_limit = std::size_t{256} << 20;

/// The freed huge-page outputs kept for the next ones (see the top of this file). Guarded by a
/// mutex: outputs are made and freed with the GIL held, but the C++ timing helpers may run
/// without it.
class OutputCache {
public:
  /// The one cache of the module; never destroyed, as capsules may be freed while the
  /// interpreter shuts down, after static destructors have run.
  static OutputCache& instance() {
    static auto* cache = new OutputCache;
    return *cache;
  }

  /// A kept block of `rounded` bytes up to a quarter more (the smallest), or nullptr.
  void* take(std::size_t rounded) {
    const std::lock_guard<std::mutex> hold(lock_);
    std::size_t best = blocks_.size();
    for (std::size_t k = 0; k < blocks_.size(); ++k)
      if (blocks_[k].bytes >= rounded && blocks_[k].bytes <= rounded + rounded / 4 &&
          (best == blocks_.size() || blocks_[k].bytes < blocks_[best].bytes))
        best = k;
    if (best == blocks_.size()) return nullptr;
    void* data = blocks_[best].data;
    bytes_ -= blocks_[best].bytes;
    blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(best));
    return data;
  }

  /// Keeps a freed block (the oldest kept ones freed to make room), or frees it.
  void give(void* data, std::size_t rounded) {
    const std::lock_guard<std::mutex> hold(lock_);
    if (rounded > output_cache_limit) {
      std::free(data);
      return;
    }
    while (!blocks_.empty() &&
           (blocks_.size() >= output_cache_blocks || bytes_ + rounded > output_cache_limit)) {
      std::free(blocks_.front().data);
      bytes_ -= blocks_.front().bytes;
      blocks_.erase(blocks_.begin());
    }
    blocks_.push_back({data, rounded});
    bytes_ += rounded;
  }

  /// The bytes kept.
  std::size_t bytes() const {
    const std::lock_guard<std::mutex> hold(lock_);
    return bytes_;
  }

  /// Frees every kept block.
  void release() {
    const std::lock_guard<std::mutex> hold(lock_);
    for (const Block& b : blocks_) std::free(b.data);
    blocks_.clear();
    bytes_ = 0;
  }

private:
  struct Block {
    void* data;
    std::size_t bytes;
  };
  mutable std::mutex lock_;
  std::vector<Block> blocks_; // oldest first
  std::size_t bytes_ = 0;
};

/// huge_page_bytes(bytes) on a huge-page boundary, advised as huge pages: a kept block when
/// one fits, else fresh; give it back with release_huge_pages(data, huge_page_bytes(bytes)).
inline void* allocate_on_huge_pages(std::size_t bytes) {
  const std::size_t rounded = huge_page_bytes(bytes);
  if (void* kept = OutputCache::instance().take(rounded)) return kept;
  void* data = std::aligned_alloc(huge_page, rounded);
  if (data == nullptr) throw std::bad_alloc();
  madvise(data, rounded, MADV_HUGEPAGE);
  return data;
}

/// A block of allocate_on_huge_pages back: kept for the next output, or freed.
inline void release_huge_pages(void* data, std::size_t rounded) {
  OutputCache::instance().give(data, rounded);
}

/// An uninitialised C-contiguous array of `shape` for a kernel to fill.
template <class T>
pybind11::array_t<T> output_array(const std::vector<pybind11::ssize_t>& shape) {
  std::size_t count = 1;
  for (const auto extent : shape) count *= static_cast<std::size_t>(extent);
  const std::size_t bytes = count * sizeof(T);
  if (!wants_huge_pages(bytes)) return pybind11::array_t<T>(shape);
  struct Owned {
    void* data;
    std::size_t rounded;
  };
  auto* owned = new Owned{allocate_on_huge_pages(bytes), huge_page_bytes(bytes)};
  T* data = static_cast<T*>(owned->data);
  pybind11::capsule owner(owned, [](void* p) {
    const auto* o = static_cast<Owned*>(p);
    release_huge_pages(o->data, o->rounded);
    delete o;
  });
  return pybind11::array_t<T>(shape, data, owner);
}

template <class T>
pybind11::array_t<T> output_array(pybind11::ssize_t rows) {
  return output_array<T>(std::vector<pybind11::ssize_t>{rows});
}

} // namespace zhibiao::python
