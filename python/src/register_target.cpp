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
void def_comparison(py::module_& m, const char* name, const char* default_unit) {
  m.def(
      name,
      [](double x1, double n1, double x0, double n0, py::handle unit, const std::string& direction,
         const py::object& confidence) {
        return Compare(x1, n1, x0, n0, unit_from(unit), parse_direction(direction),
                       number_option(confidence, "confidence"));
      },
      py::arg("x1"), py::arg("n1"), py::arg("x0"), py::arg("n0"), py::arg("unit") = default_unit,
      py::arg("direction") = "neither", py::arg("confidence") = 0.95);
}

} // namespace

void register_target(py::module_& m) {
  py::class_<Threshold>(m, "Threshold", R"doc(
A bound on an indicator's value. Threshold.parse("控制在10%以内"), Threshold.parse("≥90%"),
Threshold.parse("低于8‰"), Threshold.parse("孕产妇死亡率下降到12/10万") (≤ 12/10万); the wording
fixes the comparison (docs/targets.md §2), strict= overrides it. A bound on a count keeps its noun:
Threshold.parse("不少于1,000人") has value 1000, unit ratio and count_unit "人".)doc")
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
      .def("met_by", &Threshold::met_by, py::arg("value"))
      .def("shortfall", &Threshold::shortfall, py::arg("value"))
      .def(
          "describe",
          [](const Threshold& t, const std::string& lang) {
            return t.describe(parse_language(lang));
          },
          py::arg("language") = "zh")
      .def("__repr__", [](const Threshold& t) { return "Threshold('" + t.describe() + "')"; });

  py::class_<Quota>(m, "Quota", "A count to reach in a period (任务数).")
      .def(py::init([](double amount, Period period) { return Quota::of(amount, period); }),
           py::arg("amount"), py::arg("period"))
      .def_static("from_expression", &Quota::from_expression, py::arg("expression"),
                  py::arg("period"))
      .def_readonly("amount", &Quota::amount)
      .def_readonly("period", &Quota::period)
      .def_readonly("derivation", &Quota::derivation);
  m.def("split_quota", &split_quota, py::arg("total"), py::arg("weights"),
        "Integer parts proportional to weights that add up to total (largest remainder).");

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
      py::arg("tolerance") = 0.0, py::arg("last_year_monthly") = std::vector<double>{});

  py::class_<ThresholdAssessment>(m, "ThresholdAssessment")
      .def_readonly("value", &ThresholdAssessment::value)
      .def_readonly("reached", &ThresholdAssessment::reached)
      .def_readonly("shortfall", &ThresholdAssessment::shortfall)
      .def_readonly("count_needed", &ThresholdAssessment::count_needed);
  m.def("assess_threshold", &assess_threshold, py::arg("value"), py::arg("threshold"),
        py::arg("numerator") = py::none(), py::arg("denominator") = py::none());

  py::class_<Improvement>(m, "Improvement", R"doc(
An improvement on a baseline (较2015年下降30%, 较上年提高2个百分点, 逐年下降, 不高于近5年平均水平,
不低于2023年水平). Improvement.parse reads the wording (docs/targets.md §6); kind is one of points,
relative, better, trend, not_worse_than_average, not_worse_than_baseline.)doc")
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
thresholds. Raises ParseError (field "target", the position in the whole text).)doc");
  py::class_<ImprovementAssessment>(m, "ImprovementAssessment")
      .def_readonly("reached", &ImprovementAssessment::reached)
      .def_readonly("change_points", &ImprovementAssessment::change_points)
      .def_readonly("change_relative", &ImprovementAssessment::change_relative)
      .def_readonly("reference", &ImprovementAssessment::reference);
  m.def("assess_improvement", &assess_improvement, py::arg("value"), py::arg("improvement"),
        py::arg("baseline") = py::none(), py::arg("history") = std::vector<double>{});

  py::class_<Comparison>(m, "Comparison",
                         "A change between two periods, or against a reference, with its test.")
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
          py::arg("decimals") = 2);
  def_comparison<&compare_proportions>(m, "compare_proportions", "percent");
  def_comparison<&compare_rates>(m, "compare_rates", "per_100k");
  m.def(
      "benchmark",
      [](double value, double lower, double upper, double reference, const std::string& direction) {
        return std::string(
            to_string(benchmark({value, lower, upper}, reference, parse_direction(direction))));
      },
      py::arg("value"), py::arg("lower"), py::arg("upper"), py::arg("reference"),
      py::arg("direction"));
  m.def(
      "rank",
      [](const std::vector<double>& values, const std::string& direction) {
        return rank(values, parse_direction(direction));
      },
      py::arg("values"), py::arg("direction"));

  // Whole evaluated tables (zhibiao.assess_thresholds / benchmark_frame): one call per table.
  m.def(
      "_assess_threshold_column",
      [](InputArray value, CodeArray target, const std::vector<Threshold>& thresholds,
         std::optional<InputArray> numerator, std::optional<InputArray> denominator,
         std::optional<py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>>
             has_counts) {
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
        {
          // The kernel reads and writes only the buffers above (kept alive by this frame) and the
          // copied thresholds.
          py::gil_scoped_release release;
          assess_threshold_column(v, t, thresholds, x, d, h, r, s, c);
        }
        return py::make_tuple(reached, shortfall, count_needed);
      },
      py::arg("value"), py::arg("target"), py::arg("thresholds"), py::arg("numerator") = py::none(),
      py::arg("denominator") = py::none(), py::arg("has_counts") = py::none(),
      "(reached uint8: 0 missed, 1 reached, 2 not assessed; shortfall; count_needed) of every "
      "row.");
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
}

} // namespace zhibiao::python
