#include "zhibiao/standardise.hpp"

#include "zhibiao/detail/format.hpp"
#include "zhibiao/detail/interval_kernels.hpp"
#include "zhibiao/detail/numeric.hpp"
#include "zhibiao/detail/parallel.hpp"
#include "zhibiao/detail/rows.hpp"
#include "zhibiao/detail/vector_clones.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <variant>
#include <vector>

namespace zhibiao {

namespace {

using detail::full_precision_text;
using detail::nan;

// The weights of a standard: finite, ≥ 0, and some above 0 (a DSR over weights that sum to 0 is
// 0/0; over a negative weight it is no longer a weighted average).
void check_standard_weights(std::span<const double> weights, const std::string& name) {
  if (weights.empty()) throw invalid_input("stdpop", "the standard " + name + " has no bands");
  double sum = 0;
  for (std::size_t b = 0; b < weights.size(); ++b) {
    if (!(std::isfinite(weights[b]) && weights[b] >= 0))
      throw invalid_input("stdpop", "weight " + std::to_string(b) + " of the standard " + name +
                                        " must be a finite number ≥ 0 (" +
                                        full_precision_text(weights[b]) + ")");
    sum += weights[b];
  }
  if (!(sum > 0))
    throw invalid_input("stdpop", "the weights of the standard " + name +
                                      " sum to 0: a standardised rate over them does not exist");
}

StandardPopulation make_esp2013() {
  // Eurostat 2013 (KS-RA-13-028): 5-year bands to 85-89, then 90+; total 100,000.
  const std::vector<std::string> bands{
      "0-4",   "5-9",   "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
      "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"};
  const std::vector<double> weights{5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
                                    7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000};
  return make_standard_population(
      "esp2013", bands, weights,
      "Eurostat (2013) Revision of the European Standard Population, KS-RA-13-028");
}

StandardPopulation make_who2000(bool open_85) {
  // Ahmad OB et al. (2001) GPE Discussion Paper 31, Table 4, WHO World Standard 2000-2025:
  // per cent 8.86, 8.69, ..., 0.04, 0.005, written here × 1,000.
  std::vector<std::string> bands{"0-4",   "5-9",   "10-14", "15-19", "20-24", "25-29", "30-34",
                                 "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65-69",
                                 "70-74", "75-79", "80-84", "85-89", "90-94", "95-99", "100+"};
  std::vector<double> weights{8860, 8690, 8600, 8470, 8220, 7930, 7610, 7150, 6590, 6040, 5370,
                              4550, 3720, 2960, 2210, 1520, 910,  440,  150,  40,   5};
  if (open_85) {
    bands.resize(18);
    bands[17] = "85+";
    weights.resize(18);
    weights[17] = 440 + 150 + 40 + 5; // 635
  }
  return make_standard_population(open_85 ? "who2000_85" : "who2000", bands, weights,
                                  "Ahmad OB et al. (2001) Age standardization of rates: a new WHO "
                                  "standard. GPE Discussion Paper 31, WHO, Table 4");
}

const std::vector<StandardPopulation>& standards() {
  static const std::vector<StandardPopulation> all{make_esp2013(), make_who2000(false),
                                                   make_who2000(true)};
  return all;
}

std::vector<std::size_t> default_offsets(std::span<const std::size_t> offsets, std::size_t rows) {
  if (offsets.empty()) return {0, rows};
  if (offsets.front() != 0 || offsets.back() != rows)
    throw invalid_input("offsets",
                        "must start at 0 and end at the row count (" + std::to_string(rows) + ")");
  for (std::size_t g = 1; g < offsets.size(); ++g)
    if (offsets[g] < offsets[g - 1]) throw invalid_input("offsets", "must not decrease");
  return {offsets.begin(), offsets.end()};
}

void check_length(std::span<const double> a, std::size_t rows, const char* name) {
  detail::require_rows(a.size(), name, rows, "x");
}

void add_error(std::vector<row_error>& errors, std::size_t row, const char* field,
               const std::string& message) {
  errors.push_back({row, field, message});
}

// Validates one row of a standardisation; appends its errors, returns false when bad.
bool check_row(std::vector<row_error>& errors, std::size_t i, double x, double n, double w,
               const char* w_name) {
  bool ok = true;
  if (!std::isfinite(x))
    ok = false,
    add_error(errors, i, "x", "is not a finite number (" + full_precision_text(x) + ")");
  else if (x < 0)
    ok = false, add_error(errors, i, "x", "is negative (" + full_precision_text(x) + ")");
  if (!(std::isfinite(n) && n > 0))
    ok = false,
    add_error(errors, i, "n",
              "must be a finite number greater than zero (" + full_precision_text(n) + ")");
  if (!(std::isfinite(w) && w >= 0))
    ok = false,
    add_error(errors, i, w_name, "must be a finite number ≥ 0 (" + full_precision_text(w) + ")");
  return ok;
}

// The method column's code where no interval was computed (a bad group, no expected count).
constexpr auto no_method = static_cast<CountMethod>(255);

Eigen::Index eigen(std::size_t i) { return static_cast<Eigen::Index>(i); }

StandardisedArray allocate(std::size_t groups, const std::vector<double>& confidence) {
  StandardisedArray out;
  const std::size_t k = confidence.size();
  out.confidence = confidence;
  out.total_count = Column<double>(groups, nan);
  out.total_pop = Column<double>(groups, nan);
  out.value = Column<double>(groups, nan);
  out.lower = Matrix<double>(groups, k, nan);
  out.upper = Matrix<double>(groups, k, nan);
  out.status = Column<GroupStatus>(groups, GroupStatus::ok);
  return out;
}

// Σ x, Σ n, Σ x w/n, Σ w and Σ x (w/n)² of one group of independent events.
struct GroupSums {
  double events = 0, pop = 0, weighted = 0, wsum = 0, var_num = 0;
};

// Rows per chunk of a group: the ratios w/n of a chunk are computed first, in a loop the
// compiler vectorises (a division per row is the costly part: scalar, one every few cycles),
// then summed in row order by a scalar loop, so that the sums are the same at every vector
// width. 256 rows of ratios stay in L1.
constexpr std::size_t ratio_chunk = 256;

// The validity test and the ratios of rows [begin, end); returns true when some row is bad
// (missing or negative x, n ≤ 0 or missing, negative or missing weight).
ZHIBIAO_VECTOR_CLONES
bool ratio_rows(const double* __restrict x, const double* __restrict n, const double* __restrict w,
                std::size_t begin, std::size_t end, double* __restrict ratio) {
  constexpr double max = std::numeric_limits<double>::max();
  unsigned bad = 0; // an integer: GCC vectorises |= reductions of integers only
  for (std::size_t i = begin; i < end; ++i) {
    const double xi = x[i], ni = n[i], wi = w[i];
    bad |= !((xi >= 0) & (xi <= max) & (ni > 0) & (ni <= max) & (wi >= 0) & (wi <= max));
    ratio[i - begin] = wi / ni;
  }
  return bad != 0;
}

// The sums of the group in rows [begin, end), whose weights are stdpop[i − shift]; false (sums
// unusable) when a row is bad: the caller then names the errors row by row.
bool independent_group_sums(const double* x, const double* n, const double* stdpop,
                            std::size_t shift, std::size_t begin, std::size_t end,
                            GroupSums& sums) {
  // Local accumulators: stores through `sums` in the loop would chain every row's additions
  // through memory.
  double events = 0, pop = 0, weighted = 0, wsum = 0, var_num = 0;
  double ratio[ratio_chunk];
  for (std::size_t s = begin; s < end; s += ratio_chunk) {
    const std::size_t e = std::min(end, s + ratio_chunk);
    // x, n and the weights offset so that ratio_rows indexes all three by row.
    if (ratio_rows(x + s, n + s, stdpop + (s - shift), 0, e - s, ratio)) return false;
    for (std::size_t i = s; i < e; ++i) {
      const double xi = x[i], r = ratio[i - s];
      events += xi;
      pop += n[i];
      weighted += xi * r;
      wsum += stdpop[i - shift];
      var_num += xi * r * r;
    }
  }
  sums = {events, pop, weighted, wsum, var_num};
  return true;
}

// The DSR and the Dobson spread √(Σ x (w/n)² / (Σ w)² / O) of groups [0, m), both times the
// multiplier, over arrays of group sums: a loop the compiler vectorises (per group, a chain of
// two divisions and a square root would otherwise stall between groups).
ZHIBIAO_VECTOR_CLONES
void dobson_rows(const double* __restrict weighted, const double* __restrict wsum,
                 const double* __restrict var_num, const double* __restrict events, std::size_t m,
                 double multiplier, double* __restrict value, double* __restrict spread) {
  for (std::size_t j = 0; j < m; ++j) {
    value[j] = weighted[j] / wsum[j] * multiplier;
    const double var = var_num[j] / (wsum[j] * wsum[j]);
    spread[j] = std::sqrt(var / events[j]) * multiplier;
  }
}

// Rows per block of groups in the DSR kernel: ratios of 4,096 rows (32 KiB) stay in L1/L2.
constexpr std::size_t block_rows = 4096;

// The sums of the group at block offset `at` (rows at..at + len of the block starting at row
// b0: x[b0 + r], n[b0 + r], weight w[r], ratio[r]) and, when `pair`, of the group right after
// it, of the same length, in one loop: two independent chains of additions, each group's in
// row order.
void group_pair_sums(const double* x, const double* n, const double* w, const double* ratio,
                     std::size_t at, std::size_t len, std::size_t b0, GroupSums& first,
                     GroupSums& second, bool pair = true) {
  double e0 = 0, p0 = 0, v0 = 0, s0 = 0, q0 = 0;
  double e1 = 0, p1 = 0, v1 = 0, s1 = 0, q1 = 0;
  const double* xa = x + b0 + at;
  const double* na = n + b0 + at;
  if (pair) {
    const double* xb = xa + len;
    const double* nb = na + len;
    for (std::size_t r = 0; r < len; ++r) {
      const double ra = ratio[at + r], rb = ratio[at + len + r];
      e0 += xa[r];
      p0 += na[r];
      v0 += xa[r] * ra;
      s0 += w[at + r];
      q0 += xa[r] * ra * ra;
      e1 += xb[r];
      p1 += nb[r];
      v1 += xb[r] * rb;
      s1 += w[at + len + r];
      q1 += xb[r] * rb * rb;
    }
    second = {e1, p1, v1, s1, q1};
  } else {
    for (std::size_t r = 0; r < len; ++r) {
      const double ra = ratio[at + r];
      e0 += xa[r];
      p0 += na[r];
      v0 += xa[r] * ra;
      s0 += w[at + r];
      q0 += xa[r] * ra * ra;
    }
  }
  first = {e0, p0, v0, s0, q0};
}

} // namespace

StandardPopulation make_standard_population(std::string name, std::span<const std::string> bands,
                                            std::span<const double> weights, std::string source) {
  detail::require_rows(weights.size(), "stdpop", bands.size(), "bands");
  check_standard_weights(weights, name);
  StandardPopulation p{std::move(name),
                       {bands.begin(), bands.end()},
                       {},
                       {weights.begin(), weights.end()},
                       std::move(source),
                       {}};
  for (const std::string& label : bands) p.age_bands.push_back(parse_age_band(label, "stdpop"));
  for (std::size_t b = 0; b < bands.size(); ++b) {
    p.lower_ages.push_back(p.age_bands[b].lower);
    for (std::size_t c = 0; c < b; ++c) {
      const AgeBand &u = p.age_bands[b], &v = p.age_bands[c];
      if (u.lower < v.upper && v.lower < u.upper)
        throw invalid_input("stdpop", "bands '" + bands[c] + "' and '" + bands[b] +
                                          "' of the standard " + p.name + " overlap");
    }
  }
  return p;
}

const StandardPopulation& standard_population(std::string_view name) {
  for (const auto& p : standards())
    if (p.name == name) return p;
  throw invalid_input("standard", "unknown standard population '" + std::string(name) +
                                      "'; expected esp2013, who2000 or who2000_85");
}

std::vector<std::string_view> standard_population_names() {
  std::vector<std::string_view> names;
  for (const auto& p : standards()) names.push_back(p.name);
  return names;
}

std::string_view describe(GroupStatus status) noexcept {
  switch (status) {
  case GroupStatus::ok: return "ok";
  case GroupStatus::too_few_events: return "not computed: total count below 10";
  case GroupStatus::bad_input: return "invalid input rows";
  case GroupStatus::no_expected: return "undefined: expected count is zero";
  case GroupStatus::overflow:
    return "overflow (溢出): the value or a limit exceeds the largest double";
  }
  return "unknown status";
}

namespace {

// The steps of directly_standardised: check the columns and resolve the standard's weights,
// then per group the sums, the value and limits, and the status; raise or return.

// A standardisation's groups: rows [bounds[g], bounds[g + 1]) are group g of `count`; with
// per_band, stdpop is the standard itself (a weight per band, every group one row per band)
// rather than a weight per row.
struct DsrGroups {
  std::vector<std::size_t> bounds;
  std::size_t count;
  bool per_band;
};

// Checks the columns' lengths and the options (zhibiao::invalid_input); the groups.
DsrGroups dsr_groups(std::span<const double> x, std::span<const double> n,
                     std::span<const double> stdpop, std::span<const std::size_t> offsets,
                     const StandardiseOptions& options, std::span<const double> eventfreq,
                     std::span<const double> ageband) {
  const std::size_t rows = x.size();
  check_length(n, rows, "n");
  const bool nonindependent = !eventfreq.empty();
  auto bounds = default_offsets(offsets, rows);
  const std::size_t groups = bounds.size() - 1;
  // A weight per band (the standard itself) when every group has one row per band.
  bool per_band = !nonindependent && stdpop.size() != rows && rows > 0;
  for (std::size_t g = 0; per_band && g < groups; ++g)
    per_band = bounds[g + 1] - bounds[g] == stdpop.size();
  if (!per_band) check_length(stdpop, rows, "stdpop");
  else check_standard_weights(stdpop, "given per band"); // once, not per row
  if (nonindependent) {
    check_length(eventfreq, rows, "eventfreq");
    check_length(ageband, rows, "ageband");
  }
  detail::check_interval_options(options.confidence, options.multiplier, true);
  return {std::move(bounds), groups, per_band};
}

// x with every NaN replaced by 0 (PHE's na.zero), or empty when x holds no NaN.
std::vector<double> zero_missing(std::span<const double> x) {
  if (std::none_of(x.begin(), x.end(), [](double v) { return std::isnan(v); })) return {};
  std::vector<double> out(x.begin(), x.end());
  for (double& v : out)
    if (std::isnan(v)) v = 0;
  return out;
}

// The overflow guard of issue 14 (class 3): a group of status ok whose value or a limit is not
// finite gets GroupStatus::overflow and NaN, so that no result holds ±inf or NaN beside ok.
// Groups [first, last), so that the independent DSR checks each chunk of groups on the core
// that computed it (a serial pass over 10^5 groups was 5 % of that kernel).
void flag_overflowed_groups(StandardisedArray& out, std::size_t first, std::size_t last) {
  for (std::size_t g = first; g < last; ++g) {
    if (out.status[g] != GroupStatus::ok) continue;
    // Every number of the group, totals included (an expected count summed to inf gave a
    // finite SMR of 0 beside an infinite expected; issue 14).
    if (std::isfinite(out.value[g]) && std::isfinite(out.total_count[g]) &&
        std::isfinite(out.total_pop[g]) && out.lower.array().row(eigen(g)).allFinite() &&
        out.upper.array().row(eigen(g)).allFinite())
      continue;
    out.status[g] = GroupStatus::overflow;
    out.value[g] = detail::nan;
    if (!std::isfinite(out.total_count[g])) out.total_count[g] = detail::nan;
    if (!std::isfinite(out.total_pop[g])) out.total_pop[g] = detail::nan;
    out.lower.array().row(eigen(g)).setConstant(detail::nan);
    out.upper.array().row(eigen(g)).setConstant(detail::nan);
  }
}

void mark_bad(StandardisedArray& out, std::size_t g) { out.status[g] = GroupStatus::bad_input; }

// --- independent events -------------------------------------------------------------------------

// Pass 1 over a chunk of groups [first, first + m): the sums of each; bad[j] when group
// first + j holds a bad row (its sums are then harmless stand-ins).
struct ChunkSums {
  std::vector<double> events, pop, weighted, wsum, var_num;
  std::vector<std::uint8_t> bad;
  bool any_bad = false;
};

ChunkSums chunk_sums(std::span<const double> x, std::span<const double> n,
                     std::span<const double> stdpop, const DsrGroups& groups, std::size_t first,
                     std::size_t last) {
  const std::vector<std::size_t>& bounds = groups.bounds;
  const bool per_band = groups.per_band;
  const std::size_t m = last - first;
  ChunkSums chunk{std::vector<double>(m),
                  std::vector<double>(m),
                  std::vector<double>(m),
                  std::vector<double>(m),
                  std::vector<double>(m),
                  std::vector<std::uint8_t>(m, 0),
                  false};
  std::vector<double>& events = chunk.events;
  std::vector<double>& pop = chunk.pop;
  std::vector<double>& weighted = chunk.weighted;
  std::vector<double>& wsum = chunk.wsum;
  std::vector<double>& var_num = chunk.var_num;
  std::vector<std::uint8_t>& bad = chunk.bad;
  bool& local_bad = chunk.any_bad;
  const auto store = [&](std::size_t j, const GroupSums& sums) {
    events[j] = sums.events;
    pop[j] = sums.pop;
    weighted[j] = sums.weighted;
    wsum[j] = sums.wsum;
    var_num[j] = sums.var_num;
  };
  // One group alone (chunked, checked): for groups longer than a block, and for the groups
  // of a block that holds a bad row.
  const auto one_group = [&](std::size_t g) {
    GroupSums sums;
    const std::size_t shift = per_band ? bounds[g] : 0; // row i has weight stdpop[i − shift]
    if (!independent_group_sums(x.data(), n.data(), stdpop.data(), shift, bounds[g], bounds[g + 1],
                                sums)) {
      bad[g - first] = 1;
      local_bad = true;
      // Harmless stand-ins, so that pass 2 computes nothing undefined for this group.
      sums = {10, 1, 1, 1, 1};
    }
    store(g - first, sums);
  };
  // Blocks of whole groups up to block_rows rows: their ratios w/n in one vector loop (with
  // a per-band standard, against the standard tiled once for the whole block), then each
  // group's sums in row order, two groups of equal size side by side so that their
  // additions overlap (each group's own order, hence its sums, unchanged).
  std::vector<double> ratio(block_rows);
  std::vector<double> tiled;
  if (per_band)
    for (std::size_t r = 0; r + stdpop.size() <= block_rows; r += stdpop.size())
      tiled.insert(tiled.end(), stdpop.begin(), stdpop.end());
  for (std::size_t g = first; g < last;) {
    std::size_t h = g;
    while (h < last && bounds[h + 1] - bounds[g] <= block_rows) ++h;
    if (h == g) {
      one_group(g++);
      continue;
    }
    const std::size_t b0 = bounds[g], rows_in_block = bounds[h] - b0;
    const double* w = per_band ? tiled.data() : stdpop.data() + b0;
    if (ratio_rows(x.data() + b0, n.data() + b0, w, 0, rows_in_block, ratio.data())) {
      for (; g < h; ++g) one_group(g);
      continue;
    }
    for (; g < h;) {
      const std::size_t len = bounds[g + 1] - bounds[g];
      if (g + 1 < h && bounds[g + 2] - bounds[g + 1] == len) {
        GroupSums a, b;
        group_pair_sums(x.data(), n.data(), w, ratio.data(), bounds[g] - b0, len, b0, a, b);
        store(g - first, a);
        store(g + 1 - first, b);
        g += 2;
      } else {
        GroupSums a, unused;
        group_pair_sums(x.data(), n.data(), w, ratio.data(), bounds[g] - b0, len, b0, a, unused,
                        false);
        store(g - first, a);
        g += 1;
      }
    }
  }
  return chunk;
}

// Pass 2: the values and limits of all groups of the chunk starting at group `first`, in vector
// loops.
void chunk_values_and_limits(const ChunkSums& chunk, std::size_t first, double multiplier,
                             const std::vector<double>& z, StandardisedArray& out) {
  const std::size_t m = chunk.events.size();
  const std::vector<double>& events = chunk.events;
  double* value = out.value.data() + first;
  std::vector<double> spread(m), count_lower(m), count_upper(m);
  dobson_rows(chunk.weighted.data(), chunk.wsum.data(), chunk.var_num.data(), events.data(), m,
              multiplier, value, spread.data());
  for (std::size_t k = 0; k < z.size(); ++k) {
    // Byar's limits of each total count, as interval.hpp computes them.
    detail::byar_count_limits(events.data(), m, z[k], count_lower.data(), count_upper.data());
    double* lower = out.lower.col(k).data() + first;
    double* upper = out.upper.col(k).data() + first;
    for (std::size_t j = 0; j < m; ++j) {
      lower[j] = value[j] + spread[j] * (count_lower[j] - events[j]);
      upper[j] = value[j] + spread[j] * (count_upper[j] - events[j]);
    }
  }
}

// Pass 3: the statuses of the chunk's groups, and NaN where a group has no value. Returns true
// when some group is bad, a bad row or weights that sum to 0 (its DSR would be 0/0).
bool chunk_statuses(const ChunkSums& chunk, std::size_t first, StandardisedArray& out) {
  bool any_bad = chunk.any_bad;
  for (std::size_t j = 0; j < chunk.events.size(); ++j) {
    const std::size_t g = first + j;
    if (chunk.bad[j] || chunk.wsum[j] == 0) {
      mark_bad(out, g);
      any_bad = true;
    } else {
      out.total_count[g] = chunk.events[j];
      out.total_pop[g] = chunk.pop[j];
      // PHE: DSRs of fewer than 10 events are unreliable and are not published.
      if (chunk.events[j] >= 10) continue;
      out.status[g] = GroupStatus::too_few_events;
    }
    out.value[g] = nan;
    for (std::size_t k = 0; k < out.lower.cols(); ++k) out.lower(g, k) = out.upper(g, k) = nan;
  }
  return any_bad;
}

// The error of a group whose weights are all 0, listed at its first row.
void add_zero_weights_error(std::vector<row_error>& errors, std::size_t begin, std::size_t end) {
  errors.push_back({begin, "stdpop",
                    "the standard weights of the group (rows " + std::to_string(begin) + " to " +
                        std::to_string(end == begin ? begin : end - 1) +
                        ") sum to 0: its standardised rate does not exist"});
}

// Independent events, the common case: each group's sums in one branch-free loop (a bad row
// only flags its group), groups split across cores (issue 8: 10^5 areas × 19 bands). The rows
// of flagged groups are checked again afterwards, in row order, to name every error.
void independent_dsr(std::span<const double> x, std::span<const double> n,
                     std::span<const double> stdpop, const DsrGroups& groups, double multiplier,
                     const std::vector<double>& z, StandardisedArray& out) {
  const std::vector<std::size_t>& bounds = groups.bounds;
  std::atomic<bool> any_bad{false};
  // Groups [first, last), at most groups_per_chunk of them, so that the scratch arrays are
  // small (fresh large allocations would cost page faults on every call).
  const auto chunk_of_groups = [&](std::size_t first, std::size_t last) {
    const ChunkSums chunk = chunk_sums(x, n, stdpop, groups, first, last);
    chunk_values_and_limits(chunk, first, multiplier, z, out);
    if (chunk_statuses(chunk, first, out)) any_bad.store(true, std::memory_order_relaxed);
    flag_overflowed_groups(out, first, last);
  };
  constexpr std::size_t groups_per_chunk = 1024;
  detail::parallel_for(groups.count, 4096, [&](std::size_t first, std::size_t last) {
    for (std::size_t c = first; c < last; c += groups_per_chunk)
      chunk_of_groups(c, std::min(last, c + groups_per_chunk));
  });
  if (any_bad.load())
    for (std::size_t g = 0; g < groups.count; ++g)
      if (out.status[g] == GroupStatus::bad_input) {
        const std::size_t listed = out.errors.size();
        for (std::size_t i = bounds[g]; i < bounds[g + 1]; ++i)
          check_row(out.errors, i, x[i], n[i], stdpop[groups.per_band ? i - bounds[g] : i],
                    "stdpop");
        if (out.errors.size() == listed)
          add_zero_weights_error(out.errors, bounds[g], bounds[g + 1]);
      }
}

// --- non-independent events ---------------------------------------------------------------------

// The value and limits of a good group from its sums (var: Σ w² x / n² / (Σ w)², or its
// non-independent form).
void finish_group(StandardisedArray& out, std::size_t g, double events, double pop, double weighted,
                  double wsum, double var, double multiplier, const std::vector<double>& z) {
  out.total_count[g] = events;
  out.total_pop[g] = pop;
  if (events < 10) {
    // PHE: DSRs of fewer than 10 events are unreliable and are not published.
    out.status[g] = GroupStatus::too_few_events;
    return;
  }
  const double value = weighted / wsum * multiplier;
  out.value[g] = value;
  const double spread = std::sqrt(var / events) * multiplier;
  for (std::size_t k = 0; k < z.size(); ++k) {
    // Byar's limits of the total count, as interval.hpp computes them; z is computed once
    // per level by the caller, not once per group (a normal quantile costs more than the group).
    const auto [c_lower, c_upper] = detail::byar_limits(events, z[k]);
    out.lower(g, k) = value + spread * (c_lower - events);
    out.upper(g, k) = value + spread * (c_upper - events);
  }
}

// Non-independent events (a person counted eventfreq times): group by group, in row order.
void nonindependent_dsr(std::span<const double> x, std::span<const double> n,
                        std::span<const double> stdpop, std::span<const double> eventfreq,
                        std::span<const double> ageband, const DsrGroups& groups, double multiplier,
                        const std::vector<double>& z, StandardisedArray& out) {
  const std::vector<std::size_t>& bounds = groups.bounds;
  for (std::size_t g = 0; g < groups.count; ++g) {
    bool good = true;
    double events = 0, pop = 0, weighted = 0, wsum = 0;
    // Non-independent events: per frequency, Σ x (w/n)² and Σ w; per band, its (n, w).
    std::map<double, std::pair<double, double>> by_freq;
    std::map<double, std::pair<double, double>> by_band;
    for (std::size_t i = bounds[g]; i < bounds[g + 1]; ++i) {
      const double xi = x[i], ni = n[i], wi = stdpop[i];
      if (!check_row(out.errors, i, xi, ni, wi, "stdpop")) {
        good = false;
        continue;
      }
      const double ratio = wi / ni;
      const double f = eventfreq[i], band = ageband[i];
      if (!(std::isfinite(f) && f > 0)) {
        add_error(out.errors, i, "eventfreq",
                  "must be a finite number greater than zero (" + full_precision_text(f) + ")");
        good = false;
        continue;
      }
      if (!std::isfinite(band)) {
        add_error(out.errors, i, "ageband", "is missing");
        good = false;
        continue;
      }
      auto [it, fresh] = by_band.emplace(band, std::make_pair(ni, wi));
      if (!fresh && (it->second.first != ni || it->second.second != wi)) {
        add_error(out.errors, i, "ageband",
                  "rows of one band must share n and stdpop (band " + full_precision_text(band) +
                      ")");
        good = false;
        continue;
      }
      if (fresh) {
        pop += ni;
        wsum += wi;
      }
      events += f * xi;
      weighted += f * xi * ratio;
      auto& fr = by_freq[f];
      fr.first += xi * ratio * ratio;
      fr.second += wi;
    }
    if (!good) {
      mark_bad(out, g);
      continue;
    }
    if (wsum == 0) {
      add_zero_weights_error(out.errors, bounds[g], bounds[g + 1]);
      mark_bad(out, g);
      continue;
    }
    double var = 0;
    for (const auto& [f, s] : by_freq) var += f * f * s.first / (s.second * s.second);
    finish_group(out, g, events, pop, weighted, wsum, var, multiplier, z);
  }
}

} // namespace

StandardisedArray directly_standardised(std::span<const double> x, std::span<const double> n,
                                        std::span<const double> stdpop,
                                        std::span<const std::size_t> offsets,
                                        StandardiseOptions options,
                                        std::span<const double> eventfreq,
                                        std::span<const double> ageband) {
  const DsrGroups groups = dsr_groups(x, n, stdpop, offsets, options, eventfreq, ageband);
  // PHE's rule, on request: a missing count is 0. A copy of x only when it holds a NaN, so
  // that the kernels keep reading one column.
  std::vector<double> zeroed;
  if (options.missing_counts == MissingCounts::zero) {
    zeroed = zero_missing(x);
    if (!zeroed.empty()) x = zeroed;
  }
  StandardisedArray out = allocate(groups.count, options.confidence);
  std::vector<double> z(options.confidence.size());
  for (std::size_t k = 0; k < z.size(); ++k) z[k] = z_value(options.confidence[k]);
  if (eventfreq.empty()) {
    independent_dsr(x, n, stdpop, groups, options.multiplier, z, out); // flags by chunk
  } else {
    nonindependent_dsr(x, n, stdpop, eventfreq, ageband, groups, options.multiplier, z, out);
    flag_overflowed_groups(out, 0, groups.count);
  }
  if (!out.errors.empty() && options.on_bad_rows == OnBadRows::raise)
    throw invalid_rows(std::move(out.errors));
  return out;
}

namespace {

// Why a band read from the data is not one of the standard's: the standard's bands it overlaps,
// and whether the data's banding is coarser, finer or shifted.
std::string band_mismatch(const std::string& label, const AgeBand& band,
                          const StandardPopulation& standard) {
  std::vector<std::size_t> overlap;
  for (std::size_t b = 0; b < standard.age_bands.size(); ++b) {
    const AgeBand& s = standard.age_bands[b];
    if (s.lower < band.upper && band.lower < s.upper) overlap.push_back(b);
  }
  std::string names;
  for (std::size_t k = 0; k < overlap.size(); ++k)
    names += (k ? ", " : "") + standard.bands[overlap[k]];
  std::string why = "band '" + label + "' (ages " + age_band_text(band) +
                    ") is not a band of the standard " + standard.name;
  if (overlap.empty()) return why + ": the standard has no ages there";
  const AgeBand& lo = standard.age_bands[overlap.front()];
  const AgeBand& hi = standard.age_bands[overlap.back()];
  if (overlap.size() > 1 && lo.lower == band.lower && hi.upper == band.upper)
    return why + ": the data's banding is coarser (this band spans the standard's " + names +
           "); give the data in the standard's bands, or a standard in the data's bands";
  if (overlap.size() == 1 && lo.lower <= band.lower && band.upper <= lo.upper)
    return why + ": the data's banding is finer (this band lies inside the standard's " + names +
           "); add the data up to the standard's bands";
  return why + ": the bands do not line up (this band overlaps the standard's " + names + ")";
}

// Each distinct label's band of the standard, or -1 with the reason in `problem`.
void match_labels(const StandardPopulation& standard, const BandColumn& bands,
                  std::vector<std::int64_t>& index, std::vector<std::string>& problem) {
  const std::size_t count = bands.labels.size();
  index.assign(count, -1);
  problem.assign(count, {});
  for (std::size_t l = 0; l < count; ++l) {
    const std::string& label = bands.labels[l];
    AgeBand band;
    try {
      band = parse_age_band(label, bands.field.c_str());
    } catch (const parse_error& e) {
      problem[l] = "'" + label + "' is not an age band (at character " +
                   std::to_string(e.position()) + ": expected " + e.expected() + ")";
      continue;
    }
    for (std::size_t b = 0; b < standard.age_bands.size(); ++b)
      if (standard.age_bands[b] == band) index[l] = static_cast<std::int64_t>(b);
    if (index[l] < 0) problem[l] = band_mismatch(label, band, standard);
  }
}

// The band-order check of directly_standardised (by label) in the layout of almost every
// call: the groups of nb rows one after another (bounds g × nb) and each band of the standard
// spelled by one code. The codes are then the standard's codes repeated, compared with that
// pattern block by block in a loop the compiler vectorises (64 int8 codes an instruction; the
// general check looks each code's band up, row by row: 0.8 ms of a 3.3 ms DSR of 10^5 areas,
// issue 16). True when the rows are in that layout and order; false says only "not this
// layout", and the general check decides.
template <class Code>
bool codes_repeat_the_standard(std::span<const Code> codes, std::span<const std::size_t> bounds,
                               std::size_t nb, const std::vector<std::int64_t>& label_band) {
  const std::size_t groups = bounds.size() - 1;
  if (nb == 0 || codes.size() != groups * nb) return false;
  unsigned uneven = 0;
  for (std::size_t g = 0; g <= groups; ++g) uneven |= bounds[g] != g * nb;
  if (uneven) return false;
  std::vector<Code> pattern(nb);
  std::vector<unsigned> spellings(nb, 0);
  for (std::size_t c = 0; c < label_band.size(); ++c) {
    if (label_band[c] < 0) continue;
    const auto b = static_cast<std::size_t>(label_band[c]);
    ++spellings[b];
    // A code beyond the codes' type is on no row: that band is then never matched.
    if (c > static_cast<std::size_t>(std::numeric_limits<Code>::max())) return false;
    pattern[b] = static_cast<Code>(c);
  }
  if (std::any_of(spellings.begin(), spellings.end(), [](unsigned k) { return k != 1; }))
    return false;
  constexpr std::size_t repeats = 256; // a tiled pattern of 4,864 codes for 19 bands
  std::vector<Code> tiled;
  tiled.reserve(nb * repeats);
  for (std::size_t r = 0; r < repeats; ++r)
    tiled.insert(tiled.end(), pattern.begin(), pattern.end());
  const std::size_t block = tiled.size(), blocks = (codes.size() + block - 1) / block;
  std::atomic<bool> same{true};
  detail::parallel_for(blocks, 16, [&](std::size_t first, std::size_t last) {
    for (std::size_t j = first; j < last; ++j) {
      const Code* a = codes.data() + j * block;
      const std::size_t len = std::min(block, codes.size() - j * block);
      unsigned differ = 0;
      for (std::size_t i = 0; i < len; ++i) differ |= a[i] != tiled[i];
      if (differ) {
        same.store(false, std::memory_order_relaxed);
        return;
      }
    }
  });
  return same.load();
}

// NaN after every number: a total order for sorting rows (the rows holding NaN are errors).
bool less_nan_last(double a, double b) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return a < b;
}

} // namespace

StandardisedArray directly_standardised(std::span<const double> x, std::span<const double> n,
                                        const StandardPopulation& standard, const BandColumn& bands,
                                        std::span<const std::size_t> offsets,
                                        StandardiseOptions options,
                                        std::span<const double> eventfreq) {
  const std::size_t rows = x.size();
  check_length(n, rows, "n");
  const std::size_t coded = std::visit([](auto codes) { return codes.size(); }, bands.codes);
  detail::require_rows(coded, bands.field, rows, "x");
  const bool nonindependent = !eventfreq.empty();
  if (nonindependent) check_length(eventfreq, rows, "eventfreq");
  detail::check_interval_options(options.confidence, options.multiplier, true);
  check_standard_weights(standard.weights, standard.name);
  if (standard.age_bands.size() != standard.weights.size())
    throw invalid_input("stdpop", "the standard " + standard.name +
                                      " has no age bands read: build it with "
                                      "make_standard_population");
  const auto bounds = default_offsets(offsets, rows);
  const std::size_t groups = bounds.size() - 1;
  const std::size_t nb = standard.weights.size();

  // 1. The standard's band of each distinct label (parsed once per label, not per row), then of
  // each row.
  std::vector<std::int64_t> label_band;
  std::vector<std::string> problem;
  match_labels(standard, bands, label_band, problem);
  // The common layout, each group one row per band in the standard's order: the kernel reads the
  // columns as they are (what the reordering below would produce, so the same bits). Checked
  // first, without storing anything per row.
  // Each half of the groups on its own core (at 10^5 groups × 19 bands the check alone cost as
  // much as the standardisation), branch-free within a group; a range stops at the first group
  // out of order, or once another range has found one.
  // The band of each code, and -1 (no band) for every code out of range, so that the check
  // below reads a code without a branch: a negative code, converted to unsigned, is beyond
  // the last label too.
  const std::size_t code_count = bands.labels.size();
  std::vector<std::int64_t> band_of(label_band);
  band_of.push_back(-1);
  std::atomic<bool> in_order{!nonindependent};
  if (in_order.load() &&
      std::visit(
          [&](auto column) { return codes_repeat_the_standard(column, bounds, nb, label_band); },
          bands.codes))
    return directly_standardised(x, n, standard.weights, bounds, options);
  if (in_order.load())
    std::visit(
        [&](auto column) {
          detail::parallel_for(groups, 2048, [&](std::size_t first, std::size_t last) {
            const auto* codes = column.data();
            for (std::size_t g = first; g < last; ++g) {
              if ((g - first) % 256 == 0 && !in_order.load(std::memory_order_relaxed)) return;
              unsigned bad = bounds[g + 1] - bounds[g] != nb;
              // The group's nb codes at once (no exit at the first mismatch: the rows are
              // almost always in order, and a loop without a branch runs at its loads' pace).
              if (!bad)
                for (std::size_t k = 0; k < nb; ++k) {
                  const auto code = static_cast<std::uint64_t>(codes[bounds[g] + k]);
                  bad |= band_of[std::min<std::uint64_t>(code, code_count)] !=
                         static_cast<std::int64_t>(k);
                }
              if (bad) {
                in_order.store(false, std::memory_order_relaxed);
                return;
              }
            }
          });
        },
        bands.codes);
  if (in_order.load()) return directly_standardised(x, n, standard.weights, bounds, options);

  std::vector<row_error> errors;
  std::vector<std::int64_t> band(rows, -1);
  std::visit(
      [&](auto column) {
        for (std::size_t i = 0; i < rows; ++i) {
          const auto code = static_cast<std::int64_t>(column[i]);
          if (code >= static_cast<std::int64_t>(code_count))
            throw invalid_input(bands.field, "code " + std::to_string(code) + " of row " +
                                                 std::to_string(i) + " has no label");
          if (code < 0)
            errors.push_back({i, bands.field, "is missing: the row's age band is unknown"});
          else if (label_band[static_cast<std::size_t>(code)] < 0)
            errors.push_back({i, bands.field, problem[static_cast<std::size_t>(code)]});
          else band[i] = label_band[static_cast<std::size_t>(code)];
        }
      },
      bands.codes);

  // 2. Each group's rows in the standard's band order (then by event frequency and count, so
  // that the order is the same whatever order the rows came in); a band repeated (independent
  // events) or missing makes the group bad.
  std::vector<std::size_t> order(rows);
  std::vector<std::uint8_t> group_bad(groups, 0);
  std::vector<std::uint8_t> seen(nb);
  constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> slot(nb, none); // independent events: the row of each band
  for (std::size_t g = 0; g < groups; ++g) {
    const std::size_t b0 = bounds[g], b1 = bounds[g + 1];
    for (std::size_t i = b0; i < b1; ++i) {
      order[i] = i;
      if (band[i] < 0) group_bad[g] = 1;
    }
    if (group_bad[g]) continue;
    std::fill(seen.begin(), seen.end(), 0);
    if (nonindependent) {
      const auto key_less = [&](std::size_t a, std::size_t b) {
        if (band[a] != band[b]) return band[a] < band[b];
        if (eventfreq[a] != eventfreq[b]) return less_nan_last(eventfreq[a], eventfreq[b]);
        if (x[a] != x[b]) return less_nan_last(x[a], x[b]);
        return less_nan_last(n[a], n[b]);
      };
      std::sort(order.begin() + static_cast<std::ptrdiff_t>(b0),
                order.begin() + static_cast<std::ptrdiff_t>(b1), key_less);
      for (std::size_t i = b0; i < b1; ++i) seen[static_cast<std::size_t>(band[i])] = 1;
    } else {
      // One row per band: each row goes to its band's place (no sort).
      std::fill(slot.begin(), slot.end(), none);
      for (std::size_t i = b0; i < b1; ++i) {
        const auto b = static_cast<std::size_t>(band[i]);
        if (slot[b] != none) {
          errors.push_back({i, bands.field,
                            "band '" + standard.bands[b] + "' appears twice in the group (rows " +
                                std::to_string(slot[b]) + " and " + std::to_string(i) + ")"});
          group_bad[g] = 1;
          continue;
        }
        slot[b] = i;
        seen[b] = 1;
      }
      if (!group_bad[g] && b1 - b0 == nb)
        for (std::size_t b = 0; b < nb; ++b) order[b0 + b] = slot[b];
    }
    std::string missing;
    for (std::size_t b = 0; b < nb; ++b)
      if (!seen[b]) missing += (missing.empty() ? "" : ", ") + standard.bands[b];
    if (!missing.empty()) {
      errors.push_back({b0, bands.field,
                        "the group (rows " + std::to_string(b0) + " to " +
                            std::to_string(b1 == b0 ? b0 : b1 - 1) + ") has no row for band " +
                            missing + " of the standard " + standard.name});
      group_bad[g] = 1;
    }
  }

  // 3. The good groups' rows, reordered, through the kernel: one row per band in the standard's
  // order takes the per-band path (the standard itself, no per-row weights).
  std::vector<double> gx, gn, gw, gf, gb;
  std::vector<std::size_t> goffsets{0}, from; // from: original row of each reordered row
  gx.reserve(rows);
  gn.reserve(rows);
  from.reserve(rows);
  std::vector<std::size_t> good; // the original group of each good group
  for (std::size_t g = 0; g < groups; ++g) {
    if (group_bad[g]) continue;
    good.push_back(g);
    for (std::size_t k = bounds[g]; k < bounds[g + 1]; ++k) {
      const std::size_t i = order[k];
      from.push_back(i);
      gx.push_back(x[i]);
      gn.push_back(n[i]);
      if (nonindependent) {
        const auto b = static_cast<std::size_t>(band[i]);
        gw.push_back(standard.weights[b]);
        gf.push_back(eventfreq[i]);
        gb.push_back(static_cast<double>(b));
      }
    }
    goffsets.push_back(from.size());
  }
  StandardisedArray out = allocate(groups, options.confidence);
  // A group refused for its bands is not computed, but its rows' counts and populations are
  // still checked, so that one call lists every error.
  const bool zero = options.missing_counts == MissingCounts::zero;
  for (std::size_t g = 0; g < groups; ++g) {
    if (!group_bad[g]) continue;
    mark_bad(out, g);
    for (std::size_t i = bounds[g]; i < bounds[g + 1]; ++i)
      check_row(errors, i, zero && std::isnan(x[i]) ? 0.0 : x[i], n[i], 1.0, "stdpop");
  }
  if (!good.empty()) {
    StandardiseOptions inner = options;
    inner.on_bad_rows = OnBadRows::mark;
    const StandardisedArray r =
        nonindependent ? directly_standardised(gx, gn, gw, goffsets, inner, gf, gb)
                       : directly_standardised(gx, gn, standard.weights, goffsets, inner);
    for (std::size_t k = 0; k < good.size(); ++k) {
      const std::size_t gi = good[k];
      out.total_count[gi] = r.total_count[k];
      out.total_pop[gi] = r.total_pop[k];
      out.value[gi] = r.value[k];
      for (std::size_t c = 0; c < out.lower.cols(); ++c) {
        out.lower(gi, c) = r.lower(k, c);
        out.upper(gi, c) = r.upper(k, c);
      }
      out.status[gi] = r.status[k];
    }
    for (const row_error& e : r.errors) errors.push_back({from[e.row], e.field, e.message});
  }
  std::stable_sort(errors.begin(), errors.end(),
                   [](const row_error& a, const row_error& b) { return a.row < b.row; });
  out.errors = std::move(errors);
  if (!out.errors.empty() && options.on_bad_rows == OnBadRows::raise)
    throw invalid_rows(std::move(out.errors));
  return out;
}

StandardisedArray
indirectly_standardised(IndirectKind kind, std::span<const double> x, std::span<const double> n,
                        std::span<const double> x_ref, std::span<const double> n_ref,
                        std::span<const std::size_t> offsets, std::vector<double> confidence,
                        double scale, OnBadRows on_bad_rows, CountMethod method,
                        MissingCounts missing_counts, std::span<const double> observed_totals) {
  // With observed totals there are no per-band counts: the rows are n's.
  const bool totals = !observed_totals.empty();
  if (totals && !x.empty())
    throw invalid_input("observed_totals", "give either per-band counts x or one observed total "
                                           "per group, not both");
  const std::size_t rows = totals ? n.size() : x.size();
  if (!totals) check_length(n, rows, "n");
  check_length(x_ref, rows, "x_ref");
  check_length(n_ref, rows, "n_ref");
  detail::check_interval_options(confidence, scale, true);
  const auto bounds = default_offsets(offsets, rows);
  const std::size_t groups = bounds.size() - 1;
  if (totals)
    detail::require_rows(observed_totals.size(), "observed_totals", groups,
                         "the data (its groups)");
  // PHE's rule, on request: a missing count (x, x_ref or an observed total) is 0.
  const bool zero = missing_counts == MissingCounts::zero;
  const auto count_of = [zero](double v) { return zero && std::isnan(v) ? 0.0 : v; };
  StandardisedArray out = allocate(groups, confidence);
  out.method = Column<CountMethod>(groups, no_method);
  for (std::size_t g = 0; g < groups; ++g) {
    bool good = true;
    double observed = 0, expected = 0, ref_x = 0, ref_n = 0;
    if (totals) {
      observed = count_of(observed_totals[g]);
      if (!(std::isfinite(observed) && observed >= 0)) {
        // The row of a total is its group.
        add_error(out.errors, g, "observed_totals",
                  "must be a finite number ≥ 0 (" + full_precision_text(observed) + ")");
        good = false;
      }
    }
    for (std::size_t i = bounds[g]; i < bounds[g + 1]; ++i) {
      // n may be zero in a band (nobody of that age): it adds nothing to E.
      const double xi = totals ? 0.0 : count_of(x[i]), ni = n[i], xr = count_of(x_ref[i]),
                   nr = n_ref[i];
      bool ok = true;
      if (!(std::isfinite(xi) && xi >= 0))
        ok = false, add_error(out.errors, i, "x",
                              "must be a finite number ≥ 0 (" + full_precision_text(xi) + ")");
      if (!(std::isfinite(ni) && ni >= 0))
        ok = false, add_error(out.errors, i, "n",
                              "must be a finite number ≥ 0 (" + full_precision_text(ni) + ")");
      if (!(std::isfinite(xr) && xr >= 0))
        ok = false, add_error(out.errors, i, "x_ref",
                              "must be a finite number ≥ 0 (" + full_precision_text(xr) + ")");
      if (!(std::isfinite(nr) && nr > 0))
        ok = false,
        add_error(out.errors, i, "n_ref",
                  "must be a finite number greater than zero (" + full_precision_text(nr) + ")");
      if (!ok) {
        good = false;
        continue;
      }
      observed += xi;
      // n × x_ref / n_ref in the order that cannot overflow where the term is finite (1e308
      // people at a reference rate of 5 in 1000 expect 5e305, was inf beside ok; issue 14).
      expected += detail::scaled_ratio(ni, xr, nr);
      ref_x += xr;
      ref_n += nr;
    }
    const std::size_t gi = g;
    if (!good) {
      out.status[gi] = GroupStatus::bad_input;
      continue;
    }
    out.total_count[gi] = observed;
    out.total_pop[gi] = expected;
    if (expected == 0) {
      out.status[gi] = GroupStatus::no_expected;
      continue;
    }
    // Ratio: O/E × reference value; rate: O/E × reference crude rate × multiplier.
    // ref_x / ref_n (each finite) is finite unless ref_x summed past the largest double; the
    // overflow check below then marks the group. The value as O / E × reference, dividing first.
    const double factor =
        kind == IndirectKind::ratio ? scale / expected : ref_x / ref_n * scale / expected;
    out.value[gi] = kind == IndirectKind::ratio
                        ? detail::scaled_ratio(observed, scale, expected)
                        : detail::scaled_ratio(observed, ref_x / ref_n * scale, expected);
    for (std::size_t k = 0; k < confidence.size(); ++k) {
      const CountInterval c = count_interval(observed, confidence[k], method);
      out.lower(gi, k) = c.lower * factor;
      out.upper(gi, k) = c.upper * factor;
      out.method[gi] = c.method;
    }
  }
  flag_overflowed_groups(out, 0, out.value.size());
  if (!out.errors.empty() && on_bad_rows == OnBadRows::raise)
    throw invalid_rows(std::move(out.errors));
  return out;
}

} // namespace zhibiao
