// The Eigen side of Column and Matrix (include/zhibiao/column_eigen.hpp; issue 21, items 1 and 7):
// maps of the library-owned storage, and Eigen expressions evaluated into it. Values are
// hand-checked in the comments.
#include "zhibiao/column_eigen.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace zhibiao {
namespace {

// `column == eigen_array` would convert the array to a Column and give one bool where Eigen's
// users expect an element-wise comparison: it does not compile (compare column.array()).
template <class A, class B>
concept Comparable = requires(const A& a, const B& b) {
  a == b;
};
static_assert(Comparable<Column<double>, Column<double>>);
static_assert(!Comparable<Column<double>, Eigen::ArrayXd>);
static_assert(!Comparable<Eigen::ArrayXd, Column<double>>);
static_assert(!Comparable<Matrix<double>, Eigen::ArrayXXd>);

TEST(ColumnEigen, ArrayIsAMapOfTheColumn) {
  Column<double> c{1.0, 2.0, 4.0};
  EXPECT_EQ(c.array().sum(), 7.0); // 1 + 2 + 4
  EXPECT_EQ(c.array().data(), c.data());
  c.array() *= 2.0; // the map writes through
  EXPECT_EQ(c[1], 4.0);
}

TEST(ColumnEigen, TakesEigenExpressionsEvenOfItself) {
  Eigen::ArrayXd x(3);
  x << 1.0, 3.0, 5.0;
  Column<double> c = x / 2.0; // 0.5, 1.5, 2.5
  EXPECT_EQ(c, (Column<double>{0.5, 1.5, 2.5}));
  c = c.array().reverse(); // aliasing: evaluated before it is stored
  EXPECT_EQ(c, (Column<double>{2.5, 1.5, 0.5}));
  Eigen::RowVectorXd row(2);
  row << 8.0, 9.0;
  c = row; // a row vector is one-dimensional too
  EXPECT_EQ(c, (Column<double>{8.0, 9.0}));
  EXPECT_THROW(c = Eigen::MatrixXd::Zero(2, 2), std::invalid_argument);
}

TEST(ColumnEigen, MatricesMapInTheirStorageOrder) {
  Matrix<double> m(2, 3, 0.0);
  m(1, 2) = 6.0;
  EXPECT_EQ(m.array()(1, 2), 6.0); // the Eigen view reads the same element
  Eigen::Matrix<double, 2, 2, Eigen::RowMajor> e;
  e << 1, 2, 3, 4;
  Matrix<double, StorageOrder::row_major> rows = e;
  ASSERT_EQ(rows.rows(), 2u);
  EXPECT_EQ(rows.data()[1], 2.0); // row-major: (0, 1) second
  Matrix<double> cols = e;
  EXPECT_EQ(cols.data()[1], 3.0); // column-major: (1, 0) second
  EXPECT_EQ(rows.array()(1, 0), 3.0);
}

} // namespace
} // namespace zhibiao
