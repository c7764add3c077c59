#pragma once
/// \file threads.hpp
/// How many threads the column kernels use, per process and per calling thread, and where they
/// run (the library's pool or the program's own executor).
///
///     zhibiao::set_thread_count(4);       // every later call: up to 4 threads (0: the hardware's)
///     {
///       zhibiao::ThreadLimit one(1);      // this thread's calls only, until `one` ends:
///       auto r = zhibiao::proportion_intervals(x, n);   // computed on the calling thread alone
///     }
///     zhibiao::thread_count();            // 4 again on this thread
///
/// Large column inputs (intervals, rates, the cube's roll-ups, standardisation) are split into
/// equal contiguous ranges, one per thread, run by a persistent pool of worker threads and the
/// calling thread (which always runs part of the work itself and waits for the rest). The pool
/// starts its first worker when a split call first needs one, grows to the largest count asked
/// for, and is joined when the program exits. Inputs too small to split (under two chunks of the
/// kernel's minimum, e.g. 2 × 2^16 rows for the closed-form intervals) run on the calling thread
/// without touching the pool. Results do not depend on the thread count: every row is computed by
/// the same code whatever the split, and no reduction is split (tests/cpp/threads_test.cpp).
///
/// A call made from inside a kernel's range (an executor's task, a nested library call) runs on
/// its own thread without splitting further, so nesting never waits on the pool.
///
/// Thread safety: every function here may be called from any thread at any time. The process
/// count (set_thread_count) and the executor (set_executor) are global settings read at the start
/// of each split call: a change applies to the calls that start after it, and a call already
/// running keeps the count it started with. ThreadLimit is per thread: it changes only the calls
/// made by the thread that created it, so one thread can run single-threaded while the others use
/// the pool. Library calls may be made from any number of threads at once; they share one pool
/// (each call's ranges are queued, and a call waits only for its own ranges).

#include "zhibiao/export.hpp"

#include <functional>

namespace ZHIBIAO_API zhibiao {

/// Sets the number of threads a call may use, for every thread of the process that holds no
/// ThreadLimit; 0 (the initial setting) means std::thread::hardware_concurrency(), asked once.
/// The caller's thread counts as one: 4 means the caller and up to 3 pool workers.
void set_thread_count(unsigned threads) noexcept;

/// The number of threads a call made now from this thread may use: the innermost ThreadLimit of
/// this thread if there is one, else the process count (0 resolved to the hardware's). ≥ 1.
unsigned thread_count() noexcept;

/// For the lifetime of the object, calls made by the constructing thread use `threads` threads
/// (0: the hardware's) instead of the process count; other threads are unaffected. Limits nest
/// (the destructor restores the one before). Destroy it on the thread that created it, in
/// reverse order of creation (a scope does both); it cannot be copied or moved.
class ThreadLimit {
public:
  explicit ThreadLimit(unsigned threads) noexcept;
  ~ThreadLimit();
  ThreadLimit(const ThreadLimit&) = delete;
  ThreadLimit& operator=(const ThreadLimit&) = delete;

private:
  unsigned previous_;
};

/// A task the library hands to an executor: it runs one or more ranges of a kernel's call, or
/// returns at once when the caller has already run them all. It never throws (a range's
/// exception is rethrown on the calling thread).
using ExecutorTask = std::function<void()>;

/// Runs a task on some thread, soon: e.g. `[&pool](ExecutorTask t) { pool.post(std::move(t)); }`.
/// It should return without waiting for the task (running it inline works, but the call then
/// runs on one thread). The calling thread never waits for a task that has not started: a range
/// no task has taken is run by the caller, so an executor whose workers are all busy costs
/// parallelism, never a deadlock. An exception from the executor itself stops the posting, and
/// the caller runs the remaining ranges.
using Executor = std::function<void(ExecutorTask)>;

/// Makes split calls post their helper tasks to `executor` instead of the library's pool; an
/// empty function restores the pool. The library keeps a copy; a task may run (and return at
/// once) after its call has returned, so whatever the executor captures must outlive the tasks
/// it was given: set an empty executor, and drain the program's pool, before destroying it.
void set_executor(Executor executor);

} // namespace zhibiao
