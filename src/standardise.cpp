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
#include <vector>

namespace zhibiao {

namespace {

using detail::full_precision_text;
using detail::nan;

StandardPopulation make_esp2013() {
  // Eurostat 2013 (KS-RA-13-028): 5-year bands to 85-89, then 90+; total 100,000.
  return {"esp2013",
          {"0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
           "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"},
          {0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90},
          {5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000,
           4000, 2500, 1500, 1000},
          "Eurostat (2013) Revision of the European Standard Population, KS-RA-13-028"};
}

StandardPopulation make_who2000() {
  // Ahmad OB et al. (2001) GPE Discussion Paper 31, Table 4, WHO World Standard 2000-2025:
  // per cent 8.86, 8.69, ..., 0.04, 0.005, written here × 1,000.
  return {"who2000",
          {"0-4",   "5-9",   "10-14", "15-19", "20-24", "25-29", "30-34",
           "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65-69",
           "70-74", "75-79", "80-84", "85-89", "90-94", "95-99", "100+"},
          {0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100},
          {8860, 8690, 8600, 8470, 8220, 7930, 7610, 7150, 6590, 6040, 5370,
           4550, 3720, 2960, 2210, 1520, 910,  440,  150,  40,   5},
          "Ahmad OB et al. (2001) Age standardization of rates: a new WHO standard. GPE "
          "Discussion Paper 31, WHO, Table 4"};
}

StandardPopulation make_who2000_85() {
  StandardPopulation p = make_who2000();
  p.name = "who2000_85";
  p.bands.resize(18);
  p.bands[17] = "85+";
  p.lower_ages.resize(18);
  p.weights.resize(18);
  p.weights[17] = 440 + 150 + 40 + 5; // 635
  return p;
}

const std::vector<StandardPopulation>& standards() {
  static const std::vector<StandardPopulation> all{make_esp2013(), make_who2000(),
                                                   make_who2000_85()};
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

StandardisedArray allocate(std::size_t groups, const std::vector<double>& confidence) {
  StandardisedArray out;
  const auto g = static_cast<Eigen::Index>(groups);
  const auto k = static_cast<Eigen::Index>(confidence.size());
  out.confidence = confidence;
  out.total_count = Eigen::ArrayXd::Constant(g, nan);
  out.total_pop = Eigen::ArrayXd::Constant(g, nan);
  out.value = Eigen::ArrayXd::Constant(g, nan);
  out.lower = Eigen::ArrayXXd::Constant(g, k, nan);
  out.upper = Eigen::ArrayXXd::Constant(g, k, nan);
  out.status = Eigen::Array<std::uint8_t, Eigen::Dynamic, 1>::Zero(g);
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
  if (nonindependent) {
    check_length(eventfreq, rows, "eventfreq");
    check_length(ageband, rows, "ageband");
  }
  detail::check_interval_options(options.confidence, options.multiplier, true);
  return {std::move(bounds), groups, per_band};
}

// The overflow guard of issue 14 (class 3): a group of status ok whose value or a limit is not
// finite gets GroupStatus::overflow and NaN, so that no result holds ±inf or NaN beside ok.
void flag_overflowed_groups(StandardisedArray& out) {
  for (Eigen::Index g = 0; g < out.value.size(); ++g) {
    if (out.status[g] != 0) continue;
    if (std::isfinite(out.value[g]) && out.lower.row(g).allFinite() && out.upper.row(g).allFinite())
      continue;
    out.status[g] = static_cast<std::uint8_t>(GroupStatus::overflow);
    out.value[g] = detail::nan;
    out.lower.row(g).setConstant(detail::nan);
    out.upper.row(g).setConstant(detail::nan);
  }
}

void mark_bad(StandardisedArray& out, std::size_t g) {
  out.status[static_cast<Eigen::Index>(g)] = static_cast<std::uint8_t>(GroupStatus::bad_input);
}

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
  const auto at = static_cast<Eigen::Index>(first);
  double* value = out.value.data() + at;
  std::vector<double> spread(m), count_lower(m), count_upper(m);
  dobson_rows(chunk.weighted.data(), chunk.wsum.data(), chunk.var_num.data(), events.data(), m,
              multiplier, value, spread.data());
  for (std::size_t k = 0; k < z.size(); ++k) {
    // Byar's limits of each total count, as interval.hpp computes them.
    detail::byar_count_limits(events.data(), m, z[k], count_lower.data(), count_upper.data());
    double* lower = out.lower.col(static_cast<Eigen::Index>(k)).data() + at;
    double* upper = out.upper.col(static_cast<Eigen::Index>(k)).data() + at;
    for (std::size_t j = 0; j < m; ++j) {
      lower[j] = value[j] + spread[j] * (count_lower[j] - events[j]);
      upper[j] = value[j] + spread[j] * (count_upper[j] - events[j]);
    }
  }
}

// Pass 3: the statuses of the chunk's groups, and NaN where a group has no value.
void chunk_statuses(const ChunkSums& chunk, std::size_t first, StandardisedArray& out) {
  for (std::size_t j = 0; j < chunk.events.size(); ++j) {
    const std::size_t g = first + j;
    const auto gi = static_cast<Eigen::Index>(g);
    if (chunk.bad[j]) {
      mark_bad(out, g);
    } else {
      out.total_count[gi] = chunk.events[j];
      out.total_pop[gi] = chunk.pop[j];
      // PHE: DSRs of fewer than 10 events are unreliable and are not published.
      if (chunk.events[j] >= 10) continue;
      out.status[gi] = static_cast<std::uint8_t>(GroupStatus::too_few_events);
    }
    out.value[gi] = nan;
    for (Eigen::Index k = 0; k < out.lower.cols(); ++k) out.lower(gi, k) = out.upper(gi, k) = nan;
  }
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
    chunk_statuses(chunk, first, out);
    if (chunk.any_bad) any_bad.store(true, std::memory_order_relaxed);
  };
  constexpr std::size_t groups_per_chunk = 1024;
  detail::parallel_for(groups.count, 4096, [&](std::size_t first, std::size_t last) {
    for (std::size_t c = first; c < last; c += groups_per_chunk)
      chunk_of_groups(c, std::min(last, c + groups_per_chunk));
  });
  if (any_bad.load())
    for (std::size_t g = 0; g < groups.count; ++g)
      if (out.status[static_cast<Eigen::Index>(g)] ==
          static_cast<std::uint8_t>(GroupStatus::bad_input))
        for (std::size_t i = bounds[g]; i < bounds[g + 1]; ++i)
          check_row(out.errors, i, x[i], n[i], stdpop[groups.per_band ? i - bounds[g] : i],
                    "stdpop");
}

// --- non-independent events ---------------------------------------------------------------------

// The value and limits of a good group from its sums (var: Σ w² x / n² / (Σ w)², or its
// non-independent form).
void finish_group(StandardisedArray& out, std::size_t g, double events, double pop, double weighted,
                  double wsum, double var, double multiplier, const std::vector<double>& z) {
  const auto gi = static_cast<Eigen::Index>(g);
  out.total_count[gi] = events;
  out.total_pop[gi] = pop;
  if (events < 10) {
    // PHE: DSRs of fewer than 10 events are unreliable and are not published.
    out.status[gi] = static_cast<std::uint8_t>(GroupStatus::too_few_events);
    return;
  }
  const double value = weighted / wsum * multiplier;
  out.value[gi] = value;
  const double spread = std::sqrt(var / events) * multiplier;
  for (std::size_t k = 0; k < z.size(); ++k) {
    // Byar's limits of the total count, as interval.hpp computes them; z is computed once
    // per level by the caller, not once per group (a normal quantile costs more than the group).
    const auto [c_lower, c_upper] = detail::byar_limits(events, z[k]);
    out.lower(gi, static_cast<Eigen::Index>(k)) = value + spread * (c_lower - events);
    out.upper(gi, static_cast<Eigen::Index>(k)) = value + spread * (c_upper - events);
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
  StandardisedArray out = allocate(groups.count, options.confidence);
  std::vector<double> z(options.confidence.size());
  for (std::size_t k = 0; k < z.size(); ++k) z[k] = z_value(options.confidence[k]);
  if (eventfreq.empty()) independent_dsr(x, n, stdpop, groups, options.multiplier, z, out);
  else nonindependent_dsr(x, n, stdpop, eventfreq, ageband, groups, options.multiplier, z, out);
  flag_overflowed_groups(out);
  if (!out.errors.empty() && options.on_bad_rows == OnBadRows::raise)
    throw invalid_rows(std::move(out.errors));
  return out;
}

StandardisedArray indirectly_standardised(IndirectKind kind, std::span<const double> x,
                                          std::span<const double> n, std::span<const double> x_ref,
                                          std::span<const double> n_ref,
                                          std::span<const std::size_t> offsets,
                                          std::vector<double> confidence, double scale,
                                          OnBadRows on_bad_rows, CountMethod method) {
  const std::size_t rows = x.size();
  check_length(n, rows, "n");
  check_length(x_ref, rows, "x_ref");
  check_length(n_ref, rows, "n_ref");
  detail::check_interval_options(confidence, scale, true);
  const auto bounds = default_offsets(offsets, rows);
  const std::size_t groups = bounds.size() - 1;
  StandardisedArray out = allocate(groups, confidence);
  out.method = Eigen::Array<std::uint8_t, Eigen::Dynamic, 1>::Constant(
      static_cast<Eigen::Index>(groups), 255);
  for (std::size_t g = 0; g < groups; ++g) {
    bool good = true;
    double observed = 0, expected = 0, ref_x = 0, ref_n = 0;
    for (std::size_t i = bounds[g]; i < bounds[g + 1]; ++i) {
      // n may be zero in a band (nobody of that age): it adds nothing to E.
      const double xi = x[i], ni = n[i], xr = x_ref[i], nr = n_ref[i];
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
      expected += ni * xr / nr;
      ref_x += xr;
      ref_n += nr;
    }
    const auto gi = static_cast<Eigen::Index>(g);
    if (!good) {
      out.status[gi] = static_cast<std::uint8_t>(GroupStatus::bad_input);
      continue;
    }
    out.total_count[gi] = observed;
    out.total_pop[gi] = expected;
    if (expected == 0) {
      out.status[gi] = static_cast<std::uint8_t>(GroupStatus::no_expected);
      continue;
    }
    // Ratio: O/E × reference value; rate: O/E × reference crude rate × multiplier.
    const double factor =
        kind == IndirectKind::ratio ? scale / expected : ref_x / ref_n * scale / expected;
    out.value[gi] = observed * factor;
    for (std::size_t k = 0; k < confidence.size(); ++k) {
      const CountInterval c = count_interval(observed, confidence[k], method);
      out.lower(gi, static_cast<Eigen::Index>(k)) = c.lower * factor;
      out.upper(gi, static_cast<Eigen::Index>(k)) = c.upper * factor;
      out.method[gi] = static_cast<std::uint8_t>(c.method);
    }
  }
  flag_overflowed_groups(out);
  if (!out.errors.empty() && on_bad_rows == OnBadRows::raise)
    throw invalid_rows(std::move(out.errors));
  return out;
}

} // namespace zhibiao
