#include "zhibiao/life_table.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/life_table_kernels.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/detail/options.hpp"
#include "zhibiao/detail/rows.hpp"
#include "zhibiao/detail/spans.hpp"

#include <boost/math/distributions/normal.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <sstream>
#include <string>

namespace zhibiao {

using detail::span_of;

namespace {

using detail::full_precision_text;
using detail::nan;

constexpr std::size_t max_bands = 64; // fixed buffers per area; the standard set has 20
constexpr double max_start_age = 150; // band lookup table size

// PHE withholds a life expectancy whose 95 % interval is wider than 20 years, whatever levels
// were asked for (phe_life_expectancy: qnorm(0.975) · SE > 10).
const double z95 = boost::math::quantile(boost::math::normal(), 0.975);

std::uint8_t code(LifeTableStatus s) { return static_cast<std::uint8_t>(s); }

// Status of a row judged on its own: its values and its band (−1 when unknown).
LifeTableStatus classify_row(double deaths, double population, int band) {
  if (!std::isfinite(deaths)) return LifeTableStatus::non_finite_deaths;
  if (!std::isfinite(population)) return LifeTableStatus::non_finite_population;
  if (deaths < 0) return LifeTableStatus::negative_deaths;
  if (population < 0) return LifeTableStatus::negative_population;
  if (band < 0) return LifeTableStatus::unknown_band;
  return LifeTableStatus::ok;
}

// Maps whole start ages to band indices in O(1).
class BandLookup {
public:
  explicit BandLookup(std::span<const double> bands)
      : table_(static_cast<std::size_t>(max_start_age) + 1, -1) {
    for (std::size_t b = 0; b < bands.size(); ++b)
      table_[static_cast<std::size_t>(bands[b])] = static_cast<int>(b);
  }
  int operator()(double age) const noexcept {
    // NaN fails both comparisons, so it is an unknown band too.
    if (!(age >= 0 && age <= max_start_age) || age != std::floor(age)) return -1;
    return table_[static_cast<std::size_t>(age)];
  }

private:
  std::vector<int> table_;
};

// The (area × band) → row table of stacked input, with per-row statuses for bad rows and
// duplicates. Area statuses start as ok, or bad_row_in_area / missing_band.
struct Slots {
  std::vector<std::int64_t> row; // areas × bands, −1 where missing
  std::size_t invalid = 0;
};

Slots slot_rows(const double* deaths, const double* population, const double* start_age,
                const std::int64_t* area, std::size_t n, std::size_t areas,
                std::span<const double> bands, std::uint8_t* status, std::uint8_t* area_status) {
  const std::size_t nb = bands.size();
  const BandLookup lookup(bands);
  Slots s;
  s.row.assign(areas * nb, -1);
  for (std::size_t a = 0; a < areas; ++a) area_status[a] = code(LifeTableStatus::ok);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t a = area ? static_cast<std::size_t>(area[i]) : 0;
    const int b = lookup(start_age[i]);
    LifeTableStatus st = classify_row(deaths[i], population[i], b);
    if (st == LifeTableStatus::ok) {
      auto& slot = s.row[a * nb + static_cast<std::size_t>(b)];
      if (slot >= 0) st = LifeTableStatus::duplicate_band;
      else slot = static_cast<std::int64_t>(i);
    }
    status[i] = code(st);
    if (st != LifeTableStatus::ok) {
      ++s.invalid;
      area_status[a] = code(LifeTableStatus::bad_row_in_area);
    }
  }
  for (std::size_t a = 0; a < areas; ++a) {
    if (area_status[a] != code(LifeTableStatus::ok)) continue;
    for (std::size_t b = 0; b < nb; ++b)
      if (s.row[a * nb + b] < 0) {
        area_status[a] = code(LifeTableStatus::missing_band);
        break;
      }
  }
  return s;
}

// PHE's group rules, in PHE's order, on an area whose bands are all present and valid.
LifeTableStatus area_rule(const double* D, const double* P, std::size_t nb, bool life_table) {
  double total = 0;
  for (std::size_t b = 0; b < nb; ++b)
    if (P[b] == 0) return LifeTableStatus::zero_population;
  for (std::size_t b = 0; b < nb; ++b)
    if (D[b] > P[b]) return LifeTableStatus::deaths_exceed_population;
  if (!life_table) {
    for (std::size_t b = 0; b < nb; ++b)
      if (D[b] / P[b] >= 0.4) return LifeTableStatus::rate_too_high;
    return LifeTableStatus::ok;
  }
  for (std::size_t b = 0; b < nb; ++b) total += P[b];
  if (total <= 5000) return LifeTableStatus::small_population;
  // The open band's mean survival 1/M and Silcocks' variance 4/(D M²): with no deaths, or with
  // so few against its population that they exceed the largest double (5e-324 deaths among
  // 1e308 people: M underflows to 0), the value does not exist (issue 14: it was inf beside ok).
  const double m = D[nb - 1] / P[nb - 1];
  if (D[nb - 1] == 0 || !std::isfinite(4 / (D[nb - 1] * (m * m))))
    return LifeTableStatus::no_deaths_in_open_band;
  return LifeTableStatus::ok;
}

// Chiang's abridged life table with Silcocks' variance for the open band, as PHE's
// phe_life_expectancy and its Excel calculator compute it (Eayres & Williams, JECH
// 2004;58:243–249, appendix). For band i with start age x_i, width n_i = x_{i+1} − x_i:
//   M_i = D_i / P_i;  a_i = 0.1 for the band starting at 0 (deaths in the first year of life
//   fall early), 0.5 elsewhere;
//   q_i = n_i M_i / (1 + (1 − a_i) n_i M_i), or 1 when D_i > P_i / n_i / a_i (PHE's guard);
//   q = 1 for the open band;  l_0 = 100000,  l_{i+1} = l_i (1 − q_i),  d_i = l_i − l_{i+1};
//   L_i = n_i (l_{i+1} + a_i d_i), and for the open band L = l / M (mean survival 1/M);
//   T_i = Σ_{j≥i} L_j,  e_i = T_i / l_i (0 when l_i = 0).
// Variance (Chiang 1984, The Life Table and its Applications, ch. 8): var q_i = q_i²(1 − q_i)/D_i
// (0 when d_i = 0), and var e_i = Σ_{j≥i} l_j² [(1 − a_j) n_j + e_{j+1}]² var q_j / l_i²; for the
// open band Silcocks et al. (2001) replace the zero variance of q = 1 by that of 1/M:
// (l/2)² · 4 / (D M²) = l² / (D M²).
// The order of operations follows PHE's so that results agree to the last digits.
void chiang(const double* D, const double* P, const double* x, std::size_t nb, double* e,
            double* se, bool* no_survivors) {
  double M[max_bands], n[max_bands], a[max_bands], q[max_bands], l[max_bands], L[max_bands],
      sp[max_bands];
  const std::size_t last = nb - 1;
  for (std::size_t i = 0; i < nb; ++i) {
    M[i] = D[i] / P[i];
    a[i] = x[i] == 0 ? 0.1 : 0.5;
    n[i] = i < last ? x[i + 1] - x[i] : 2 / M[i];
    q[i] = D[i] <= P[i] / n[i] / a[i] ? M[i] * n[i] / (1 + M[i] * n[i] * (1 - a[i])) : 1.0;
  }
  q[last] = 1; // the open band: everyone dies in it (PHE's formula gives 1 up to rounding)
  l[0] = 1e5;
  for (std::size_t i = 1; i < nb; ++i) l[i] = l[i - 1] * (1 - q[i - 1]);
  for (std::size_t i = 0; i < last; ++i) {
    const double d = l[i] - l[i + 1];
    L[i] = n[i] * (l[i + 1] + a[i] * d);
    sp[i] = d == 0 ? 0 : q[i] * q[i] * (1 - q[i]) / D[i];
  }
  L[last] = l[last] / M[last];
  sp[last] = 4 / (D[last] * (M[last] * M[last]));
  double T = 0, ST = 0;
  for (std::size_t k = nb; k-- > 0;) {
    T += L[k];
    e[k] = l[k] == 0 ? 0 : T / l[k];
    const double W = k < last ? sp[k] * (l[k] * l[k]) * std::pow((1 - a[k]) * n[k] + e[k + 1], 2)
                              : (l[k] / 2) * (l[k] / 2) * sp[k];
    ST += W;
    no_survivors[k] = l[k] == 0;
    se[k] = no_survivors[k] ? nan : std::sqrt(ST / (l[k] * l[k]));
  }
}

void check_area_codes(const Eigen::Ref<const Eigen::Array<std::int64_t, Eigen::Dynamic, 1>>& area,
                      std::size_t n, std::size_t& areas) {
  if (area.size() == 0) {
    areas = n > 0 ? 1 : 0;
    return;
  }
  detail::require_rows(static_cast<std::size_t>(area.size()), "area", n, "deaths");
  std::int64_t max = -1;
  for (std::size_t i = 0; i < n; ++i) {
    if (area[static_cast<Eigen::Index>(i)] < 0)
      throw invalid_input("area", "row " + std::to_string(i) + " has a negative area code (" +
                                      std::to_string(area[static_cast<Eigen::Index>(i)]) + ")");
    max = std::max(max, area[static_cast<Eigen::Index>(i)]);
  }
  areas = static_cast<std::size_t>(max + 1);
}

void check_lengths(Eigen::Index deaths, Eigen::Index population, Eigen::Index start_age) {
  const auto rows = static_cast<std::size_t>(deaths);
  detail::require_rows(static_cast<std::size_t>(population), "population", rows, "deaths");
  detail::require_rows(static_cast<std::size_t>(start_age), "start_age", rows, "deaths");
}

} // namespace

std::string_view to_string(LifeTableStatus status) noexcept {
  switch (status) {
  case LifeTableStatus::ok: return "ok";
  case LifeTableStatus::wide_interval: return "wide_interval";
  case LifeTableStatus::no_survivors: return "no_survivors";
  case LifeTableStatus::no_deaths: return "no_deaths";
  case LifeTableStatus::missing_band: return "missing_band";
  case LifeTableStatus::zero_population: return "zero_population";
  case LifeTableStatus::deaths_exceed_population: return "deaths_exceed_population";
  case LifeTableStatus::small_population: return "small_population";
  case LifeTableStatus::no_deaths_in_open_band: return "no_deaths_in_open_band";
  case LifeTableStatus::rate_too_high: return "rate_too_high";
  case LifeTableStatus::bad_row_in_area: return "bad_row_in_area";
  case LifeTableStatus::non_finite_deaths: return "non_finite_deaths";
  case LifeTableStatus::non_finite_population: return "non_finite_population";
  case LifeTableStatus::negative_deaths: return "negative_deaths";
  case LifeTableStatus::negative_population: return "negative_population";
  case LifeTableStatus::unknown_band: return "unknown_band";
  case LifeTableStatus::duplicate_band: return "duplicate_band";
  }
  return "unknown";
}

std::string_view describe(LifeTableStatus status) noexcept {
  switch (status) {
  case LifeTableStatus::ok: return "";
  case LifeTableStatus::wide_interval:
    return "value suppressed: its 95% confidence interval is wider than 20 years";
  case LifeTableStatus::no_survivors:
    return "no one in the life table reaches this age: value 0, interval not computed";
  case LifeTableStatus::no_deaths: return "no deaths: value 0, interval not computed";
  case LifeTableStatus::missing_band: return "suppressed: the area lacks an age band";
  case LifeTableStatus::zero_population: return "suppressed: an age band has a population of zero";
  case LifeTableStatus::deaths_exceed_population:
    return "suppressed: an age band has more deaths than population";
  case LifeTableStatus::small_population:
    return "suppressed: the area's total population is 5,000 or less";
  case LifeTableStatus::no_deaths_in_open_band:
    return "suppressed: the open (oldest) age band has no deaths";
  case LifeTableStatus::rate_too_high:
    return "suppressed: an age band's death rate is 0.4 or more, where 5q reaches 1";
  case LifeTableStatus::bad_row_in_area:
    return "suppressed: another row of the area is an input error";
  case LifeTableStatus::non_finite_deaths: return "deaths is not a finite number";
  case LifeTableStatus::non_finite_population: return "population is not a finite number";
  case LifeTableStatus::negative_deaths: return "deaths is negative";
  case LifeTableStatus::negative_population: return "population is negative";
  case LifeTableStatus::unknown_band: return "start age is not one of the age bands";
  case LifeTableStatus::duplicate_band: return "the area has this age band twice";
  }
  return "unknown status";
}

namespace detail {

std::vector<double> two_sided_z(std::span<const double> confidence, double min_level) {
  // The one reader: 0.95 or 95 (per cent), 1 and 100 refused (detail/options.hpp).
  std::vector<double> z;
  for (double c : confidence_options(confidence, "confidence", min_level))
    z.push_back(boost::math::quantile(boost::math::normal(), 0.5 + c / 2));
  return z;
}

void check_bands(std::span<const double> bands) {
  if (bands.size() < 2 || bands.size() > max_bands)
    throw invalid_input("bands", "needs 2 to " + std::to_string(max_bands) + " start ages, got " +
                                     std::to_string(bands.size()));
  if (bands[0] != 0) throw invalid_input("bands", "the first band must start at age 0");
  for (std::size_t b = 0; b < bands.size(); ++b) {
    if (!(bands[b] >= 0 && bands[b] <= max_start_age) || bands[b] != std::floor(bands[b]))
      throw invalid_input("bands", "start age " + full_precision_text(bands[b]) +
                                       " is not a whole number of years in [0, 150]");
    if (b > 0 && !(bands[b] > bands[b - 1]))
      throw invalid_input("bands", "start ages must ascend (" + full_precision_text(bands[b - 1]) +
                                       " then " + full_precision_text(bands[b]) + ")");
  }
}

AreaCounts life_tables(const double* deaths, const double* population, const double* start_age,
                       const std::int64_t* area, std::size_t n, std::size_t areas,
                       const double* bands, std::size_t band_count, const double* z,
                       std::size_t levels, double* value, double* standard_error, double* lower,
                       double* upper, std::uint8_t* status, std::uint8_t* area_status) {
  const std::span<const double> band_span(bands, band_count);
  const Slots slots =
      slot_rows(deaths, population, start_age, area, n, areas, band_span, status, area_status);
  AreaCounts counts;
  counts.invalid_rows = slots.invalid;
  // Rows start blank; each computed area then fills its own rows.
  for (std::size_t i = 0; i < n; ++i) {
    value[i] = standard_error[i] = nan;
    for (std::size_t j = 0; j < levels; ++j) lower[j * n + i] = upper[j * n + i] = nan;
  }
  double D[max_bands], P[max_bands], e[max_bands], se[max_bands];
  bool none_alive[max_bands];
  for (std::size_t a = 0; a < areas; ++a) {
    const std::int64_t* rows = slots.row.data() + a * band_count;
    auto st = static_cast<LifeTableStatus>(area_status[a]);
    if (st == LifeTableStatus::ok) {
      for (std::size_t b = 0; b < band_count; ++b) {
        D[b] = deaths[rows[b]];
        P[b] = population[rows[b]];
      }
      st = area_rule(D, P, band_count, true);
      area_status[a] = code(st);
    }
    if (st != LifeTableStatus::ok) {
      ++counts.suppressed_areas;
      // Rows that are fine in themselves carry their area's reason.
      for (std::size_t b = 0; b < band_count; ++b)
        if (rows[b] >= 0 && status[rows[b]] == 0) status[rows[b]] = code(st);
      continue;
    }
    chiang(D, P, bands, band_count, e, se, none_alive);
    for (std::size_t b = 0; b < band_count; ++b) {
      const auto i = static_cast<std::size_t>(rows[b]);
      standard_error[i] = se[b];
      for (std::size_t j = 0; j < levels; ++j) {
        lower[j * n + i] = e[b] - z[j] * se[b];
        upper[j * n + i] = e[b] + z[j] * se[b];
      }
      if (none_alive[b]) {
        value[i] = 0;
        status[i] = code(LifeTableStatus::no_survivors);
      } else if (z95 * se[b] > 10) {
        status[i] = code(LifeTableStatus::wide_interval); // limits kept, value withheld
      } else {
        value[i] = e[b];
      }
    }
  }
  return counts;
}

AreaCounts premature_ncd_mortality(const double* deaths, const double* population,
                                   const double* start_age, const std::int64_t* area, std::size_t n,
                                   std::size_t areas, const double* z, std::size_t levels,
                                   double multiplier, double* value, double* standard_error,
                                   double* lower, double* upper, std::uint8_t* status,
                                   std::uint8_t* area_status) {
  constexpr std::size_t nb = ncd_mortality_bands.size();
  const Slots slots = slot_rows(deaths, population, start_age, area, n, areas, ncd_mortality_bands,
                                status, area_status);
  AreaCounts counts;
  counts.invalid_rows = slots.invalid;
  double D[nb], P[nb];
  for (std::size_t a = 0; a < areas; ++a) {
    const std::int64_t* rows = slots.row.data() + a * nb;
    value[a] = standard_error[a] = nan;
    for (std::size_t j = 0; j < levels; ++j) lower[j * areas + a] = upper[j * areas + a] = nan;
    auto st = static_cast<LifeTableStatus>(area_status[a]);
    if (st == LifeTableStatus::ok) {
      for (std::size_t b = 0; b < nb; ++b) {
        D[b] = deaths[rows[b]];
        P[b] = population[rows[b]];
      }
      st = area_rule(D, P, nb, false);
    }
    if (st != LifeTableStatus::ok) {
      area_status[a] = code(st);
      ++counts.suppressed_areas;
      for (std::size_t b = 0; b < nb; ++b)
        if (rows[b] >= 0 && status[rows[b]] == 0) status[rows[b]] = code(st);
      continue;
    }
    // S = Π(1 − 5q) with 1 − 5q = (1 − 2.5M)/(1 + 2.5M); the gradient of S in M_x is
    // −5S / ((1 − 2.5M_x)(1 + 2.5M_x)), and var M_x = D_x / P_x² for Poisson deaths.
    double S = 1, grad2 = 0, total_deaths = 0;
    for (std::size_t b = 0; b < nb; ++b) {
      const double M = D[b] / P[b];
      const double q = 5 * M / (1 + 2.5 * M);
      S *= 1 - q;
      const double g = 5 / ((1 - 2.5 * M) * (1 + 2.5 * M));
      grad2 += g * g * D[b] / (P[b] * P[b]);
      total_deaths += D[b];
    }
    value[a] = (1 - S) * multiplier;
    standard_error[a] = S * std::sqrt(grad2) * multiplier;
    if (total_deaths == 0) {
      area_status[a] = code(LifeTableStatus::no_deaths); // log S = 0: the transform is undefined
      for (std::size_t b = 0; b < nb; ++b) status[rows[b]] = area_status[a];
      continue;
    }
    const double theta = std::log(-std::log(S));
    const double se_theta = std::sqrt(grad2) / std::fabs(std::log(S)); // √var S / (S |log S|)
    for (std::size_t j = 0; j < levels; ++j) {
      // S decreases in θ: the lower limit of the probability of dying comes from θ − z·se.
      lower[j * areas + a] = (1 - std::exp(-std::exp(theta - z[j] * se_theta))) * multiplier;
      upper[j * areas + a] = (1 - std::exp(-std::exp(theta + z[j] * se_theta))) * multiplier;
    }
  }
  return counts;
}

std::vector<row_error> describe_bad_band_rows(const double* deaths, const double* population,
                                              const double* start_age, const std::uint8_t* status,
                                              std::size_t n) {
  std::vector<row_error> errors;
  for (std::size_t i = 0; i < n; ++i) {
    const auto s = static_cast<LifeTableStatus>(status[i]);
    if (!is_error(s)) continue;
    switch (s) {
    case LifeTableStatus::non_finite_deaths:
      errors.push_back(
          {i, "deaths", "is not a finite number (" + full_precision_text(deaths[i]) + ")"});
      break;
    case LifeTableStatus::negative_deaths:
      errors.push_back({i, "deaths", "is negative (" + full_precision_text(deaths[i]) + ")"});
      break;
    case LifeTableStatus::non_finite_population:
      errors.push_back(
          {i, "population", "is not a finite number (" + full_precision_text(population[i]) + ")"});
      break;
    case LifeTableStatus::negative_population:
      errors.push_back(
          {i, "population", "is negative (" + full_precision_text(population[i]) + ")"});
      break;
    case LifeTableStatus::unknown_band:
      errors.push_back(
          {i, "start_age", full_precision_text(start_age[i]) + " is not one of the age bands"});
      break;
    default:
      errors.push_back(
          {i, "start_age",
           "band " + full_precision_text(start_age[i]) + " appears twice for the same area"});
    }
  }
  return errors;
}

namespace {

// The area column as the checks above read it (empty: no area column).
Eigen::Map<const Eigen::Array<std::int64_t, Eigen::Dynamic, 1>> area_map(const BandColumns& in) {
  static const std::int64_t none = 0;
  if (!in.area) return {&none, 0};
  return {in.area->data(), static_cast<Eigen::Index>(in.area->size())};
}

// Lengths first, then the options (`check_options` returns the quantiles), then the area codes.
template <class CheckOptions>
BandShape band_shape(const BandColumns& in, CheckOptions&& check_options) {
  check_lengths(static_cast<Eigen::Index>(in.deaths.size()),
                static_cast<Eigen::Index>(in.population.size()),
                static_cast<Eigen::Index>(in.start_age.size()));
  BandShape shape;
  shape.z = check_options();
  shape.rows = in.deaths.size();
  if (in.area && in.area->empty() && shape.rows > 0)
    throw invalid_input("area", "has 0 rows but deaths has " + std::to_string(shape.rows));
  check_area_codes(area_map(in), shape.rows, shape.areas);
  return shape;
}

std::vector<row_error> report_band_rows(const BandColumns& in, std::size_t bad,
                                        const std::uint8_t* status, OnBadRows policy) {
  std::vector<row_error> errors;
  if (bad == 0) return errors;
  errors = describe_bad_band_rows(in.deaths.data(), in.population.data(), in.start_age.data(),
                                  status, in.deaths.size());
  if (policy == OnBadRows::raise) throw invalid_rows(std::move(errors));
  return errors;
}

const std::int64_t* area_or_null(const BandColumns& in) {
  return in.area && !in.area->empty() ? in.area->data() : nullptr;
}

} // namespace

BandShape life_table_shape(const BandColumns& in, const LifeTableOptions& options) {
  return band_shape(in, [&] {
    check_bands(options.bands);
    return two_sided_z(options.confidence, 0.9);
  });
}

BandShape ncd_mortality_shape(const BandColumns& in, const NcdMortalityOptions& options) {
  return band_shape(in, [&] {
    std::vector<double> z = two_sided_z(options.confidence, 0.0);
    multiplier_option(options.multiplier);
    return z;
  });
}

std::vector<row_error> life_table_column(const BandColumns& in, const BandShape& shape,
                                         const LifeTableOptions& options, const BandBuffers& out) {
  const AreaCounts counts =
      life_tables(in.deaths.data(), in.population.data(), in.start_age.data(), area_or_null(in),
                  shape.rows, shape.areas, options.bands.data(), options.bands.size(),
                  shape.z.data(), shape.z.size(), out.value.data(), out.standard_error.data(),
                  out.lower.data(), out.upper.data(), out.status.data(), out.area_status.data());
  return report_band_rows(in, counts.invalid_rows, out.status.data(), options.on_bad_rows);
}

std::vector<row_error> ncd_mortality_column(const BandColumns& in, const BandShape& shape,
                                            const NcdMortalityOptions& options,
                                            const BandBuffers& out) {
  const AreaCounts counts = premature_ncd_mortality(
      in.deaths.data(), in.population.data(), in.start_age.data(), area_or_null(in), shape.rows,
      shape.areas, shape.z.data(), shape.z.size(), options.multiplier, out.value.data(),
      out.standard_error.data(), out.lower.data(), out.upper.data(), out.status.data(),
      out.area_status.data());
  return report_band_rows(in, counts.invalid_rows, out.status.data(), options.on_bad_rows);
}

} // namespace detail

namespace {

detail::BandColumns band_columns(std::span<const double> deaths, std::span<const double> population,
                                 std::span<const double> start_age,
                                 std::span<const std::int64_t> area) {
  detail::BandColumns in{deaths, population, start_age, std::nullopt};
  if (!area.empty()) in.area = area;
  return in;
}

// A status column as the kernels write it: its codes, one byte each.
std::span<std::uint8_t> code_span(Column<LifeTableStatus>& column) {
  static_assert(sizeof(LifeTableStatus) == 1);
  return {reinterpret_cast<std::uint8_t*>(column.data()), column.size()};
}

// Allocates the columns of a result (LifeTableColumns or NcdMortalityColumns) for a BandShape:
// value and standard_error `n` long (rows for life tables, areas for SDG 3.4.1), lower and upper
// n × levels, `row_status` rows long, area_status areas long; returns where the kernel writes
// them (the column-major n × levels Matrix is the kernel's level-major layout).
template <class Columns>
detail::BandBuffers allocate_columns(Columns& out, const detail::BandShape& shape, std::size_t n,
                                     Column<LifeTableStatus>& row_status) {
  const std::size_t levels = shape.z.size();
  out.value.resize(n);
  out.standard_error.resize(n);
  out.lower.resize(n, levels);
  out.upper.resize(n, levels);
  row_status.resize(shape.rows);
  out.area_status.resize(shape.areas);
  return {out.value.span(),
          out.standard_error.span(),
          std::span<double>(out.lower.data(), out.lower.size()),
          std::span<double>(out.upper.data(), out.upper.size()),
          code_span(row_status),
          code_span(out.area_status)};
}

} // namespace

LifeTableColumns
life_tables(const Eigen::Ref<const Eigen::ArrayXd>& deaths,
            const Eigen::Ref<const Eigen::ArrayXd>& population,
            const Eigen::Ref<const Eigen::ArrayXd>& start_age,
            const Eigen::Ref<const Eigen::Array<std::int64_t, Eigen::Dynamic, 1>>& area,
            const LifeTableOptions& options) {
  return life_tables(span_of(deaths), span_of(population), span_of(start_age), span_of(area),
                     options);
}

LifeTableColumns life_tables(std::span<const double> deaths, std::span<const double> population,
                             std::span<const double> start_age, std::span<const std::int64_t> area,
                             const LifeTableOptions& options) {
  const detail::BandColumns in = band_columns(deaths, population, start_age, area);
  const detail::BandShape shape = detail::life_table_shape(in, options);
  LifeTableColumns out;
  out.confidence = detail::confidence_options(options.confidence); // as fractions
  const detail::BandBuffers buffers = allocate_columns(out, shape, shape.rows, out.status);
  out.errors = detail::life_table_column(in, shape, options, buffers);
  return out;
}

LifeTable life_table(const Eigen::Ref<const Eigen::ArrayXd>& deaths,
                     const Eigen::Ref<const Eigen::ArrayXd>& population,
                     const LifeTableOptions& options) {
  return life_table(span_of(deaths), span_of(population), options);
}

LifeTable life_table(std::span<const double> deaths, std::span<const double> population,
                     const LifeTableOptions& options) {
  detail::check_bands(options.bands);
  const std::size_t nb = options.bands.size();
  if (deaths.size() != nb)
    throw invalid_input("deaths", "has " + std::to_string(deaths.size()) + " bands, expected " +
                                      std::to_string(nb));
  if (population.size() != nb)
    throw invalid_input("population", "has " + std::to_string(population.size()) +
                                          " bands, expected " + std::to_string(nb));
  for (std::size_t b = 0; b < nb; ++b) {
    const std::string band = " in band " + full_precision_text(options.bands[b]);
    if (!std::isfinite(deaths[b]) || deaths[b] < 0)
      throw invalid_input("deaths", "is " + full_precision_text(deaths[b]) + band +
                                        "; deaths must be finite and non-negative");
    if (!std::isfinite(population[b]) || population[b] < 0)
      throw invalid_input("population", "is " + full_precision_text(population[b]) + band +
                                            "; population must be finite and non-negative");
  }
  LifeTableColumns cols = life_tables(deaths, population, options.bands, {}, options);
  LifeTable t;
  t.bands = options.bands;
  t.confidence = std::move(cols.confidence);
  t.expectancy = std::move(cols.value);
  t.standard_error = std::move(cols.standard_error);
  t.lower = std::move(cols.lower);
  t.upper = std::move(cols.upper);
  t.status = std::move(cols.status);
  t.area_status = cols.area_status[0];
  return t;
}

NcdMortalityColumns
premature_ncd_mortality(const Eigen::Ref<const Eigen::ArrayXd>& deaths,
                        const Eigen::Ref<const Eigen::ArrayXd>& population,
                        const Eigen::Ref<const Eigen::ArrayXd>& start_age,
                        const Eigen::Ref<const Eigen::Array<std::int64_t, Eigen::Dynamic, 1>>& area,
                        const NcdMortalityOptions& options) {
  return premature_ncd_mortality(span_of(deaths), span_of(population), span_of(start_age),
                                 span_of(area), options);
}

NcdMortalityColumns premature_ncd_mortality(std::span<const double> deaths,
                                            std::span<const double> population,
                                            std::span<const double> start_age,
                                            std::span<const std::int64_t> area,
                                            const NcdMortalityOptions& options) {
  const detail::BandColumns in = band_columns(deaths, population, start_age, area);
  const detail::BandShape shape = detail::ncd_mortality_shape(in, options);
  NcdMortalityColumns out;
  out.confidence = detail::confidence_options(options.confidence); // as fractions
  const detail::BandBuffers buffers = allocate_columns(out, shape, shape.areas, out.row_status);
  out.errors = detail::ncd_mortality_column(in, shape, options, buffers);
  return out;
}

} // namespace zhibiao
