#pragma once
/// \file column_eigen.hpp
/// The Eigen side of Column and Matrix (column.hpp): `.array()` views and construction or
/// assignment from Eigen expressions.
///
///     #include <zhibiao/column_eigen.hpp>
///     zhibiao::Column<double> c = x / n;       // an Eigen expression, evaluated into the column
///     double mean = c.array().mean();          // an Eigen map of the column's own memory
///
/// Kept apart from column.hpp so that a header whose results are columns but whose inputs are
/// not Eigen arrays (cube.hpp, evaluation.hpp, assessment.hpp) does not make every includer
/// compile Eigen's Core (issue 21, item 7). Every header taking Eigen inputs includes this one.
///
/// Thread safety: views only read or write the column they map, under Column's own rules.

#include "zhibiao/column.hpp"
#include "zhibiao/export.hpp"

#include <Eigen/Core>

#include <stdexcept>
#include <vector>

namespace ZHIBIAO_API zhibiao {

/// Column<T>::array(): a map of the column's elements.
template <class T>
Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>> eigen_view(Column<T>& column) noexcept {
  return {column.data(), static_cast<Eigen::Index>(column.size())};
}
template <class T>
Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>> eigen_view(const Column<T>& column) noexcept {
  return {column.data(), static_cast<Eigen::Index>(column.size())};
}

namespace detail {
template <class T, StorageOrder Order>
using MatrixArray =
    Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic,
                 Order == StorageOrder::row_major ? Eigen::RowMajor : Eigen::ColMajor>;
} // namespace detail

/// Matrix<T, Order>::array(): a map in the matrix's storage order.
template <class T, StorageOrder Order>
Eigen::Map<detail::MatrixArray<T, Order>> eigen_view(Matrix<T, Order>& matrix) noexcept {
  return {matrix.data(), static_cast<Eigen::Index>(matrix.rows()),
          static_cast<Eigen::Index>(matrix.cols())};
}
template <class T, StorageOrder Order>
Eigen::Map<const detail::MatrixArray<T, Order>>
eigen_view(const Matrix<T, Order>& matrix) noexcept {
  return {matrix.data(), static_cast<Eigen::Index>(matrix.rows()),
          static_cast<Eigen::Index>(matrix.cols())};
}

/// A column from a one-dimensional Eigen expression (a column or a row); evaluated first, so the
/// expression may read the column itself. Throws std::invalid_argument for a two-dimensional one.
template <class T, class Derived>
void assign_eigen(Column<T>& column, const Eigen::DenseBase<Derived>& expression) {
  static_assert(Derived::ColsAtCompileTime == 1 || Derived::RowsAtCompileTime == 1 ||
                    Derived::ColsAtCompileTime == Eigen::Dynamic,
                "a Column takes a one-dimensional expression");
  if (expression.rows() != 1 && expression.cols() != 1 && expression.size() != 0)
    throw std::invalid_argument("zhibiao::Column: a two-dimensional expression");
  const Eigen::Array<T, Eigen::Dynamic, 1> evaluated = expression.derived().reshaped();
  column = Column<T>(std::vector<T>(evaluated.data(), evaluated.data() + evaluated.size()));
}

/// A matrix from an Eigen expression, evaluated in the matrix's storage order first.
template <class T, StorageOrder Order, class Derived>
void assign_eigen(Matrix<T, Order>& matrix, const Eigen::DenseBase<Derived>& expression) {
  const detail::MatrixArray<T, Order> evaluated = expression.derived();
  matrix = Matrix<T, Order>(static_cast<std::size_t>(evaluated.rows()),
                            static_cast<std::size_t>(evaluated.cols()),
                            std::vector<T>(evaluated.data(), evaluated.data() + evaluated.size()));
}

} // namespace zhibiao
