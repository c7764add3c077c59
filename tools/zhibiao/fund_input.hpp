#pragma once
// The funds file of `zhibiao funds` and `zhibiao report --funds` (docs/cli.md §9): a strict
// JSON reader (unknown keys refused with their path, amounts exact in 分) and the execution of
// every fund at a date (fund.hpp), with its deadline checks.

#include "zhibiao/fund.hpp"
#include "zhibiao/period.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zhibiao::cli {

struct FundEntry {
  std::string name;
  Fund fund = Fund::fixed(Money());
  std::vector<FundFlow> flows;
  std::vector<FundDeadline> deadlines;
  Period period = Period::year(2000);
  SpendingBand band;
};

struct FundsFile {
  std::string path;
  std::optional<Date> as_of; ///< the file's "as_of", if any
  std::vector<FundEntry> funds;
};

/// Reads FILE (UTF-8 or GB18030, as every input); input_error "FILE: funds[1] (name).flows[0]
/// .amount: ..." for anything that does not fit the format.
FundsFile read_funds_file(const std::string& path);

/// The funds file's format read from `text` (UTF-8, already decoded), messages naming `path`:
/// what read_funds_file does after reading the file (and what tests/fuzz/funds_fuzz.cpp feeds).
FundsFile parse_funds_text(std::string_view text, const std::string& path);

struct FundResult {
  const FundEntry* entry = nullptr;
  FundExecution execution;
  std::vector<DeadlineCheck> deadlines;
  /// Arrival, disbursement and spending at the end of each month of the period up to as_of
  /// (per cent of the total), for the report's chart.
  std::vector<double> month_time, month_arrived, month_disbursed, month_spent;
};

/// Every fund of `file` at `as_of`; input_error naming the fund for flows out of order.
std::vector<FundResult> execute_funds(const FundsFile& file, Date as_of);

/// "—" or the value half up at 2 decimals.
std::string percent_text(const std::optional<double>& value);

} // namespace zhibiao::cli
