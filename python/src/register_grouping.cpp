// Group keys read in C++: a column of Python str factorized by one hash table, and the stable
// order that puts each group's rows together. They replace pandas' factorize (StringHashTable:
// a UTF-8 view and a C-string hash per row), the sort of its uniques by Python comparisons and
// a comparison argsort of the codes, which together cost most of a DSR on 1.9 million shuffled
// rows with text keys (issue 16). Results are the same as pandas': codes in order of first
// appearance, or of the sorted keys, and the uniques are the input's own str objects.
#include "binding_helpers.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>
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

// Open addressing, linear probing; a slot holds code + 1 (0: empty) and the table is at most
// half full.
class TextTable {
public:
  TextTable() : slots_(1024, 0), mask_(1023) {}

  std::int64_t code(PyObject* s) {
    const Text t = text_of(s);
    const std::uint64_t h = hash_of(t);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const std::uint32_t slot = slots_[i];
      if (slot == 0) {
        const auto c = static_cast<std::uint32_t>(uniques_.size());
        slots_[i] = c + 1;
        uniques_.push_back(s);
        texts_.push_back(t);
        hashes_.push_back(h);
        if (2 * uniques_.size() > slots_.size()) grow();
        return c;
      }
      if (hashes_[slot - 1] == h && same_text(texts_[slot - 1], t)) return slot - 1;
    }
  }

  const std::vector<PyObject*>& uniques() const { return uniques_; }
  const std::vector<Text>& texts() const { return texts_; }

private:
  void grow() {
    std::vector<std::uint32_t> bigger(slots_.size() * 2, 0);
    const std::size_t mask = bigger.size() - 1;
    for (std::size_t c = 0; c < hashes_.size(); ++c) {
      std::size_t i = hashes_[c] & mask;
      while (bigger[i] != 0) i = (i + 1) & mask;
      bigger[i] = static_cast<std::uint32_t>(c + 1);
    }
    slots_.swap(bigger);
    mask_ = mask;
  }

  std::vector<std::uint32_t> slots_;
  std::size_t mask_;
  std::vector<PyObject*> uniques_;
  std::vector<Text> texts_;
  std::vector<std::uint64_t> hashes_;
};

// (codes int64, uniques object array) of a 1-D object array whose every element is exactly a
// str, as pd.factorize gives them (codes in order of first appearance) or, with sort, as a
// sorted groupby numbers its groups (codes in the keys' order). None for anything else (a
// missing value, a number, a str subclass, a strided array): the caller asks pandas then.
py::object factorize_text(const py::array& values, bool sort) {
  if (values.ndim() != 1 || values.dtype().kind() != 'O' ||
      !(values.flags() & py::array::c_style) || values.size() >= (py::ssize_t{1} << 31))
    return py::none();
  const auto rows = static_cast<std::size_t>(values.size());
  auto* const* cells = static_cast<PyObject* const*>(values.data());
  py::array_t<std::int64_t> codes(static_cast<py::ssize_t>(rows));
  std::int64_t* out = codes.mutable_data();
  TextTable table;
  PyObject* previous = nullptr;
  std::int64_t previous_code = -1;
  for (std::size_t i = 0; i < rows; ++i) {
    PyObject* s = cells[i];
    if (s == previous) { // the same object as the row before (a repeated label): no hashing
      out[i] = previous_code;
      continue;
    }
    if (s == nullptr || !PyUnicode_CheckExact(s) || !PyUnicode_IS_READY(s)) return py::none();
    previous = s;
    previous_code = out[i] = table.code(s);
  }
  const auto& uniques = table.uniques();
  const std::size_t distinct = uniques.size();
  std::vector<std::uint32_t> order(distinct);
  std::iota(order.begin(), order.end(), 0u);
  if (sort) {
    const auto& texts = table.texts();
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return text_less(texts[a], texts[b]); });
    std::vector<std::int64_t> rank(distinct);
    for (std::size_t r = 0; r < distinct; ++r) rank[order[r]] = static_cast<std::int64_t>(r);
    for (std::size_t i = 0; i < rows; ++i) out[i] = rank[static_cast<std::size_t>(out[i])];
  }
  py::array keys(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(distinct)});
  auto** key_cells = static_cast<PyObject**>(keys.mutable_data());
  for (std::size_t r = 0; r < distinct; ++r) {
    PyObject* s = uniques[order[r]];
    Py_INCREF(s);
    Py_XDECREF(key_cells[r]); // NumPy fills a new object array with None
    key_cells[r] = s;
  }
  return py::make_tuple(codes, keys);
}

// (positions, counts): the rows of each group together, groups in code order, rows in their
// input order within a group (a stable counting sort: what np.argsort(codes, kind="stable")
// gives), and the rows of each group. Codes must be in [0, groups).
py::tuple group_order(const py::array_t<std::int64_t, py::array::c_style>& codes,
                      std::int64_t groups) {
  require_one_dimensional(codes, "codes");
  if (groups < 0) throw invalid_input("groups", "must not be negative");
  const auto rows = static_cast<std::size_t>(codes.size());
  const std::int64_t* c = codes.data();
  py::array_t<std::int64_t> counts(static_cast<py::ssize_t>(groups));
  py::array_t<std::int64_t> positions(static_cast<py::ssize_t>(rows));
  std::int64_t* count = counts.mutable_data();
  std::int64_t* pos = positions.mutable_data();
  bool in_range = true;
  {
    py::gil_scoped_release release; // the two arrays this frame holds and made
    std::fill(count, count + groups, 0);
    for (std::size_t i = 0; i < rows; ++i) {
      if (c[i] < 0 || c[i] >= groups) {
        in_range = false;
        break;
      }
      ++count[c[i]];
    }
    if (in_range) {
      std::vector<std::int64_t> next(static_cast<std::size_t>(groups));
      std::int64_t start = 0;
      for (std::int64_t g = 0; g < groups; ++g) {
        next[static_cast<std::size_t>(g)] = start;
        start += count[g];
      }
      for (std::size_t i = 0; i < rows; ++i)
        pos[next[static_cast<std::size_t>(c[i])]++] = static_cast<std::int64_t>(i);
    }
  }
  if (!in_range) throw invalid_input("codes", "a code outside [0, groups)");
  return py::make_tuple(positions, counts);
}

} // namespace

void register_grouping(py::module_& m) {
  m.def("_factorize_text", &factorize_text, py::arg("values"), py::arg("sort") = false,
        "(codes, uniques) of an object array of str, as pandas.factorize (or a sorted groupby) "
        "numbers them; None unless every element is exactly a str.");
  m.def("_group_order", &group_order, py::arg("codes"), py::arg("groups"),
        "(positions, counts): the stable order that puts each group's rows together.");
}

} // namespace zhibiao::python
