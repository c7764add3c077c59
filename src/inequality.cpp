#include "zhibiao/inequality.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/inequality_kernels.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/detail/options.hpp"
#include "zhibiao/detail/rows.hpp"
#include "zhibiao/detail/spans.hpp"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <span>
#include <sstream>
#include <string>

namespace zhibiao {

using detail::span_of;

namespace {

using detail::full_precision_text;
using detail::nan;

std::uint8_t code(InequalityStatus s) { return static_cast<std::uint8_t>(s); }

// Row indices of each group, in row order (a counting sort on the codes).
std::vector<std::vector<std::size_t>> rows_by_group(const std::int64_t* group, std::size_t n,
                                                    std::size_t groups) {
  std::vector<std::vector<std::size_t>> by(groups);
  for (std::size_t i = 0; i < n; ++i)
    by[group ? static_cast<std::size_t>(group[i]) : 0].push_back(i);
  return by;
}

std::size_t check_codes(const Eigen::Ref<const CodeArray>& group, std::size_t n) {
  if (group.size() == 0) return n > 0 ? 1 : 0;
  if (static_cast<std::size_t>(group.size()) != n)
    throw invalid_input("group", "has " + std::to_string(group.size()) +
                                     " rows but the values have " + std::to_string(n));
  std::int64_t max = -1;
  for (Eigen::Index i = 0; i < group.size(); ++i) {
    if (group[i] < 0)
      throw invalid_input("group", "row " + std::to_string(i) + " has a negative group code");
    max = std::max(max, group[i]);
  }
  return static_cast<std::size_t>(max + 1);
}

// R's round() to a whole number: halves go to the even neighbour (IEC 60559), which is also
// the default rounding mode of std::nearbyint.
std::size_t round_half_even(double x) { return static_cast<std::size_t>(std::nearbyint(x)); }

// Standard normal deviates: Marsaglia's polar method on 53-bit uniforms from mt19937_64, so the
// stream depends only on the engine (whose sequence the C++ standard fixes) and on log/sqrt.
class NormalSource {
public:
  NormalSource(std::uint64_t seed, std::uint64_t group) {
    std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                      static_cast<std::uint32_t>(group), static_cast<std::uint32_t>(group >> 32)};
    engine_.seed(seq);
  }
  double operator()() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    const double f = std::sqrt(-2 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }

private:
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  std::mt19937_64 engine_;
  double spare_ = 0;
  bool has_spare_ = false;
};

double to_sim_scale(double y, SiiValueType t) {
  switch (t) {
  case SiiValueType::rate: return std::log(y);
  case SiiValueType::proportion: return std::log(y / (1 - y));
  default: return y;
  }
}

double from_sim_scale(double y, SiiValueType t) {
  switch (t) {
  case SiiValueType::rate: return std::exp(y);
  case SiiValueType::proportion: return std::exp(y) / (1 + std::exp(y));
  default: return y;
  }
}

} // namespace

std::string_view to_string(InequalityStatus s) noexcept {
  switch (s) {
  case InequalityStatus::ok: return "ok";
  case InequalityStatus::incomplete: return "incomplete";
  case InequalityStatus::non_finite_value: return "non_finite_value";
  case InequalityStatus::non_positive_population: return "non_positive_population";
  case InequalityStatus::bad_standard_error: return "bad_standard_error";
  case InequalityStatus::value_out_of_range: return "value_out_of_range";
  case InequalityStatus::duplicate_quantile: return "duplicate_quantile";
  case InequalityStatus::overflow: return "overflow";
  }
  return "unknown";
}

std::string_view describe(InequalityStatus s) noexcept {
  switch (s) {
  case InequalityStatus::ok: return "";
  case InequalityStatus::incomplete:
    return "not computed: the group has too few areas, lacks a quantile or has a bad row";
  case InequalityStatus::non_finite_value: return "value is not a finite number";
  case InequalityStatus::non_positive_population: return "population is not a positive number";
  case InequalityStatus::bad_standard_error:
    return "standard error is negative or not a finite number";
  case InequalityStatus::value_out_of_range:
    return "value is outside the range of its type (rate > 0, 0 < proportion < 1)";
  case InequalityStatus::duplicate_quantile: return "the group has this quantile twice";
  case InequalityStatus::overflow:
    return "overflow (溢出): the SII, RII or a limit is not a finite number (beyond the largest "
           "double, or a fit with one area holding almost all the population)";
  }
  return "unknown status";
}

namespace detail {

std::size_t assign_quantiles(const double* values, const std::int64_t* group, std::size_t n,
                             std::size_t groups, int quantiles, const std::uint8_t* invert,
                             double* quantile, std::uint8_t* status) {
  std::size_t invalid = 0;
  for (std::size_t i = 0; i < n; ++i) {
    quantile[i] = nan;
    status[i] = std::isfinite(values[i]) ? 0 : code(InequalityStatus::non_finite_value);
    invalid += status[i] != 0;
  }
  const auto by = rows_by_group(group, n, groups);
  std::vector<std::pair<double, std::size_t>> adj;
  const double nq = quantiles;
  for (std::size_t g = 0; g < groups; ++g) {
    adj.clear();
    double max = -std::numeric_limits<double>::infinity();
    for (std::size_t i : by[g])
      if (status[i] == 0) max = std::max(max, values[i]);
    // PHE ranks max − value when inverted, so the highest value has rank 1.
    for (std::size_t i : by[g])
      if (status[i] == 0) adj.emplace_back(invert[g] ? max - values[i] : values[i], i);
    const double count = static_cast<double>(adj.size());
    if (adj.size() < static_cast<std::size_t>(quantiles)) {
      for (auto& [v, i] : adj) status[i] = code(InequalityStatus::incomplete);
      continue;
    }
    std::sort(adj.begin(), adj.end());
    double rank = 1;
    for (std::size_t k = 0; k < adj.size(); ++k) {
      if (k > 0 && adj[k].first != adj[k - 1].first) rank = static_cast<double>(k + 1); // ties: min
      double q = std::floor((nq + 1) - std::ceil(((count + 1) - rank) / (count / nq)));
      quantile[adj[k].second] = q == 0 ? 1 : q;
    }
  }
  return invalid;
}

std::size_t slope_index(const SiiColumns& in, std::size_t groups, const SiiOptions& options,
                        const SiiBuffers& out) {
  const double* quantile = in.quantile.data();
  const double* population = in.population.data();
  const double* value = in.value.data();
  const double* standard_error = in.standard_error.data();
  const std::int64_t* group = in.group.empty() ? nullptr : in.group.data();
  const std::size_t n = in.quantile.size();
  const SiiValueType value_type = options.value_type;
  const double multiplier = options.multiplier;
  const std::size_t repetitions = options.repetitions;
  const double* confidence = options.confidence.data();
  const std::size_t levels = options.confidence.size();
  const std::uint64_t seed = options.seed;
  double* sii = out.sii.data();
  double* rii = out.rii.data();
  double* intercept = out.intercept.data();
  double* sii_lower = out.sii_lower.data();
  double* sii_upper = out.sii_upper.data();
  double* rii_lower = out.rii_lower.data();
  double* rii_upper = out.rii_upper.data();
  std::uint8_t* status = out.status.data();
  std::uint8_t* row_status = out.row_status.data();
  std::size_t invalid = 0;
  // Row checks, and the set of quantiles occurring anywhere (PHE: every area needs them all).
  std::map<double, std::size_t> labels;
  for (std::size_t i = 0; i < n; ++i) {
    InequalityStatus s = InequalityStatus::ok;
    const double y = value[i];
    if (!std::isfinite(y) || !std::isfinite(quantile[i])) s = InequalityStatus::non_finite_value;
    else if (!(population[i] > 0) || !std::isfinite(population[i]))
      s = InequalityStatus::non_positive_population;
    else if (!(standard_error[i] >= 0) || !std::isfinite(standard_error[i]))
      s = InequalityStatus::bad_standard_error;
    else if ((value_type == SiiValueType::rate && !(y > 0)) ||
             (value_type == SiiValueType::proportion && !(y > 0 && y < 1)))
      s = InequalityStatus::value_out_of_range;
    row_status[i] = code(s);
    if (s == InequalityStatus::ok) labels.emplace(quantile[i], 0);
  }
  std::size_t k = 0;
  for (auto& [label, index] : labels) index = k++;
  const std::size_t nq = labels.size();
  const auto by = rows_by_group(group, n, groups);
  std::vector<std::int64_t> slot(nq);
  std::vector<double> a(nq), b(nq), y(nq), mean(nq), sd(nq), sims_sii(repetitions),
      sims_rii(repetitions);
  for (std::size_t g = 0; g < groups; ++g) {
    sii[g] = rii[g] = intercept[g] = nan;
    for (std::size_t j = 0; j < levels; ++j)
      sii_lower[j * groups + g] = sii_upper[j * groups + g] = rii_lower[j * groups + g] =
          rii_upper[j * groups + g] = nan;
    status[g] = 0;
    std::fill(slot.begin(), slot.end(), -1);
    for (std::size_t i : by[g]) {
      if (row_status[i] != 0) {
        status[g] = code(InequalityStatus::incomplete);
        continue;
      }
      auto& s = slot[labels[quantile[i]]];
      if (s >= 0) {
        row_status[i] = code(InequalityStatus::duplicate_quantile);
        status[g] = code(InequalityStatus::incomplete);
      } else {
        s = static_cast<std::int64_t>(i);
      }
    }
    for (std::size_t q = 0; q < nq && status[g] == 0; ++q)
      if (slot[q] < 0) status[g] = code(InequalityStatus::incomplete);
    if (status[g] != 0) continue;
    // a: population shares; b: midpoints of the cumulative shares (relative ranks).
    double total = 0;
    for (std::size_t q = 0; q < nq; ++q) total += population[slot[q]];
    double cum = 0;
    for (std::size_t q = 0; q < nq; ++q) {
      const auto i = static_cast<std::size_t>(slot[q]);
      a[q] = population[i] / total;
      b[q] = a[q] / 2 + cum;
      cum += a[q];
      y[q] = value[i];
      mean[q] = to_sim_scale(value[i], value_type);
      sd[q] = standard_error[i];
    }
    // Weighted least squares without intercept on x0 = √a, x1 = b√a: the normal equations
    // [Σa Σab; Σab Σab²] (α, β) = (Σa·y, Σab·y), solved once; each fit is then two dot products
    // with the rows of (XᵀX)⁻¹Xᵀ√a.
    double s00 = 0, s01 = 0, s11 = 0;
    for (std::size_t q = 0; q < nq; ++q) {
      s00 += a[q];
      s01 += a[q] * b[q];
      s11 += a[q] * b[q] * b[q];
    }
    const double det = s00 * s11 - s01 * s01;
    std::vector<double> w_alpha(nq), w_beta(nq);
    for (std::size_t q = 0; q < nq; ++q) {
      w_alpha[q] = (s11 * a[q] - s01 * a[q] * b[q]) / det;
      w_beta[q] = (s00 * a[q] * b[q] - s01 * a[q]) / det;
    }
    double alpha = 0, beta = 0;
    for (std::size_t q = 0; q < nq; ++q) {
      alpha += w_alpha[q] * y[q];
      beta += w_beta[q] * y[q];
    }
    const double r = (alpha + beta) / alpha;
    sii[g] = multiplier * beta;
    rii[g] = multiplier < 0 ? 1 / r : r;
    intercept[g] = alpha;
    NormalSource normal(seed, g);
    for (std::size_t rep = 0; rep < repetitions; ++rep) {
      double al = 0, be = 0;
      for (std::size_t q = 0; q < nq; ++q) {
        const double draw = from_sim_scale(mean[q] + sd[q] * normal(), value_type);
        al += w_alpha[q] * draw;
        be += w_beta[q] * draw;
      }
      sims_sii[rep] = multiplier * be;
      const double rr = (al + be) / al;
      sims_rii[rep] = multiplier < 0 ? 1 / rr : rr;
    }
    const double reps = static_cast<double>(repetitions);
    for (std::size_t j = 0; j < levels; ++j) {
      const double c = confidence[j] + (1 - confidence[j]) / 2;
      // 1-based positions as phe_sii takes them from the sorted simulations.
      const std::size_t lo =
          std::clamp<std::size_t>(round_half_even(reps * (1 - c)), 1, repetitions) - 1;
      const std::size_t hi = std::clamp<std::size_t>(round_half_even(reps * c), 1, repetitions) - 1;
      auto pick = [](std::vector<double>& v, std::size_t pos) {
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(pos), v.end());
        return v[pos];
      };
      sii_lower[j * groups + g] = pick(sims_sii, lo);
      sii_upper[j * groups + g] = pick(sims_sii, hi);
      rii_lower[j * groups + g] = pick(sims_rii, lo);
      rii_upper[j * groups + g] = pick(sims_rii, hi);
    }
    // No NaN or ±inf beside ok (issue 14, class 3): a group whose results are not all finite is
    // the overflow status, every result NaN.
    bool finite = detail::finite(sii[g]) && detail::finite(rii[g]) && detail::finite(intercept[g]);
    for (std::size_t j = 0; j < levels; ++j)
      finite = finite && detail::finite(sii_lower[j * groups + g]) &&
               detail::finite(sii_upper[j * groups + g]) &&
               detail::finite(rii_lower[j * groups + g]) &&
               detail::finite(rii_upper[j * groups + g]);
    if (!finite) {
      status[g] = code(InequalityStatus::overflow);
      sii[g] = rii[g] = intercept[g] = nan;
      for (std::size_t j = 0; j < levels; ++j)
        sii_lower[j * groups + g] = sii_upper[j * groups + g] = rii_lower[j * groups + g] =
            rii_upper[j * groups + g] = nan;
    }
  }
  for (std::size_t i = 0; i < n; ++i)
    invalid += is_error(static_cast<InequalityStatus>(row_status[i]));
  return invalid;
}

namespace {

std::vector<row_error> describe_rows(const std::uint8_t* status, std::size_t n) {
  std::vector<row_error> errors;
  for (std::size_t i = 0; i < n; ++i) {
    const auto s = static_cast<InequalityStatus>(status[i]);
    if (!is_error(s)) continue;
    std::string field = s == InequalityStatus::non_positive_population ? "population"
                        : s == InequalityStatus::bad_standard_error    ? "standard_error"
                        : s == InequalityStatus::duplicate_quantile    ? "quantile"
                                                                       : "value";
    errors.push_back({i, field, std::string(describe(s))});
  }
  return errors;
}

// The group codes as check_codes reads them (empty: one group).
Eigen::Map<const CodeArray> code_map(std::span<const std::int64_t> group) {
  static const std::int64_t none = 0;
  return {group.empty() ? &none : group.data(), static_cast<Eigen::Index>(group.size())};
}

} // namespace

QuantileShape quantile_shape(std::span<const double> values, std::span<const std::int64_t> group,
                             const QuantileOptions& options,
                             const std::vector<bool>& invert_by_group) {
  if (options.quantiles < 1)
    throw invalid_input("quantiles",
                        "must be at least 1, got " + std::to_string(options.quantiles));
  QuantileShape shape;
  shape.rows = values.size();
  shape.groups = check_codes(code_map(group), shape.rows);
  if (!invert_by_group.empty() && invert_by_group.size() != shape.groups)
    throw invalid_input("invert", "has " + std::to_string(invert_by_group.size()) +
                                      " groups but the codes have " + std::to_string(shape.groups));
  shape.invert.assign(shape.groups, options.invert);
  for (std::size_t g = 0; g < invert_by_group.size(); ++g) shape.invert[g] = invert_by_group[g];
  return shape;
}

std::vector<row_error> quantile_column(std::span<const double> values,
                                       std::span<const std::int64_t> group,
                                       const QuantileShape& shape, const QuantileOptions& options,
                                       const QuantileBuffers& out) {
  std::vector<row_error> errors;
  const std::size_t bad = assign_quantiles(
      values.data(), group.empty() ? nullptr : group.data(), shape.rows, shape.groups,
      options.quantiles, shape.invert.data(), out.quantile.data(), out.status.data());
  if (bad > 0) {
    errors = describe_rows(out.status.data(), shape.rows);
    if (options.on_bad_rows == OnBadRows::raise) throw invalid_rows(std::move(errors));
  }
  return errors;
}

std::size_t sii_groups(const SiiColumns& in, const SiiOptions& options) {
  const std::size_t n = in.quantile.size();
  for (auto [name, size] : {std::pair{"population", in.population.size()},
                            {"value", in.value.size()},
                            {"standard_error", in.standard_error.size()}})
    detail::require_rows(size, name, n, "quantile");
  if (options.repetitions < 1000)
    throw invalid_input("repetitions", "must be at least 1,000 (PHE's minimum)");
  // Levels as fractions from 0.9 (PHE's minimum); the entry points read per cent (95) first.
  for (double c : detail::confidence_options(options.confidence, "confidence", 0.9))
    if (std::find(options.confidence.begin(), options.confidence.end(), c) ==
        options.confidence.end())
      throw invalid_input("confidence", "give the levels as fractions here (read them with "
                                        "detail::confidence_options first)");
  if (!std::isfinite(options.multiplier) || options.multiplier == 0)
    throw invalid_input("multiplier", "must be a finite non-zero number");
  const std::size_t groups = check_codes(code_map(in.group), n);
  // PHE: 5 to 100 quantiles.
  std::vector<double> distinct(in.quantile.begin(), in.quantile.end());
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (n > 0 && (distinct.size() < 5 || distinct.size() > 100))
    throw invalid_input("quantile", "needs 5 to 100 distinct quantiles, got " +
                                        std::to_string(distinct.size()));
  return groups;
}

std::vector<row_error> sii_column(const SiiColumns& in, std::size_t groups,
                                  const SiiOptions& options, const SiiBuffers& out) {
  std::vector<row_error> errors;
  if (slope_index(in, groups, options, out) > 0) {
    errors = describe_rows(out.row_status.data(), in.quantile.size());
    if (options.on_bad_rows == OnBadRows::raise) throw invalid_rows(std::move(errors));
  }
  return errors;
}

} // namespace detail

namespace {

// A status column as the kernels write it: its codes, one byte each.
template <class Status>
std::span<std::uint8_t> code_span(Column<Status>& column) {
  static_assert(sizeof(Status) == 1);
  return {reinterpret_cast<std::uint8_t*>(column.data()), column.size()};
}

} // namespace

QuantileColumn assign_quantiles(const Eigen::Ref<const Eigen::ArrayXd>& values,
                                const Eigen::Ref<const CodeArray>& group,
                                const QuantileOptions& options,
                                const std::vector<bool>& invert_by_group) {
  return assign_quantiles(span_of(values), span_of(group), options, invert_by_group);
}

QuantileColumn assign_quantiles(std::span<const double> values, std::span<const std::int64_t> group,
                                const QuantileOptions& options,
                                const std::vector<bool>& invert_by_group) {
  const detail::QuantileShape shape =
      detail::quantile_shape(values, group, options, invert_by_group);
  QuantileColumn out;
  out.quantile.resize(values.size());
  out.status.resize(values.size());
  out.errors = detail::quantile_column(values, group, shape, options,
                                       {out.quantile.span(), code_span(out.status)});
  return out;
}

SiiResult slope_index(const Eigen::Ref<const Eigen::ArrayXd>& quantile,
                      const Eigen::Ref<const Eigen::ArrayXd>& population,
                      const Eigen::Ref<const Eigen::ArrayXd>& value,
                      const Eigen::Ref<const Eigen::ArrayXd>& standard_error,
                      const Eigen::Ref<const CodeArray>& group, const SiiOptions& options) {
  return slope_index(span_of(quantile), span_of(population), span_of(value),
                     span_of(standard_error), span_of(group), options);
}

SiiResult slope_index(std::span<const double> quantile, std::span<const double> population,
                      std::span<const double> value, std::span<const double> standard_error,
                      std::span<const std::int64_t> group, const SiiOptions& given) {
  SiiOptions options = given;
  options.confidence = detail::confidence_options(given.confidence, "confidence", 0.9); // 95 → 0.95
  const detail::SiiColumns in{quantile, population, value, standard_error, group};
  const std::size_t groups = detail::sii_groups(in, options);
  SiiResult out;
  out.confidence = options.confidence;
  const std::size_t levels = options.confidence.size();
  out.sii.resize(groups);
  out.rii.resize(groups);
  out.intercept.resize(groups);
  out.sii_lower.resize(groups, levels);
  out.sii_upper.resize(groups, levels);
  out.rii_lower.resize(groups, levels);
  out.rii_upper.resize(groups, levels);
  out.status.resize(groups);
  out.row_status.resize(quantile.size());
  // The column-major groups × levels Matrix is the kernel's level-major layout.
  auto all = [](Matrix<double>& m) { return std::span<double>(m.data(), m.size()); };
  out.errors = detail::sii_column(
      in, groups, options,
      {out.sii.span(), out.rii.span(), out.intercept.span(), all(out.sii_lower), all(out.sii_upper),
       all(out.rii_lower), all(out.rii_upper), code_span(out.status), code_span(out.row_status)});
  return out;
}

Column<double> standard_error_from_limits(const Eigen::Ref<const Eigen::ArrayXd>& lower,
                                          const Eigen::Ref<const Eigen::ArrayXd>& upper,
                                          SiiValueType value_type) {
  return standard_error_from_limits(span_of(lower), span_of(upper), value_type);
}

Column<double> standard_error_from_limits(std::span<const double> lower,
                                          std::span<const double> upper, SiiValueType value_type) {
  detail::require_rows(upper.size(), "upper", lower.size(), "lower");
  const double z = boost::math::quantile(boost::math::normal(), 0.975);
  Column<double> se(lower.size());
  for (std::size_t i = 0; i < lower.size(); ++i)
    se[i] = (to_sim_scale(upper[i], value_type) - to_sim_scale(lower[i], value_type)) / z / 2;
  return se;
}

} // namespace zhibiao
