// The library called from 8 threads at once (issue 21, item 4): intervals, evaluate() and
// validate() on one shared, already loaded DataCube, and Period / Expression / Threshold parsing.
// Every task is run once on one thread first; then 8 std::threads start together and run every
// task several times, interleaved, and each result must equal the single-threaded one bit for bit
// (the doubles' bytes, the status codes and the texts). The README's thread-safety contract
// ("C++ embedder") is what this test holds the library to: read-only sharing of a loaded cube,
// compiled expressions and parsed values, no global mutable state.
//
// A data race shows up here as a wrong result at best; `bash .ci/dev tsan` runs this file built
// with ThreadSanitizer (build/tsan), which reports the race itself. The large interval columns
// are split across the library's own worker threads too (detail/parallel.hpp), so those threads
// run nested inside the 8 callers. No timing is measured (a shared 2-core machine would make it
// flaky).
#include <zhibiao/cube.hpp>
#include <zhibiao/evaluation.hpp>
#include <zhibiao/expression.hpp>
#include <zhibiao/interval.hpp>
#include <zhibiao/period.hpp>
#include <zhibiao/target.hpp>
#include <zhibiao/validation.hpp>

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <latch>
#include <string>
#include <thread>
#include <vector>

using namespace zhibiao;

namespace {

constexpr int threads = 8;
constexpr int rounds = 3;

// A result flattened to its bytes: equal bytes are equal bits (NaN included), so the comparison
// is exact and needs no per-type code.
class Bytes {
public:
  void add(const void* data, std::size_t size) {
    add_size(size);
    bytes_.append(static_cast<const char*>(data), size);
  }
  void add(const std::string& s) { add(s.data(), s.size()); }
  void add(std::string_view s) { add(s.data(), s.size()); }
  template <class T>
  void add_vector(const std::vector<T>& v) {
    add(v.data(), v.size() * sizeof(T));
  }
  template <class Derived>
  void add_array(const Eigen::DenseBase<Derived>& a) {
    const Eigen::Array<typename Derived::Scalar, Eigen::Dynamic, Eigen::Dynamic> copy = a;
    add(copy.data(), static_cast<std::size_t>(copy.size()) * sizeof(typename Derived::Scalar));
  }
  template <class T>
  void add_array(const Column<T>& c) {
    add_vector(c.values());
  }
  template <class T, StorageOrder Order>
  void add_array(const Matrix<T, Order>& m) {
    add_vector(m.values());
  }
  void add_double(double x) { add(&x, sizeof x); }
  const std::string& str() const { return bytes_; }
  bool operator==(const Bytes&) const = default;

private:
  void add_size(std::size_t n) { bytes_.append(reinterpret_cast<const char*>(&n), sizeof n); }
  std::string bytes_;
};

std::string numbered(const char* prefix, int i) { return prefix + std::to_string(i); }

std::string month_code(int year, int m) {
  return std::to_string(year) + (m < 10 ? "0" : "") + std::to_string(m);
}

// Four townships of one district, one health centre each, 2018–2019 by month (the shape of
// evaluation_test.cpp's seed cube, with a births total for the validation rule: F1 reports a
// correct total, F2 one that is 1 too high, F3 and F4 none).
DataCube shared_cube() {
  std::vector<OrgUnitRow> units{{"D", "八公山区", ""}};
  for (int i = 1; i <= 4; ++i) {
    units.push_back({numbered("T", i), numbered("镇", i), "D"});
    units.push_back({numbered("F", i), numbered("卫生院", i), numbered("T", i)});
  }
  DataCube cube(OrgUnitTree::from_parent_table(units, {"县/区", "乡镇/街道", "机构"}),
                {{"signed", "签约人数", "", AggregationType::last},
                 {"population", "常住人口", "", AggregationType::average_sum_org_unit},
                 {"births", "出生人数", "", AggregationType::sum, {"male", "female"}},
                 {"births_total", "出生人数合计", "", AggregationType::sum},
                 {"doses", "接种剂次", "", AggregationType::sum},
                 {"dose_target", "月接种任务", "", AggregationType::sum}},
                Period::month(2018, 1), 24);
  const double population[4] = {60000, 50000, 40000, 28005};
  const double signed_[4] = {30000, 15000, 10000, 4902};
  std::vector<DataValueRow> rows;
  for (int f = 0; f < 4; ++f) {
    const std::string unit = numbered("F", f + 1);
    for (int year : {2018, 2019}) {
      for (int m = 1; m <= 12; ++m) {
        const std::string month = month_code(year, m);
        rows.push_back({"population", unit, month, population[f]});
        rows.push_back({"signed", unit, month, std::round(signed_[f] * m / 12)});
        rows.push_back({"doses", unit, month, 90.0 + 7 * f + m});
        rows.push_back({"dose_target", unit, month, 100});
        rows.push_back({"births.male", unit, month, 10.0 + f + m % 3});
        rows.push_back({"births.female", unit, month, 9.0 + f + m % 2});
        if (f == 0) rows.push_back({"births_total", unit, month, 19.0 + m % 3 + m % 2});
        if (f == 1) rows.push_back({"births_total", unit, month, 22.0 + m % 3 + m % 2});
      }
    }
  }
  cube.load(rows);
  return cube;
}

Indicator indicator(std::string id, std::string num, std::string den, Unit unit, MeasureKind kind) {
  Indicator i;
  i.id = std::move(id);
  i.numerator = std::move(num);
  i.denominator = std::move(den);
  i.unit = unit;
  i.decimals = 2;
  i.kind = kind;
  return i;
}

// Everything the threads share, built (and the cube loaded) before any thread starts.
struct Shared {
  DataCube cube = shared_cube();
  std::vector<Indicator> indicators{
      indicator("signing_rate", "#{signed}", "#{population}", Unit::percent(),
                MeasureKind::proportion),
      indicator("sex_ratio", "#{births.male}", "#{births.female}", Unit::per_100(),
                MeasureKind::ratio),
      indicator("birth_rate", "#{births.male} + #{births.female}", "#{population}",
                Unit::per_mille(), MeasureKind::rate),
      indicator("doses_vs_last_year", "#{doses}", "#{doses}.samePeriodLastYear()", Unit::percent(),
                MeasureKind::ratio),
      indicator("paced", "#{doses}.yearToDate()", "#{dose_target}.yearToDate()", Unit::percent(),
                MeasureKind::quota_completion)};
  std::vector<ValidationRule> rules = [] {
    ValidationRule doses;
    doses.id = "doses_within_target";
    doses.left = "#{doses}";
    doses.op = RuleOperator::less_than_or_equal_to;
    doses.right = "#{dose_target}";
    doses.period_type = PeriodType::month;
    return std::vector<ValidationRule>{
        sum_of_parts_rule("births_parts", "births_total", {"births.male", "births.female"}), doses};
  }();
  std::vector<std::size_t> units;
  std::vector<Period> periods{Period::year(2019), Period::half_year(2019, 1),
                              Period::quarter(2019, 4), Period::month(2019, 5)};
  // Interval columns: a Wilson column long enough to be split across the library's worker
  // threads (2 × 2^16 rows, src/interval.cpp), Clopper–Pearson and PHE rates on repeating small
  // counts (the special-function paths, split in chunks of 256 distinct pairs).
  Eigen::ArrayXd x_large, n_large, x_small, n_small;
  Shared() {
    units.resize(cube.tree().size());
    for (std::size_t i = 0; i < units.size(); ++i) units[i] = i;
    const Eigen::Index large = (Eigen::Index{1} << 17) + 1000, small = 3000;
    x_large.resize(large);
    n_large.resize(large);
    for (Eigen::Index i = 0; i < large; ++i) {
      n_large[i] = 1 + static_cast<double>((i * 7919) % 100000);
      x_large[i] = std::floor(n_large[i] * static_cast<double>((i * 104729) % 1000) / 1000);
    }
    x_small.resize(small);
    n_small.resize(small);
    for (Eigen::Index i = 0; i < small; ++i) {
      n_small[i] = 1 + static_cast<double>(i % 500);
      x_small[i] = static_cast<double>((i * 31) % (static_cast<Eigen::Index>(n_small[i]) + 1));
    }
  }
};

const Shared& shared() {
  static const Shared s; // thread-safe initialisation, before the threads start (reference run)
  return s;
}

Bytes intervals() {
  const Shared& s = shared();
  Bytes b;
  const auto wilson = proportion_intervals(s.x_large, s.n_large, ProportionMethod::wilson,
                                           {.confidence = {0.95, 0.998}, .multiplier = 100});
  const auto exact = proportion_intervals(s.x_small, s.n_small, ProportionMethod::clopper_pearson);
  const auto rates = rate_intervals(s.x_small, s.n_small * 1000);
  for (const auto* col : {&wilson, &exact, &rates}) {
    b.add_array(col->value);
    b.add_array(col->lower);
    b.add_array(col->upper);
    b.add_array(col->status);
    b.add_array(col->method);
  }
  return b;
}

Bytes evaluation() {
  const Shared& s = shared();
  const auto t = evaluate(s.cube, s.indicators, s.units, s.periods, {.confidence = {0.95, 0.998}});
  Bytes b;
  b.add_vector(t.indicator.values());
  b.add_vector(t.org_unit.values());
  b.add_vector(t.period.values());
  b.add_vector(t.numerator.values());
  b.add_vector(t.denominator.values());
  b.add_vector(t.value.values());
  b.add_vector(t.status.values());
  b.add_vector(t.lower.values());
  b.add_vector(t.upper.values());
  return b;
}

Bytes validation() {
  const Shared& s = shared();
  const auto r = validate(s.cube, s.rules, s.units, s.periods,
                          {.include_passed = true, .include_skipped = true});
  Bytes b;
  b.add_vector(r.rows.rule);
  b.add_vector(r.rows.org_unit);
  for (const auto& p : r.rows.period) b.add(p.code());
  b.add_vector(r.rows.requested_period);
  b.add_vector(r.rows.left);
  b.add_vector(r.rows.right);
  b.add_vector(r.rows.outcome.values());
  for (const auto& m : r.rows.message) b.add(m);
  for (const auto& sum : r.summary) {
    const std::array<std::size_t, 5> counts{sum.checked, sum.passed, sum.violated, sum.skipped,
                                            sum.errors};
    b.add(counts.data(), sizeof counts);
  }
  return b;
}

Bytes parsing() {
  Bytes b;
  for (const char* text : {"2019", "2019Q1", "201911", "2019W05", "2019S1", "2019年1-11月",
                           "2024年上半年", "截至2019年11月底", "2024年第一季度", "2018AprilS1"}) {
    const Period p = Period::parse(text);
    b.add(p.code());
    b.add(p.chinese());
  }
  const std::array<double, 4> a{1, 2, 3, 0}, c{4, 0, 5, 7};
  const std::array<const double*, 2> inputs{a.data(), c.data()};
  for (const char* text : {"if(#{b} > 0, (#{a} + 1) / #{b} * 1000, 0)", "#{a} / #{b}",
                           "max(#{a}, #{b}) ^ 2 - abs(#{a} - #{b})",
                           "coalesce(#{a}, 0) + 10 * #{b}.periodOffset(-1)"}) {
    const Expression e = Expression::parse(text);
    b.add(e.text());
    for (const auto& r : e.references()) b.add(r.key());
    const std::size_t n = a.size();
    std::vector<double> out(n);
    std::vector<std::uint8_t> status(n);
    e.evaluate(std::span(inputs.data(), e.references().size()), {}, n, out.data(), status.data());
    b.add_vector(out);
    b.add_vector(status);
  }
  for (const char* text : {"≥90%", "不低于95%", "低于8‰", "控制在10%以内", "85%-95%",
                           "在85%至95%之间", "超过90%", "不低于2.33/千人"}) {
    const Threshold t = Threshold::parse(text);
    const auto bound = static_cast<std::uint8_t>(t.bound);
    b.add(&bound, 1);
    b.add_double(t.value);
    b.add_double(t.upper);
    b.add(t.describe());
  }
  return b;
}

struct Task {
  const char* name;
  Bytes (*run)();
};
constexpr std::array<Task, 4> tasks{{{"intervals", intervals},
                                     {"evaluate", evaluation},
                                     {"validate", validation},
                                     {"parsing", parsing}}};

} // namespace

TEST(Concurrency, ReferenceResultsAreNotEmpty) {
  // Guards the comparison below against tasks that return nothing (equal, but proving nothing).
  const auto t = evaluate(shared().cube, shared().indicators, shared().units, shared().periods);
  // 5 indicators × 9 units × 4 periods.
  EXPECT_EQ(t.size(), 5u * 9u * 4u);
  // 2019 at the district: 59902 signed of 178,005 residents (30000 + 15000 + 10000 + 4902 and
  // 60000 + 50000 + 40000 + 28005; `last` and `average_sum_org_unit` of constant months) = 33.65 %.
  EXPECT_DOUBLE_EQ(t.value[0], 59902.0 / 178005 * 100);
  const auto r = validate(shared().cube, shared().rules, shared().units, shared().periods);
  ASSERT_EQ(r.summary.size(), 2u);
  // births_parts, 9 units × 4 periods: male + female = 19 + 2f + m%3 + m%2 at centre f (0-based);
  // F1's total is that, F2's one more. F1, T1 pass (8 rows); F2, T2 and D (whose total holds F1
  // and F2 only) are violated (12); F3, T3, F4, T4 have no total and are skipped (16).
  EXPECT_EQ(r.summary[0].checked, 36u);
  EXPECT_EQ(r.summary[0].passed, 8u);
  EXPECT_EQ(r.summary[0].violated, 12u);
  EXPECT_EQ(r.summary[0].skipped, 16u);
  // doses_within_target by month: 12 + 6 + 3 + 1 months × 9 units = 198. Doses 90 + 7f + m ≤ 100
  // holds at F1 / T1 for m ≤ 10 and F2 / T2 for m ≤ 3, never at F3, F4 or D (402 + 4m): in 2019
  // (10 + 3) × 2, in 2019S1 (6 + 3) × 2, in 2019Q4 (1 + 0) × 2, in May 1 × 2 = 48 passed.
  EXPECT_EQ(r.summary[1].checked, 198u);
  EXPECT_EQ(r.summary[1].passed, 48u);
  EXPECT_EQ(r.summary[1].violated, 150u);
  for (const auto& task : tasks) EXPECT_GT(task.run().str().size(), 1000u) << task.name;
}

TEST(Concurrency, EightThreadsGetTheSingleThreadedResultsBitForBit) {
  std::vector<Bytes> reference;
  for (const auto& task : tasks) reference.push_back(task.run());

  std::latch start(threads);
  std::vector<std::string> failures(threads);
  std::atomic<int> runs{0};
  std::vector<std::thread> pool;
  for (int k = 0; k < threads; ++k) {
    pool.emplace_back([&, k] {
      try {
        start.arrive_and_wait(); // every thread enters the library together
        for (int r = 0; r < rounds; ++r) {
          for (std::size_t j = 0; j < tasks.size(); ++j) {
            const std::size_t i = (k + r + j) % tasks.size(); // threads run different tasks
            if (!(tasks[i].run() == reference[i]))
              failures[k] +=
                  std::string(tasks[i].name) + " differs in round " + std::to_string(r) + "; ";
            ++runs;
          }
        }
      } catch (const std::exception& e) {
        failures[k] += std::string("exception: ") + e.what();
      }
    });
  }
  for (auto& t : pool) t.join();
  for (int k = 0; k < threads; ++k) EXPECT_EQ(failures[k], "") << "thread " << k;
  EXPECT_EQ(runs.load(), threads * rounds * static_cast<int>(tasks.size()));
}
