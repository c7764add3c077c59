#pragma once
// Internal: a flat hash index from text to its position in a column the caller owns (org-unit
// codes). A std::map of 167,000 codes took ~30 ms to build and a cache miss per tree level to
// search; this index is one array of 8-byte slots, probed linearly, and compares text only when
// 32 bits of the hash already agree.
//
//     detail::TextIndex index;
//     index.reserve(codes.size());
//     const auto at = [&](std::size_t i) { return std::string_view(codes[i]); };
//     std::size_t first = index.insert(codes[i], i, at);   // == i, or the earlier position
//     std::size_t j = index.find("F12", at);                // or detail::TextIndex::npos

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace zhibiao::detail {

/// A 64-bit hash of the bytes of `text`: eight bytes at a time, each folded in with a multiply
/// and a shift so that every input bit reaches the high bits the index uses.
inline std::uint64_t hash_text(std::string_view text) noexcept {
  constexpr std::uint64_t k = 0x9E3779B97F4A7C15ull; // 2^64 / golden ratio: odd, bits well spread
  std::uint64_t h = 0x6A09E667F3BCC909ull ^ (text.size() * k);
  const char* p = text.data();
  std::size_t n = text.size();
  const auto fold = [&](std::uint64_t word) {
    h = (h ^ word) * k;
    h ^= h >> 29;
  };
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    fold(word);
  }
  if (n > 0) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, n);
    fold(word);
  }
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 31);
}

/// a == b, inlined: codes are short, and a call to memcmp per row cost more than comparing.
inline bool same_text(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  std::size_t n = a.size();
  for (; n >= 8; n -= 8, p += 8, q += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, p, 8);
    std::memcpy(&y, q, 8);
    if (x != y) return false;
  }
  for (; n > 0; --n)
    if (*p++ != *q++) return false;
  return true;
}

class TextIndex {
public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  /// Room for `n` entries without growing (only before the first insert; later it does nothing).
  void reserve(std::size_t n) {
    if (count_ != 0) return;
    std::size_t cap = 16;
    while (cap * 2 < n * 3 + 3) cap *= 2; // load ≤ 2/3: short linear probes
    if (cap > slots_.size()) {
      slots_.assign(cap, 0);
      mask_ = cap - 1;
    }
  }

  std::size_t size() const noexcept { return count_; }

  /// Inserts text → position unless the text is present; returns the position the text has
  /// afterwards (the earlier one for a repeat). `text_at(i)` gives the text at position i.
  template <class TextAt>
  std::size_t insert(std::string_view text, std::size_t position, const TextAt& text_at) {
    return insert(text, hash_text(text), position, text_at);
  }
  /// The same with the text's hash_text already computed.
  template <class TextAt>
  std::size_t insert(std::string_view text, std::uint64_t h, std::size_t position,
                     const TextAt& text_at) {
    if (position >= max_positions) throw std::length_error("TextIndex: a position beyond 2^32 - 2");
    if ((count_ + 1) * 3 > slots_.size() * 2) grow(text_at);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t s = h & mask_;; s = (s + 1) & mask_) {
      const std::uint64_t slot = slots_[s];
      if (slot == 0) {
        slots_[s] = (std::uint64_t{tag} << 32) | (position + 1);
        ++count_;
        return position;
      }
      if (static_cast<std::uint32_t>(slot >> 32) == tag) {
        const std::size_t at = static_cast<std::uint32_t>(slot) - 1;
        if (same_text(text_at(at), text)) return at;
      }
    }
  }

  /// Asks the processor to fetch the slot where a text with hash `h` is placed: building an
  /// index of 10^5 codes waits mostly on those cache misses, which prefetching a few texts
  /// ahead overlaps.
  void prefetch(std::uint64_t h) const noexcept {
#if defined(__GNUC__)
    if (!slots_.empty()) __builtin_prefetch(slots_.data() + (h & mask_), 1);
#else
    (void)h;
#endif
  }

  /// The position of `text`, or npos.
  template <class TextAt>
  std::size_t find(std::string_view text, const TextAt& text_at) const {
    if (count_ == 0) return npos;
    const std::uint64_t h = hash_text(text);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t s = h & mask_;; s = (s + 1) & mask_) {
      const std::uint64_t slot = slots_[s];
      if (slot == 0) return npos;
      if (static_cast<std::uint32_t>(slot >> 32) == tag) {
        const std::size_t at = static_cast<std::uint32_t>(slot) - 1;
        if (same_text(text_at(at), text)) return at;
      }
    }
  }

private:
  static constexpr std::size_t max_positions = 0xFFFFFFFEull;
  // A slot: the hash's high 32 bits (the tag) above position + 1; 0 is an empty slot.
  std::vector<std::uint64_t> slots_;
  std::size_t mask_ = 0, count_ = 0;

  template <class TextAt>
  void grow(const TextAt& text_at) {
    std::vector<std::uint64_t> old = std::move(slots_);
    const std::size_t cap = old.empty() ? 16 : old.size() * 2;
    slots_.assign(cap, 0);
    mask_ = cap - 1;
    for (std::uint64_t slot : old)
      if (slot != 0) place(hash_text(text_at(static_cast<std::uint32_t>(slot) - 1)), slot);
  }
  void place(std::uint64_t h, std::uint64_t slot) {
    std::size_t s = h & mask_;
    while (slots_[s] != 0) s = (s + 1) & mask_;
    slots_[s] = (slot & 0xFFFFFFFFull) | ((h >> 32) << 32);
  }
};

} // namespace zhibiao::detail
