// `zhibiao funds FUNDS.json` (docs/cli.md §9): each fund's standard and its shares by level,
// the rates of arrival (到位率), disbursement (拨付率) and execution (执行率), spending against
// the time elapsed with the 合理区间 band, and the deadline checks, at --as-of.

#include "command.hpp"
#include "fund_input.hpp"
#include "output_format.hpp"

#include "zhibiao/decimal.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace zhibiao::cli {
namespace {

constexpr std::string_view funds_options[] = {"--as-of", "--format", "--lang", "--output"};

std::string iso(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(d.year()),
                static_cast<int>(d.month()), static_cast<int>(d.day()));
  return buf;
}

std::string stage_name(FundStage s, bool zh) {
  if (!zh) return std::string(to_string(s));
  switch (s) {
  case FundStage::allocated: return "下达";
  case FundStage::arrived: return "到位";
  case FundStage::disbursed: return "拨付";
  case FundStage::spent: return "支出";
  }
  return "";
}

std::string judgement(const FundExecution& x, bool zh) {
  if (!x.lead) return "—";
  if (x.within_band) return zh ? "处于合理区间" : "within band";
  if (*x.lead < 0) return zh ? "支出进度偏慢" : "behind";
  return zh ? "支出进度偏快" : "ahead";
}

std::string deadline_word(DeadlineStatus s, bool zh) {
  switch (s) {
  case DeadlineStatus::met: return zh ? "按期完成" : "met";
  case DeadlineStatus::missed: return zh ? "逾期未完成" : "missed";
  case DeadlineStatus::pending: return zh ? "未到期" : "pending";
  }
  return "";
}

Cell money_cell(Money m) { return number_cell(m.yuan_text(), m.yuan()); }
Cell pct_cell(const std::optional<double>& v) {
  return number_cell(percent_text(v), v ? *v : std::nan(""));
}
std::string signed_text(double v) {
  const std::string t = percent_text(v);
  return v > 0 && t != "0.00" ? "+" + t : t;
}

} // namespace

int run_funds(std::span<const std::string> args, std::ostream& out) {
  const Arguments a = parse_arguments("funds", args, funds_options);
  if (a.positional.size() != 1)
    throw usage_error("funds", a.positional.empty() ? "funds needs a FUNDS.json file"
                                                    : "funds takes one FUNDS.json file, not " +
                                                          std::to_string(a.positional.size()));
  const std::string format_name = a.get("--format").value_or("table");
  const Format format = parse_format(format_name);
  const Language language = parse_language(a.get("--lang"));
  const bool zh = language == Language::zh;
  const FundsFile file = read_funds_file(a.positional[0]);
  std::optional<Date> as_of = a.get("--as-of") ? parse_as_of(*a.get("--as-of")) : file.as_of;
  if (!as_of)
    throw usage_error("funds", "no date to judge at: give --as-of DATE or \"as_of\" in the file");
  const std::vector<FundResult> results = execute_funds(file, *as_of);

  bool failed = false;
  Table funds{{"fund", "kind", "standard", "population", "total", "arrived", "arrival_rate",
               "disbursed", "disbursement_rate", "spent", "execution_rate", "time_progress", "lead",
               "band", "judgement"},
              {zh ? "资金" : "fund", zh ? "类型" : "kind", zh ? "标准(元)" : "standard (元)",
               zh ? "人口" : "population", zh ? "应筹集(元)" : "total (元)",
               zh ? "到位(元)" : "arrived (元)", zh ? "到位率%" : "arrival %",
               zh ? "拨付(元)" : "disbursed (元)", zh ? "拨付率%" : "disbursement %",
               zh ? "支出(元)" : "spent (元)", zh ? "执行率%" : "execution %",
               zh ? "序时进度%" : "time elapsed %", zh ? "差距" : "lead", zh ? "合理区间" : "band",
               zh ? "判断" : "judgement"},
              {}};
  Table shares{{"fund", "level", "standard", "amount", "share"},
               {zh ? "资金" : "fund", zh ? "层级" : "level", zh ? "标准(元)" : "standard (元)",
                zh ? "金额(元)" : "amount (元)", zh ? "占比%" : "share %"},
               {}};
  Table deadlines{{"fund", "stage", "by", "share", "required", "reached", "status"},
                  {zh ? "资金" : "fund", zh ? "环节" : "stage", zh ? "期限" : "by",
                   zh ? "要求%" : "share %", zh ? "应达(元)" : "required (元)",
                   zh ? "实际(元)" : "reached (元)", zh ? "状态" : "status"},
                  {}};
  nlohmann::ordered_json doc = {{"as_of", iso(*as_of)}, {"funds", nlohmann::ordered_json::array()}};
  for (const FundResult& r : results) {
    const FundEntry& e = *r.entry;
    const FundExecution& x = r.execution;
    // No disbursement recorded is not a 拨付率 of 0 %: it is not tracked (新农合 pays out
    // directly).
    bool has_disbursed = false;
    for (const FundFlow& f : e.flows)
      has_disbursed = has_disbursed || f.stage == FundStage::disbursed;
    const auto low = x.time_progress - e.band.below, high = x.time_progress + e.band.above;
    const std::string band = percent_text(std::max(0.0, low)) + "–" + percent_text(high);
    failed = failed || (x.lead && !x.within_band);
    funds.rows.push_back(
        {text_cell(e.name),
         text_cell(e.fund.is_per_capita() ? (zh ? "人均" : "per capita") : (zh ? "定额" : "fixed")),
         money_cell(e.fund.standard()),
         e.fund.is_per_capita() ? number_cell(std::to_string(e.fund.population()),
                                              static_cast<double>(e.fund.population()))
                                : number_cell("—", std::nan("")),
         money_cell(x.total), money_cell(x.arrived), pct_cell(x.arrival_rate),
         money_cell(x.disbursed), pct_cell(has_disbursed ? x.disbursement_rate : std::nullopt),
         money_cell(x.spent), pct_cell(x.execution_rate), pct_cell(x.time_progress),
         number_cell(x.lead ? signed_text(*x.lead) : "—", x.lead ? *x.lead : std::nan("")),
         text_cell(band), text_cell(judgement(x, zh))});
    nlohmann::ordered_json j = {
        {"name", e.name},
        {"kind", e.fund.is_per_capita() ? "per_capita" : "fixed"},
        {"period", e.period.code()},
        {"standard", e.fund.standard().yuan_text()},
        {"population", e.fund.is_per_capita() ? nlohmann::ordered_json(e.fund.population())
                                              : nlohmann::ordered_json()},
        {"total", x.total.yuan_text()},
        {"allocated", x.allocated.yuan_text()},
        {"arrived", x.arrived.yuan_text()},
        {"disbursed", x.disbursed.yuan_text()},
        {"spent", x.spent.yuan_text()},
        {"arrival_rate", funds.rows.back()[6].json},
        {"disbursement_rate", funds.rows.back()[8].json},
        {"execution_rate", funds.rows.back()[10].json},
        {"time_progress", x.time_progress},
        {"lead", funds.rows.back()[12].json},
        {"band", {{"below", e.band.below}, {"above", e.band.above}}},
        {"within_band", x.lead ? nlohmann::ordered_json(x.within_band) : nlohmann::ordered_json()},
        {"summary", x.summary()},
        {"shares", nlohmann::ordered_json::array()},
        {"deadlines", nlohmann::ordered_json::array()}};
    for (std::size_t k = 0; k < e.fund.shares().size(); ++k) {
      const Money part = e.fund.share_total(k);
      const std::optional<double> pct =
          x.total.fen() > 0 ? std::optional<double>(static_cast<double>(part.fen()) /
                                                    static_cast<double>(x.total.fen()) * 100)
                            : std::nullopt;
      shares.rows.push_back({text_cell(e.name), text_cell(e.fund.shares()[k].level),
                             money_cell(e.fund.shares()[k].per_capita), money_cell(part),
                             pct_cell(pct)});
      j["shares"].push_back({{"level", e.fund.shares()[k].level},
                             {"standard", e.fund.shares()[k].per_capita.yuan_text()},
                             {"amount", part.yuan_text()},
                             {"share", shares.rows.back()[4].json}});
    }
    for (const DeadlineCheck& c : r.deadlines) {
      failed = failed || c.status == DeadlineStatus::missed;
      deadlines.rows.push_back(
          {text_cell(e.name), text_cell(stage_name(c.deadline.stage, zh)),
           text_cell(iso(c.deadline.by)),
           number_cell(Decimal::from_double(c.deadline.share).to_string(), c.deadline.share),
           money_cell(c.required), money_cell(c.reached), text_cell(deadline_word(c.status, zh))});
      j["deadlines"].push_back({{"stage", std::string(to_string(c.deadline.stage))},
                                {"by", iso(c.deadline.by)},
                                {"share", c.deadline.share},
                                {"required", c.required.yuan_text()},
                                {"reached", c.reached.yuan_text()},
                                {"status", deadline_word(c.status, false)}});
    }
    doc["funds"].push_back(std::move(j));
  }

  std::string text;
  if (format == Format::json) {
    text = doc.dump(2, ' ', false) + "\n";
  } else if (format == Format::csv) {
    // Three tables one after the other, a blank line between them (docs/cli.md §9).
    text = render(funds, format) + "\n" + render(shares, format) + "\n" + render(deadlines, format);
  } else {
    const std::string h = format == Format::markdown ? "## " : "";
    text = h + (zh ? "资金执行（截至" + iso(*as_of) + "）" : "Fund execution at " + iso(*as_of)) +
           "\n\n" + render(funds, format);
    if (!shares.rows.empty())
      text += "\n" + h + (zh ? "分级负担" : "Shares by level") + "\n\n" + render(shares, format);
    if (!deadlines.rows.empty())
      text += "\n" + h + (zh ? "时限要求" : "Deadlines") + "\n\n" + render(deadlines, format);
    text += "\n";
    for (const FundResult& r : results)
      text += r.entry->name + (zh ? "：" : ": ") + r.execution.sentence(language) +
              (zh ? "。" : ".") + "\n";
  }
  write_output(a, out, text);
  return failed ? check_failed : success;
}

} // namespace zhibiao::cli
