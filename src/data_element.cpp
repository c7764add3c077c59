#include "zhibiao/data_element.hpp"

#include "zhibiao/detail/names.hpp"
#include "zhibiao/detail/utf8.hpp"
#include "zhibiao/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace zhibiao {

namespace {

constexpr std::array<std::string_view, 12> type_names{"sum",
                                                      "average",
                                                      "average_sum_org_unit",
                                                      "last",
                                                      "min",
                                                      "max",
                                                      "count",
                                                      "first",
                                                      "last_average_org_unit",
                                                      "first_average_org_unit",
                                                      "min_sum_org_unit",
                                                      "max_sum_org_unit"};

// '.', '{', '}', '#' and white space would make #{id.disaggregation} ambiguous.
void check_name(const std::string& name, const std::string& field) {
  if (name.empty()) throw invalid_input(field, "is empty");
  for (char c : name)
    if (c == '.' || c == '{' || c == '}' || c == '#' || std::isspace(static_cast<unsigned char>(c)))
      throw invalid_input(field, "'" + name + "' contains '" + std::string(1, c) +
                                     "'; ids may not contain '.', '{', '}', '#' or spaces");
}

} // namespace

std::string_view to_string(AggregationType type) noexcept {
  return detail::name_of(type_names, type);
}

std::span<const std::string_view> aggregation_type_names() noexcept { return type_names; }

AggregationType parse_aggregation_type(std::string_view text) {
  const std::string lower = detail::lower_ascii(text);
  if (const auto found = detail::find_name<AggregationType>(type_names, lower)) return *found;
  throw invalid_input("aggregation_type", "unknown aggregation type '" + std::string(text) +
                                              "'; expected sum, average, average_sum_org_unit, "
                                              "last, min, max, count, first, "
                                              "last_average_org_unit, first_average_org_unit, "
                                              "min_sum_org_unit or max_sum_org_unit");
}

void validate(const DataElement& element) {
  check_name(element.id, "id");
  for (std::size_t i = 0; i < element.disaggregations.size(); ++i) {
    const auto& d = element.disaggregations[i];
    check_name(d, "disaggregations");
    if (std::find(element.disaggregations.begin(),
                  element.disaggregations.begin() + static_cast<std::ptrdiff_t>(i),
                  d) != element.disaggregations.begin() + static_cast<std::ptrdiff_t>(i))
      throw invalid_input("disaggregations", "'" + d + "' is listed twice for " + element.id);
  }
}

} // namespace zhibiao
