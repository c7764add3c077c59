// Fuzz target: DataCube::load_csv (the long-table loader), with OnBadRows::mark so that every row
// is looked at, then once more with raise on a fresh cube. Whatever loads must aggregate, and
// both loads must end exactly as the reader before the block reader did (csv_reference.hpp: the
// same report, every row error's text, or the same exception), with the same values stored.
#include "csv_reference.hpp"

#include <zhibiao/cube.hpp>
#include <zhibiao/error.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
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
  const std::vector<std::size_t> units{0, 1, 2, 3};
  for (const auto policy : {zhibiao::OnBadRows::mark, zhibiao::OnBadRows::raise}) {
    auto cube = make_cube();
    auto reference = make_cube();
    const std::string got = zhibiao_test::load_outcome([&] {
      std::istringstream in(text);
      const auto report = cube.load_csv(in, policy);
      if (report.loaded != cube.value_count()) __builtin_trap();
      return report;
    });
    const std::string want = zhibiao_test::load_outcome([&] {
      std::istringstream in(text);
      return reference.load(zhibiao_test::reference_csv_table(in), policy);
    });
    if (got != want || cube.value_count() != reference.value_count()) __builtin_trap();
    for (const auto& key : cube.keys()) {
      const auto a = cube.aggregate(key, units, {zhibiao::Period::year(2019)});
      const auto b = reference.aggregate(key, units, {zhibiao::Period::year(2019)});
      for (std::size_t i = 0; i < a.values.size(); ++i) {
        const double x = a.values.data()[i], y = b.values.data()[i];
        if (std::memcmp(&x, &y, sizeof x) != 0 && !(std::isnan(x) && std::isnan(y)))
          __builtin_trap();
      }
    }
  }
  return 0;
}
