// Column and Matrix: library-owned result storage with Eigen and std::span views
// (include/zhibiao/column.hpp; issue 21, item 1). Values are hand-checked in the comments.
#include "zhibiao/column.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <span>
#include <stdexcept>

namespace zhibiao {
namespace {

enum class Code : std::uint8_t { a = 0, b = 7 };

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

TEST(Column, HoldsValuesAndGivesViews) {
  Column<double> c{1.0, 2.0, 4.0};
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[2], 4.0);
  std::span<const double> view = c; // implicit, like std::vector's
  EXPECT_EQ(view.data(), c.data());
  EXPECT_EQ(std::accumulate(c.begin(), c.end(), 0.0), 7.0);
  EXPECT_EQ(c.array().sum(), 7.0); // 1 + 2 + 4
  c.array() *= 2.0;                // the map writes through
  EXPECT_EQ(c[1], 4.0);
  EXPECT_THROW((void)c.at(3), std::out_of_range);
}

TEST(Column, TakesEigenExpressionsEvenOfItself) {
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

TEST(Column, EnumColumnsExposeTheirCodes) {
  Column<Code> s(2, Code::b);
  s[0] = Code::a;
  ASSERT_EQ(s.codes().size(), 2u);
  EXPECT_EQ(s.codes()[0], 0);
  EXPECT_EQ(s.codes()[1], 7);
}

TEST(Column, ReleaseMovesTheStorageOut) {
  Column<int> c(4, 3);
  const int* before = c.data();
  std::vector<int> v = std::move(c).release();
  EXPECT_EQ(v.data(), before); // moved, not copied
  EXPECT_EQ(v, (std::vector<int>{3, 3, 3, 3}));
}

TEST(Matrix, ColumnMajorByDefault) {
  Matrix<double> m(2, 3, 0.0);
  m(1, 2) = 6.0;
  EXPECT_EQ(m.data()[5], 6.0); // column 2 starts at 2 × 2 = 4; row 1 is the next element
  EXPECT_EQ(m.col(2)[1], 6.0);
  EXPECT_EQ(m.array()(1, 2), 6.0); // the Eigen view reads the same element
  EXPECT_THROW((void)m.at(2, 0), std::out_of_range);
}

TEST(Matrix, RowMajorForSeries) {
  Matrix<double, StorageOrder::row_major> m(2, 3, 1.0);
  m(1, 0) = 5.0;
  EXPECT_EQ(m.data()[3], 5.0); // row 1 starts at 1 × 3
  EXPECT_EQ(m.row(1)[0], 5.0);
  Eigen::Matrix<double, 2, 2, Eigen::RowMajor> e;
  e << 1, 2, 3, 4;
  m = e;
  ASSERT_EQ(m.rows(), 2u);
  EXPECT_EQ(m.data()[1], 2.0); // row-major: (0, 1) second
  Matrix<double> col_major = e;
  EXPECT_EQ(col_major.data()[1], 3.0); // column-major: (1, 0) second
}

} // namespace
} // namespace zhibiao
