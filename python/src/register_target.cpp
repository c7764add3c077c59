// Targets, assessment and comparisons (target.hpp, assessment.hpp, comparison.hpp).
#include "register.hpp"

#include "binding_helpers.hpp"
#include "date_caster.hpp"

#include <pybind11/stl.h>

#include <zhibiao/assessment.hpp>
#include <zhibiao/comparison.hpp>

#include <span>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

ProgressBasis basis_from(const std::string& text) {
  if (text == "months") return ProgressBasis::months;
  if (text == "days") return ProgressBasis::days;
  throw invalid_input("basis", "unknown basis '" + text + "'; expected 'months' or 'days'");
}

const char* bound_name(Bound b) {
  switch (b) {
  case Bound::at_least: return "at_least";
  case Bound::more_than: return "more_than";
  case Bound::at_most: return "at_most";
  case Bound::less_than: return "less_than";
  case Bound::equal_to: return "equal_to";
  case Bound::within: return "within";
  }
  return "";
}

// A NumPy buffer as a span (empty for None): the kernels read it in place.
template <class T, class Array>
std::span<const T> span_of(const Array& a, const std::string& field) {
  require_one_dimensional(a, field);
  return {a.data(), static_cast<std::size_t>(a.size())};
}

template <class T, class Array>
std::span<const T> span_of(const std::optional<Array>& a, const std::string& field) {
  return a ? span_of<T>(*a, field) : std::span<const T>{};
}

// compare_proportions and compare_rates take the same arguments; only the default unit differs.
template <Comparison (*Compare)(double, double, double, double, Unit, Direction, double)>
void def_comparison(py::module_& m, const char* name, const char* default_unit, const char* doc) {
  m.def(
      name,
      [](double x1, double n1, double x0, double n0, py::handle unit, const std::string& direction,
         const py::object& confidence) {
        return Compare(x1, n1, x0, n0, unit_from(unit), parse_direction(direction),
                       number_option(confidence, "confidence"));
      },
      py::arg("x1"), py::arg("n1"), py::arg("x0"), py::arg("n0"), py::arg("unit") = default_unit,
      py::arg("direction") = "neither", py::arg("confidence") = 0.95, doc);
}

// The Python face of SignificanceOption: confidence None is off (nothing moves), else a level in
// (0, 1) with the figure's kind and the method's name.
std::optional<SignificanceOption> significance_from(const py::object& confidence,
                                                    const std::string& kind,
                                                    const std::string& method) {
  if (confidence.is_none()) return std::nullopt;
  return SignificanceOption{parse_measure_kind(kind), number_option(confidence, "confidence"),
                            parse_evidence_method(method)};
}

// verdict, lower, upper and confidence of an assessment that may weigh its interval
// (ThresholdAssessment, ImprovementAssessment: both hold `verdict`, `interval`, `confidence`).
template <class Assessment>
void with_verdict(py::class_<Assessment>& cls, const std::string& when, const std::string& what) {
  cls.def_property_readonly(
         "verdict", [](const Assessment& a) { return std::string(to_string(a.verdict)); },
         ("'reached', 'not_reached', or with confidence= 'not_distinguishable' (差异无统计学意义) "
          "when " +
          when + ".")
             .c_str())
      .def_property_readonly(
          "lower",
          [](const Assessment& a) -> std::optional<double> {
            return a.interval ? std::optional<double>(a.interval->lower) : std::nullopt;
          },
          ("The interval's lower limit " + what + " (None without an interval).").c_str())
      .def_property_readonly(
          "upper",
          [](const Assessment& a) -> std::optional<double> {
            return a.interval ? std::optional<double>(a.interval->upper) : std::nullopt;
          },
          ("The interval's upper limit " + what + " (None without an interval).").c_str())
      .def_property_readonly(
          "confidence",
          [](const Assessment& a) -> std::optional<double> {
            return a.interval ? std::optional<double>(a.confidence) : std::nullopt;
          },
          "The interval's level (None without an interval).");
}

} // namespace

void register_target(py::module_& m) {
  py::class_<Threshold>(m, "Threshold", R"doc(
A bound on an indicator's value, read from a target's wording; it judges one value at a time.

Threshold.parse("控制在10%以内"), Threshold.parse("≥90%"), Threshold.parse("低于8‰"),
Threshold.parse("孕产妇死亡率下降到12/10万") (≤ 12/10万): the wording fixes the comparison
(docs/targets.md §2), strict= overrides it. `value` and `upper` are in the bound's `unit` (per
cent, per mille, per 100,000 ...); met_by and shortfall take one value in that same unit, and
shortfall returns the distance in it (percentage points for a per-cent bound). A bound on a count
keeps its noun: Threshold.parse("不少于1,000人") has value 1000, unit ratio and count_unit "人".

Formula
-------
met_by(v): v ≥ value (at_least), v > value (more_than), v ≤ value (at_most),
v < value (less_than), v = value (equal_to), value ≤ v ≤ upper (within).
shortfall(v) = 0 when met, else value − v (≥, >), v − value (≤, <), |v − value| (=), or the
distance to the nearer end (within); in the value's unit.

References
----------
docs/targets.md §2 (which word means which comparison) and §2.1 (counts and their nouns); the
wording of the target documents (《"健康中国2030"规划纲要》: 孕产妇死亡率下降到12/10万) and of the
seed work summaries (不低于90%).

Examples
--------
>>> t = zb.Threshold.parse("不低于90%")
>>> t, t.bound, t.value
(Threshold('≥90%'), 'at_least', 90.0)
>>> t.met_by(94.125)           # seed: 1506 / 1600 = 94.125 %
True
>>> t.shortfall(88.5)          # 90 − 88.5, in percentage points
1.5
>>> zb.Threshold.parse("控制在45%以内").bound
'at_most'
)doc")
      .def_static(
          "parse",
          [](const std::string& text, std::optional<bool> strict, py::object unit) {
            ThresholdOptions o{strict};
            if (!unit.is_none()) o.unit = unit_from(unit);
            return Threshold::parse(text, o);
          },
          py::arg("text"), py::arg("strict") = py::none(), py::arg("unit") = py::none(),
          R"doc(Reads report wording (≥90%, 90%以上, 不低于９０％, 控制在10%以内, 85%-95%,
不少于1,000人, 完成1,200例以上, 提高到95%, 降至5‰). Raises ParseError (field "target", the
character position) for text it cannot read, for two comparison words (高于低于5%) and for
baseline wording (较上年提高2个百分点: read it with Improvement.parse).)doc")
      .def_property_readonly("bound", [](const Threshold& t) { return bound_name(t.bound); })
      .def_readonly("value", &Threshold::value)
      .def_readonly("upper", &Threshold::upper)
      .def_readonly("unit", &Threshold::unit)
      .def_readonly("count_unit", &Threshold::count_unit,
                    "The counted noun of a bound on a count ('人', '例', '剂次', '家'); '' for a "
                    "rate.")
      .def(
          "__eq__", [](const Threshold& a, const Threshold& b) { return a == b; },
          py::is_operator())
      .def("__hash__", [](const Threshold& t) { return py::hash(py::str(t.describe())); })
      .def("met_by", &Threshold::met_by, py::arg("value"), R"doc(
Whether one value (in the bound's unit) meets the bound, at full precision.

>>> zb.Threshold.parse("低于8‰").met_by(8), zb.Threshold.parse("低于8‰").met_by(7.9)
(False, True)
)doc")
      .def("shortfall", &Threshold::shortfall, py::arg("value"), R"doc(
The distance from one value to the bound, in the value's unit (0 when met).

>>> zb.Threshold.parse("低于8‰").shortfall(8.5)
0.5
>>> zb.Threshold.parse("85%-95%").shortfall(97)   # to the nearer end
2.0
)doc")
      .def(
          "describe",
          [](const Threshold& t, const std::string& lang) {
            return t.describe(parse_language(lang));
          },
          py::arg("language") = "zh", R"doc(
The canonical wording ("zh", read back by Threshold.parse) or an English one ("en").

>>> t = zb.Threshold.parse("低于8‰")
>>> t.describe(), t.describe("en")
('<8‰', 'less than 8 per 1,000')
)doc")
      .def("__repr__", [](const Threshold& t) { return "Threshold('" + t.describe() + "')"; });

  py::class_<Quota>(m, "Quota", R"doc(
A count to reach in a period (任务数): one amount (a plain count, same unit as the work done) and
the Period it is due in.

Quota(amount, period) takes the count; Quota.from_expression evaluates a constant expression
(7469 * 22, 34903 * 0.35, min/max; no data elements) and keeps its text as `derivation`. zb.assess_quota judges the
work done against it.

Formula
-------
amount = the value of the expression (7469 × 22 = 164318 doses); derivation = its text.

References
----------
docs/targets.md §1 and §3 (quotas and how they are derived); seed 002: 7469 children × 22 doses
= 164318 doses in 2024.

Examples
--------
>>> q = zb.Quota.from_expression("7469 * 22", zb.Period.year(2024))
>>> q.amount, q.derivation
(164318.0, '7469 * 22')
>>> zb.Quota(1600, zb.Period.year(2019))
Quota(amount=1600, period='2019')
)doc")
      .def(py::init([](double amount, Period period) { return Quota::of(amount, period); }),
           py::arg("amount"), py::arg("period"))
      .def_static("from_expression", &Quota::from_expression, py::arg("expression"),
                  py::arg("period"))
      .def_readonly("amount", &Quota::amount)
      .def_readonly("period", &Quota::period)
      .def_readonly("derivation", &Quota::derivation);
  m.def("split_quota", &split_quota, py::arg("total"), py::arg("weights"), R"doc(
Integer parts of one total, proportional to a sequence of weights, that add up to the total.

Takes one whole count and a sequence of non-negative weights (populations, last year's counts);
returns a list of whole counts, in the total's unit, one per weight.

Formula
-------
share_i = total × w_i / Σw; part_i = ⌊share_i⌋, and the total − Σ⌊share_i⌋ units left over go
one each to the largest remainders share_i − ⌊share_i⌋ (ties to the earlier unit): the
largest-remainder (Hamilton) method, so Σ part_i = total exactly.

References
----------
Balinski M. L., Young H. P. Fair Representation: Meeting the Ideal of One Man, One Vote
(2nd ed., Brookings, 2001), the Hamilton method; docs/targets.md §3.

Examples
--------
>>> zb.split_quota(1600, [3, 2, 1])   # 800, 533.33, 266.67: the one left over goes to .67
[800, 533, 267]
)doc");

  py::class_<QuotaAssessment>(m, "QuotaAssessment")
      .def_readonly("done", &QuotaAssessment::done)
      .def_readonly("quota", &QuotaAssessment::quota)
      .def_readonly("completion", &QuotaAssessment::completion)
      .def_readonly("time_progress", &QuotaAssessment::time_progress)
      .def_readonly("lead", &QuotaAssessment::lead)
      .def_property_readonly(
          "pace", [](const QuotaAssessment& a) { return std::string(to_string(a.pace)); })
      .def_readonly("reached", &QuotaAssessment::reached)
      .def_readonly("remaining", &QuotaAssessment::remaining)
      .def_readonly("projected_run_rate", &QuotaAssessment::projected_run_rate)
      .def_readonly("projected_seasonal", &QuotaAssessment::projected_seasonal)
      .def_readonly("months_left", &QuotaAssessment::months_left)
      .def_readonly("monthly_pace_needed", &QuotaAssessment::monthly_pace_needed)
      .def(
          "summary",
          [](const QuotaAssessment& a, const std::string& lang) {
            return a.summary(parse_language(lang));
          },
          py::arg("language") = "zh");
  m.def(
      "assess_quota",
      [](double done, const Quota& quota, Date as_of, const std::string& basis,
         const py::object& tolerance, std::vector<double> last_year_monthly) {
        // tolerance through number_option: "abc", None and True are InvalidInput (class 7).
        return assess_quota(done, quota, as_of,
                            {basis_from(basis), number_option(tolerance, "tolerance"),
                             std::move(last_year_monthly)});
      },
      py::arg("done"), py::arg("quota"), py::arg("as_of"), py::arg("basis") = "months",
      py::arg("tolerance") = 0.0, py::arg("last_year_monthly") = std::vector<double>{}, R"doc(
The work done on a quota against 序时进度 (time progress) at a date: a QuotaAssessment.

Takes one count done (same unit as the quota), a Quota and the as-of date (a datetime.date or
'YYYY-MM-DD'). completion and time_progress are per cent, lead and tolerance percentage points.
basis="months" (the default, as reports count 序时进度) counts whole months completed by the end
of as_of (5 of 12 at 31 May, also at 15 June); basis="days" counts days elapsed, both ends
included (152 of 366 at 31 May 2024). last_year_monthly (one amount per month of the period)
adds a seasonal projection.

Formula
-------
completion = done / quota × 100 (任务完成率); time_progress = elapsed share of the period × 100
(序时进度); lead = completion − time_progress (points); pace = ahead if lead > tolerance, behind
if lead < −tolerance, else on_schedule; reached = done ≥ quota; remaining = quota − done;
projected_run_rate = done / elapsed share; projected_seasonal = done / (last year's months so
far / last year's total); monthly_pace_needed = remaining / months left.

References
----------
docs/targets.md §4–§5 and docs/periods.md §6 (time progress); the seed summaries' wording
(完成全年任务的40.82%，序时进度41.67%，落后序时进度0.85个百分点, seed 002).

Examples
--------
>>> a = zb.assess_quota(1506, zb.Quota(1600, zb.Period.year(2019)), "2019-12-31")
>>> a.completion, a.time_progress, a.lead, a.pace   # seed: 1506 / 1600 = 94.125 %
(94.125, 100.0, -5.875, 'behind')
>>> q = zb.Quota.from_expression("7469 * 22", zb.Period.year(2024))
>>> zb.assess_quota(67072, q, "2024-05-31").summary()          # seed 002, 5 of 12 months
'完成全年任务的40.82%，序时进度41.67%，落后序时进度0.85个百分点'
>>> round(zb.assess_quota(67072, q, "2024-05-31", basis="days").time_progress, 2)  # 152/366
41.53
)doc");

  py::class_<ThresholdAssessment> threshold_assessment(m, "ThresholdAssessment");
  threshold_assessment.def_readonly("value", &ThresholdAssessment::value)
      .def_readonly("reached", &ThresholdAssessment::reached)
      .def_readonly("shortfall", &ThresholdAssessment::shortfall)
      .def_readonly("count_needed", &ThresholdAssessment::count_needed);
  with_verdict(threshold_assessment, "the figure's interval holds the bound",
               "in the threshold's unit");
  m.def(
      "assess_threshold",
      [](double value, const Threshold& threshold, std::optional<double> numerator,
         std::optional<double> denominator, const py::object& confidence, const std::string& kind,
         const std::string& method) {
        const auto option = significance_from(confidence, kind, method);
        return option ? assess_threshold(value, threshold, numerator, denominator, *option)
                      : assess_threshold(value, threshold, numerator, denominator);
      },
      py::arg("value"), py::arg("threshold"), py::arg("numerator") = py::none(),
      py::arg("denominator") = py::none(), py::kw_only(), py::arg("confidence") = py::none(),
      py::arg("kind") = "proportion", py::arg("method") = "automatic", R"doc(
One value against a Threshold: a ThresholdAssessment (reached, shortfall, count_needed; with
confidence= also verdict, lower, upper).

Takes one value in the threshold's unit (per cent for ≥90%, per 1,000 population for ≥4.5/千人)
and, optionally, its numerator and denominator (counts). shortfall is in the value's unit;
count_needed is in numerator units (how many more for ≥ and >, how many fewer for ≤ and <),
None without counts or for a range or an equality.

confidence= (e.g. 0.95; None, the default, is off and nothing changes) weighs the figure's
sampling error: the counts are needed, kind says what they are ("proportion": numerator of
denominator; "rate": events in a population; "ratio": the two counts, boys and girls), and
method is "automatic" (PHEindicatormethods' conventions: Wilson for proportions and ratios,
exact Poisson below 10 events and Byar's from 10 for rates), "exact" (Clopper–Pearson, or
Garwood's Poisson limits), "wilson" or "byar". verdict is then "not_distinguishable"
(差异无统计学意义) when the interval holds the bound (or an end of a range); reached stays the
value's own comparison.

Formula
-------
reached = threshold.met_by(value); shortfall = threshold.shortfall(value);
count_needed = ⌈bound × denominator / multiplier − numerator⌉ for ≥ (⌊…⌋ + 1 for the strict >),
⌈numerator − bound × denominator / multiplier⌉ for ≤ (⌊…⌋ + 1 for <), 0 when reached.
With confidence: (lower, upper) = the interval of numerator / denominator × multiplier (a
ratio a/b: the interval of π = a/(a + b) mapped by π/(1 − π)); for ≥: reached if lower > bound,
not_reached if upper < bound, else not_distinguishable (≤ the mirror; a range: reached when the
interval lies inside it, not_reached when wholly outside).

References
----------
docs/targets.md §4 (thresholds) and §7 (small numbers); examples/district/README.md story 3
(1364 childcare places, 3.89 per 1,000, below the target of 4.5); Public Health England,
PHEindicatormethods (Wilson for proportions, Byar / exact Poisson for rates); Garwood F.
Biometrika 1936;28:437–442.

Examples
--------
>>> t = zb.Threshold.parse("不低于4.5/千人")
>>> a = zb.assess_threshold(1364 / 350533.75 * 1000, t, 1364, 350533.75)
>>> a.reached, round(a.shortfall, 2)
(False, 0.61)
>>> a.count_needed        # ⌈4.5 × 350.53375 − 1364⌉ = ⌈213.40⌉
214.0
>>> sr = zb.Threshold.parse("103-107", unit="per_100")   # 427 boys, 374 girls: 114.17
>>> b = zb.assess_threshold(427 / 374 * 100, sr, 427, 374, confidence=0.95, kind="ratio")
>>> b.reached, b.verdict, round(b.lower, 2), round(b.upper, 2)
(False, 'not_distinguishable', 99.39, 131.16)
)doc");

  py::class_<Improvement>(m, "Improvement", R"doc(
An improvement on a baseline (较2015年下降30%, 较上年提高2个百分点, 逐年下降, 不高于近5年平均水平,
不低于2023年水平), read from its wording; zb.assess_improvement judges one value against it.

Improvement.parse reads the wording (docs/targets.md §6); kind is one of points, relative,
better, trend, not_worse_than_average, not_worse_than_baseline. amount is in percentage points
(or units of the value) for kind points and in per cent of the baseline for kind relative;
direction is the verb's (下降: lower_is_better); years counts the years of an average; baseline is
the Period compared with, or None for last year (上年, 同比).

Formula
-------
points: reached when sign × (value − baseline) ≥ amount; relative: when sign × (value −
baseline) / baseline × 100 ≥ amount; sign = −1 for lower_is_better, +1 otherwise (see
zb.assess_improvement for the other kinds).

References
----------
docs/targets.md §6 (the wording table); the wording of 《"健康中国2030"规划纲要》 and
《中国防治慢性病中长期规划（2017—2025年）》 (重大慢性病过早死亡率较2015年降低…).

Examples
--------
>>> i = zb.Improvement.parse("较2015年下降30%")
>>> i.kind, i.amount, i.direction, i.baseline.code
('relative', 30.0, 'lower_is_better', '2015')
>>> zb.Improvement("points", 3, "lower_is_better")
Improvement.parse('较上年下降3个百分点')
)doc")
      .def(py::init([](const std::string& kind, const py::object& amount,
                       const std::string& direction, int years, std::optional<Period> baseline) {
             const double a = number_option(amount, "amount");
             if (!std::isfinite(a) || a < 0)
               throw invalid_input("amount", "must be a finite number ≥ 0");
             if (years < 1) throw invalid_input("years", "must be at least 1");
             return Improvement{parse_improvement_kind(kind), a, parse_direction(direction), years,
                                std::move(baseline)};
           }),
           py::arg("kind"), py::arg("amount") = 0.0, py::arg("direction") = "higher_is_better",
           py::arg("years") = 5, py::arg("baseline") = py::none())
      .def_static(
          "parse", &Improvement::parse, py::arg("text"),
          R"doc(Reads 较上年提高2个百分点 (points), 较2015年下降30% and 同比增长5% (relative),
较上年有所提高 (better), 逐年下降 and 持续降低 (trend), 不高于近5年平均水平 (not_worse_than_average,
years 5), 不低于2023年水平 and 不高于上年水平 (not_worse_than_baseline). Raises ParseError (field
"target", the character position) for contradictions (高于低于5%, 提高下降2个百分点), an amount without
its unit (较上年提高2个) and for a level to reach (提高到95%: read it with Threshold.parse).)doc")
      .def_property_readonly("kind",
                             [](const Improvement& i) { return std::string(to_string(i.kind)); })
      .def_readonly("amount", &Improvement::amount)
      .def_property_readonly(
          "direction", [](const Improvement& i) { return std::string(to_string(i.direction)); })
      .def_readonly("years", &Improvement::years)
      .def_readonly("baseline", &Improvement::baseline)
      .def(
          "describe",
          [](const Improvement& i, const std::string& lang) {
            return i.describe(parse_language(lang));
          },
          py::arg("language") = "zh",
          "The canonical wording, which Improvement.parse reads back: '较2015年下降30%'.")
      .def(
          "__eq__", [](const Improvement& a, const Improvement& b) { return a == b; },
          py::is_operator())
      .def("__hash__", [](const Improvement& i) { return py::hash(py::str(i.describe())); })
      .def("__repr__",
           [](const Improvement& i) { return "Improvement.parse('" + i.describe() + "')"; });
  m.def(
      "parse_target",
      [](const std::string& text, std::optional<bool> strict, py::object unit) -> py::object {
        ThresholdOptions o{strict};
        if (!unit.is_none()) o.unit = unit_from(unit);
        const Target t = parse_target(text, o);
        const auto one = [](const Target& option) -> py::object {
          if (const auto* threshold = std::get_if<Threshold>(&option.rule))
            return py::cast(*threshold);
          return py::cast(std::get<Improvement>(option.rule));
        };
        if (const auto* either = std::get_if<EitherTarget>(&t.rule)) {
          py::list options;
          for (const auto& option : either->options) options.append(one(option));
          return options;
        }
        return one(t);
      },
      py::arg("text"), py::arg("strict") = py::none(), py::arg("unit") = py::none(),
      R"doc(One target's wording as a Threshold (不低于90%, 下降到12/10万, 不少于1,000人) or an
Improvement (较上年提高2个百分点, 逐年下降), or a list of them for an either-or target
(婴儿死亡率5.6‰或持续降低: [Threshold ≤5.6‰, Improvement trend]). strict= and unit= apply to the
thresholds. Raises ParseError (field "target", the position in the whole text).

Takes one text; returns a Threshold (its figure in the unit the text gives: %, ‰, /10万), an
Improvement, or a list of them. It computes no number beyond reading the figures.

Formula
-------
target = Threshold.parse(part) or Improvement.parse(part) for each part between 或; a bare
figure beside a change takes the change's direction (5.6‰或持续降低: ≤ 5.6‰ or a falling trend).

References
----------
docs/targets.md §2, §6 and §6.1; 《"健康中国2030"规划纲要》 and the national 十四五 plans, whose
either-or wording (婴儿死亡率5.6‰或持续降低) this reads.

Examples
--------
>>> zb.parse_target("不低于90%")
Threshold('≥90%')
>>> zb.parse_target("较上年提高2个百分点")
Improvement.parse('较上年提高2个百分点')
>>> zb.parse_target("婴儿死亡率5.6‰或持续降低")
[Threshold('≤5.6‰'), Improvement.parse('逐年下降')]
)doc");
  py::class_<ImprovementAssessment> improvement_assessment(m, "ImprovementAssessment");
  improvement_assessment.def_readonly("reached", &ImprovementAssessment::reached)
      .def_readonly("change_points", &ImprovementAssessment::change_points)
      .def_readonly("change_relative", &ImprovementAssessment::change_relative)
      .def_readonly("reference", &ImprovementAssessment::reference);
  with_verdict(improvement_assessment, "the interval of the change holds the improvement's bound",
               "of the change: points for a proportion, per cent of the baseline for a rate,");
  m.def(
      "assess_improvement",
      [](double value, const Improvement& improvement, std::optional<double> baseline,
         const std::vector<double>& history, std::optional<double> numerator,
         std::optional<double> denominator, std::optional<double> baseline_numerator,
         std::optional<double> baseline_denominator, const py::object& confidence,
         const std::string& kind, const std::string& method) {
        const auto option = significance_from(confidence, kind, method);
        if (!option) return assess_improvement(value, improvement, baseline, history);
        const std::pair<const std::optional<double>*, const char*> counts[] = {
            {&numerator, "numerator"},
            {&denominator, "denominator"},
            {&baseline_numerator, "baseline_numerator"},
            {&baseline_denominator, "baseline_denominator"}};
        for (const auto& [c, name] : counts)
          if (!*c)
            throw invalid_input(name, "confidence= weighs the change's sampling error from both "
                                      "years' counts; give numerator, denominator, "
                                      "baseline_numerator and baseline_denominator");
        return assess_improvement(
            value, improvement, baseline, history,
            {*numerator, *denominator, *baseline_numerator, *baseline_denominator}, *option);
      },
      py::arg("value"), py::arg("improvement"), py::arg("baseline") = py::none(),
      py::arg("history") = std::vector<double>{}, py::kw_only(), py::arg("numerator") = py::none(),
      py::arg("denominator") = py::none(), py::arg("baseline_numerator") = py::none(),
      py::arg("baseline_denominator") = py::none(), py::arg("confidence") = py::none(),
      py::arg("kind") = "proportion", py::arg("method") = "automatic", R"doc(
One value against an Improvement on a baseline: an ImprovementAssessment.

Takes one value, the Improvement, the baseline's value (same unit) or a history of earlier
years' values (oldest first; its last one is the baseline when none is given). change_points is
in the value's unit (percentage points for a per-cent value), change_relative in per cent of the
baseline (None when it is 0); reference is the value compared with for the average and
baseline kinds.

confidence= (e.g. 0.95; None, the default, changes nothing) weighs the change's sampling error
from both years' counts (numerator, denominator, baseline_numerator, baseline_denominator, all
needed; kind "proportion" or "rate"): for a proportion Newcombe's interval of the difference in
points (as zb.compare_proportions), which judges 提高/下降…个百分点, 有所提高 and 不低于上年; for a
rate the exact interval of the rate ratio RR as (RR − 1) × 100 (as zb.compare_rates), which
judges 下降…%, 有所下降 and 不低于上年. verdict is then 'not_distinguishable' (差异无统计学意义)
when the interval holds the target's bound; other kinds keep the value's verdict, lower and
upper None.

Formula
-------
change_points = value − baseline; change_relative = (value − baseline) / baseline × 100;
sign = −1 for lower_is_better, else +1. reached: points: sign × change_points ≥ amount;
relative: sign × change_relative ≥ amount; better: sign × change_points > 0; trend: every year
better than the one before; not_worse_than_average: sign × (value − mean of the last `years`
values) ≥ 0; not_worse_than_baseline: sign × change_points ≥ 0. With confidence, the bound b =
amount (0 for better and not_worse_than_baseline) and the change's interval (L, U): a rise is
reached if L > b, not reached if U < b; a fall reached if U < −b, not reached if L > −b; else
not_distinguishable.

References
----------
docs/targets.md §4, §6 and §7; the national 重大慢性病过早死亡率 of 18.5 % (2015) and 15.3 % (2021)
quoted there, which reaches 较2015年下降3个百分点 and misses 较2015年下降30% (《"健康中国2030"
规划纲要》's wording). Newcombe RG (1998), Stat Med 17:873–890, Table II (a): 56/70 − 48/80,
method 10 limits 0.0524–0.3339.

Examples
--------
>>> a = zb.assess_improvement(15.3, zb.Improvement.parse("较2015年下降30%"), 18.5)
>>> a.reached, round(a.change_points, 2), round(a.change_relative, 2)   # −3.2 / 18.5 = −17.30 %
(False, -3.2, -17.3)
>>> zb.assess_improvement(15.3, zb.Improvement.parse("较2015年下降3个百分点"), 18.5).reached
True
>>> a = zb.assess_improvement(80, zb.Improvement.parse("较上年提高10个百分点"), 60, numerator=56,
...                           denominator=70, baseline_numerator=48, baseline_denominator=80,
...                           confidence=0.95)       # +20 points, Newcombe 5.24–33.39 holds 10
>>> a.reached, a.verdict, round(a.lower, 2), round(a.upper, 2)
(True, 'not_distinguishable', 5.24, 33.39)
)doc");

  py::class_<Comparison>(m, "Comparison", R"doc(
A change between two periods (同比, 环比), or against a reference, with its test: the result of
zb.compare_proportions and zb.compare_rates for one pair of figures.

current and previous are in the comparison's unit (per cent by default for proportions, per
100,000 for rates); change is in that unit (percentage points for per cent); relative_change is
per cent of previous (None when previous is 0); lower and upper bound the difference (points) for
proportions and the ratio current / previous for rates and counts.

Formula
-------
change = current − previous; relative_change = (current − previous) / previous × 100;
significant = the interval excludes no change (0 for a difference, 1 for a ratio); verdict =
better / worse in the indicator's direction when significant, else similar (a significant
change of an indicator whose direction is "neither" is not_comparable).

References
----------
Newcombe R. G. Interval estimation for the difference between independent proportions:
comparison of eleven methods. Stat Med 1998;17:873–890 (method 10); docs/tables.md §2 and
docs/units-and-rounding.md §6 (kinds of change).

Examples
--------
>>> c = zb.compare_proportions(14446, 23771, 12869, 23758, direction="higher_is_better")
>>> round(c.current, 2), round(c.previous, 2), round(c.change, 2)   # examples/district story 4
(60.77, 54.17, 6.6)
>>> round(c.lower, 2), round(c.upper, 2), c.significant, c.verdict
(5.72, 7.49, True, 'better')
>>> c.summary()
'较去年同期增加6.60个百分点（差异有统计学意义）'
)doc")
      .def_readonly("current", &Comparison::current)
      .def_readonly("previous", &Comparison::previous)
      .def_readonly("change", &Comparison::change)
      .def_readonly("relative_change", &Comparison::relative_change)
      .def_property_readonly("lower", [](const Comparison& c) { return c.interval.lower; })
      .def_property_readonly("upper", [](const Comparison& c) { return c.interval.upper; })
      .def_readonly("significant", &Comparison::significant)
      .def_property_readonly("verdict",
                             [](const Comparison& c) { return std::string(to_string(c.verdict)); })
      .def(
          "summary",
          [](const Comparison& c, py::handle decimals) {
            return c.summary(decimals_option(decimals));
          },
          py::arg("decimals") = 2, R"doc(
The Chinese clause of the change with its significance, rounded half up at `decimals`.

>>> c = zb.compare_proportions(14446, 23771, 12869, 23758, direction="higher_is_better")
>>> c.summary(1)
'较去年同期增加6.6个百分点（差异有统计学意义）'
)doc");
  def_comparison<&compare_proportions>(m, "compare_proportions", "percent", R"doc(
Two proportions x1/n1 (current) and x0/n0 (previous, or a reference) compared: a Comparison.

Takes four counts (numerators and denominators, one value each) and the unit the proportions are
expressed in ("percent" by default; "per_mille" ...). The change is in points of that unit,
relative_change in per cent of the previous value; lower/upper are Newcombe's interval of the
difference at `confidence`, in the same points.

Formula
-------
p1 = x1/n1, p0 = x0/n0; change = (p1 − p0) × multiplier; with Wilson's score limits (l1, u1) of
p1 and (l0, u0) of p0: lower = p1 − p0 − √((p1 − l1)² + (u0 − p0)²), upper = p1 − p0 +
√((u1 − p1)² + (p0 − l0)²) (Newcombe's hybrid score interval); significant when it excludes 0.

References
----------
Newcombe R. G. Interval estimation for the difference between independent proportions:
comparison of eleven methods. Stat Med 1998;17:873–890 (method 10); docs/tables.md §2.

Examples
--------
>>> c = zb.compare_proportions(14446, 23771, 12869, 23758, direction="higher_is_better")
>>> round(c.change, 2), round(c.lower, 2), round(c.upper, 2)   # examples/district story 4
(6.6, 5.72, 7.49)
>>> c.verdict
'better'
)doc");
  def_comparison<&compare_rates>(m, "compare_rates", "per_100k", R"doc(
Two rates x1/n1 (current) and x0/n0 (previous, or a reference) compared: a Comparison.

Takes four numbers (event counts and their populations or person-time, one value each) and the
unit of the rates ("per_100k" by default; "ratio" with n1 = n0 = 1 for two counts such as
门急诊人次). change is in the rate's unit, relative_change in per cent of the previous rate;
lower/upper bound the rate ratio (current / previous), where no change is 1.

Formula
-------
r1 = x1/n1 × multiplier, r0 = x0/n0 × multiplier; change = r1 − r0; relative_change =
(r1 − r0) / r0 × 100; conditional on x1 + x0 events, x1 ~ Binomial(x1 + x0, π) and the
Clopper–Pearson limits (πL, πU) of π give the ratio limits πL/(1 − πL) × n0/n1 and
πU/(1 − πU) × n0/n1; significant when they exclude 1.

References
----------
Breslow N. E., Day N. E. Statistical Methods in Cancer Research, Vol. II: The Design and
Analysis of Cohort Studies (IARC, 1987), the exact conditional interval of a rate ratio;
Clopper C. J., Pearson E. S. Biometrika 1934;26:404–413; docs/tables.md §2.

Examples
--------
>>> c = zb.compare_rates(36, 1, 25, 1, unit="ratio")   # two counts: 25 → 36 is +44 %
>>> c.change, c.relative_change
(11.0, 44.0)
>>> round(c.lower, 3), round(c.upper, 3), c.significant
(0.841, 2.503, False)
>>> c.summary()
'较去年同期增长44%（差异无统计学意义）'
)doc");
  m.def(
      "benchmark",
      [](double value, double lower, double upper, double reference, const std::string& direction) {
        return std::string(
            to_string(benchmark({value, lower, upper}, reference, parse_direction(direction))));
      },
      py::arg("value"), py::arg("lower"), py::arg("upper"), py::arg("reference"),
      py::arg("direction"), R"doc(
One value with its interval against a reference value (the province, the country): 'better',
'similar', 'worse' or 'not_comparable'.

Takes one value, its interval's lower and upper limits and the reference, all in the same unit,
and the indicator's direction (higher_is_better, lower_is_better, neither).

Formula
-------
higher_is_better: better if lower > reference, worse if upper < reference, else similar;
lower_is_better: the other way round; neither: not_comparable when the interval lies wholly on
one side, else similar.

References
----------
Public Health England's Fingertips benchmarking: a value is better or worse than the England
value when its confidence interval lies wholly on one side, else similar; docs/tables.md §3.

Examples
--------
>>> zb.benchmark(91, 88, 93, 90, "higher_is_better")   # [88, 93] straddles 90
'similar'
>>> zb.benchmark(93, 91, 95, 90, "higher_is_better")   # [91, 95] lies wholly above
'better'
)doc");
  m.def(
      "rank",
      [](const std::vector<double>& values, const std::string& direction) {
        return rank(values, parse_direction(direction));
      },
      py::arg("values"), py::arg("direction"), R"doc(
Ranks among peers, 1 = best in the indicator's direction: a list of int, one per value.

Takes a sequence of values (same unit) and a direction (higher_is_better: the largest is 1;
lower_is_better: the smallest). Ties share the best rank of their group; a NaN is unranked (0).

Formula
-------
rank_i = 1 + the number of values strictly better than value_i (standard competition ranking,
"1224").

References
----------
Standard competition ranking, as pandas' Series.rank(method="min"); docs/tables.md §3.

Examples
--------
>>> zb.rank([80, 90, 80, 70], "higher_is_better")   # the two 80s share rank 2
[2, 1, 2, 4]
>>> zb.rank([80, 90, 80, float("nan")], "lower_is_better")
[1, 3, 1, 0]
)doc");

  // Whole evaluated tables (zhibiao.assess_thresholds / benchmark_frame): one call per table.
  m.def(
      "_assess_threshold_column",
      [](InputArray value, CodeArray target, const std::vector<Threshold>& thresholds,
         std::optional<InputArray> numerator, std::optional<InputArray> denominator,
         std::optional<py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>>
             has_counts,
         const py::object& confidence, const std::vector<std::string>& kinds,
         const std::string& method) -> py::tuple {
        const auto v = span_of<double>(value, "value");
        const auto t = span_of<std::int64_t>(target, "target");
        const auto x = span_of<double>(numerator, "numerator");
        const auto d = span_of<double>(denominator, "denominator");
        const auto h = span_of<std::uint8_t>(has_counts, "has_counts");
        const auto n = static_cast<py::ssize_t>(v.size());
        py::array_t<std::uint8_t> reached(n);
        py::array_t<double> shortfall(n), count_needed(n);
        const std::span<std::uint8_t> r(reached.mutable_data(), v.size());
        const std::span<double> s(shortfall.mutable_data(), v.size()),
            c(count_needed.mutable_data(), v.size());
        const auto option = significance_from(confidence, "proportion", method);
        if (!option) {
          {
            // The kernel reads and writes only the buffers above (kept alive by this frame) and
            // the copied thresholds; the GIL is taken back before the tuple is built.
            py::gil_scoped_release release;
            assess_threshold_column(v, t, thresholds, x, d, h, r, s, c);
          }
          return py::make_tuple(reached, shortfall, count_needed);
        }
        std::vector<MeasureKind> k;
        k.reserve(kinds.size());
        for (const auto& text : kinds) k.push_back(parse_measure_kind(text));
        py::array_t<std::uint8_t> verdict(n);
        py::array_t<double> lower(n), upper(n);
        const ThresholdEvidenceColumns out{r,
                                           s,
                                           c,
                                           {verdict.mutable_data(), v.size()},
                                           {lower.mutable_data(), v.size()},
                                           {upper.mutable_data(), v.size()}};
        {
          py::gil_scoped_release release; // as above, and the copied kinds
          assess_threshold_column(v, t, thresholds, x, d, h, k, *option, out);
        }
        return py::make_tuple(reached, shortfall, count_needed, verdict, lower, upper);
      },
      py::arg("value"), py::arg("target"), py::arg("thresholds"), py::arg("numerator") = py::none(),
      py::arg("denominator") = py::none(), py::arg("has_counts") = py::none(),
      py::arg("confidence") = py::none(), py::arg("kinds") = std::vector<std::string>{},
      py::arg("method") = "automatic",
      "(reached uint8: 0 missed, 1 reached, 2 not assessed; shortfall; count_needed) of every "
      "row; with confidence also (verdict uint8: TargetVerdict codes, 2 also where not assessed; "
      "lower; upper).");
  m.def(
      "_assess_improvement_column",
      [](InputArray value, CodeArray target, const std::vector<Improvement>& improvements,
         std::optional<InputArray> baseline, std::optional<InputArray> history,
         std::optional<InputArray> numerator, std::optional<InputArray> denominator,
         std::optional<InputArray> baseline_numerator,
         std::optional<InputArray> baseline_denominator, const py::object& confidence,
         const std::vector<std::string>& kinds, const std::string& method) -> py::tuple {
        const auto v = span_of<double>(value, "value");
        const auto t = span_of<std::int64_t>(target, "target");
        const auto b = span_of<double>(baseline, "baseline");
        // history: rows × years, C order (oldest year first in each row).
        std::span<const double> h;
        std::size_t years = 0;
        if (history) {
          if (history->ndim() != 2)
            throw invalid_input("history", "must be a 2-d array of rows × years");
          years = static_cast<std::size_t>(history->shape(1));
          h = std::span<const double>(history->data(),
                                      static_cast<std::size_t>(history->shape(0)) * years);
        }
        const auto n = static_cast<py::ssize_t>(v.size());
        py::array_t<std::uint8_t> reached(n);
        py::array_t<double> points(n), relative(n), reference(n);
        const std::span<std::uint8_t> r(reached.mutable_data(), v.size());
        const std::span<double> p(points.mutable_data(), v.size()),
            q(relative.mutable_data(), v.size()), f(reference.mutable_data(), v.size());
        const auto option = significance_from(confidence, "proportion", method);
        if (!option) {
          {
            // The kernel reads and writes only the buffers above and the copied improvements.
            py::gil_scoped_release release;
            assess_improvement_column(v, t, improvements, b, h, years, r, p, q, f);
          }
          return py::make_tuple(reached, points, relative, reference);
        }
        const std::array<std::span<const double>, 4> counts{
            span_of<double>(numerator, "numerator"), span_of<double>(denominator, "denominator"),
            span_of<double>(baseline_numerator, "baseline_numerator"),
            span_of<double>(baseline_denominator, "baseline_denominator")};
        std::vector<MeasureKind> k;
        k.reserve(kinds.size());
        for (const auto& text : kinds) k.push_back(parse_measure_kind(text));
        py::array_t<std::uint8_t> verdict(n);
        py::array_t<double> lower(n), upper(n);
        const ImprovementEvidenceColumns out{r,
                                             p,
                                             q,
                                             f,
                                             {verdict.mutable_data(), v.size()},
                                             {lower.mutable_data(), v.size()},
                                             {upper.mutable_data(), v.size()}};
        {
          py::gil_scoped_release release; // as above, and the copied kinds
          assess_improvement_column(v, t, improvements, b, h, years, counts, k, *option, out);
        }
        return py::make_tuple(reached, points, relative, reference, verdict, lower, upper);
      },
      py::arg("value"), py::arg("target"), py::arg("improvements"),
      py::arg("baseline") = py::none(), py::arg("history") = py::none(),
      py::arg("numerator") = py::none(), py::arg("denominator") = py::none(),
      py::arg("baseline_numerator") = py::none(), py::arg("baseline_denominator") = py::none(),
      py::arg("confidence") = py::none(), py::arg("kinds") = std::vector<std::string>{},
      py::arg("method") = "automatic",
      "(reached uint8: 0 missed, 1 reached, 2 not assessed; change_points; change_relative; "
      "reference) of every row; with confidence and the four count columns also (verdict uint8: "
      "TargetVerdict codes, 2 also where not assessed; lower; upper: the change's interval).");
  m.def(
      "_benchmark_column",
      [](InputArray value, InputArray lower, InputArray upper, CodeArray group,
         const std::vector<double>& reference, const std::vector<std::string>& direction) {
        std::vector<Direction> directions;
        directions.reserve(direction.size());
        for (const auto& text : direction) directions.push_back(parse_direction(text));
        const auto v = span_of<double>(value, "value");
        const auto lo = span_of<double>(lower, "lower");
        const auto hi = span_of<double>(upper, "upper");
        const auto g = span_of<std::int64_t>(group, "group");
        py::array_t<std::uint8_t> verdict(static_cast<py::ssize_t>(v.size()));
        const std::span<std::uint8_t> out(verdict.mutable_data(), v.size());
        {
          // As above: only these buffers and the copied references are touched.
          py::gil_scoped_release release;
          benchmark_column(v, lo, hi, g, reference, directions, out);
        }
        return verdict;
      },
      py::arg("value"), py::arg("lower"), py::arg("upper"), py::arg("group"), py::arg("reference"),
      py::arg("direction"), "Verdict codes of every row (255 where not benchmarked).");
  // zhibiao.assess_quota_frame: one call per table (QuotaRowStatus codes, names below).
  m.def(
      "_assess_quota_column",
      [](InputArray done, InputArray quota, const Period& period, Date as_of,
         const std::string& basis, const py::object& tolerance, const std::string& language) {
        const ProgressOptions options{basis_from(basis), number_option(tolerance, "tolerance")};
        const Language lang = parse_language(language);
        const auto d = span_of<double>(done, "done");
        const auto q = span_of<double>(quota, "quota");
        const std::size_t n = d.size();
        const auto rows = static_cast<py::ssize_t>(n);
        py::array_t<double> completion(rows), time_progress(rows), lead(rows);
        py::array_t<std::uint8_t> status(rows);
        std::vector<std::string> summary(n);
        const QuotaColumns out{{completion.mutable_data(), n},
                               {time_progress.mutable_data(), n},
                               {lead.mutable_data(), n},
                               {status.mutable_data(), n},
                               summary};
        std::size_t invalid = 0;
        {
          // The kernel touches only these buffers (kept alive by this frame) and the copies.
          py::gil_scoped_release release;
          invalid = assess_quota_column(d, q, period, as_of, options, out, lang);
        }
        py::list sentences(rows);
        for (std::size_t i = 0; i < n; ++i)
          sentences[i] = py::str(summary[i].data(), summary[i].size());
        return py::make_tuple(completion, time_progress, lead, status, sentences, invalid);
      },
      py::arg("done"), py::arg("quota"), py::arg("period"), py::arg("as_of"),
      py::arg("basis") = "months", py::arg("tolerance") = 0.0, py::arg("language") = "zh",
      "(completion, time_progress, lead, status uint8 (_QUOTA_ROW_STATUS_NAMES), summary, "
      "number of invalid rows) of every row.");
  // zhibiao.compare_frame: one call per table (ComparisonRowStatus codes, names below).
  m.def(
      "_compare_column",
      [](const std::string& kind, InputArray x1, std::optional<InputArray> n1, InputArray x0,
         std::optional<InputArray> n0, py::handle unit, const std::string& direction,
         const py::object& confidence) {
        ComparisonKind k = ComparisonKind::proportion;
        if (kind == "rate") {
          k = ComparisonKind::rate;
        } else if (kind == "count") {
          k = ComparisonKind::count;
        } else if (kind != "proportion") {
          throw invalid_input("kind", "unknown kind '" + kind +
                                          "'; expected 'proportion', 'rate' or 'count'");
        }
        // The per-row functions' default units: per cent for proportions, per 100,000 for rates.
        const Unit u = unit.is_none()
                           ? (k == ComparisonKind::rate ? Unit::per_100k() : Unit::percent())
                           : unit_from(unit);
        const Direction way = parse_direction(direction);
        const double level = number_option(confidence, "confidence");
        const auto a = span_of<double>(x1, "x1");
        const auto b = span_of<double>(n1, "n1");
        const auto c = span_of<double>(x0, "x0");
        const auto d = span_of<double>(n0, "n0");
        const std::size_t n = a.size();
        const auto rows = static_cast<py::ssize_t>(n);
        py::array_t<double> current(rows), previous(rows), change(rows), relative(rows),
            lower(rows), upper(rows);
        py::array_t<std::uint8_t> significant(rows), verdict(rows), status(rows);
        std::vector<std::string> summary(n);
        const ComparisonColumns out{{current.mutable_data(), n},     {previous.mutable_data(), n},
                                    {change.mutable_data(), n},      {relative.mutable_data(), n},
                                    {lower.mutable_data(), n},       {upper.mutable_data(), n},
                                    {significant.mutable_data(), n}, {verdict.mutable_data(), n},
                                    {status.mutable_data(), n},      summary};
        {
          // As above: only these buffers are touched.
          py::gil_scoped_release release;
          compare_column(k, a, b, c, d, u, way, level, out);
        }
        py::list sentences(rows);
        for (std::size_t i = 0; i < n; ++i)
          sentences[i] = py::str(summary[i].data(), summary[i].size());
        return py::make_tuple(current, previous, change, relative, lower, upper, significant,
                              verdict, status, sentences);
      },
      py::arg("kind"), py::arg("x1"), py::arg("n1"), py::arg("x0"), py::arg("n0"),
      py::arg("unit") = py::none(), py::arg("direction") = "neither", py::arg("confidence") = 0.95,
      "(current, previous, change, relative_change, lower, upper, significant uint8 (255 not "
      "tested), verdict uint8 (255 none), status uint8 (_COMPARISON_ROW_STATUS_NAMES), summary) "
      "of every row.");
  py::list quota_statuses;
  for (int k = 0; k <= static_cast<int>(QuotaRowStatus::invalid_quota); ++k)
    quota_statuses.append(std::string(to_string(static_cast<QuotaRowStatus>(k))));
  m.attr("_QUOTA_ROW_STATUS_NAMES") = quota_statuses;
  py::list comparison_statuses;
  for (int k = 0; k <= static_cast<int>(ComparisonRowStatus::no_relative_change); ++k)
    comparison_statuses.append(std::string(to_string(static_cast<ComparisonRowStatus>(k))));
  m.attr("_COMPARISON_ROW_STATUS_NAMES") = comparison_statuses;
  m.attr("_NOT_TESTED") = not_tested;
  py::list verdicts;
  for (int k = 0; k <= static_cast<int>(Verdict::not_comparable); ++k)
    verdicts.append(std::string(to_string(static_cast<Verdict>(k))));
  m.attr("_VERDICT_NAMES") = verdicts;
  m.attr("_NOT_ASSESSED") = not_assessed;
  py::list target_verdicts;
  for (int k = 0; k <= static_cast<int>(TargetVerdict::not_distinguishable); ++k)
    target_verdicts.append(std::string(to_string(static_cast<TargetVerdict>(k))));
  m.attr("_TARGET_VERDICT_NAMES") = target_verdicts;
}

} // namespace zhibiao::python
