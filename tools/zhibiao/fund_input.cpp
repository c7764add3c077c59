// The funds file (fund_input.hpp; docs/cli.md §9).

#include "fund_input.hpp"

#include "command.hpp"
#include "text_input.hpp"

#include "zhibiao/decimal.hpp"
#include "zhibiao/error.hpp"

#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

namespace zhibiao::cli {
namespace {

using json = nlohmann::ordered_json;

// Every message names the file and the path of the value in it ("funds[1] (name).standard").
struct Reader {
  std::string file;

  [[noreturn]] void fail(const std::string& where, const std::string& message) const {
    throw input_error(file + ": " + where + ": " + message);
  }

  void only(const json& object, const std::string& where,
            std::initializer_list<std::string_view> keys) const {
    if (!object.is_object())
      fail(where, "expected an object, got " + std::string(object.type_name()));
    for (const auto& [key, value] : object.items()) {
      bool known = false;
      for (auto k : keys) known = known || k == key;
      if (!known) {
        const std::vector<std::string_view> names(keys);
        fail(where.empty() ? key : where + "." + key,
             "unknown key" + did_you_mean(key, names) + " (the keys are listed in docs/cli.md §9)");
      }
    }
  }

  std::string text(const json& v, const std::string& where) const {
    if (!v.is_string()) fail(where, "expected a string, got " + std::string(v.type_name()));
    return v.get<std::string>();
  }

  // An amount: the text of a report ("116.17万元", "540元") or a number of 元; never negative.
  Money money(const json& v, const std::string& where) const {
    try {
      if (v.is_string()) {
        const std::string t = v.get<std::string>();
        if (!t.empty() && t[0] == '-') fail(where, "a negative amount ('" + t + "')");
        return Money::parse(t, where);
      }
      if (v.is_number()) {
        const double y = v.get<double>();
        if (y < 0) fail(where, "a negative amount (" + v.dump() + ")");
        const Money m = Money::from_yuan(y, where);
        if (std::fabs(m.yuan() - y) > 1e-9 * std::max(1.0, std::fabs(y)))
          fail(where, "an amount in whole 分 (at most 2 decimals of 元), got " + v.dump());
        return m;
      }
    } catch (const invalid_input& e) {
      fail(where, message_of(e));
    }
    fail(where, "expected an amount (\"540元\", \"116.17万元\" or a number of 元), got " +
                    std::string(v.type_name()));
  }

  Date date(const json& v, const std::string& where) const {
    const std::string t = text(v, where);
    try {
      const Period p = Period::parse(t);
      if (p.type() == PeriodType::day) return p.start();
    } catch (const invalid_input& e) {
      fail(where, message_of(e));
    }
    fail(where, "'" + t + "' is not a date (write 2024-05-31)");
  }

  Period period(const json& v, const std::string& where) const {
    const std::string t =
        v.is_number_integer() ? std::to_string(v.get<long long>()) : text(v, where);
    try {
      const Period p = Period::parse(t);
      if (!p.month_aligned()) fail(where, "'" + t + "' does not run in whole months");
      return p;
    } catch (const invalid_input& e) {
      fail(where, message_of(e));
    }
  }

  double number(const json& v, const std::string& where, double lo, double hi) const {
    if (!v.is_number()) fail(where, "expected a number, got " + std::string(v.type_name()));
    const double x = v.get<double>();
    if (!(x >= lo && x <= hi))
      fail(where,
           "must be from " + detail_text(lo) + " to " + detail_text(hi) + ", got " + v.dump());
    return x;
  }

  static std::string detail_text(double x) { return Decimal::from_double(x).to_string(); }

  SpendingBand band(const json& v, const std::string& where, SpendingBand b) const {
    only(v, where, {"below", "above", "basis"});
    if (v.contains("below")) b.below = number(v["below"], where + ".below", 0, 100);
    if (v.contains("above")) b.above = number(v["above"], where + ".above", 0, 100);
    if (v.contains("basis")) {
      const std::string t = text(v["basis"], where + ".basis");
      if (t == "months") b.basis = ProgressBasis::months;
      else if (t == "days") b.basis = ProgressBasis::days;
      else fail(where + ".basis", "expected months or days, got '" + t + "'");
    }
    return b;
  }

  std::vector<FundShare> shares(const json& v, const std::string& where) const {
    if (!v.is_object())
      fail(where, "expected an object of levels and amounts ({\"中央\": \"40元\", ...})");
    std::vector<FundShare> out;
    for (const auto& [level, amount] : v.items())
      out.push_back({level, money(amount, where + "." + level)});
    return out;
  }
};

} // namespace

FundsFile read_funds_file(const std::string& path) {
  return parse_funds_text(read_input_file(path, std::cerr).text, path);
}

FundsFile parse_funds_text(std::string_view text, const std::string& path) {
  const Reader r{path};
  json doc;
  try {
    // A key given twice in one object is refused (JSON readers differ on which one wins).
    std::vector<std::set<std::string>> keys;
    const json::parser_callback_t no_duplicates = [&](int, json::parse_event_t event,
                                                      json& parsed) {
      if (event == json::parse_event_t::object_start) keys.emplace_back();
      else if (event == json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
      else if (event == json::parse_event_t::key && !keys.empty() &&
               !keys.back().insert(parsed.get<std::string>()).second)
        throw input_error(path + ": the key '" + parsed.get<std::string>() +
                          "' is given twice in one object");
      return true;
    };
    doc = json::parse(text, no_duplicates);
  } catch (const json::parse_error& e) {
    throw input_error(path + ": not JSON (byte " + std::to_string(e.byte) + ")");
  } catch (const json::out_of_range&) {
    // A number beyond a double (9e9999): nlohmann reports it as out_of_range, not parse_error
    // (found by tests/fuzz/funds_fuzz.cpp).
    throw input_error(path + ": a number too large to read (beyond ±1.8e308)");
  }
  r.only(doc, "", {"period", "as_of", "band", "funds"});
  if (!doc.contains("funds") || !doc["funds"].is_array() || doc["funds"].empty())
    r.fail("funds", "expected a list of one fund or more");
  FundsFile file;
  file.path = path;
  if (doc.contains("as_of")) file.as_of = r.date(doc["as_of"], "as_of");
  std::optional<Period> period;
  if (doc.contains("period")) period = r.period(doc["period"], "period");
  SpendingBand band;
  if (doc.contains("band")) band = r.band(doc["band"], "band", band);
  const json& funds = doc["funds"];
  for (std::size_t i = 0; i < funds.size(); ++i) {
    std::string at = "funds[" + std::to_string(i) + "]";
    const json& f = funds[i];
    if (!f.is_object()) r.fail(at, "expected an object, got " + std::string(f.type_name()));
    if (!f.contains("name")) r.fail(at + ".name", "every fund needs a name");
    FundEntry e;
    e.name = r.text(f["name"], at + ".name");
    if (e.name.empty()) r.fail(at + ".name", "an empty name");
    for (const auto& other : file.funds)
      if (other.name == e.name) r.fail(at + ".name", "a second fund named '" + e.name + "'");
    at += " (" + e.name + ")";
    r.only(f, at,
           {"name", "standard", "population", "total", "shares", "flows", "deadlines", "period",
            "band"});
    const std::vector<FundShare> shares =
        f.contains("shares") ? r.shares(f["shares"], at + ".shares") : std::vector<FundShare>{};
    try {
      if (f.contains("standard") == f.contains("total"))
        r.fail(at, "give either standard (a head, with population) or total (a fixed sum)");
      if (f.contains("standard")) {
        if (!f.contains("population")) r.fail(at + ".population", "a per-capita fund needs it");
        const json& p = f["population"];
        if (!p.is_number_integer() || p.get<long long>() < 0)
          r.fail(at + ".population", "expected a whole number of persons ≥ 0, got " + p.dump());
        e.fund =
            Fund::per_capita(r.money(f["standard"], at + ".standard"), p.get<long long>(), shares);
      } else {
        if (f.contains("population"))
          r.fail(at + ".population", "a fixed sum (total) has no population; use standard");
        e.fund = Fund::fixed(r.money(f["total"], at + ".total"), shares);
      }
    } catch (const invalid_input& ex) {
      r.fail(at + "." + ex.field(), message_of(ex));
    }
    if (f.contains("period")) e.period = r.period(f["period"], at + ".period");
    else if (period) e.period = *period;
    else r.fail(at + ".period", "no period (give \"period\": \"2024\" for the file or the fund)");
    e.band = f.contains("band") ? r.band(f["band"], at + ".band", band) : band;
    if (f.contains("flows")) {
      const json& flows = f["flows"];
      if (!flows.is_array()) r.fail(at + ".flows", "expected a list of flows");
      for (std::size_t k = 0; k < flows.size(); ++k) {
        const std::string fa = at + ".flows[" + std::to_string(k) + "]";
        r.only(flows[k], fa, {"date", "stage", "amount", "note"});
        for (const char* key : {"date", "stage", "amount"})
          if (!flows[k].contains(key)) r.fail(fa + "." + key, "missing");
        FundFlow flow;
        flow.date = r.date(flows[k]["date"], fa + ".date");
        try {
          flow.stage = parse_fund_stage(r.text(flows[k]["stage"], fa + ".stage"));
        } catch (const invalid_input& ex) {
          r.fail(fa + ".stage", message_of(ex));
        }
        flow.amount = r.money(flows[k]["amount"], fa + ".amount");
        if (flows[k].contains("note")) (void)r.text(flows[k]["note"], fa + ".note");
        e.flows.push_back(flow);
      }
    }
    if (f.contains("deadlines")) {
      const json& ds = f["deadlines"];
      if (!ds.is_array()) r.fail(at + ".deadlines", "expected a list of deadlines");
      for (std::size_t k = 0; k < ds.size(); ++k) {
        const std::string da = at + ".deadlines[" + std::to_string(k) + "]";
        r.only(ds[k], da, {"stage", "by", "share"});
        for (const char* key : {"stage", "by"})
          if (!ds[k].contains(key)) r.fail(da + "." + key, "missing");
        FundDeadline d;
        try {
          d.stage = parse_fund_stage(r.text(ds[k]["stage"], da + ".stage"));
        } catch (const invalid_input& ex) {
          r.fail(da + ".stage", message_of(ex));
        }
        d.by = r.date(ds[k]["by"], da + ".by");
        if (ds[k].contains("share")) d.share = r.number(ds[k]["share"], da + ".share", 0, 100);
        e.deadlines.push_back(d);
      }
    }
    file.funds.push_back(std::move(e));
  }
  return file;
}

std::vector<FundResult> execute_funds(const FundsFile& file, Date as_of) {
  std::vector<FundResult> out;
  for (std::size_t i = 0; i < file.funds.size(); ++i) {
    const FundEntry& e = file.funds[i];
    const std::string at = file.path + ": funds[" + std::to_string(i) + "] (" + e.name + ")";
    FundResult r;
    r.entry = &e;
    try {
      r.execution = execute_fund(e.fund, e.flows, e.period, as_of, e.band);
      r.deadlines = check_deadlines(e.fund, e.flows, e.deadlines, as_of);
      const double total = static_cast<double>(e.fund.total().fen());
      for (Period m =
               Period::month(e.period.start_year(), static_cast<int>(e.period.start().month()));
           m.end() <= e.period.end() && m.end() <= as_of; m = m.next()) {
        const FundExecution x = execute_fund(e.fund, e.flows, e.period, m.end(), e.band);
        const auto pct = [&](Money v) { return total > 0 ? v.fen() / total * 100 : 0.0; };
        r.month_time.push_back(x.time_progress);
        r.month_arrived.push_back(pct(x.arrived));
        r.month_disbursed.push_back(pct(x.disbursed));
        r.month_spent.push_back(pct(x.spent));
      }
    } catch (const invalid_input& ex) {
      throw input_error(at + ": " + ex.what());
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string percent_text(const std::optional<double>& value) {
  if (!value || !std::isfinite(*value)) return "—";
  return Decimal::from_double(*value).round_half_up(2).to_string();
}

} // namespace zhibiao::cli
