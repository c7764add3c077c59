// Column and Matrix without Eigen: library-owned result storage with std::span views
// (include/zhibiao/column.hpp; issue 21, items 1 and 7). The Eigen side is column_eigen_test.cpp.
#include "zhibiao/column.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <span>
#include <stdexcept>

// column.hpp keeps Eigen out of the headers whose results are columns (cube.hpp,
// evaluation.hpp): including it must not include Eigen.
#ifdef EIGEN_WORLD_VERSION
#error "zhibiao/column.hpp includes Eigen"
#endif

namespace zhibiao {
namespace {

enum class Code : std::uint8_t { a = 0, b = 7 };

TEST(Column, HoldsValuesAndGivesViews) {
  Column<double> c{1.0, 2.0, 4.0};
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[2], 4.0);
  std::span<const double> view = c; // implicit, like std::vector's
  EXPECT_EQ(view.data(), c.data());
  EXPECT_EQ(std::accumulate(c.begin(), c.end(), 0.0), 7.0); // 1 + 2 + 4
  c.span()[1] = 5.0;                                        // the span writes through
  EXPECT_EQ(c[1], 5.0);
  EXPECT_THROW((void)c.at(3), std::out_of_range);
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
  EXPECT_THROW((void)m.at(2, 0), std::out_of_range);
}

TEST(Matrix, RowMajorForSeries) {
  Matrix<double, StorageOrder::row_major> m(2, 3, 1.0);
  m(1, 0) = 5.0;
  EXPECT_EQ(m.data()[3], 5.0); // row 1 starts at 1 × 3
  EXPECT_EQ(m.row(1)[0], 5.0);
  // From values already in row order: (0, 1) is the second.
  const Matrix<double, StorageOrder::row_major> given(2, 2, std::vector<double>{1, 2, 3, 4});
  EXPECT_EQ(given(0, 1), 2.0);
  EXPECT_EQ(given(1, 0), 3.0);
  EXPECT_THROW((Matrix<double>(2, 2, std::vector<double>{1, 2, 3})), std::invalid_argument);
}

} // namespace
} // namespace zhibiao
