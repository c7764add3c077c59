// zhibiao/threads.hpp and the pool behind detail::parallel_for (src/parallel.cpp): the thread
// counts (per process, per thread with ThreadLimit), results identical whatever the count, nested
// calls run inline, many callers sharing the pool at once, a program's own executor, and the pool
// at exit and across fork().
#include <zhibiao/detail/parallel.hpp>
#include <zhibiao/interval.hpp>
#include <zhibiao/threads.hpp>

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <latch>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace zhibiao;

namespace {

// Restores the process count and the pool when a test ends, pass or fail.
struct Settings {
  explicit Settings(unsigned threads) { set_thread_count(threads); }
  ~Settings() {
    set_executor({});
    set_thread_count(0);
  }
  Settings(const Settings&) = delete;
  Settings& operator=(const Settings&) = delete;
};

unsigned hardware() { return std::max(1u, std::thread::hardware_concurrency()); }

// 300,000 rows of repeated and distinct pairs (as parallel_test.cpp), two of them bad.
IntervalArray intervals() {
  const std::size_t len = 300000;
  Eigen::ArrayXd x(len), n(len);
  for (std::size_t i = 0; i < len; ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    n[k] = i % 3 == 0 ? static_cast<double>(1 + i % 50) : static_cast<double>(1 + i % 997);
    x[k] = std::floor(n[k] * static_cast<double>((i * 7919) % 101) / 100.0);
  }
  x[17] = -1;
  n[123457] = std::numeric_limits<double>::quiet_NaN();
  IntervalOptions options;
  options.confidence = {0.95, 0.998};
  options.on_bad_rows = OnBadRows::mark;
  return proportion_intervals(x, n, ProportionMethod::wilson, options);
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void expect_identical(const IntervalArray& a, const IntervalArray& b) {
  ASSERT_EQ(a.value.size(), b.value.size());
  for (std::size_t i = 0; i < a.value.size(); ++i) {
    ASSERT_TRUE(same(a.value[i], b.value[i])) << "row " << i;
    ASSERT_EQ(a.status[i], b.status[i]) << "row " << i;
    for (std::size_t k = 0; k < 2; ++k) {
      ASSERT_TRUE(same(a.lower(i, k), b.lower(i, k))) << "row " << i;
      ASSERT_TRUE(same(a.upper(i, k), b.upper(i, k))) << "row " << i;
    }
  }
}

// The ranges a parallel_for call was split into, and the threads that ran them.
struct Split {
  std::mutex mutex;
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  std::set<std::thread::id> threads;
  void add(std::size_t begin, std::size_t end) {
    const std::lock_guard<std::mutex> lock(mutex);
    ranges.emplace_back(begin, end);
    threads.insert(std::this_thread::get_id());
  }
};

} // namespace

TEST(ThreadCount, ProcessCountAndHardwareDefault) {
  Settings s(0);
  EXPECT_EQ(thread_count(), hardware());
  set_thread_count(3);
  EXPECT_EQ(thread_count(), 3u);
  set_thread_count(1);
  EXPECT_EQ(thread_count(), 1u);
  EXPECT_EQ(detail::max_threads(), 1u); // the internal name reads the same setting
}

TEST(ThreadCount, ThreadLimitNestsAndRestores) {
  Settings s(3);
  {
    ThreadLimit outer(5);
    EXPECT_EQ(thread_count(), 5u); // replaces the process count, also upwards
    {
      ThreadLimit inner(1);
      EXPECT_EQ(thread_count(), 1u);
      {
        ThreadLimit hardware_count(0);
        EXPECT_EQ(thread_count(), hardware());
      }
      EXPECT_EQ(thread_count(), 1u);
    }
    EXPECT_EQ(thread_count(), 5u);
  }
  EXPECT_EQ(thread_count(), 3u);
}

TEST(ThreadCount, ThreadLimitIsPerThread) {
  Settings s(3);
  std::latch limited(1), checked(1);
  unsigned in_limited = 0, in_limited_after = 0, in_other = 0;
  std::size_t limited_threads = 0;
  std::thread a([&] {
    {
      ThreadLimit one(1);
      in_limited = thread_count();
      // Split-sized input: with the limit, one range on this thread.
      Split split;
      detail::parallel_for(400000, 1000, [&](std::size_t b, std::size_t e) { split.add(b, e); });
      limited_threads = split.threads.size();
      EXPECT_EQ(split.ranges.size(), 1u);
      limited.count_down();
      checked.wait(); // the other thread looks while this limit is alive
    }
    in_limited_after = thread_count();
  });
  std::thread b([&] {
    limited.wait();
    in_other = thread_count();
    checked.count_down();
  });
  a.join();
  b.join();
  EXPECT_EQ(in_limited, 1u);
  EXPECT_EQ(limited_threads, 1u);
  EXPECT_EQ(in_other, 3u);
  EXPECT_EQ(in_limited_after, 3u);
}

TEST(ThreadPool, ResultsIdenticalWithOneAndManyThreads) {
  Settings s(1);
  const IntervalArray one = intervals();
  set_thread_count(4); // more than this machine may have: 4 ranges all the same
  const IntervalArray four = intervals();
  expect_identical(one, four);
  set_thread_count(1);
  {
    ThreadLimit three(3);
    expect_identical(one, intervals());
  }
}

TEST(ThreadPool, SplitsIntoEqualRangesRunOnOtherThreads) {
  Settings s(4);
  // 4 ranges of 100 000; range 0 (the caller's first claim, or a worker's) waits until a range has
  // started on another thread, which only the pool can provide. A broken pool fails (after 10 s)
  // instead of hanging.
  Split split;
  std::atomic<int> started{0};
  std::atomic<bool> timed_out{false};
  detail::parallel_for(400000, 1000, [&](std::size_t b, std::size_t e) {
    split.add(b, e);
    started.fetch_add(1);
    if (b == 0) {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (started.load() < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::yield();
      timed_out = started.load() < 2;
    }
  });
  EXPECT_FALSE(timed_out.load());
  std::sort(split.ranges.begin(), split.ranges.end());
  ASSERT_EQ(split.ranges.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(split.ranges[k].first, 100000 * k);
    EXPECT_EQ(split.ranges[k].second, 100000 * (k + 1));
  }
  EXPECT_GE(split.threads.size(), 2u);
}

TEST(ThreadPool, NestedCallsRunInlineOnTheRangesThread) {
  Settings s(3);
  const std::size_t outer = 30000, inner = 50000;
  std::vector<std::atomic<int>> hits(outer);
  std::atomic<int> inner_calls{0}, inner_split{0}, inner_elsewhere{0};
  detail::parallel_for(outer, 1000, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) hits[i].fetch_add(1);
    const auto here = std::this_thread::get_id();
    // Large enough to split 3 ways if it were not nested.
    detail::parallel_for(inner, 1000, [&](std::size_t ib, std::size_t ie) {
      inner_calls.fetch_add(1);
      if (ib != 0 || ie != inner) inner_split.fetch_add(1);
      if (std::this_thread::get_id() != here) inner_elsewhere.fetch_add(1);
    });
  });
  for (std::size_t i = 0; i < outer; ++i) ASSERT_EQ(hits[i].load(), 1) << i;
  EXPECT_EQ(inner_calls.load(), 3); // one inline call per outer range
  EXPECT_EQ(inner_split.load(), 0);
  EXPECT_EQ(inner_elsewhere.load(), 0);
}

TEST(ThreadPool, ManyCallersAtOnceShareThePool) {
  Settings s(3);
  constexpr int callers = 6, calls = 40;
  const std::size_t len = 20000;
  std::atomic<int> wrong{0};
  std::latch start(callers);
  std::vector<std::thread> threads;
  for (int c = 0; c < callers; ++c)
    threads.emplace_back([&, c] {
      start.arrive_and_wait();
      std::vector<std::size_t> out(len);
      for (int r = 0; r < calls; ++r) {
        detail::parallel_for(len, 1000, [&](std::size_t b, std::size_t e) {
          for (std::size_t i = b; i < e; ++i) out[i] = i * static_cast<std::size_t>(c + r);
        });
        for (std::size_t i = 0; i < len; i += 997)
          if (out[i] != i * static_cast<std::size_t>(c + r)) wrong.fetch_add(1);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(ThreadPool, ExceptionFromAWorkersRangeReachesTheCaller) {
  Settings s(4);
  EXPECT_THROW(detail::parallel_for(40000, 1000,
                                    [](std::size_t begin, std::size_t) {
                                      if (begin == 30000) throw std::invalid_argument("last");
                                    }),
               std::invalid_argument);
}

namespace {

// A program's own pool: two threads running posted tasks in order.
class UserPool {
public:
  UserPool() {
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { run(); });
  }
  ~UserPool() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void post(ExecutorTask task) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      tasks_.push_back(std::move(task));
      ++posted;
    }
    wake_.notify_one();
  }
  std::atomic<int> posted{0};

private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
      if (tasks_.empty()) return;
      ExecutorTask task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<ExecutorTask> tasks_;
  std::vector<std::thread> threads_;
  bool stop_ = false;
};

} // namespace

TEST(Executor, TheProgramsPoolRunsTheHelperRanges) {
  Settings s(1);
  const IntervalArray one = intervals();
  UserPool user;
  set_thread_count(3);
  set_executor([&user](ExecutorTask t) { user.post(std::move(t)); });
  const IntervalArray three = intervals();
  set_executor({}); // before `user` is destroyed
  expect_identical(one, three);
  // Wilson over 300 000 rows is split into ranges of at least 2^16 rows: 300000 / 65536 = 4 ≥ 3,
  // so each split call has 3 ranges, the caller's and 2 posted tasks.
  EXPECT_GE(user.posted.load(), 2);
  EXPECT_EQ(user.posted.load() % 2, 0);
}

TEST(Executor, TasksThatNeverRunCostParallelismNotCorrectness) {
  Settings s(4);
  std::vector<ExecutorTask> held;
  set_executor([&held](ExecutorTask t) { held.push_back(std::move(t)); }); // runs nothing
  std::vector<std::atomic<int>> hits(40000);
  Split split;
  detail::parallel_for(hits.size(), 1000, [&](std::size_t b, std::size_t e) {
    split.add(b, e);
    for (std::size_t i = b; i < e; ++i) hits[i].fetch_add(1);
  });
  set_executor({});
  EXPECT_EQ(held.size(), 3u);
  EXPECT_EQ(split.ranges.size(), 4u);
  EXPECT_EQ(split.threads.size(), 1u); // the caller ran every range
  for (auto& t : held) t(); // late: every range is taken, so they return without running one
  EXPECT_EQ(split.ranges.size(), 4u);
  for (const auto& h : hits) ASSERT_EQ(h.load(), 1);
}

TEST(Executor, AnExecutorThatThrowsLeavesTheRangesToTheCaller) {
  Settings s(4);
  set_executor([](ExecutorTask) { throw std::runtime_error("full"); });
  std::atomic<std::size_t> rows{0};
  detail::parallel_for(40000, 1000, [&](std::size_t b, std::size_t e) { rows.fetch_add(e - b); });
  set_executor({});
  EXPECT_EQ(rows.load(), 40000u);
}

namespace {

// A static object constructed before the pool is first used, so destroyed after it: its
// destructor's split call must still run (on the caller alone).
struct CallsAtExit {
  ~CallsAtExit() {
    std::atomic<std::size_t> rows{0};
    detail::parallel_for(40000, 1000, [&](std::size_t b, std::size_t e) { rows.fetch_add(e - b); });
    std::fprintf(stderr, "after the pool: %zu rows\n", rows.load());
  }
};

void use_pool_and_exit(int code) {
  static CallsAtExit late;
  set_thread_count(4);
  std::atomic<std::size_t> rows{0};
  detail::parallel_for(40000, 1000, [&](std::size_t b, std::size_t e) { rows.fetch_add(e - b); });
  std::exit(rows.load() == 40000 ? code : 1);
}

} // namespace

TEST(ThreadPoolDeathTest, JoinedAtExitAndUsableFromLaterStaticDestructors) {
  GTEST_FLAG_SET(death_test_style, "threadsafe"); // a fresh process: the pool starts there
  EXPECT_EXIT(use_pool_and_exit(7), testing::ExitedWithCode(7), "after the pool: 40000 rows");
}

TEST(ThreadPool, ForkedChildStartsItsOwnWorkersAndExits) {
#ifdef __SANITIZE_THREAD__
  GTEST_SKIP() << "ThreadSanitizer stops a child forked from a multi-threaded process";
#endif
  Settings s(4);
  // The parent's pool has workers (the split call below starts them).
  std::atomic<std::size_t> rows{0};
  detail::parallel_for(40000, 1000, [&](std::size_t b, std::size_t e) { rows.fetch_add(e - b); });
  ASSERT_EQ(rows.load(), 40000u);
  // The parent's workers may still be releasing their ticket (a free) when parallel_for returns.
  // The pool's own state is fork-safe (its atfork handlers), but AddressSanitizer's allocator in
  // GCC 12's libasan is not: a fork while a worker is inside it left the child waiting on the
  // allocator's lock in the CI's sanitized stage (SIGALRM after 20 s). A moment for the workers to
  // go back to waiting keeps that race out of what this test is about.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::fflush(nullptr);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    alarm(60); // a hang (joining the parent's workers at exit) becomes a failure
    Split split;
    std::atomic<int> started{0};
    bool other_thread = false;
    detail::parallel_for(40000, 1000, [&](std::size_t b, std::size_t e) {
      split.add(b, e);
      started.fetch_add(1);
      if (b == 0) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (started.load() < 2 && std::chrono::steady_clock::now() < deadline)
          std::this_thread::yield();
      }
    });
    other_thread = split.threads.size() >= 2;
    std::exit(split.ranges.size() == 4 && other_thread ? 0 : 3); // static destructors run
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}
