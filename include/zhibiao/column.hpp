#pragma once
/// \file column.hpp
/// Result columns and matrices whose storage the library owns.
///
///     zhibiao::IntervalArray r = zhibiao::proportion_intervals(x, n, {0.95});
///     r.value[0];                         // element access
///     std::span<const double> v = r.value; // a view, no copy
///     double total = r.value.array().sum(); // Eigen arithmetic on a view (column_eigen.hpp)
///
/// Why not Eigen arrays in results (issue 21, item 1): Eigen decides how it allocates from the
/// compiler flags of each translation unit. Built without AVX, its largest alignment is 16
/// bytes, which glibc's malloc already gives, so it calls malloc and free directly; built with
/// `-mavx`, `-march=native` or the like it wants 32 bytes and uses its own scheme, which stores
/// an offset before the block and frees `block - offset`. An Eigen array allocated inside
/// libzhibiao and destroyed in a consumer compiled with other flags was freed with the other
/// scheme: `free(0x21)`, a crash. Column and Matrix keep their elements in a std::vector, whose
/// allocation (operator new and delete) does not depend on such flags, and give Eigen maps and
/// std::span as views for arithmetic and interop without copying.
///
/// Both are regular value types (copyable, movable, comparable with ==). Element access is
/// unchecked like std::vector's operator[]; `at()` checks.
///
/// This header does not include Eigen: Eigen's Core costs every translation unit that includes
/// it about a second (benchmarks/compile_time.py; issue 21, item 7). The Eigen side, `.array()`
/// and construction or assignment from an Eigen expression, is in zhibiao/column_eigen.hpp, which
/// every header with Eigen inputs includes; a file that reads cube.hpp or evaluation.hpp results
/// and wants `.array()` includes it itself. (The members call eigen_view and assign_eigen, found
/// by argument-dependent lookup where a member is used.)
///
/// Thread safety: as std::vector: concurrent const access (reads, views, spans) to one Column or
/// Matrix is safe; writing to one while another thread reads or writes it is not. Distinct objects
/// are independent.

#include "zhibiao/export.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

namespace ZHIBIAO_API zhibiao {

namespace detail {
/// An Eigen expression (array, matrix, map, product …), recognised by its shape constants and
/// derived() without including Eigen.
template <class E>
concept EigenExpression = requires(const E& e) {
  E::RowsAtCompileTime;
  E::ColsAtCompileTime;
  typename E::Scalar;
  e.derived();
  e.rows();
  e.cols();
};
} // namespace detail

/// One column of results: a value, a limit or a status code per row. For an enum T (the status
/// columns) `codes()` gives the codes as their underlying integers, as the Python binding sees
/// them.
template <class T>
class Column {
public:
  using value_type = T;
  using size_type = std::size_t;
  using iterator = typename std::vector<T>::iterator;
  using const_iterator = typename std::vector<T>::const_iterator;

  Column() = default;
  /// `size` elements, each `fill`.
  explicit Column(size_type size, const T& fill = T{}) : values_(size, fill) {}
  Column(std::initializer_list<T> values) : values_(values) {}
  explicit Column(std::vector<T> values) noexcept : values_(std::move(values)) {}
  explicit Column(std::span<const T> values) : values_(values.begin(), values.end()) {}
  /// Evaluates an Eigen expression (a column vector or array) into library-owned storage
  /// (column_eigen.hpp).
  template <detail::EigenExpression E>
  requires std::is_arithmetic_v<T> Column(const E& expression) { // NOLINT: implicit, as Eigen's own
    assign_eigen(*this, expression);
  }
  template <detail::EigenExpression E>
  requires std::is_arithmetic_v<T> Column& operator=(const E& expression) {
    assign_eigen(*this, expression);
    return *this;
  }

  size_type size() const noexcept { return values_.size(); }
  bool empty() const noexcept { return values_.empty(); }
  T* data() noexcept { return values_.data(); }
  const T* data() const noexcept { return values_.data(); }
  T& operator[](size_type i) noexcept { return values_[i]; }
  const T& operator[](size_type i) const noexcept { return values_[i]; }
  T& at(size_type i) { return values_.at(i); }
  const T& at(size_type i) const { return values_.at(i); }
  iterator begin() noexcept { return values_.begin(); }
  iterator end() noexcept { return values_.end(); }
  const_iterator begin() const noexcept { return values_.begin(); }
  const_iterator end() const noexcept { return values_.end(); }

  void resize(size_type size) { values_.resize(size); }
  void resize(size_type size, const T& fill) { values_.assign(size, fill); }
  /// Every element set to `value`, the size kept.
  void fill(const T& value) { std::fill(values_.begin(), values_.end(), value); }

  std::span<T> span() noexcept { return values_; }
  std::span<const T> span() const noexcept { return values_; }
  operator std::span<const T>() const noexcept { return values_; } // NOLINT: a view, as vector's

  /// An Eigen view of the elements (arithmetic types only; column_eigen.hpp), valid while the
  /// column lives and is not resized.
  auto array() noexcept requires std::is_arithmetic_v<T> { return eigen_view(*this); }
  auto array() const noexcept requires std::is_arithmetic_v<T> { return eigen_view(*this); }

  /// The codes of an enum column as their underlying integers (the layout is the same).
  auto codes() const noexcept requires std::is_enum_v<T> {
    using Code = std::underlying_type_t<T>;
    return std::span<const Code>(reinterpret_cast<const Code*>(values_.data()), values_.size());
  }

  const std::vector<T>& values() const& noexcept { return values_; }
  /// The storage, moved out (the column is left empty): no copy into a std::vector.
  std::vector<T> release() && noexcept { return std::move(values_); }

  friend bool operator==(const Column&, const Column&) = default;
  /// Comparing with an Eigen expression would convert it to a Column and give one bool; compare
  /// `column.array()` with it for Eigen's element-wise comparison.
  template <detail::EigenExpression E>
  friend bool operator==(const Column&, const E&) = delete;
  template <detail::EigenExpression E>
  friend bool operator==(const E&, const Column&) = delete;

private:
  std::vector<T> values_;
};

/// How a Matrix lays out its elements: column after column (the default, as Eigen's and
/// Fortran's) or row after row (NumPy's C order, used for units × months series).
enum class StorageOrder : std::uint8_t { column_major = 0, row_major = 1 };

/// A rows × columns block of results (e.g. rows × confidence levels of lower limits), stored
/// contiguously in `Order`.
template <class T, StorageOrder Order = StorageOrder::column_major>
class Matrix {
public:
  using value_type = T;
  using size_type = std::size_t;
  static constexpr StorageOrder order = Order;

  Matrix() = default;
  Matrix(size_type rows, size_type cols, const T& fill = T{})
      : rows_(rows), cols_(cols), values_(rows * cols, fill) {}
  /// rows × cols elements already in `Order`; throws std::invalid_argument when `values` does
  /// not hold rows × cols of them.
  Matrix(size_type rows, size_type cols, std::vector<T> values)
      : rows_(rows), cols_(cols), values_(std::move(values)) {
    if (values_.size() != rows * cols)
      throw std::invalid_argument("zhibiao::Matrix: the values are not rows × cols");
  }
  /// Evaluates an Eigen expression into library-owned storage (column_eigen.hpp).
  template <detail::EigenExpression E>
  requires std::is_arithmetic_v<T> Matrix(const E& expression) { // NOLINT: implicit, as Eigen's own
    assign_eigen(*this, expression);
  }
  template <detail::EigenExpression E>
  requires std::is_arithmetic_v<T> Matrix& operator=(const E& expression) {
    assign_eigen(*this, expression);
    return *this;
  }

  size_type rows() const noexcept { return rows_; }
  size_type cols() const noexcept { return cols_; }
  size_type size() const noexcept { return values_.size(); }
  bool empty() const noexcept { return values_.empty(); }
  T* data() noexcept { return values_.data(); }
  const T* data() const noexcept { return values_.data(); }
  T& operator()(size_type row, size_type col) noexcept { return values_[offset(row, col)]; }
  const T& operator()(size_type row, size_type col) const noexcept {
    return values_[offset(row, col)];
  }
  T& at(size_type row, size_type col) {
    check(row, col);
    return values_[offset(row, col)];
  }
  const T& at(size_type row, size_type col) const {
    check(row, col);
    return values_[offset(row, col)];
  }

  /// All rows × cols elements set to `fill`.
  void resize(size_type rows, size_type cols, const T& fill = T{}) {
    rows_ = rows;
    cols_ = cols;
    values_.assign(rows * cols, fill);
  }
  void fill(const T& value) { std::fill(values_.begin(), values_.end(), value); }

  /// One column as a contiguous view (column-major matrices only).
  std::span<const T> col(size_type c) const noexcept requires(Order == StorageOrder::column_major) {
    return std::span<const T>(values_.data() + c * rows_, rows_);
  }
  std::span<T> col(size_type c) noexcept requires(Order == StorageOrder::column_major) {
    return std::span<T>(values_.data() + c * rows_, rows_);
  }
  /// One row as a contiguous view (row-major matrices only).
  std::span<const T> row(size_type r) const noexcept requires(Order == StorageOrder::row_major) {
    return std::span<const T>(values_.data() + r * cols_, cols_);
  }
  std::span<T> row(size_type r) noexcept requires(Order == StorageOrder::row_major) {
    return std::span<T>(values_.data() + r * cols_, cols_);
  }

  /// An Eigen view (arithmetic types only; column_eigen.hpp), valid while the matrix lives and
  /// is not resized.
  auto array() noexcept requires std::is_arithmetic_v<T> { return eigen_view(*this); }
  auto array() const noexcept requires std::is_arithmetic_v<T> { return eigen_view(*this); }

  const std::vector<T>& values() const& noexcept { return values_; }
  std::vector<T> release() && noexcept {
    rows_ = cols_ = 0;
    return std::move(values_);
  }

  friend bool operator==(const Matrix&, const Matrix&) = default;
  /// As for Column: compare `matrix.array()` with an Eigen expression.
  template <detail::EigenExpression E>
  friend bool operator==(const Matrix&, const E&) = delete;
  template <detail::EigenExpression E>
  friend bool operator==(const E&, const Matrix&) = delete;

private:
  size_type offset(size_type row, size_type col) const noexcept {
    return Order == StorageOrder::row_major ? row * cols_ + col : col * rows_ + row;
  }
  void check(size_type row, size_type col) const {
    if (row >= rows_ || col >= cols_) throw std::out_of_range("zhibiao::Matrix::at");
  }
  size_type rows_ = 0;
  size_type cols_ = 0;
  std::vector<T> values_;
};

} // namespace zhibiao
