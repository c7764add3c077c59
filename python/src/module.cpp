// zhibiao._core: the compiled part of the Python package. Users import zhibiao, whose pure-Python
// layer (python/zhibiao) adds pandas support on top of these bindings.
#include "register.hpp"

#include <zhibiao/version.hpp>

PYBIND11_MODULE(_core, m) {
  m.doc() = "zhibiao's compiled core: units, exact decimals, the rate model and periods";
  m.attr("__version__") = zhibiao::version;
  // Every register_<concept>(m), in the order of ZHIBIAO_REGISTER_ORDER (python/CMakeLists.txt).
#define ZHIBIAO_PYTHON_CALL_REGISTER(name) zhibiao::python::register_##name(m);
  ZHIBIAO_PYTHON_REGISTER_LIST(ZHIBIAO_PYTHON_CALL_REGISTER)
#undef ZHIBIAO_PYTHON_CALL_REGISTER
  // Last, so that it sees every bound function (issue 14, class 8: wrong argument types).
  zhibiao::python::guard_argument_types(m);
}
