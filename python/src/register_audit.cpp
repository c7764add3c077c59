// The report auditor over text (audit.hpp audit()): zhibiao.audit's JSON. python/zhibiao/_audit.py
// turns it into the mentions and findings DataFrames.
#include "date_caster.hpp"
#include "register.hpp"

#include <pybind11/stl.h>

#include <zhibiao/audit.hpp>

namespace py = pybind11;

namespace zhibiao::python {

void register_audit(py::module_& m) {
  m.def(
      "_audit_json",
      [](py::handle text, std::optional<Date> as_of) {
        const std::string t = text_arg(text, "text");
        AuditOptions options;
        options.as_of = as_of;
        // audit() reads only its own arguments: safe without the GIL.
        py::gil_scoped_release release;
        const AuditReport report = audit(t, options);
        return report.to_json();
      },
      py::arg("text"), py::arg("as_of") = py::none(),
      "The JSON of zhibiao.audit(text): {'mentions': [...], 'findings': [...]} (docs/audit.md "
      "§13, §15).");
}

} // namespace zhibiao::python
