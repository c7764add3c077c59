#pragma once
/// \file data_element.hpp
/// Data elements: the raw counts facilities and townships report (births, 签约人数, 常住人口 ...),
/// with how each one aggregates in time and across the org-unit hierarchy.
///
///     zhibiao::DataElement births{"births", "出生人数", "Live births",
///                                 zhibiao::AggregationType::sum, {"male", "female"}};
///     zhibiao::DataElement population{"population", "常住人口", "Resident population",
///                                     zhibiao::AggregationType::average_sum_org_unit};
///
/// The aggregation types follow DHIS2's: events are summed in time and space; a stock such as
/// a population is averaged over the months of a period and then summed over org units
/// (average_sum_org_unit), never summed over months.
///
/// Thread safety: DataElement is a plain value: concurrent reads are safe, a value being assigned
/// must not be used by another thread.

#include "zhibiao/export.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ZHIBIAO_API zhibiao {

enum class AggregationType : std::uint8_t {
  sum = 0,                  ///< sum in time and over org units (counts of events)
  average = 1,              ///< mean of all values in time and over org units
  average_sum_org_unit = 2, ///< mean over time per unit, then sum over org units (populations)
  last = 3,                 ///< last value in time per unit, then sum over org units (stocks)
  min = 4,
  max = 5,
  count = 6, ///< number of values reported
  /// first value in time per unit (within the period), then summed over org units
  first = 7,
  /// last value in time per unit, then averaged over the units that reported (DHIS2's
  /// LAST_AVERAGE_ORG_UNIT)
  last_average_org_unit = 8,
  first_average_org_unit = 9, ///< first value per unit, averaged over units
  min_sum_org_unit = 10,      ///< smallest value in time per unit, summed over units
  max_sum_org_unit = 11,      ///< largest value in time per unit, summed over units
};

/// "sum", "average", "average_sum_org_unit", "last", "min", "max", "count", "first",
/// "last_average_org_unit", "first_average_org_unit", "min_sum_org_unit", "max_sum_org_unit".
std::string_view to_string(AggregationType type) noexcept;
/// Every AggregationType's to_string name, in the enum's order (the catalog's strict reader
/// accepts exactly these).
std::span<const std::string_view> aggregation_type_names() noexcept;
/// Inverse of to_string(AggregationType), also accepting DHIS2's upper-case names (SUM,
/// AVERAGE_SUM_ORG_UNIT, ...); throws zhibiao::invalid_input (field "aggregation_type").
AggregationType parse_aggregation_type(std::string_view text);

struct DataElement {
  std::string id; ///< referenced as #{id} in expressions; no '.', '}' or spaces
  std::string name_zh;
  std::string name_en;
  AggregationType aggregation = AggregationType::sum;
  /// Disaggregations (category options) the element may be reported by, e.g. {"male",
  /// "female"}; values are then keyed "births.male". A value keyed "births" is the total.
  std::vector<std::string> disaggregations = {};
  /// What is counted, with the exclusions the definition makes (除死亡、迁出外), as a catalog
  /// states it; not used in computation.
  std::string description = {};
};

/// Throws zhibiao::invalid_input naming the field for an unusable id (empty, or containing '.',
/// '}', '{', '#' or white space) or a repeated or unusable disaggregation.
void validate(const DataElement& element);

} // namespace zhibiao
