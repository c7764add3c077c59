#pragma once
/// \file sparse.hpp
/// Eigen views of the sparse roll-up matrices (OrgUnitTree::aggregation_matrix, group_matrix),
/// for callers who multiply them with their own data.
///
///     #include <zhibiao/sparse.hpp>
///     auto A = tree.aggregation_matrix(tree.units_at_level(2));
///     Eigen::VectorXd totals = zhibiao::as_eigen(A) * values; // values: one row per unit
///
/// A separate header so that org_unit.hpp and cube.hpp do not pull Eigen's SparseCore into every
/// translation unit (1.2 s of the 1.9 s a one-line file including zhibiao.hpp took; issue 21,
/// item 7). The view maps the matrix's own arrays: no copy, valid while the matrix lives.
///
/// Thread safety: a view only reads its matrix; views of one matrix may be used from several
/// threads at once, as long as no thread modifies or destroys the matrix.

#include "zhibiao/export.hpp"
#include "zhibiao/org_unit.hpp"

#include <Eigen/SparseCore>

#include <cstdint>

namespace ZHIBIAO_API zhibiao {

/// Eigen's row-major sparse type with the storage index of AggregationMatrix.
using EigenAggregationMatrix = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t>;

/// A read-only Eigen view of `matrix` (products, InnerIterator, conversion to a SparseMatrix).
inline Eigen::Map<const EigenAggregationMatrix> as_eigen(const AggregationMatrix& matrix) {
  return Eigen::Map<const EigenAggregationMatrix>(
      static_cast<Eigen::Index>(matrix.rows()), static_cast<Eigen::Index>(matrix.cols()),
      static_cast<Eigen::Index>(matrix.entries()), matrix.row_start().data(), matrix.units().data(),
      matrix.weights().data());
}

} // namespace zhibiao
