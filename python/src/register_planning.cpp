// zhibiao/planning.hpp for Python: the target planner and milestones, as private functions over
// plain arrays; python/zhibiao/_planning.py reads the DataFrame, checks the arguments, documents
// them and builds the result table.
#include "register.hpp"

#include "binding_helpers.hpp"

#include <pybind11/stl.h>

#include <zhibiao/error.hpp>
#include <zhibiao/planning.hpp>

namespace py = pybind11;

namespace zhibiao::python {

void register_planning(py::module_& m) {
  m.def(
      "_plan_targets",
      [](const std::vector<std::string>& ids, InputArray denominator, InputArray last_year,
         double target, const py::object& unit, const std::string& method, bool not_below_last_year,
         bool cap_at_denominator) {
        require_one_dimensional(denominator, "denominator");
        require_one_dimensional(last_year, "last_year");
        const auto d = span_of(denominator);
        const auto l = span_of(last_year);
        if (d.size() != ids.size() || l.size() != ids.size())
          throw invalid_input("denominator", "columns of different lengths");
        std::vector<PlanUnit> units;
        units.reserve(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) units.push_back({ids[i], d[i], l[i]});
        const auto plan =
            plan_targets(units, target, unit_from(unit),
                         {parse_split_method(method), not_below_last_year, cap_at_denominator});
        const auto n = static_cast<py::ssize_t>(ids.size());
        py::array_t<std::int64_t> count(n), increase(n);
        py::array_t<double> rate(n), uplift(n);
        py::array_t<bool> at_floor(n), at_cap(n);
        for (py::ssize_t i = 0; i < n; ++i) {
          const auto& u = plan.units[static_cast<std::size_t>(i)];
          count.mutable_at(i) = u.count;
          increase.mutable_at(i) = u.increase;
          rate.mutable_at(i) = u.rate;
          uplift.mutable_at(i) = u.uplift;
          at_floor.mutable_at(i) = u.at_floor;
          at_cap.mutable_at(i) = u.at_cap;
        }
        return py::make_tuple(count, rate, uplift, increase, at_floor, at_cap, plan.required,
                              plan.total, plan.pooled_rate);
      },
      py::arg("ids"), py::arg("denominator"), py::arg("last_year"), py::arg("target"),
      py::arg("unit"), py::arg("method"), py::arg("not_below_last_year"),
      py::arg("cap_at_denominator"),
      "(count, rate, uplift, increase, at_floor, at_cap, required, total, pooled_rate) of "
      "plan_targets (planning.hpp).");
  m.def(
      "_monthly_needs",
      [](InputArray count, InputArray done, std::int64_t months_left) {
        require_one_dimensional(count, "count");
        require_one_dimensional(done, "done");
        const auto c = span_of(count);
        const auto d = span_of(done);
        if (c.size() != d.size()) throw invalid_input("done", "columns of different lengths");
        py::array_t<std::int64_t> out(static_cast<py::ssize_t>(c.size()));
        for (std::size_t i = 0; i < c.size(); ++i)
          out.mutable_at(static_cast<py::ssize_t>(i)) =
              monthly_need(static_cast<std::int64_t>(c[i]), d[i], months_left);
        return out;
      },
      py::arg("count"), py::arg("done"), py::arg("months_left"),
      "monthly_need (planning.hpp) for each unit.");
  m.def(
      "_plan_milestones",
      [](double baseline, double target, int steps, int decimals) {
        std::vector<double> out;
        for (const auto& s : plan_milestones(baseline, target, steps, decimals))
          out.push_back(s.value);
        return out;
      },
      py::arg("baseline"), py::arg("target"), py::arg("steps"), py::arg("decimals"),
      "The values of plan_milestones (planning.hpp), step 1 first.");
}

} // namespace zhibiao::python
