// The progress bar (progress.hpp).

#include "progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace zhibiao::cli {

Progress::Progress(int steps) : steps_(steps), start_(std::chrono::steady_clock::now()) {
  if (isatty(STDERR_FILENO)) drawer_ = std::thread([this] { draw_loop(); });
}

Progress::~Progress() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (drawer_.joinable()) drawer_.join();
}

void Progress::step(std::string what) {
  std::lock_guard lock(mutex_);
  if (!what_.empty()) ++done_;
  what_ = std::move(what);
}

void Progress::draw_loop() {
  using namespace std::chrono_literals;
  std::unique_lock lock(mutex_);
  if (wake_.wait_for(lock, 1s, [this] { return stop_; })) return;
  constexpr int width = 20;
  while (!stop_) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const int filled = steps_ > 0 ? done_ * width / steps_ : 0;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), '-');
    std::fprintf(stderr, "\r\033[K[%s] %d/%d %s %.1f s", bar.c_str(), done_ + 1, steps_,
                 what_.c_str(), seconds);
    std::fflush(stderr);
    drawn_ = true;
    wake_.wait_for(lock, 200ms, [this] { return stop_; });
  }
  if (drawn_) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }
}

} // namespace zhibiao::cli
