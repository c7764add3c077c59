#include "register.hpp"

#include "date_caster.hpp"
#include "output_array.hpp"

#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <vector>

#include <zhibiao/detail/parallel.hpp>
#include <zhibiao/detail/time_aggregation_kernels.hpp>
#include <zhibiao/error.hpp>
#include <zhibiao/period.hpp>
#include <zhibiao/time_aggregation.hpp>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

ProgressBasis parse_basis(const std::string& text) {
  if (text == "days") return ProgressBasis::days;
  if (text == "months") return ProgressBasis::months;
  throw invalid_input("basis", "unknown basis '" + text + "'; expected 'days' or 'months'");
}

NovemberNaming parse_november_naming(const std::string& text) {
  if (text == "end_year") return NovemberNaming::end_year;
  if (text == "start_year") return NovemberNaming::start_year;
  throw invalid_input("november_naming", "unknown naming '" + text.substr(0, 40) +
                                             "'; expected 'end_year' (dhis2-core) or "
                                             "'start_year' (multi-calendar-dates)");
}

PeriodTextOptions text_options(std::optional<Date> reference, int statistical_year_start_month,
                               int cumulative_start_month) {
  PeriodTextOptions o;
  o.reference = reference;
  o.statistical_year_start_month = statistical_year_start_month;
  o.cumulative_start_month = cumulative_start_month;
  return o;
}

using InputMatrix = py::array_t<double, py::array::c_style | py::array::forcecast>;

Eigen::Index checked_months(const InputMatrix& monthly) {
  if (monthly.ndim() != 2)
    throw invalid_input("monthly", "must be two-dimensional (series × months), got " +
                                       std::to_string(monthly.ndim()) + " dimensions");
  return static_cast<Eigen::Index>(monthly.shape(1));
}

// (values, missing_months, periods, months_covered, complete): outputs are NumPy arrays the
// kernel writes in place; the input is read in place when it is C-contiguous float64.
py::tuple aggregate(InputMatrix monthly, const Period& first_month, const std::string& to,
                    const std::string& how, int year_start_month) {
  const Eigen::Index months = checked_months(monthly);
  const auto series = static_cast<std::size_t>(monthly.shape(0));
  TimeAggregationOptions options{parse_period_type(to, "to"), parse_time_aggregation(how),
                                 year_start_month};
  const MonthGroups g = plan_month_groups(first_month, static_cast<int>(months), options);
  const auto groups = g.periods.size();
  py::array_t<double> values({series, groups});
  py::array_t<std::uint8_t> missing({series, groups});
  const double* in = monthly.data();
  double* out = values.mutable_data();
  std::uint8_t* miss = missing.mutable_data();
  {
    // Reads `in`, writes `out`/`miss`, all owned by this frame: no Python object is touched.
    py::gil_scoped_release release;
    detail::aggregate_month_groups(in, series, static_cast<std::size_t>(months), g.first.data(),
                                   g.count.data(), groups, g.month_days.data(), options.how, out,
                                   miss);
  }
  detail::require_finite_aggregation(in, series, static_cast<std::size_t>(months), out, groups,
                                     g.periods);
  return py::make_tuple(values, missing, g.periods, g.count, g.complete);
}

py::array_t<double> cumulate(InputMatrix monthly, const Period& first_month, int year_start_month) {
  const Eigen::Index months = checked_months(monthly);
  const auto series = static_cast<std::size_t>(monthly.shape(0));
  const auto starts = year_start_flags(first_month, static_cast<int>(months), year_start_month);
  py::array_t<double> out({series, static_cast<std::size_t>(months)});
  const double* in = monthly.data();
  double* o = out.mutable_data();
  std::size_t bad = 0;
  {
    py::gil_scoped_release release; // pure C++ over buffers held by this frame
    bad = detail::cumulate(in, series, static_cast<std::size_t>(months), starts.data(), o);
  }
  detail::require_finite_cumulation(bad, in, series, static_cast<std::size_t>(months));
  return out;
}

using IntColumn = py::array_t<std::int64_t, py::array::c_style>;

// The year to date of a long table read in place (zb.year_to_date_columns' sorted path), or None
// when the rows are not laid out unit by unit, month by month: `series` blocks of `span` rows,
// row k of every block in month first_month + k (the year and month columns say so), one unit
// in each block and the units increasing from block to block. The check and the running sums
// are one pass over the four columns (detail::year_to_date_laid_out); the sums are
// detail::cumulate's, series by series, so the result is bit for bit what
// _cumulate_year_to_date gives on the block.
py::object year_to_date_in_place(const py::array_t<double, py::array::c_style>& value,
                                 const IntColumn& unit, const IntColumn& year,
                                 const IntColumn& month, int first_year, int first_month_number,
                                 std::int64_t span, int year_start_month) {
  const auto rows = static_cast<std::size_t>(value.size());
  if (value.ndim() != 1 || unit.ndim() != 1 || year.ndim() != 1 || month.ndim() != 1 ||
      static_cast<std::size_t>(unit.size()) != rows ||
      static_cast<std::size_t>(year.size()) != rows ||
      static_cast<std::size_t>(month.size()) != rows || span <= 0 ||
      rows % static_cast<std::size_t>(span) != 0 || rows == 0)
    return py::none();
  const auto months = static_cast<std::size_t>(span);
  const std::size_t series = rows / months;
  const Period first_month = Period::month(first_year, first_month_number);
  const auto starts = year_start_flags(first_month, static_cast<int>(months), year_start_month);
  std::vector<std::int64_t> year_of(months), month_of(months);
  const std::int64_t first = std::int64_t{first_year} * 12 + first_month_number - 1;
  for (std::size_t k = 0; k < months; ++k) {
    year_of[k] = (first + static_cast<std::int64_t>(k)) / 12;
    month_of[k] = (first + static_cast<std::int64_t>(k)) % 12 + 1;
  }
  // On huge pages (output_array.hpp): 2 MB pages fault in far faster than 4 KB ones.
  py::array_t<double> out = output_array<double>(static_cast<py::ssize_t>(rows));
  bool laid_out = false;
  std::size_t bad = rows;
  {
    py::gil_scoped_release release; // the buffers this frame holds, nothing else
    laid_out = detail::year_to_date_laid_out(value.data(), unit.data(), year.data(), month.data(),
                                             series, months, year_of.data(), month_of.data(),
                                             starts.data(), out.mutable_data(), bad);
  }
  if (!laid_out) return py::none();
  detail::require_finite_cumulation(bad, value.data(), series, months);
  return out;
}

// The year to date of a long table in any row order (zb.year_to_date_columns' general path for
// integer unit codes), or None when the rows need the Python path: a year or month out of range,
// unit codes negative or too sparse for a dense block (the caller factorizes them), a block
// beyond `max_cells`, or two rows in one (unit, month) cell (the Python path names the row).
// Every row goes to its cell of a dense units × months block (NaN where no row is), the block is
// cumulated in place by detail::cumulate, and each row reads its cell back: the numbers of the
// Python path bit for bit (the same block through the same kernel), in four passes over the rows
// split across cores instead of a dozen NumPy passes (issue 16: shuffled year to date).
py::object year_to_date_scattered(const py::array_t<double, py::array::c_style>& value,
                                  const IntColumn& unit, const IntColumn& year,
                                  const IntColumn& month, int year_start_month,
                                  std::int64_t max_cells) {
  const auto rows = static_cast<std::size_t>(value.size());
  if (value.ndim() != 1 || unit.ndim() != 1 || year.ndim() != 1 || month.ndim() != 1 ||
      static_cast<std::size_t>(unit.size()) != rows ||
      static_cast<std::size_t>(year.size()) != rows ||
      static_cast<std::size_t>(month.size()) != rows || rows == 0)
    return py::none();
  const double* v = value.data();
  const std::int64_t *u = unit.data(), *y = year.data(), *m = month.data();
  constexpr std::int64_t huge = std::numeric_limits<std::int64_t>::max();
  // 1. The ranges of months (y × 12 + m − 1) and units, and the years' and months' validity.
  struct Range {
    std::int64_t month_lo = huge, month_hi = -huge, unit_lo = huge, unit_hi = -huge;
    bool valid = true;
  };
  Range all;
  std::mutex all_lock;
  std::uint32_t* cell_of = nullptr;
  std::vector<std::uint32_t> cells_by_row;
  std::int64_t lo = 0, width = 0, units = 0;
  py::array_t<double> out;
  bool ok = true;
  {
    py::gil_scoped_release release; // the buffers this frame holds, nothing else
    detail::parallel_for(rows, std::size_t{1} << 16, [&](std::size_t begin, std::size_t end) {
      Range r;
      unsigned bad = 0;
      for (std::size_t i = begin; i < end; ++i) {
        bad |= (y[i] < 1) | (y[i] > 9998) | (m[i] < 1) | (m[i] > 12);
        // Clamped, so that a wild year cannot overflow the product (the row is refused anyway).
        const std::int64_t k = std::clamp<std::int64_t>(y[i], 0, 9999) * 12 + m[i] - 1;
        r.month_lo = std::min(r.month_lo, k);
        r.month_hi = std::max(r.month_hi, k);
        r.unit_lo = std::min(r.unit_lo, u[i]);
        r.unit_hi = std::max(r.unit_hi, u[i]);
      }
      const std::lock_guard<std::mutex> hold(all_lock);
      all.month_lo = std::min(all.month_lo, r.month_lo);
      all.month_hi = std::max(all.month_hi, r.month_hi);
      all.unit_lo = std::min(all.unit_lo, r.unit_lo);
      all.unit_hi = std::max(all.unit_hi, r.unit_hi);
      all.valid = all.valid && bad == 0;
    });
    lo = all.month_lo;
    width = all.month_hi - all.month_lo + 1;
    // Dense codes only (the Python path's test: units × width ≤ 2 rows), and a block whose
    // cells fit 32 bits.
    ok = all.valid && all.unit_lo >= 0 && all.unit_hi < static_cast<std::int64_t>(2 * rows);
    units = ok ? all.unit_hi + 1 : 0;
    ok = ok && units * width <= static_cast<std::int64_t>(2 * rows) && units * width <= max_cells &&
         units * width < (std::int64_t{1} << 32);
  }
  if (!ok) return py::none();
  const auto cells = static_cast<std::size_t>(units * width);
  std::vector<double> block(cells, std::numeric_limits<double>::quiet_NaN());
  std::vector<std::uint8_t> marked(cells, 0);
  cells_by_row.resize(rows);
  cell_of = cells_by_row.data();
  const Period first = Period::month(static_cast<int>(lo / 12), static_cast<int>(lo % 12) + 1);
  const auto starts = year_start_flags(first, static_cast<int>(width), year_start_month);
  out = output_array<double>(static_cast<py::ssize_t>(rows));
  double* o = out.mutable_data();
  std::size_t bad = cells;
  {
    py::gil_scoped_release release;
    // 2. Every row into its cell. Two rows of one cell (a duplicate) may be written by two
    // threads at once: the stores are relaxed atomics (plain moves on x86), and a duplicate is
    // found by counting the marked cells, not by which store won.
    detail::parallel_for(rows, std::size_t{1} << 16, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        const auto c = static_cast<std::size_t>(u[i] * width + y[i] * 12 + m[i] - 1 - lo);
        cell_of[i] = static_cast<std::uint32_t>(c);
        std::atomic_ref<double>(block[c]).store(v[i], std::memory_order_relaxed);
        std::atomic_ref<std::uint8_t>(marked[c]).store(1, std::memory_order_relaxed);
      }
    });
    std::atomic<std::size_t> marks{0};
    detail::parallel_for(cells, std::size_t{1} << 18, [&](std::size_t begin, std::size_t end) {
      std::size_t count = 0;
      for (std::size_t c = begin; c < end; ++c) count += marked[c];
      marks.fetch_add(count, std::memory_order_relaxed);
    });
    ok = marks.load() == rows;
    if (ok) {
      // 3. The running sums, unit by unit, in place (each cell is read before it is written).
      const auto months = static_cast<std::size_t>(width);
      std::atomic<std::size_t> first_bad{cells};
      detail::parallel_for(
          static_cast<std::size_t>(units), 4096, [&](std::size_t begin, std::size_t end) {
            double* b = block.data() + begin * months;
            std::size_t at = detail::cumulate(b, end - begin, months, starts.data(), b);
            if (at == (end - begin) * months) return;
            at += begin * months;
            std::size_t seen = first_bad.load(std::memory_order_relaxed);
            while (at < seen && !first_bad.compare_exchange_weak(seen, at)) {
            }
          });
      bad = first_bad.load();
      // 4. Each row's year to date, read back from its cell.
      if (bad == cells)
        detail::parallel_for(rows, std::size_t{1} << 16, [&](std::size_t begin, std::size_t end) {
          for (std::size_t i = begin; i < end; ++i) o[i] = block[cell_of[i]];
        });
    }
  }
  if (!ok) return py::none();
  if (bad != cells) return py::none(); // an infinite month or sum: the Python path names it
  return out;
}

// A code carries everything but a cumulative range's year start month, kept beside it.
Period unpickle(const py::tuple& state) {
  const Period p = Period::parse(state[0].cast<std::string>());
  const int year_start_month = state[1].cast<int>();
  if (p.type() == PeriodType::range && year_start_month != 1) {
    const Period cumulative = Period::cumulative_to(p.end(), year_start_month);
    if (cumulative == p) return cumulative;
  }
  return p;
}

} // namespace

void register_period(py::module_& m) {
  py::class_<Period> period(m, "Period", R"doc(
A period: a closed range of whole days with a type (day, week, month, bi_month, quarter,
half_year, year, financial_year, financial_half_year, range, and DHIS2's week_wednesday,
week_thursday, week_friday, week_saturday, week_sunday, bi_week, financial_quarter).

Period.parse("2019Q1"), Period.parse("2024年上半年"), Period.parse("2019统计年度"),
Period.parse("今年1-5月", reference=datetime.date(2024, 6, 10)).

China's statistical year (统计年度) is named by the year it ENDS: Period.statistical_year(2019)
is 2018-10-01 … 2019-09-30. DHIS2 codes name a financial year by the year it STARTS: its code()
is "2018Oct". Both describe the same Period.

Takes one period's text (a DHIS2 code or Chinese), or its year and number, or a date; its
measures are counts (days, months) and elapsed_share(as_of, basis="days") is the time progress
(序时进度) as a fraction 0–1, by DEFAULT by days; basis="months" counts whole months elapsed, as
reports do (and as zhibiao's quota assessment does by default).

Formula
-------
statistical_year(Y, start_month=10) = 1 Oct (Y − 1) … 30 Sep Y. ISO weeks (ISO 8601) run Monday
to Sunday, week 1 holding the year's first Thursday. elapsed_share by days = (as_of − start + 1)
/ days, by months = whole months completed by as_of / months, clamped to [0, 1].
annualisation_factor = days of the year / days (by days) or 12 / months (by months);
with method="dhis2", 365 / days whatever the year, as DHIS2 annualises indicators. Weeks from
another day (2019WedW5) are numbered like ISO weeks: week 1 is the week holding 4 January.

References
----------
ISO 8601 (calendar weeks); DHIS2's period types and identifiers (2019Q1, 2019W1, 2018Oct), as
docs/periods.md §1–§3 describes them; docs/periods.md §6 (序时进度: 151 / 365 = 41.4 % by days
at 31 May, 5 / 12 = 41.7 % by months); the 1 Oct – 30 Sep 统计年度 of the family-planning
statistics in the seed reports.

Examples
--------
>>> y = zb.Period.statistical_year(2019)
>>> y.start, y.end, y.code, y.chinese()
(datetime.date(2018, 10, 1), datetime.date(2019, 9, 30), '2018Oct', '2019统计年度')
>>> import datetime
>>> year = zb.Period.year(2025)
>>> round(year.elapsed_share(datetime.date(2025, 5, 31)), 4), round(year.elapsed_share(datetime.date(2025, 5, 31), "months"), 4)
(0.4137, 0.4167)
>>> w = zb.Period.parse("2022WedW53")
>>> w.start, w.end, zb.Period.parse("2023W01").code
(datetime.date(2022, 12, 28), datetime.date(2023, 1, 3), '2023W1')
>>> round(zb.Period.year(2024).annualisation_factor(method="dhis2"), 4)
0.9973
)doc");
  period
      .def_static(
          "parse",
          [](const std::string& text, std::optional<Date> reference, int sysm, int csm,
             const std::string& november_naming) {
            PeriodTextOptions o = text_options(reference, sysm, csm);
            o.november_naming = parse_november_naming(november_naming);
            return Period::parse(text, o);
          },
          py::arg("text"), py::arg("reference") = py::none(),
          py::arg("statistical_year_start_month") = 10, py::arg("cumulative_start_month") = 1,
          py::arg("november_naming") = "end_year",
          "Read a DHIS2-style code or a Chinese expression; raises ParseError with the position. "
          "november_naming: 'end_year' reads 2019Nov as 2018-11-01 … 2019-10-31 (dhis2-core), "
          "'start_year' as 2019-11-01 … 2020-10-31 (multi-calendar-dates).")
      .def_static("day", py::overload_cast<Date>(&Period::day), py::arg("date"))
      .def_static("iso_week", &Period::iso_week, py::arg("iso_year"), py::arg("week"))
      .def_static(
          "weekly",
          [](const std::string& type, int week_year, int week) {
            return Period::weekly(parse_period_type(type, "type"), week_year, week);
          },
          py::arg("type"), py::arg("week_year"), py::arg("week"),
          "Week `week` of `week_year` of a weekly type (\"week\", \"week_wednesday\", "
          "\"week_thursday\", \"week_friday\", \"week_saturday\", \"week_sunday\", or DHIS2's "
          "\"WeeklyWednesday\" …): week 1 is the seven days from the start day holding 4 January "
          "(DHIS2's 2019WedW5).")
      .def_static("bi_week", &Period::bi_week, py::arg("iso_year"), py::arg("index"),
                  "ISO weeks 2·index−1 and 2·index of `iso_year` (DHIS2's BiWeekly, 2019BiW3); "
                  "index 27 only in a year of 53 ISO weeks.")
      .def_static("month", &Period::month, py::arg("year"), py::arg("month"))
      .def_static("bi_month", &Period::bi_month, py::arg("year"), py::arg("index"))
      .def_static("quarter", &Period::quarter, py::arg("year"), py::arg("quarter"))
      .def_static("half_year", &Period::half_year, py::arg("year"), py::arg("half"))
      .def_static("year", &Period::year, py::arg("year"))
      .def_static("statistical_year", &Period::statistical_year, py::arg("end_year"),
                  py::arg("start_month") = 10, "The year ENDING in end_year (China's naming).")
      .def_static("financial_year_starting", &Period::financial_year_starting,
                  py::arg("start_year"), py::arg("start_month"),
                  "The year STARTING in start_year (DHIS2's naming).")
      .def_static("financial_half_year", &Period::financial_half_year, py::arg("start_year"),
                  py::arg("start_month"), py::arg("half"))
      .def_static("financial_quarter", &Period::financial_quarter, py::arg("start_year"),
                  py::arg("start_month"), py::arg("quarter"),
                  "Quarter 1–4 of the financial year STARTING in start_month of start_year "
                  "(DHIS2's QuarterlyNov names it by the year that financial year ends: "
                  "financial_quarter(2018, 11, 1) is 2019NovQ1).")
      .def_static("range", &Period::range, py::arg("first"), py::arg("last"))
      .def_static("cumulative_to", &Period::cumulative_to, py::arg("last"),
                  py::arg("start_month") = 1)
      .def_property_readonly("type",
                             [](const Period& p) { return std::string(to_string(p.type())); })
      .def_property_readonly("start", &Period::start)
      .def_property_readonly("end", &Period::end)
      .def_property_readonly("year_start_month", &Period::year_start_month)
      .def_property_readonly("start_year", &Period::start_year)
      .def_property_readonly("end_year", &Period::end_year)
      .def_property_readonly("days", &Period::days)
      .def_property_readonly("month_aligned", &Period::month_aligned)
      .def_property_readonly("months", &Period::months)
      .def_property_readonly("code", py::overload_cast<>(&Period::code, py::const_))
      .def(
          "dhis2_code",
          [](const Period& p, const std::string& november_naming) {
            return p.code(parse_november_naming(november_naming));
          },
          py::arg("november_naming") = "end_year",
          "The DHIS2 id with a November period named by the year its financial year ends "
          "('end_year', dhis2-core: 2019NovS1, as `code`) or starts ('start_year', "
          "multi-calendar-dates: 2018NovemberS1).")
      .def(
          "chinese",
          [](const Period& p, int sysm, int csm) {
            return p.chinese(text_options(std::nullopt, sysm, csm));
          },
          py::arg("statistical_year_start_month") = 10, py::arg("cumulative_start_month") = 1)
      .def("contains", py::overload_cast<Date>(&Period::contains, py::const_), py::arg("date"))
      .def("contains", py::overload_cast<const Period&>(&Period::contains, py::const_),
           py::arg("other"))
      .def("__contains__", py::overload_cast<Date>(&Period::contains, py::const_))
      .def("__contains__", py::overload_cast<const Period&>(&Period::contains, py::const_))
      .def("overlaps", &Period::overlaps, py::arg("other"))
      .def("intersect", &Period::intersect, py::arg("other"), "The common part, or None.")
      .def("split_months", &Period::split_months)
      .def("split_days", &Period::split_days)
      .def("same_period_last_year", &Period::same_period_last_year, "同期")
      .def("previous", &Period::previous, "环比: the period before")
      .def("next", &Period::next)
      .def("year_to_date", &Period::year_to_date)
      .def("containing_year", &Period::containing_year)
      .def(
          "elapsed_share",
          [](const Period& p, Date as_of, const std::string& basis) {
            return p.elapsed_share(as_of, parse_basis(basis));
          },
          py::arg("as_of"), py::arg("basis") = "days",
          "序时进度 at the end of `as_of`, a fraction clamped to [0, 1]; basis \"days\" (default: "
          "days elapsed, both ends included, / the period's days) or \"months\" (whole months "
          "completed / the period's months, as reports count it).")
      .def(
          "annualisation_factor",
          [](const Period& p, const std::string& basis, const std::string& method) {
            if (method == "day_exact") return p.annualisation_factor(parse_basis(basis));
            if (method == "dhis2") {
              // DHIS2's factor is by days only (365 / days): a basis of months has no meaning.
              if (parse_basis(basis) != ProgressBasis::days)
                throw invalid_input("basis", "method 'dhis2' annualises by days (365 / days); "
                                             "basis must be 'days', got '" +
                                                 basis + "'");
              return p.annualisation_factor(Annualisation::dhis2);
            }
            throw invalid_input("method",
                                "unknown method '" + method + "'; expected 'day_exact' or 'dhis2'");
          },
          py::arg("basis") = "days", py::arg("method") = "day_exact",
          "The factor that makes this period's figure yearly. method \"day_exact\" (default): "
          "days in the year the period is counted in / days (basis \"days\") or 12 / months "
          "(basis \"months\"); method \"dhis2\": 365 / days, as DHIS2 annualises indicators.")
      .def(py::self == py::self)
      .def(py::self != py::self)
      .def(py::self < py::self)
      .def(py::self <= py::self)
      .def(py::self > py::self)
      .def(py::self >= py::self)
      .def("__hash__",
           [](const Period& p) {
             return py::hash(py::make_tuple(static_cast<int>(p.type()), p.start().julian_day(),
                                            p.end().julian_day()));
           })
      .def("__str__", [](const Period& p) { return p.code(); })
      .def("__repr__", [](const Period& p) { return "Period('" + p.code() + "')"; })
      .def(
          py::pickle([](const Period& p) { return py::make_tuple(p.code(), p.year_start_month()); },
                     [](const py::tuple& state) { return unpickle(state); }))
      // The pandas conversions are Python (pandas is optional, imported on use): the methods are
      // part of the class from the start and call the plain functions of zhibiao._period.
      .def(
          "to_pandas",
          [](const Period& p) {
            return py::module_::import("zhibiao._period").attr("to_pandas")(p);
          },
          "The pandas.Period for day, week (W-SUN), month, quarter, year and financial year "
          "periods.")
      .def_static(
          "from_pandas",
          [](py::object value) {
            return py::module_::import("zhibiao._period").attr("from_pandas")(value);
          },
          py::arg("value"),
          "A Period from a pandas.Period, pandas.Timestamp, datetime.date or numpy.datetime64.");

  m.def("iso_weeks_in_year", &iso_weeks_in_year, py::arg("iso_year"), R"doc(
The number of ISO weeks (52 or 53) of an ISO week-numbering year.

Takes one year (an int); returns a count of weeks.

Formula
-------
53 when 1 January of the year is a Thursday, or a Wednesday in a leap year (then the year has 53
Thursdays); else 52. Week 1 is the week (Monday to Sunday) holding the year's first Thursday.

References
----------
ISO 8601 (week dates); DHIS2's weekly period codes (2020W53), docs/periods.md §1–§2.

Examples
--------
2020 began on a Wednesday and was a leap year; 2021 began on a Friday:

>>> zb.iso_weeks_in_year(2020), zb.iso_weeks_in_year(2021)
(53, 52)
>>> zb.Period.iso_week(2020, 53).start, zb.Period.iso_week(2020, 53).end
(datetime.date(2020, 12, 28), datetime.date(2021, 1, 3))
)doc");
  m.def("_aggregate_months", &aggregate, py::arg("monthly"), py::arg("first_month"), py::arg("to"),
        py::arg("how"), py::arg("year_start_month"));
  m.def("_cumulate_year_to_date", &cumulate, py::arg("monthly"), py::arg("first_month"),
        py::arg("year_start_month"));
  m.def("_year_to_date_in_place", &year_to_date_in_place, py::arg("value"), py::arg("unit"),
        py::arg("year"), py::arg("month"), py::arg("first_year"), py::arg("first_month"),
        py::arg("span"), py::arg("year_start_month"),
        "Year to date of sorted long columns (units × span months, verified on every row), or "
        "None when the rows are laid out otherwise.");
  m.def("_year_to_date_scattered", &year_to_date_scattered, py::arg("value"), py::arg("unit"),
        py::arg("year"), py::arg("month"), py::arg("year_start_month"), py::arg("max_cells"),
        "Year to date of long columns in any row order (integer unit codes), or None when the "
        "rows need the general Python path (bad years or months, sparse codes, duplicates).");
}

} // namespace zhibiao::python
