// Life expectancy and SDG 3.4.1 columns on NumPy buffers (zhibiao/life_table.hpp).
#include "binding_helpers.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <zhibiao/detail/life_table_kernels.hpp>
#include <zhibiao/life_table.hpp>

#include <optional>
#include <utility>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

// The core's view of the input columns, after the one check that only the binding can make.
detail::BandColumns band_columns(const InputArray& deaths, const InputArray& population,
                                 const InputArray& start_age,
                                 const std::optional<CodeArray>& area) {
  require_one_dimensional(deaths, "deaths");
  require_one_dimensional(population, "population");
  require_one_dimensional(start_age, "start_age");
  detail::BandColumns in{span_of(deaths), span_of(population), span_of(start_age), std::nullopt};
  if (area) {
    require_one_dimensional(*area, "area");
    in.area = span_of(*area);
  }
  return in;
}

// Runs `column` on buffers allocated as NumPy arrays for `values` values (rows for life tables,
// areas for SDG 3.4.1): (value, standard_error, lower (levels × values), upper, status,
// area_status, errors). The core (detail/life_table_kernels.hpp) checks and decides the rest.
template <class Column>
py::tuple band_table(const detail::BandShape& shape, std::size_t values, Column&& column) {
  const auto m = static_cast<py::ssize_t>(values);
  const auto levels = static_cast<py::ssize_t>(shape.z.size());
  py::array_t<double> value(m), se(m), lower({levels, m}), upper({levels, m});
  py::array_t<std::uint8_t> status(static_cast<py::ssize_t>(shape.rows)),
      area_status(static_cast<py::ssize_t>(shape.areas));
  const detail::BandBuffers out{mutable_span_of(value),  mutable_span_of(se),
                                mutable_span_of(lower),  mutable_span_of(upper),
                                mutable_span_of(status), mutable_span_of(area_status)};
  std::vector<row_error> errors;
  {
    // The core reads and writes only the buffers above, kept alive by this frame, and local
    // vectors: no Python object is touched, so other threads may run meanwhile.
    py::gil_scoped_release release;
    errors = column(out);
  }
  return py::make_tuple(value, se, lower, upper, status, area_status, row_errors_to_list(errors));
}

py::tuple life_table_columns(InputArray deaths, InputArray population, InputArray start_age,
                             std::optional<CodeArray> area, std::vector<double> confidence,
                             std::vector<double> bands, const std::string& on_bad_rows) {
  const LifeTableOptions options{std::move(confidence), parse_on_bad_rows(on_bad_rows),
                                 std::move(bands)};
  const detail::BandColumns in = band_columns(deaths, population, start_age, area);
  const detail::BandShape shape = detail::life_table_shape(in, options);
  return band_table(shape, shape.rows, [&](const detail::BandBuffers& out) {
    return detail::life_table_column(in, shape, options, out);
  });
}

py::tuple ncd_mortality_columns(InputArray deaths, InputArray population, InputArray start_age,
                                std::optional<CodeArray> area, std::vector<double> confidence,
                                double multiplier, const std::string& on_bad_rows) {
  const NcdMortalityOptions options{std::move(confidence), parse_on_bad_rows(on_bad_rows),
                                    multiplier};
  const detail::BandColumns in = band_columns(deaths, population, start_age, area);
  const detail::BandShape shape = detail::ncd_mortality_shape(in, options);
  return band_table(shape, shape.areas, [&](const detail::BandBuffers& out) {
    return detail::ncd_mortality_column(in, shape, options, out);
  });
}

} // namespace

void register_life_table(py::module_& m) {
  m.def("life_table_columns", &life_table_columns, py::arg("deaths"), py::arg("population"),
        py::arg("start_age"), py::arg("area") = py::none(),
        py::arg("confidence") = std::vector<double>{0.95},
        py::arg("bands") =
            std::vector<double>(standard_life_table_bands.begin(), standard_life_table_bands.end()),
        py::arg("on_bad_rows") = "raise",
        "Chiang II life expectancy at every row's band start age (PHE's phe_life_expectancy).");
  m.def("ncd_mortality_columns", &ncd_mortality_columns, py::arg("deaths"), py::arg("population"),
        py::arg("start_age"), py::arg("area") = py::none(),
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
