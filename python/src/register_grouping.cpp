// Group keys read in C++: a column of Python str factorized by one hash table, and the stable
// order that puts each group's rows together. They replace pandas' factorize (StringHashTable:
// a UTF-8 view and a C-string hash per row), the sort of its uniques by Python comparisons and
// a comparison argsort of the codes, which together cost most of a DSR on 1.9 million shuffled
// rows with text keys (issue 16). Results are the same as pandas': codes in order of first
// appearance, or of the sorted keys, and the uniques are the input's own str objects.
#include "binding_helpers.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/detail/parallel.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

// The canonical storage of a str (PEP 393): the smallest of 1, 2 or 4 bytes a code point that
// holds every one of its code points. Equal strings have the same kind and the same bytes.
struct Text {
  const unsigned char* data;
  std::size_t length; // code points
  int kind;
  std::size_t bytes() const { return length * static_cast<std::size_t>(kind); }
};

Text text_of(PyObject* s) {
  return {static_cast<const unsigned char*>(PyUnicode_DATA(s)),
          static_cast<std::size_t>(PyUnicode_GET_LENGTH(s)), static_cast<int>(PyUnicode_KIND(s))};
}

std::uint64_t load(const unsigned char* p, std::size_t n) {
  std::uint64_t v = 0;
  std::memcpy(&v, p, n);
  return v;
}

// A multiply–xorshift hash of the bytes, 8 at a time: the keys are short codes ("A000042"), for
// which one or two rounds suffice; the length and kind are mixed in so that "a" and "a\0" differ.
// A product carries a byte's difference only to higher bits, so each round and the end fold the
// high half down (MurmurHash3's 64-bit finaliser at the end): the table indexes by the low bits.
std::uint64_t hash_of(const Text& t) {
  constexpr std::uint64_t k = 0x9E3779B97F4A7C15ull;
  const std::size_t n = t.bytes();
  std::uint64_t h = (static_cast<std::uint64_t>(n) << 2 | static_cast<std::uint64_t>(t.kind)) * k;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    h = (h ^ load(t.data + i, 8)) * k;
    h ^= h >> 32;
  }
  if (i < n) {
    h = (h ^ load(t.data + i, n - i)) * k;
    h ^= h >> 32;
  }
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 33);
}

bool same_text(const Text& a, const Text& b) {
  return a.kind == b.kind && a.length == b.length && std::memcmp(a.data, b.data, a.bytes()) == 0;
}

// Python's order of str: code point by code point, a prefix first.
bool text_less(const Text& a, const Text& b) {
  const std::size_t n = std::min(a.length, b.length);
  if (a.kind == 1 && b.kind == 1) {
    const int c = std::memcmp(a.data, b.data, n);
    if (c != 0) return c < 0;
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      const Py_UCS4 x = PyUnicode_READ(a.kind, a.data, i), y = PyUnicode_READ(b.kind, b.data, i);
      if (x != y) return x < y;
    }
  }
  return a.length < b.length;
}

// Open addressing, linear probing, at most half full. A slot holds what decides most lookups
// without leaving it: the key's first 8 bytes (zero-padded), its byte length and kind, 16 bits
// of its hash and its code + 1 (0: empty). A key of at most 8 bytes is then matched by the slot
// alone (one cache miss a row, where a table of codes would add the unique's hash and text);
// a longer one is compared in full when the slot's prefix, length and hash bits agree.
class TextTable {
  struct Slot {
    std::uint64_t prefix;
    std::uint32_t code_plus_one;
    std::uint16_t tag;
    std::uint8_t bytes; // 255: 255 bytes or more
    std::uint8_t kind;
  };
  static_assert(sizeof(Slot) == 16);

public:
  TextTable() : slots_(1024, Slot{}), mask_(1023) {}

  std::int64_t code(PyObject* s) {
    const Text t = text_of(s);
    const std::uint64_t h = hash_of(t);
    const std::size_t n = t.bytes();
    const Slot key{load(t.data, std::min<std::size_t>(n, 8)), 0,
                   static_cast<std::uint16_t>(h >> 48),
                   static_cast<std::uint8_t>(std::min<std::size_t>(n, 255)),
                   static_cast<std::uint8_t>(t.kind)};
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.code_plus_one == 0) {
        const auto c = static_cast<std::uint32_t>(uniques_.size());
        slots_[i] = key;
        slots_[i].code_plus_one = c + 1;
        uniques_.push_back(s);
        texts_.push_back(t);
        hashes_.push_back(h);
        if (2 * uniques_.size() > slots_.size()) grow();
        return c;
      }
      if (slot.prefix == key.prefix && slot.tag == key.tag && slot.bytes == key.bytes &&
          slot.kind == key.kind && (n <= 8 || same_text(texts_[slot.code_plus_one - 1], t)))
        return slot.code_plus_one - 1;
    }
  }

  // Starts loading the slot where `s` will be looked up: a table of 10^5 keys (4 MB) is out of
  // the core's cache, and a shuffled column's lookups, one after another, each waited out a
  // cache miss (about 90 ns a row, most of a factorisation; issue 16). Issued some rows ahead,
  // the misses overlap. A hint only: a table that grows meanwhile is looked up as usual.
  void prefetch(PyObject* s) const {
    const Text t = text_of(s);
    __builtin_prefetch(&slots_[hash_of(t) & mask_]);
  }

  // Whether lookups miss the core's cache (past 256 KiB of slots): below that, a prefetch only
  // hashes every key twice (19 band labels on 1.9 million rows: 0.03 s more CPU time).
  bool large() const { return slots_.size() >= (std::size_t{1} << 14); }

  const std::vector<PyObject*>& uniques() const { return uniques_; }
  const std::vector<Text>& texts() const { return texts_; }

private:
  void grow() {
    std::vector<Slot> bigger(slots_.size() * 2, Slot{});
    const std::size_t mask = bigger.size() - 1;
    for (const Slot& slot : slots_) {
      if (slot.code_plus_one == 0) continue;
      std::size_t i = hashes_[slot.code_plus_one - 1] & mask;
      while (bigger[i].code_plus_one != 0) i = (i + 1) & mask;
      bigger[i] = slot;
    }
    slots_.swap(bigger);
    mask_ = mask;
  }

  std::vector<Slot> slots_;
  std::size_t mask_;
  std::vector<PyObject*> uniques_;
  std::vector<Text> texts_;
  std::vector<std::uint64_t> hashes_; // by code, for growing
};

// Codes for rows [begin, end) in order of first appearance within them; false at a row that is
// not exactly a str. Reads the str objects' fields only (no reference counts, no allocation by
// Python): the caller holds the GIL for the whole call, so nothing can change or free them
// while the ranges run on other threads.
bool code_range(PyObject* const* cells, std::size_t begin, std::size_t end, std::int64_t* out,
                TextTable& table) {
  PyObject* previous = nullptr;
  std::int64_t previous_code = -1;
  // Rows ahead whose slot is requested before their lookup: enough misses in flight to cover a
  // miss's latency, few enough that the slots are still cached when their rows come.
  constexpr std::size_t ahead = 16;
  for (std::size_t i = begin; i < end; ++i) {
    if (i + ahead < end && table.large()) {
      PyObject* later = cells[i + ahead];
      // Only an exact, ready str is read (a row that is not stops the loop when it is reached).
      if (later != nullptr && later != cells[i + ahead - 1] && PyUnicode_CheckExact(later) &&
          PyUnicode_IS_READY(later))
        table.prefetch(later);
    }
    PyObject* s = cells[i];
    if (s == previous) { // the same object as the row before (a repeated label): no hashing
      out[i] = previous_code;
      continue;
    }
    if (s == nullptr || !PyUnicode_CheckExact(s) || !PyUnicode_IS_READY(s)) return false;
    previous = s;
    previous_code = out[i] = table.code(s);
  }
  return true;
}

// The distinct keys' order as Python sorts str: by the first 8 bytes read big-endian when every
// key is 1 byte a code point (that order is the texts' order wherever the prefixes differ), the
// texts compared in full where they tie.
std::vector<std::uint32_t> sorted_order(const std::vector<Text>& texts) {
  const std::size_t distinct = texts.size();
  std::vector<std::uint32_t> order(distinct);
  std::iota(order.begin(), order.end(), 0u);
  const bool narrow =
      std::all_of(texts.begin(), texts.end(), [](const Text& t) { return t.kind == 1; });
  if (!narrow) {
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return text_less(texts[a], texts[b]); });
    return order;
  }
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(distinct);
  for (std::uint32_t c = 0; c < distinct; ++c) {
    unsigned char bytes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::memcpy(bytes, texts[c].data, std::min<std::size_t>(texts[c].length, 8));
    std::uint64_t prefix = 0;
    for (unsigned char byte : bytes) prefix = prefix << 8 | byte;
    keyed[c] = {prefix, c};
  }
  std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return text_less(texts[a.second], texts[b.second]);
  });
  for (std::size_t r = 0; r < distinct; ++r) order[r] = keyed[r].second;
  return order;
}

// (codes int64, uniques object array) of a 1-D object array whose every element is exactly a
// str, as pd.factorize gives them (codes in order of first appearance) or, with sort, as a
// sorted groupby numbers its groups (codes in the keys' order). None for anything else (a
// missing value, a number, a str subclass, a strided array): the caller asks pandas then.
// Large columns are split between the cores: each range codes its rows with its own table, the
// ranges' keys are then entered into the first range's table in range order (which keeps the
// order of first appearance over the whole column) and every row's code is mapped once.
py::object factorize_text(const py::array& values, bool sort) {
  if (values.ndim() != 1 || values.dtype().kind() != 'O' ||
      !(values.flags() & py::array::c_style) || values.size() >= (py::ssize_t{1} << 31))
    return py::none();
  const auto rows = static_cast<std::size_t>(values.size());
  auto* const* cells = static_cast<PyObject* const*>(values.data());
  py::array_t<std::int64_t> codes(static_cast<py::ssize_t>(rows));
  std::int64_t* out = codes.mutable_data();
  struct Range {
    std::size_t begin, end;
    TextTable table;
    bool ok;
  };
  std::vector<std::unique_ptr<Range>> ranges;
  std::mutex ranges_lock;
  detail::parallel_for(rows, std::size_t{1} << 17, [&](std::size_t begin, std::size_t end) {
    auto range = std::make_unique<Range>();
    range->begin = begin;
    range->end = end;
    range->ok = code_range(cells, begin, end, out, range->table);
    const std::lock_guard<std::mutex> hold(ranges_lock);
    ranges.push_back(std::move(range));
  });
  std::sort(ranges.begin(), ranges.end(),
            [](const auto& a, const auto& b) { return a->begin < b->begin; });
  for (const auto& r : ranges)
    if (!r->ok) return py::none();
  TextTable empty;
  TextTable& table = ranges.empty() ? empty : ranges.front()->table;
  // local code -> code of the whole column, for every range after the first
  std::vector<std::vector<std::int64_t>> global(ranges.size());
  for (std::size_t k = 1; k < ranges.size(); ++k)
    for (PyObject* s : ranges[k]->table.uniques()) global[k].push_back(table.code(s));
  const auto& uniques = table.uniques();
  const std::size_t distinct = uniques.size();
  std::vector<std::uint32_t> order(distinct);
  std::iota(order.begin(), order.end(), 0u);
  std::vector<std::int64_t> rank;
  if (sort) {
    order = sorted_order(table.texts());
    rank.resize(distinct);
    for (std::size_t r = 0; r < distinct; ++r) rank[order[r]] = static_cast<std::int64_t>(r);
    for (auto& g : global)
      for (auto& c : g) c = rank[static_cast<std::size_t>(c)];
    if (!ranges.empty()) { // the first range's codes are the whole column's: ranked only
      global[0] = rank;
    }
  }
  detail::parallel_for(ranges.size(), 1, [&](std::size_t first, std::size_t last) {
    for (std::size_t k = first; k < last; ++k) {
      const auto& map = global[k];
      if (map.empty()) continue; // the first range unsorted: its codes stand
      for (std::size_t i = ranges[k]->begin; i < ranges[k]->end; ++i)
        out[i] = map[static_cast<std::size_t>(out[i])];
    }
  });
  py::array keys(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(distinct)});
  auto** key_cells = static_cast<PyObject**>(keys.mutable_data());
  for (std::size_t r = 0; r < distinct; ++r) {
    PyObject* s = uniques[order[r]];
    Py_INCREF(s);
    Py_XDECREF(key_cells[r]); // NumPy leaves a new object array's cells empty (or None)
    key_cells[r] = s;
  }
  return py::make_tuple(codes, keys);
}

// (positions, counts): the rows of each group together, groups in code order, rows in their
// input order within a group (a stable counting sort: what np.argsort(codes, kind="stable")
// gives), and the rows of each group. Codes must be in [0, groups). With `minor` (codes in
// [0, minor_groups)), the rows of a group are ordered by minor code first, then by input order:
// np.lexsort((minor, codes)). The DSR passes each row's age band there, so that each group's
// bands come in the standard's order, the layout its kernel reads as it is (issue 16: putting
// them in order band by band inside every group cost more than all the rest of a DSR).
py::tuple group_order(const py::array_t<std::int64_t, py::array::c_style>& codes,
                      std::int64_t groups,
                      std::optional<py::array_t<std::int64_t, py::array::c_style>> minor,
                      std::int64_t minor_groups) {
  require_one_dimensional(codes, "codes");
  if (groups < 0) throw invalid_input("groups", "must not be negative");
  const auto rows = static_cast<std::size_t>(codes.size());
  if (minor) {
    require_one_dimensional(*minor, "minor");
    if (static_cast<std::size_t>(minor->size()) != rows)
      throw invalid_input("minor", "must have one code per row of codes");
    if (minor_groups < 0) throw invalid_input("minor_groups", "must not be negative");
  }
  const std::int64_t* c = codes.data();
  const std::int64_t* m = minor ? minor->data() : nullptr;
  py::array_t<std::int64_t> counts(static_cast<py::ssize_t>(groups));
  py::array_t<std::int64_t> positions(static_cast<py::ssize_t>(rows));
  std::int64_t* count = counts.mutable_data();
  std::int64_t* pos = positions.mutable_data();
  bool in_range = true, minor_in_range = true;
  // The rows to place, in the order they are placed (identity, or by minor code), and their codes.
  std::vector<std::int64_t> by_minor, minor_codes;
  {
    py::gil_scoped_release release; // the arrays this frame holds and made
    std::fill(count, count + groups, 0);
    for (std::size_t i = 0; i < rows; ++i) {
      if (c[i] < 0 || c[i] >= groups) {
        in_range = false;
        break;
      }
      ++count[c[i]];
    }
    if (in_range && m != nullptr) {
      // First pass: the rows stably by minor code, each with its group code beside it, so that
      // the second pass reads both in order.
      std::vector<std::int64_t> next(static_cast<std::size_t>(minor_groups) + 1, 0);
      for (std::size_t i = 0; i < rows && minor_in_range; ++i) {
        minor_in_range = m[i] >= 0 && m[i] < minor_groups;
        if (minor_in_range) ++next[static_cast<std::size_t>(m[i]) + 1];
      }
      if (minor_in_range) {
        for (std::size_t k = 1; k < next.size(); ++k) next[k] += next[k - 1];
        by_minor.resize(rows);
        minor_codes.resize(rows);
        for (std::size_t i = 0; i < rows; ++i) {
          const auto slot = static_cast<std::size_t>(next[static_cast<std::size_t>(m[i])]++);
          by_minor[slot] = static_cast<std::int64_t>(i);
          minor_codes[slot] = c[i];
        }
      }
    }
    if (in_range && minor_in_range) {
      std::vector<std::int64_t> next(static_cast<std::size_t>(groups));
      std::int64_t start = 0;
      for (std::int64_t g = 0; g < groups; ++g) {
        next[static_cast<std::size_t>(g)] = start;
        start += count[g];
      }
      if (m == nullptr) {
        for (std::size_t i = 0; i < rows; ++i)
          pos[next[static_cast<std::size_t>(c[i])]++] = static_cast<std::int64_t>(i);
      } else {
        for (std::size_t k = 0; k < rows; ++k)
          pos[next[static_cast<std::size_t>(minor_codes[k])]++] = by_minor[k];
      }
    }
  }
  if (!in_range) throw invalid_input("codes", "a code outside [0, groups)");
  if (!minor_in_range) throw invalid_input("minor", "a code outside [0, minor_groups)");
  return py::make_tuple(positions, counts);
}

} // namespace

void register_grouping(py::module_& m) {
  m.def("_factorize_text", &factorize_text, py::arg("values"), py::arg("sort") = false,
        "(codes, uniques) of an object array of str, as pandas.factorize (or a sorted groupby) "
        "numbers them; None unless every element is exactly a str.");
  m.def("_group_order", &group_order, py::arg("codes"), py::arg("groups"),
        py::arg("minor") = py::none(), py::arg("minor_groups") = 0,
        "(positions, counts): the stable order that puts each group's rows together (by minor "
        "code inside a group, when given).");
}

} // namespace zhibiao::python
