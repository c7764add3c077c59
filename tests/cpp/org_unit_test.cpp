#include <zhibiao/error.hpp>
#include <zhibiao/org_unit.hpp>
#include <zhibiao/sparse.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

using namespace zhibiao;
using ::testing::HasSubstr;

namespace {
// 八公山区 with two townships, a health centre under one of them and a village under the centre's
// township; codes are invented.
std::vector<OrgUnitRow> district() {
  return {{"D", "八公山区", ""},     {"T1", "山王镇", "D"},
          {"T2", "新庄孜街道", "D"}, {"F1", "山王镇卫生院", "T1"},
          {"V1", "淮岸社区", "T1"},  {"F2", "新庄孜社区卫生服务中心", "T2"}};
}
std::vector<std::string> levels() { return {"县/区", "乡镇/街道", "村/社区"}; }
} // namespace

TEST(OrgUnitTree, LevelsParentsAndSubtrees) {
  const auto t = OrgUnitTree::from_parent_table(district(), levels());
  EXPECT_EQ(t.size(), 6u);
  EXPECT_EQ(t.depth(), 3);
  EXPECT_EQ(t.level(t.index("D")), 1);
  EXPECT_EQ(t.level(t.index("F1")), 3);
  EXPECT_EQ(t.level_name(2), "乡镇/街道");
  EXPECT_EQ(t.level_name(4), "level 4");
  EXPECT_EQ(t.parent(t.index("F1")), t.index("T1"));
  EXPECT_EQ(t.parent(t.index("D")), OrgUnitTree::npos);
  EXPECT_EQ(t.roots(), std::vector<std::size_t>{t.index("D")});
  EXPECT_EQ(t.subtree(t.index("T1")).size(), 3u);
  EXPECT_EQ(t.units_at_level(2).size(), 2u);
  EXPECT_EQ(t.ancestor_at_level(t.index("V1"), 2), t.index("T1"));
  EXPECT_EQ(t.ancestor_at_level(t.index("T1"), 3), OrgUnitTree::npos);
  EXPECT_EQ(t.path_to_root(t.index("V1")).size(), 3u);
  EXPECT_EQ(t.name(t.index("T2")), "新庄孜街道");
}

TEST(OrgUnitTree, AggregationMatrixSumsSubtreesIncludingTheUnitItself) {
  const auto t = OrgUnitTree::from_parent_table(district(), levels());
  // Values reported per unit (rows in table order): the district office itself reported 1,
  // the townships 10 and 20, the facilities 100 and 300, the village 1000.
  Eigen::VectorXd v(6);
  v << 1, 10, 20, 100, 1000, 300;
  const auto towns = t.units_at_level(2);
  const Eigen::VectorXd town_totals = as_eigen(t.aggregation_matrix(towns)) * v;
  EXPECT_EQ(town_totals[0], 10 + 100 + 1000); // 山王镇: itself, its centre, its village
  EXPECT_EQ(town_totals[1], 20 + 300);
  const Eigen::VectorXd district_total = as_eigen(t.aggregation_matrix({t.index("D")})) * v;
  EXPECT_EQ(district_total[0], 1431);
  EXPECT_EQ(t.aggregation_matrix(towns).entries(), 5u);
}

// The CSR layout SciPy's csr_matrix documents (indptr, indices, data): row t's units are
// units[row_start[t] .. row_start[t + 1]), sorted.
TEST(AggregationMatrix, IsCompressedSparseRows) {
  const auto t = OrgUnitTree::from_parent_table(district(), levels());
  const auto a = t.aggregation_matrix(t.units_at_level(2));
  ASSERT_EQ(a.rows(), 2u);
  EXPECT_EQ(a.cols(), 6u);
  EXPECT_EQ(std::vector<std::int64_t>(a.row_start().begin(), a.row_start().end()),
            (std::vector<std::int64_t>{0, 3, 5}));
  // 山王镇 (table row 1) with its centre (3) and village (4); 新庄孜街道 (2) with its centre (5).
  EXPECT_EQ(std::vector<std::int64_t>(a.units_of(0).begin(), a.units_of(0).end()),
            (std::vector<std::int64_t>{1, 3, 4}));
  EXPECT_EQ(std::vector<std::int64_t>(a.units_of(1).begin(), a.units_of(1).end()),
            (std::vector<std::int64_t>{2, 5}));
  EXPECT_EQ(a.weights_of(1)[0], 1.0);
}

TEST(AggregationMatrix, RefusesBrokenArraysNamingTheEntry) {
  const auto field_of = [](auto make) {
    try {
      make();
    } catch (const invalid_input& e) {
      return e.field();
    }
    return std::string("accepted");
  };
  EXPECT_EQ(field_of([] { AggregationMatrix(1, 3, {0}, {}, {}); }), "row_start");
  EXPECT_EQ(field_of([] { AggregationMatrix(1, 3, {1, 1}, {0}, {1.0}); }), "row_start");
  EXPECT_EQ(field_of([] { AggregationMatrix(2, 3, {0, 2, 1}, {0, 1}, {1, 1}); }), "row_start[2]");
  EXPECT_EQ(field_of([] { AggregationMatrix(1, 3, {0, 1}, {3}, {1.0}); }), "units[0]");
  EXPECT_EQ(field_of([] { AggregationMatrix(1, 3, {0, 1}, {2}, {NAN}); }), "weights[0]");
  EXPECT_EQ(field_of([] { AggregationMatrix(1, 3, {0, 1}, {2}, {}); }), "weights");
  EXPECT_EQ(field_of([] { AggregationMatrix(1, 3, {0, 1}, {2}, {0.5}); }), "accepted");
}

TEST(OrgUnitTree, GroupsAreSetsOfReportingUnits) {
  auto t = OrgUnitTree::from_parent_table(district(), levels());
  t.add_group("基层医疗卫生机构", {"F1", "F2", "F1"});
  EXPECT_EQ(t.group("基层医疗卫生机构").size(), 2u); // F1 listed twice counts once
  Eigen::VectorXd v(6);
  v << 1, 10, 20, 100, 1000, 300;
  EXPECT_EQ((as_eigen(t.group_matrix("基层医疗卫生机构")) * v)[0], 400);
  EXPECT_THROW(t.group("乡镇卫生院"), invalid_input);
  try {
    t.add_group("bad", {"F1", "X9", "F2", "Y7"});
    FAIL();
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 2u);
    EXPECT_EQ(e.rows()[0].row, 1u);
    EXPECT_THAT(e.rows()[1].message, HasSubstr("'Y7'"));
  }
}

TEST(OrgUnitTree, EveryTableErrorIsReported) {
  std::vector<OrgUnitRow> rows = district();
  rows.push_back({"T1", "duplicate", "D"}); // row 6: duplicate code
  rows.push_back({"X", "orphan", "NOPE"});  // row 7: orphan
  rows.push_back({"C1", "cycle a", "C2"});  // rows 8, 9: a cycle
  rows.push_back({"C2", "cycle b", "C1"});
  rows.push_back({"", "no code", "D"});      // row 10: empty code
  rows.push_back({"S", "self parent", "S"}); // row 11: a cycle of one
  try {
    OrgUnitTree::from_parent_table(rows);
    FAIL() << "no exception";
  } catch (const invalid_rows& e) {
    std::vector<std::size_t> bad;
    for (const auto& r : e.rows()) bad.push_back(r.row);
    EXPECT_EQ(bad, (std::vector<std::size_t>{6, 7, 8, 9, 10, 11}));
    EXPECT_THAT(e.rows()[0].message, HasSubstr("repeats the code of row 1"));
    EXPECT_THAT(e.rows()[1].message, HasSubstr("'NOPE' is not a code in the table"));
    EXPECT_THAT(e.rows()[2].message, HasSubstr("is on a cycle: C1 → C2 → C1"));
    EXPECT_EQ(e.rows()[4].field, "code");
    EXPECT_THAT(e.rows()[5].message, HasSubstr("S → S"));
  }
}

TEST(OrgUnitTree, UnknownCodesNameThemselves) {
  const auto t = OrgUnitTree::from_parent_table(district());
  EXPECT_EQ(t.find("ZZ"), OrgUnitTree::npos);
  try {
    t.index("ZZ");
    FAIL();
  } catch (const invalid_input& e) {
    EXPECT_EQ(e.field(), "org_unit");
    EXPECT_THAT(e.what(), HasSubstr("'ZZ'"));
  }
}

TEST(OrgUnitTree, DeepChainsDoNotOverflowTheStack) {
  std::vector<OrgUnitRow> rows{{"u0", "root", ""}};
  // (Built with append: GCC 12 warns falsely (-Wrestrict) on "u" + std::to_string(i).)
  auto name = [](int i) {
    std::string s("u");
    s.append(std::to_string(i));
    return s;
  };
  for (int i = 1; i < 200000; ++i) rows.push_back({name(i), "", name(i - 1)});
  const auto t = OrgUnitTree::from_parent_table(rows);
  EXPECT_EQ(t.depth(), 200000);
  EXPECT_EQ(t.subtree(0).size(), 200000u);
}

TEST(OrgUnitTree, FromParentColumnsIsTheParentTable) {
  // The same district as columns of views; and a table of 50,000 codes (enough for the code
  // index to collide in its 32-bit tags now and then) finds every code and no other.
  const auto rows = district();
  std::vector<std::string_view> codes, names, parents;
  for (const auto& r : rows)
    codes.emplace_back(r.code), names.emplace_back(r.name), parents.emplace_back(r.parent_code);
  const auto t = OrgUnitTree::from_parent_columns(codes, names, parents, levels());
  EXPECT_EQ(t.size(), 6u);
  EXPECT_EQ(t.parent(t.index("V1")), t.index("T1"));
  EXPECT_EQ(t.name(t.index("F2")), "新庄孜社区卫生服务中心");
  EXPECT_EQ(t.level_name(3), "村/社区");
  EXPECT_THROW(OrgUnitTree::from_parent_columns(codes, names, std::span(parents).first(5)),
               invalid_input);

  std::vector<std::string> many{"R"}, up{""};
  for (int i = 0; i < 50000; ++i) {
    std::string code("U");
    code.append(std::to_string(i * 7919));
    many.push_back(code);
    up.push_back(i < 100 ? "R" : many[static_cast<std::size_t>(1 + i / 100)]);
  }
  std::vector<std::string_view> mc(many.begin(), many.end()), mu(up.begin(), up.end());
  const auto big = OrgUnitTree::from_parent_columns(mc, mc, mu);
  for (std::size_t i = 0; i < many.size(); ++i) ASSERT_EQ(big.find(many[i]), i);
  EXPECT_EQ(big.find("U1"), OrgUnitTree::npos);
  EXPECT_EQ(big.find(""), OrgUnitTree::npos);
  // i = 49999 (U395942081) hangs from many[1 + 499] (i = 499), which hangs from many[5] (i = 4),
  // a child of R: level 4.
  EXPECT_EQ(big.level(big.index("U395942081")), 4);
  // Units in depth-first order each come before their descendants.
  std::vector<std::size_t> seen_at(big.size());
  const auto& order = big.depth_first_order();
  for (std::size_t k = 0; k < order.size(); ++k) seen_at[order[k]] = k;
  for (std::size_t u = 1; u < big.size(); ++u) ASSERT_LT(seen_at[big.parent(u)], seen_at[u]);
}

TEST(OrgUnitTree, RepeatedCodesNameTheFirstRow) {
  std::vector<OrgUnitRow> rows = district();
  rows.push_back({"T2", "重复", "D"});
  rows.push_back({"T2", "再重复", "D"});
  try {
    OrgUnitTree::from_parent_table(rows);
    FAIL() << "no exception";
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 2u);
    EXPECT_EQ(e.rows()[0].row, 6u);
    EXPECT_EQ(e.rows()[0].message, "'T2' repeats the code of row 2");
    EXPECT_EQ(e.rows()[1].message, "'T2' repeats the code of row 2");
  }
}
