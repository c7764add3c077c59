// Fuzz target: DataCube::load_csv (the long-table loader), with OnBadRows::mark so that every row
// is looked at, then once more with raise on a fresh cube. Whatever loads must aggregate.
#include <zhibiao/cube.hpp>
#include <zhibiao/error.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace {
zhibiao::DataCube make_cube() {
  using namespace zhibiao;
  std::vector<OrgUnitRow> rows{
      {"D", "八公山区", ""}, {"T1", "镇1", "D"}, {"F1", "卫生院1", "T1"}, {"F2", "卫生院2", "T1"}};
  std::vector<DataElement> elements{
      {"population", "常住人口", "Resident population", AggregationType::average_sum_org_unit},
      {"births", "出生人数", "Live births", AggregationType::sum, {"male", "female"}},
      {"beds", "床位数", "Beds", AggregationType::max},
      {"wait", "等候天数", "Waiting days", AggregationType::average},
  };
  return DataCube(OrgUnitTree::from_parent_table(rows, {"县/区", "乡镇/街道", "村/社区"}), elements,
                  Period::month(2019, 1), 12);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto cube = make_cube();
  try {
    std::istringstream in(text);
    const auto report = cube.load_csv(in, zhibiao::OnBadRows::mark);
    if (report.loaded != cube.value_count()) __builtin_trap();
    const std::vector<std::size_t> units{0, 1, 2, 3};
    for (const auto& key : cube.keys())
      (void)cube.aggregate(key, units, {zhibiao::Period::year(2019)});
  } catch (const zhibiao::invalid_input&) {
    // a missing header / column is an exception even with mark
  }
  auto fresh = make_cube();
  try {
    std::istringstream in(text);
    (void)fresh.load_csv(in);
  } catch (const zhibiao::invalid_input&) {
  }
  return 0;
}
