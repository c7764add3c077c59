// zhibiao/threads.hpp for Python: the process-wide thread count and a context manager that sets
// this thread's ThreadLimit (python/zhibiao/_threads.py checks the arguments and documents them).
// The kernels run on the calling thread with the GIL released, so the C++ thread-local limit is
// the Python thread's.
#include "register.hpp"

#include <zhibiao/error.hpp>
#include <zhibiao/threads.hpp>

#include <memory>
#include <thread>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

// `with _ThreadLimit(n):` holds a zhibiao::ThreadLimit from __enter__ to __exit__, on the thread
// that entered it (a ThreadLimit changes its creator's thread-local count only).
class ThreadLimitContext {
public:
  explicit ThreadLimitContext(unsigned threads) : threads_(threads) {}

  void enter() {
    if (active_) throw invalid_input("thread_limit", "this thread_limit is already entered");
    active_ = std::make_unique<ThreadLimit>(threads_);
    owner_ = std::this_thread::get_id();
  }

  void exit() {
    if (!active_) return;
    if (owner_ != std::this_thread::get_id())
      throw invalid_input("thread_limit", "left on another thread than the one that entered it");
    active_.reset();
  }

  unsigned threads() const noexcept { return threads_; }

private:
  unsigned threads_;
  std::unique_ptr<ThreadLimit> active_;
  std::thread::id owner_;
};

} // namespace

void register_threads(py::module_& m) {
  m.def("_set_thread_count", &set_thread_count, py::arg("threads"),
        "The process-wide thread count of the column kernels (0: the hardware's).");
  m.def("_thread_count", &thread_count,
        "The threads a call made now from this thread may use (its thread_limit, else the "
        "process count).");
  py::class_<ThreadLimitContext>(m, "_ThreadLimit")
      .def(py::init<unsigned>(), py::arg("threads"))
      .def_property_readonly("threads", &ThreadLimitContext::threads)
      .def(
          "__enter__",
          [](ThreadLimitContext& self) -> ThreadLimitContext& {
            self.enter();
            return self;
          },
          py::return_value_policy::reference_internal)
      .def("__exit__", [](ThreadLimitContext& self, const py::args&) {
        self.exit();
        return false;
      });
}

} // namespace zhibiao::python
