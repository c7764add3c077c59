// Life expectancy and SDG 3.4.1 columns on NumPy buffers (zhibiao/life_table.hpp).
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/life_table.hpp>

#include <cmath>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

// float64 / int64, C-contiguous: NumPy arrays of those types arrive without a copy.
using InputArray = py::array_t<double, py::array::c_style | py::array::forcecast>;
using CodeArray = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

OnBadRows policy_from(const std::string& text) {
  if (text == "raise") return OnBadRows::raise;
  if (text == "mark") return OnBadRows::mark;
  throw invalid_input("on_bad_rows", "unknown policy '" + text + "'; expected 'raise' or 'mark'");
}

void check_1d(const py::array& a, const char* name) {
  if (a.ndim() != 1) throw invalid_input(name, "must be one-dimensional");
}

struct Prepared {
  std::size_t n = 0, areas = 0;
  const std::int64_t* area = nullptr;
};

// Shapes and area codes, checked before any work (the kernels trust them).
Prepared prepare(const InputArray& deaths, const InputArray& population,
                 const InputArray& start_age, const std::optional<CodeArray>& area) {
  check_1d(deaths, "deaths");
  check_1d(population, "population");
  check_1d(start_age, "start_age");
  Prepared p;
  p.n = static_cast<std::size_t>(deaths.size());
  if (static_cast<std::size_t>(population.size()) != p.n)
    throw invalid_input("population", "has " + std::to_string(population.size()) +
                                          " rows but deaths has " + std::to_string(p.n));
  if (static_cast<std::size_t>(start_age.size()) != p.n)
    throw invalid_input("start_age", "has " + std::to_string(start_age.size()) +
                                         " rows but deaths has " + std::to_string(p.n));
  p.areas = p.n > 0 ? 1 : 0;
  if (area) {
    check_1d(*area, "area");
    if (static_cast<std::size_t>(area->size()) != p.n)
      throw invalid_input("area", "has " + std::to_string(area->size()) + " rows but deaths has " +
                                      std::to_string(p.n));
    p.area = area->data();
    std::int64_t max = -1;
    for (std::size_t i = 0; i < p.n; ++i) {
      if (p.area[i] < 0)
        throw invalid_input("area", "row " + std::to_string(i) + " has a negative area code");
      max = std::max(max, p.area[i]);
    }
    p.areas = static_cast<std::size_t>(max + 1);
  }
  return p;
}

py::list error_list(const std::vector<row_error>& errors) {
  py::list out;
  for (const auto& e : errors) out.append(py::make_tuple(e.row, e.field, e.message));
  return out;
}

// (value, standard_error, lower (levels × n), upper, status, area_status, errors)
py::tuple life_table_columns(InputArray deaths, InputArray population, InputArray start_age,
                             std::optional<CodeArray> area, std::vector<double> confidence,
                             std::vector<double> bands, const std::string& on_bad_rows) {
  const OnBadRows policy = policy_from(on_bad_rows);
  kernel::check_bands(bands);
  const std::vector<double> z = kernel::two_sided_z(confidence, 0.9);
  const Prepared p = prepare(deaths, population, start_age, area);
  const auto n = static_cast<py::ssize_t>(p.n);
  const auto levels = static_cast<py::ssize_t>(z.size());
  py::array_t<double> value(n), se(n), lower({levels, n}), upper({levels, n});
  py::array_t<std::uint8_t> status(n), area_status(static_cast<py::ssize_t>(p.areas));
  const double *d = deaths.data(), *pop = population.data(), *age = start_age.data();
  double *v = value.mutable_data(), *s = se.mutable_data(), *lo = lower.mutable_data(),
         *up = upper.mutable_data();
  std::uint8_t *st = status.mutable_data(), *ast = area_status.mutable_data();
  kernel::AreaCounts counts;
  std::vector<row_error> errors;
  {
    // The kernel reads and writes only the buffers above, kept alive by this frame, and
    // local vectors: no Python object is touched, so other threads may run meanwhile.
    py::gil_scoped_release release;
    counts = kernel::life_tables(d, pop, age, p.area, p.n, p.areas, bands.data(), bands.size(),
                                 z.data(), z.size(), v, s, lo, up, st, ast);
    if (counts.invalid_rows > 0) errors = kernel::describe_bad_band_rows(d, pop, age, st, p.n);
  }
  if (counts.invalid_rows > 0 && policy == OnBadRows::raise) throw invalid_rows(std::move(errors));
  return py::make_tuple(value, se, lower, upper, status, area_status, error_list(errors));
}

// (value, standard_error, lower (levels × areas), upper, row_status, area_status, errors)
py::tuple ncd_mortality_columns(InputArray deaths, InputArray population, InputArray start_age,
                                std::optional<CodeArray> area, std::vector<double> confidence,
                                double multiplier, const std::string& on_bad_rows) {
  const OnBadRows policy = policy_from(on_bad_rows);
  const std::vector<double> z = kernel::two_sided_z(confidence, 0.0);
  if (!(multiplier > 0) || !std::isfinite(multiplier))
    throw invalid_input("multiplier", "must be a positive number");
  const Prepared p = prepare(deaths, population, start_age, area);
  const auto m = static_cast<py::ssize_t>(p.areas);
  const auto levels = static_cast<py::ssize_t>(z.size());
  py::array_t<double> value(m), se(m), lower({levels, m}), upper({levels, m});
  py::array_t<std::uint8_t> status(static_cast<py::ssize_t>(p.n)), area_status(m);
  const double *d = deaths.data(), *pop = population.data(), *age = start_age.data();
  double *v = value.mutable_data(), *s = se.mutable_data(), *lo = lower.mutable_data(),
         *up = upper.mutable_data();
  std::uint8_t *st = status.mutable_data(), *ast = area_status.mutable_data();
  kernel::AreaCounts counts;
  std::vector<row_error> errors;
  {
    // Same reasoning as above: plain buffers only, no Python objects.
    py::gil_scoped_release release;
    counts = kernel::premature_ncd_mortality(d, pop, age, p.area, p.n, p.areas, z.data(),
                                             z.size(), multiplier, v, s, lo, up, st, ast);
    if (counts.invalid_rows > 0) errors = kernel::describe_bad_band_rows(d, pop, age, st, p.n);
  }
  if (counts.invalid_rows > 0 && policy == OnBadRows::raise) throw invalid_rows(std::move(errors));
  return py::make_tuple(value, se, lower, upper, status, area_status, error_list(errors));
}

} // namespace

void register_life_table(py::module_& m) {
  m.def("life_table_columns", &life_table_columns, py::arg("deaths"), py::arg("population"),
        py::arg("start_age"), py::arg("area") = py::none(),
        py::arg("confidence") = std::vector<double>{0.95},
        py::arg("bands") = std::vector<double>(standard_life_table_bands.begin(),
                                               standard_life_table_bands.end()),
        py::arg("on_bad_rows") = "raise",
        "Chiang II life expectancy at every row's band start age (PHE's phe_life_expectancy).");
  m.def("ncd_mortality_columns", &ncd_mortality_columns, py::arg("deaths"),
        py::arg("population"), py::arg("start_age"), py::arg("area") = py::none(),
        py::arg("confidence") = std::vector<double>{0.95}, py::arg("multiplier") = 100.0,
        py::arg("on_bad_rows") = "raise",
        "WHO SDG 3.4.1 probability of dying between 30 and 70 from the four major NCDs, per area.");

  py::list names, reasons;
  for (int s = 0; s <= 16; ++s) {
    names.append(std::string(to_string(static_cast<LifeTableStatus>(s))));
    reasons.append(std::string(describe(static_cast<LifeTableStatus>(s))));
  }
  m.attr("LIFE_TABLE_STATUS_NAMES") = names;
  m.attr("LIFE_TABLE_STATUS_REASONS") = reasons;
  m.attr("STANDARD_LIFE_TABLE_BANDS") =
      std::vector<double>(standard_life_table_bands.begin(), standard_life_table_bands.end());
  m.attr("NCD_MORTALITY_BANDS") =
      std::vector<double>(ncd_mortality_bands.begin(), ncd_mortality_bands.end());
}

} // namespace zhibiao::python
