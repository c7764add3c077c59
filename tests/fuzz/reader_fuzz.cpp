// Fuzz target: the text readers' bytes (issue 14, class 8). The same input goes to the catalog
// and rule JSON readers and to the cube's CSV reader: invalid UTF-8, GBK/GB18030 bytes, byte order
// marks, full-width punctuation. Each either reads it or refuses with a zhibiao error whose
// message is UTF-8 (so that Python can show it); what it reads is used: the catalog and the rules
// written and read again, the rules validated over the cube, the cube's values aggregated.
#include <zhibiao/cube.hpp>
#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/indicator.hpp>
#include <zhibiao/validation.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

zhibiao::DataCube make_cube() {
  using namespace zhibiao;
  std::vector<OrgUnitRow> rows{
      {"D", "八公山区", ""}, {"T1", "镇1", "D"}, {"卫生院1", "卫生院1", "T1"}};
  std::vector<DataElement> elements{
      {"a", "甲", "A", AggregationType::sum},
      {"b", "乙", "B", AggregationType::sum, {"male", "female"}},
  };
  return DataCube(OrgUnitTree::from_parent_table(rows, {"县/区", "乡镇/街道", "机构"}), elements,
                  Period::month(2019, 1), 12);
}

// A refusal's message must be UTF-8 whatever the input bytes were.
void check_message(const zhibiao::invalid_input& e) {
  if (zhibiao::detail::first_invalid_utf8(e.what()) != std::string_view::npos) __builtin_trap();
  if (const auto* p = dynamic_cast<const zhibiao::parse_error*>(&e))
    if (zhibiao::detail::first_invalid_utf8(p->text()) != std::string_view::npos) __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto cube = make_cube();
  try {
    std::istringstream in(text);
    const auto report = cube.load_csv(in, zhibiao::OnBadRows::mark);
    if (report.loaded != cube.value_count()) __builtin_trap();
    for (const auto& e : report.errors)
      if (zhibiao::detail::first_invalid_utf8(e.message) != std::string_view::npos)
        __builtin_trap();
    for (const auto& key : cube.keys())
      (void)cube.aggregate(key, std::vector<std::size_t>{0, 1, 2}, {zhibiao::Period::year(2019)});
  } catch (const zhibiao::invalid_input& e) {
    check_message(e);
  }
  try {
    const auto catalog = zhibiao::Catalog::from_json(text);
    (void)zhibiao::Catalog::from_json(catalog.to_json());
  } catch (const zhibiao::invalid_input& e) {
    check_message(e);
  }
  try {
    const auto rules = zhibiao::validation_rules_from_json(text);
    (void)zhibiao::validation_rules_from_json(zhibiao::validation_rules_to_json(rules));
    try {
      (void)zhibiao::validate(cube, rules, {0}, {zhibiao::Period::year(2019)});
    } catch (const zhibiao::invalid_input& e) { // rules naming elements the cube does not have
      check_message(e);
    }
  } catch (const zhibiao::invalid_input& e) {
    check_message(e);
  }
  return 0;
}
