#pragma once
// A progress bar on stderr for work that takes more than about a second: the steps of a verb
// (reading, loading, evaluating, writing) drawn as [####----] 2/4 loading data.csv 1.4 s.
// Drawn only when stderr is a terminal (isatty) and only once a second has passed, so that
// quick runs, pipes and the tests see nothing; the line is erased when the work ends.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace zhibiao::cli {

class Progress {
public:
  explicit Progress(int steps);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Starts the next step, named `what`.
  void step(std::string what);

private:
  void draw_loop();

  int steps_;
  int done_ = 0;
  std::string what_;
  bool stop_ = false;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread drawer_;
};

} // namespace zhibiao::cli
