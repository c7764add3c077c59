// The column kernels' threads: a persistent pool (or the program's executor) and the thread
// counts of threads.hpp.
//
// A split call is a Job of `parts` equal ranges claimed through an atomic counter. The caller
// posts parts − 1 helper tickets (to the pool's queue or the executor), then claims ranges itself
// until none is left, and waits only for ranges that a helper has claimed and is running. So a
// call never waits for a helper that has not started: with every worker busy (other callers'
// jobs, a nested call, a pool that has stopped at exit) the caller runs all ranges alone. A
// ticket taken after its job is done finds no range and returns; the job is shared (shared_ptr)
// so such a late ticket never touches freed memory, and it never calls the body (whose range
// counter is exhausted), which lives on the caller's stack.
//
// Before this (issue 21 item 3) every split call started and joined parts − 1 std::threads, about
// 20–50 µs a call (benchmarks/parallel_benchmark.cpp).
#include "zhibiao/detail/parallel.hpp"

#include "zhibiao/threads.hpp"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace zhibiao {

namespace {

// More threads than this are never started, whatever a count asks for.
constexpr unsigned most_threads = 1024;

std::atomic<unsigned> process_threads{0}; // set_thread_count; 0: the hardware's

// This thread's ThreadLimit: no_limit, or the count (0: the hardware's).
constexpr unsigned no_limit = std::numeric_limits<unsigned>::max();
thread_local unsigned thread_limit = no_limit;

// > 0 while this thread runs a range of a split call: a parallel_for inside runs inline.
thread_local unsigned range_depth = 0;

// The hardware's count, asked once: std::thread::hardware_concurrency() reads the CPU set from
// the system on every call (about 3-7 µs here), which every column kernel paid before deciding
// that a small input runs inline (issue 21 item 3; benchmarks/parallel_benchmark.cpp).
unsigned hardware_threads() noexcept {
  static const unsigned count = std::max(1u, std::thread::hardware_concurrency());
  return count;
}

unsigned resolve(unsigned threads) noexcept {
  return threads == 0 ? hardware_threads() : std::min(threads, most_threads);
}

struct Job {
  const std::function<void(std::size_t, std::size_t)>* body = nullptr;
  std::size_t len = 0;
  std::size_t parts = 0;
  std::atomic<std::size_t> next{0}; // the next range to claim
  std::atomic<std::size_t> done{0}; // ranges finished
  std::vector<std::exception_ptr> failures;
  std::mutex mutex;
  std::condition_variable finished;
};

// Claims and runs ranges of `job` until none is left.
void work_on(Job& job) noexcept {
  ++range_depth;
  for (;;) {
    const std::size_t k = job.next.fetch_add(1, std::memory_order_relaxed);
    if (k >= job.parts) break;
    try {
      (*job.body)(job.len * k / job.parts, job.len * (k + 1) / job.parts);
    } catch (...) {
      job.failures[k] = std::current_exception();
    }
    // acq_rel: the range's writes (and failures[k]) happen before the caller sees done == parts.
    if (job.done.fetch_add(1, std::memory_order_acq_rel) + 1 == job.parts) {
      const std::lock_guard<std::mutex> lock(job.mutex);
      job.finished.notify_all();
    }
  }
  --range_depth;
}

// Set when the pool starts stopping at exit: later split calls run on their caller alone (a
// static destructor may call the library after the pool is gone). Trivially destructible, so it
// can be read during static destruction.
std::atomic<bool> pool_stopped{false};

// Worker threads started when a split call first needs them, grown to the largest count asked
// for, and joined by the destructor at exit, after they have run (or discarded) every queued
// ticket. A function-local static: constructed on first use, so it is destroyed before any
// static object constructed earlier, whose destructor may still call the library (see
// pool_stopped).
//
// fork(): the child has only the forking thread, so its copy of the pool has workers that do not
// exist (joining them at exit would wait forever), a condition variable that counts them as
// waiters, and maybe a mutex some worker held. The pthread_atfork handlers hold the pool's mutex
// across the fork, and the child forgets the workers (their std::thread objects are leaked, never
// joined) and the queue, and gets a fresh mutex and condition variable; its next split call
// starts workers of its own.
class Pool {
public:
  Pool() { pthread_atfork(&before_fork, &after_fork_parent, &after_fork_child); }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  ~Pool() {
    pool_stopped.store(true, std::memory_order_release);
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_) {
      // exit() called from inside a kernel's range on a worker: that worker cannot join itself.
      if (t.get_id() == std::this_thread::get_id()) t.detach();
      else t.join();
    }
  }

  // Queues `helpers` tickets of `job`, starting workers up to `helpers` if there are fewer.
  void post(const std::shared_ptr<Job>& job, std::size_t helpers) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      while (workers_.size() < helpers) {
        try {
          workers_.emplace_back([this] { run(); });
        } catch (const std::system_error&) {
          break; // no more threads to be had: fewer helpers, the caller does the rest
        }
      }
      for (std::size_t i = 0; i < helpers; ++i) queue_.push_back(job);
    }
    if (helpers == 1) wake_.notify_one();
    else wake_.notify_all();
  }

private:
  static void before_fork();
  static void after_fork_parent();
  static void after_fork_child();

  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return; // stopping, and nothing left
      std::shared_ptr<Job> job = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      work_on(*job);
      job.reset();
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::vector<std::thread> workers_;
  bool stopping_ = false;
};

Pool& pool() {
  static Pool instance;
  return instance;
}

// The handlers are registered by the pool's constructor and may run after its destructor (a fork
// during static destruction): they touch the pool only while it is alive.
void Pool::before_fork() {
  if (!pool_stopped.load(std::memory_order_acquire)) pool().mutex_.lock();
}

void Pool::after_fork_parent() {
  if (!pool_stopped.load(std::memory_order_acquire)) pool().mutex_.unlock();
}

void Pool::after_fork_child() {
  if (pool_stopped.load(std::memory_order_acquire)) return;
  Pool& p = pool();
  // Not joinable in the child, and not to be destroyed (std::thread's destructor would
  // terminate): kept, reachable, for ever.
  static auto* forgotten = new std::vector<std::thread>;
  for (auto& t : p.workers_) forgotten->push_back(std::move(t));
  p.workers_.clear();
  p.queue_.clear();
  // The condition variable still counts the parent's waiting workers (glibc's condvar would wait
  // for them to leave before the next notify returns, for ever): a fresh one, and a fresh
  // (unlocked) mutex, built over the old ones, which are not destroyed.
  new (&p.wake_) std::condition_variable;
  new (&p.mutex_) std::mutex;
}

// The executor of set_executor. Never destroyed (a leaked singleton, reachable, so no leak
// report): a split call during static destruction still finds it.
struct ExecutorSetting {
  std::mutex mutex;
  std::shared_ptr<const Executor> executor;
};

ExecutorSetting& executor_setting() {
  static ExecutorSetting* setting = new ExecutorSetting;
  return *setting;
}

std::shared_ptr<const Executor> current_executor() {
  ExecutorSetting& s = executor_setting();
  const std::lock_guard<std::mutex> lock(s.mutex);
  return s.executor;
}

} // namespace

void set_thread_count(unsigned threads) noexcept {
  process_threads.store(threads, std::memory_order_relaxed);
}

unsigned thread_count() noexcept {
  const unsigned limit = thread_limit;
  return resolve(limit != no_limit ? limit : process_threads.load(std::memory_order_relaxed));
}

ThreadLimit::ThreadLimit(unsigned threads) noexcept : previous_(thread_limit) {
  thread_limit = std::min(threads, most_threads);
}

ThreadLimit::~ThreadLimit() { thread_limit = previous_; }

void set_executor(Executor executor) {
  std::shared_ptr<const Executor> next;
  if (executor) next = std::make_shared<const Executor>(std::move(executor));
  ExecutorSetting& s = executor_setting();
  const std::lock_guard<std::mutex> lock(s.mutex);
  s.executor.swap(next);
  // The previous executor is destroyed here, or by the last call still holding it.
}

namespace detail {

unsigned max_threads() noexcept { return thread_count(); }

void set_max_threads(unsigned threads) noexcept { set_thread_count(threads); }

void parallel_for(std::size_t len, std::size_t min_chunk,
                  const std::function<void(std::size_t, std::size_t)>& body) {
  min_chunk = std::max<std::size_t>(min_chunk, 1);
  // Too small to split, or called from inside a range: run inline without asking how many
  // threads there may be.
  const std::size_t parts = len / min_chunk <= 1 || range_depth > 0
                                ? 1
                                : std::min<std::size_t>(thread_count(), len / min_chunk);
  if (parts <= 1) {
    if (len > 0) body(0, len);
    return;
  }
  // Equal contiguous ranges: the kernels cost the same per row (or nearly), and contiguous
  // ranges keep each thread's writes on its own cache lines.
  auto job = std::make_shared<Job>();
  job->body = &body;
  job->len = len;
  job->parts = parts;
  job->failures.resize(parts);
  const std::size_t helpers = parts - 1;
  if (const std::shared_ptr<const Executor> executor = current_executor()) {
    try {
      for (std::size_t i = 0; i < helpers; ++i) (*executor)([job] { work_on(*job); });
    } catch (...) {
      // The executor refused a task: the ranges not taken are run below.
    }
  } else if (!pool_stopped.load(std::memory_order_acquire)) {
    pool().post(job, helpers);
  }
  work_on(*job);
  {
    std::unique_lock<std::mutex> lock(job->mutex);
    job->finished.wait(lock,
                       [&] { return job->done.load(std::memory_order_acquire) == job->parts; });
  }
  for (const auto& f : job->failures)
    if (f) std::rethrow_exception(f);
}

} // namespace detail

} // namespace zhibiao
