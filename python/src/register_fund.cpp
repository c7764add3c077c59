// zhibiao/fund.hpp for Python: Money, Fund and FundExecution as classes; the flows and benefit
// tiers cross as arrays (python/zhibiao/_fund.py reads the DataFrames and names their rows).
#include "register.hpp"

#include "binding_helpers.hpp"
#include "date_caster.hpp"

#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <zhibiao/error.hpp>
#include <zhibiao/fund.hpp>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

Money money_from(const py::handle& value, const std::string& field);

// shares: a dict level -> amount, in its order (None: no shares).
std::vector<FundShare> shares_from(const py::object& shares) {
  std::vector<FundShare> out;
  if (shares.is_none()) return out;
  if (!py::isinstance<py::dict>(shares))
    throw invalid_input("shares", "expected a dict of level -> amount a head");
  for (const auto& [level, amount] : shares.cast<py::dict>()) {
    if (!py::isinstance<py::str>(level)) throw invalid_input("shares", "a level must be text");
    const auto name = level.cast<std::string>();
    out.push_back({name, money_from(amount, "shares[" + name + "]")});
  }
  return out;
}

Money money_from(const py::handle& value, const std::string& field) {
  if (py::isinstance<Money>(value)) return value.cast<Money>();
  if (py::isinstance<py::str>(value)) return Money::parse(value.cast<std::string>(), field);
  return Money::from_yuan(number_option(value, field), field);
}

// Flows given as three columns, each bad row named (InvalidRows) as the Python layer relabels.
std::vector<FundFlow> flows_from_columns(const std::vector<Date>& dates,
                                         const std::vector<std::string>& stages,
                                         const std::vector<py::object>& amounts) {
  if (stages.size() != dates.size() || amounts.size() != dates.size())
    throw invalid_input("flows", "columns of different lengths");
  std::vector<FundFlow> flows;
  flows.reserve(dates.size());
  for (std::size_t i = 0; i < dates.size(); ++i) {
    FundStage stage;
    try {
      stage = parse_fund_stage(stages[i]);
    } catch (const invalid_input& e) {
      throw invalid_rows({row_error{i, "stage", e.what()}});
    }
    Money amount;
    try {
      amount = money_from(amounts[i], "amount");
    } catch (const invalid_input& e) {
      throw invalid_rows({row_error{i, "amount", e.what()}});
    }
    if (amount.fen() < 0) throw invalid_rows({row_error{i, "amount", "a negative amount"}});
    flows.push_back({dates[i], stage, amount});
  }
  return flows;
}

} // namespace

void register_fund(py::module_& m) {
  py::class_<Money>(m, "Money", R"doc(
An exact amount of money in 分 (0.01 元): read from report text without binary rounding and summed
without drift.

Money("116.17万元") reads 540元, 116.17万元, 1.3亿元, 2400万 or 1,234.50元; Money(12.5) takes 元 (rounded
half up to the 分). Amounts with more decimals than 分 are refused, not rounded. + and - give
Money (overflow is InvalidInput); fen is the integer count of 分, yuan the float in 元.

Formula
-------
fen = number × 100 × (10^4 for 万, 10^8 for 亿), exactly in 64-bit integers.

References
----------
docs/funds.md §1 (why money is counted in 分); the seed summaries' amounts (seed 002:
住院分娩补偿资金116.17万元, 共发放各类补偿资金1.3亿元).

Examples
--------
>>> zb.Money("116.17万元").fen
116170000
>>> (zb.Money("540元") + zb.Money("0.01元")).yuan_text()
'540.01'
)doc")
      .def(py::init([](const py::object& value) { return money_from(value, "money"); }),
           py::arg("value"))
      .def_property_readonly("fen", &Money::fen)
      .def_property_readonly("yuan", &Money::yuan)
      .def("yuan_text", &Money::yuan_text, "The amount in 元 with two decimals: '360711360.00'.")
      .def("__add__", [](Money a, Money b) { return a + b; })
      .def("__sub__", [](Money a, Money b) { return a - b; })
      .def("__eq__", [](Money a, Money b) { return a == b; })
      .def("__lt__", [](Money a, Money b) { return a < b; })
      .def("__le__", [](Money a, Money b) { return a <= b; })
      .def("__hash__", [](Money a) { return py::hash(py::int_(a.fen())); })
      .def("__repr__", [](Money a) { return "Money('" + a.yuan_text() + "元')"; });

  py::class_<Fund>(m, "Fund", R"doc(
A fund: a per-capita standard for a population (or a fixed sum) and the shares of the levels of
government (中央 / 省 / 市 / 县) and the individual that make it up.

Fund(standard, population, shares) takes the standard a head (Money or its text) and the persons;
Fund.fixed(total, shares) a fixed sum. shares maps a level to its amount a head (or its part of a
fixed sum); they must add up to the standard exactly, else InvalidInput naming shares.

Formula
-------
total = standard × population; a share's total = its amount × population; Σ shares = standard.

References
----------
docs/funds.md §2; seed 002 (新农合: 按照人均540元筹资标准，其中农民个人自筹120元，中央、省、区级财政分别
补助240元、135元、45元, 667984 persons: 全年应筹集参合资金3.6亿余元).

Examples
--------
>>> f = zb.Fund("540元", 667984, {"个人": "120元", "中央": "240元", "省": "135元", "区": "45元"})
>>> f.total.yuan_text()
'360711360.00'
>>> f.share_totals["中央"].yuan_text()
'160316160.00'
)doc")
      .def(py::init(
               [](const py::object& standard, std::int64_t population, const py::object& shares) {
                 return Fund::per_capita(money_from(standard, "standard"), population,
                                         shares_from(shares));
               }),
           py::arg("standard"), py::arg("population"), py::arg("shares") = py::none())
      .def_static(
          "fixed",
          [](const py::object& total, const py::object& shares) {
            return Fund::fixed(money_from(total, "total"), shares_from(shares));
          },
          py::arg("total"), py::arg("shares") = py::none(),
          "A fund of a fixed sum (Money or its text), with the levels' parts.")
      .def_property_readonly("total", &Fund::total)
      .def_property_readonly("standard", &Fund::standard)
      .def_property_readonly("population", &Fund::population)
      .def_property_readonly("share_totals",
                             [](const Fund& f) {
                               py::dict out;
                               for (std::size_t i = 0; i < f.shares().size(); ++i)
                                 out[py::str(f.shares()[i].level)] = f.share_total(i);
                               return out;
                             })
      .def("__repr__", [](const Fund& f) {
        return "<Fund total " + f.total().yuan_text() + " 元" +
               (f.is_per_capita()
                    ? ", " + f.standard().yuan_text() + " 元 × " + std::to_string(f.population())
                    : std::string()) +
               ">";
      });

  py::class_<FundExecution>(m, "FundExecution", R"doc(
A fund's execution at a date: the sums allocated, arrived (到位), disbursed (拨付) and spent (支出)
and their rates, against the time elapsed (序时进度) with the commission's stated band.

Made by zb.execute_fund. Rates are per cent (None where the base is 0); lead is execution_rate −
time_progress in points; within_band says whether the spending lies in the band (合理区间).

Formula
-------
arrival_rate = arrived / total × 100; disbursement_rate = disbursed / arrived × 100;
execution_rate = spent / total × 100; lead = execution_rate − time_progress; within_band = −below
≤ lead ≤ above.

References
----------
docs/funds.md §3; seed 002 (共发放各类补偿资金1.3亿元，占当年筹资额的36.1%，基金支出进度处于合理区间).

Examples
--------
>>> f = zb.Fund("540元", 667984)
>>> flows = pd.DataFrame({"date": ["2010-01-10", "2010-05-31"], "stage": ["到位", "支出"],
...                       "amount": [f.total, "1.3亿元"]})
>>> e = zb.execute_fund(f, flows, period="2010", as_of="2010-05-31")
>>> round(e.execution_rate, 2), round(e.time_progress, 2), e.within_band
(36.04, 41.67, True)
)doc")
      .def_readonly("total", &FundExecution::total)
      .def_readonly("allocated", &FundExecution::allocated)
      .def_readonly("arrived", &FundExecution::arrived)
      .def_readonly("disbursed", &FundExecution::disbursed)
      .def_readonly("spent", &FundExecution::spent)
      .def_readonly("arrival_rate", &FundExecution::arrival_rate)
      .def_readonly("disbursement_rate", &FundExecution::disbursement_rate)
      .def_readonly("execution_rate", &FundExecution::execution_rate)
      .def_readonly("time_progress", &FundExecution::time_progress)
      .def_readonly("lead", &FundExecution::lead)
      .def_readonly("within_band", &FundExecution::within_band)
      .def("summary", &FundExecution::summary,
           "The Chinese sentence: 应筹集资金3.61亿元，…，支出进度处于合理区间.")
      .def(
          "sentence",
          [](const FundExecution& e, const std::string& language) {
            return e.sentence(parse_language(language));
          },
          py::arg("language") = "zh",
          "The sentence in 'zh' (summary()) or 'en' (the funds command's --lang en).")
      .def("__repr__",
           [](const FundExecution& e) { return "<FundExecution " + e.summary() + ">"; });

  m.def(
      "_execute_fund",
      [](const Fund& fund, const std::vector<Date>& dates, const std::vector<std::string>& stages,
         const std::vector<py::object>& amounts, const Period& period, Date as_of, double below,
         double above, const std::string& basis) {
        const std::vector<FundFlow> flows = flows_from_columns(dates, stages, amounts);
        if (basis != "months" && basis != "days")
          throw invalid_input("basis", "expected 'months' or 'days', got '" + basis + "'");
        return execute_fund(
            fund, flows, period, as_of,
            {below, above, basis == "days" ? ProgressBasis::days : ProgressBasis::months});
      },
      py::arg("fund"), py::arg("dates"), py::arg("stages"), py::arg("amounts"), py::arg("period"),
      py::arg("as_of"), py::arg("below"), py::arg("above"), py::arg("basis"),
      "execute_fund (fund.hpp) over flows given as columns.");
  m.def(
      "_check_fund_deadlines",
      [](const Fund& fund, const std::vector<Date>& dates, const std::vector<std::string>& stages,
         const std::vector<py::object>& amounts, const std::vector<std::string>& deadline_stages,
         const std::vector<Date>& by, const std::vector<double>& shares, Date as_of) {
        const std::vector<FundFlow> flows = flows_from_columns(dates, stages, amounts);
        if (by.size() != deadline_stages.size() || shares.size() != deadline_stages.size())
          throw invalid_input("deadlines", "columns of different lengths");
        std::vector<FundDeadline> deadlines;
        for (std::size_t i = 0; i < by.size(); ++i) {
          FundDeadline d;
          try {
            d.stage = parse_fund_stage(deadline_stages[i]);
          } catch (const invalid_input& e) {
            throw invalid_input("deadlines[" + std::to_string(i) + "].stage", e.what());
          }
          d.by = by[i];
          d.share = shares[i];
          deadlines.push_back(d);
        }
        // (stage, by, share, required, reached, status) per deadline.
        py::list out;
        for (const DeadlineCheck& c : check_deadlines(fund, flows, deadlines, as_of))
          out.append(py::make_tuple(std::string(to_string(c.deadline.stage)), c.deadline.by,
                                    c.deadline.share, c.required, c.reached,
                                    std::string(to_string(c.status))));
        return out;
      },
      py::arg("fund"), py::arg("dates"), py::arg("stages"), py::arg("amounts"),
      py::arg("deadline_stages"), py::arg("by"), py::arg("shares"), py::arg("as_of"),
      "check_deadlines (fund.hpp) over flows and deadlines given as columns.");
  py::class_<StandardCheck>(m, "StandardCheck", R"doc(
What a per-capita standard and a printed total say about the population raised for
(zb.check_fund_standard; fund.hpp): population_low and population_high, the whole persons whose
total at the standard lies in the printed total's range; population, the one checked (or None);
consistent, whether it lies within them.

Formula
-------
population_low = min{p : p × standard ≥ lower}; population_high = max{p : p × standard < upper}
(≤ for an exact total); consistent = low ≤ high and low ≤ population ≤ high.

References
----------
docs/funds.md §5; seed 002 (按照人均540元筹资标准…全年应筹集参合资金3.6亿余元).

Examples
--------
>>> c = zb.check_fund_standard("540元", "3.6亿余元", population=700000)
>>> c
StandardCheck(population_low=666667, population_high=685185, population=700000, consistent=False)
)doc")
      .def_readonly("population_low", &StandardCheck::population_low)
      .def_readonly("population_high", &StandardCheck::population_high)
      .def_readonly("population", &StandardCheck::population)
      .def_readonly("consistent", &StandardCheck::consistent)
      .def("__repr__", [](const StandardCheck& c) {
        return "StandardCheck(population_low=" + std::to_string(c.population_low) +
               ", population_high=" + std::to_string(c.population_high) + ", population=" +
               (c.population ? std::to_string(*c.population) : std::string("None")) +
               ", consistent=" + (c.consistent ? "True" : "False") + ")";
      });
  m.def("_check_fund_standard", &check_standard, py::arg("standard"), py::arg("total_lower"),
        py::arg("total_upper"), py::arg("upper_closed"), py::arg("population"),
        "check_standard (fund.hpp).");
  m.def(
      "_benefit_total",
      [](const std::vector<std::string>& names, const std::vector<std::int64_t>& persons,
         const std::vector<std::int64_t>& months, const std::vector<py::object>& monthly) {
        if (persons.size() != names.size() || months.size() != names.size() ||
            monthly.size() != names.size())
          throw invalid_input("tiers", "columns of different lengths");
        std::vector<BenefitTier> tiers;
        for (std::size_t i = 0; i < names.size(); ++i)
          tiers.push_back({names[i], persons[i], months[i],
                           money_from(monthly[i], "tiers[" + std::to_string(i) + "].monthly")});
        return benefit_total(tiers);
      },
      py::arg("names"), py::arg("persons"), py::arg("months"), py::arg("monthly"),
      "benefit_total (fund.hpp) over tiers given as columns.");
}

} // namespace zhibiao::python
