// The figure reader (figure.hpp): zhibiao.read_figure and the columns of zhibiao.read_figures.
#include "register.hpp"

#include <pybind11/stl.h>

#include <zhibiao/error.hpp>
#include <zhibiao/figure.hpp>

namespace py = pybind11;

namespace zhibiao::python {

namespace {

py::object rate_unit_of(const Figure& f) {
  return f.rate_unit ? py::cast(*f.rate_unit) : py::none();
}

py::object density_of(const Figure& f) { return f.density ? py::cast(*f.density) : py::none(); }

// "prose" or "target", the Python spelling of FigureReadMode.
FigureReadMode read_mode(const std::string& text) {
  if (text == "prose") return FigureReadMode::prose;
  if (text == "target") return FigureReadMode::target;
  throw invalid_input("mode", "unknown mode '" + text + "'; expected 'prose' or 'target'");
}

// One figure as the Python repr shows it: Figure('94.13%', value=94.13, unit_kind='rate', ...).
std::string repr_of(const Figure& f) {
  return "Figure('" + f.text + "', start=" + std::to_string(f.start) +
         ", end=" + std::to_string(f.end) + ", printed='" + f.printed.to_string() +
         "', unit_kind='" + std::string(to_string(f.unit_kind)) + "', unit='" + f.unit +
         "', bound='" + std::string(to_string(f.bound)) + "')";
}

} // namespace

void register_figure(py::module_& m) {
  py::class_<Figure>(m, "Figure", R"doc(
A figure read from report text (zhibiao.read_figure, one row of zhibiao.read_figures): its place
in the text (start, end: code points, end exclusive, as str indices), the number as printed
(printed: a Decimal with the magnitude applied; value; decimals as printed), the range it stands
for (lower, upper: its rounding range, widened or cut by 约/余/近/不到: bound), and its unit
(unit_kind, unit, rate_unit). See docs/figures.md. Values are in the figure's own unit
(94.13% has value 94.13, per cent), magnitudes applied (1.45万 is 14500).

Formula
-------
value = printed number × magnitude (万 = 10^4, 亿 = 10^8); the rounding range is
[value − u/2, value + u/2) with u one unit of the last printed digit; 约 widens it to
value ∓ max(u, 5 % of value), 近 to [value − max(u, 5 % of value), value].

References
----------
docs/figures.md §2–§4 (what a figure stands for; the 5 % of 约 and 近 is zhibiao's choice,
not a standard).

Examples
--------
>>> f = zb.read_figure("约1.8万人")
>>> f.value, f.lower, f.upper, f.bound, f.unit_kind
(18000.0, 17000.0, 19000.0, 'about', 'count')
>>> f = zb.read_figure("94.13%")
>>> f.lower, f.upper, f.decimals, f.rate_unit
(94.125, 94.135, 2, Unit('percent'))
)doc")
      .def_readonly("start", &Figure::start)
      .def_readonly("end", &Figure::end)
      .def_readonly("text", &Figure::text)
      .def_readonly("printed", &Figure::printed)
      .def_readonly("value", &Figure::value)
      .def_readonly("decimals", &Figure::decimals)
      .def_readonly("lower", &Figure::lower)
      .def_readonly("upper", &Figure::upper)
      .def_property_readonly("bound",
                             [](const Figure& f) { return std::string(to_string(f.bound)); })
      .def_property_readonly("unit_kind",
                             [](const Figure& f) { return std::string(to_string(f.unit_kind)); })
      .def_readonly("unit", &Figure::unit)
      .def_property_readonly("rate_unit", &rate_unit_of)
      .def_readonly("chinese_numerals", &Figure::chinese_numerals)
      .def_readonly("magnitude", &Figure::magnitude)
      .def_readonly("number_start", &Figure::number_start)
      .def_readonly("number_end", &Figure::number_end)
      .def_readonly("unit_start", &Figure::unit_start)
      .def_readonly("unit_end", &Figure::unit_end)
      .def_property_readonly("density", &density_of)
      .def_property_readonly("year", [](const Figure& f) { return f.date.year; })
      .def_property_readonly("month", [](const Figure& f) { return f.date.month; })
      .def_property_readonly("day", [](const Figure& f) { return f.date.day; })
      .def_property_readonly("end_year", [](const Figure& f) { return f.date.end_year; })
      .def_property_readonly("end_month", [](const Figure& f) { return f.date.end_month; })
      .def_property_readonly("end_day", [](const Figure& f) { return f.date.end_day; })
      .def("__repr__", &repr_of);

  m.def(
      "read_figure",
      [](py::handle text, const std::string& field) {
        const std::string t = text_arg(text, field);
        py::gil_scoped_release release;
        return read_figure(t, field);
      },
      py::arg("text"), py::arg("field") = "figure", R"doc(
The one figure `text` (a str) is ('1.45万人', '94.13%', '约1.8万平方米'), as a Figure whose value
is in the figure's own unit (per cent for 94.13%, magnitudes applied); anything else raises
ParseError naming `field` and the character position.

Formula
-------
value = printed number × magnitude (万 = 10^4); lower, upper = the rounding range
value ∓ u/2 (u: one unit of the last printed digit), widened or cut by 约/近/余/不到.

References
----------
docs/figures.md (the grammar of a figure and the ranges of its qualifiers).

Examples
--------
>>> f = zb.read_figure("1.45万人")
>>> f.value, f.lower, f.upper, f.unit
(14500.0, 14450.0, 14550.0, '万人')
>>> try:
...     zb.read_figure("一是")
... except zb.ParseError as e:
...     print(e.field, e.position)
figure 0
)doc");

  m.def(
      "read_figure_at",
      [](py::handle text, std::size_t position, const std::string& mode, const std::string& field) {
        const FigureReadMode m = read_mode(mode);
        const std::string t = text_arg(text, field);
        py::gil_scoped_release release;
        return read_figure_at(t, position, m, field);
      },
      py::arg("text"), py::arg("position"), py::arg("mode") = "prose", py::arg("field") = "figure",
      R"doc(
The one figure that starts at character `position` of `text` (a str), read as report prose
(mode='prose') or as target wording (mode='target': no qualifiers, .5 and 1e3 accepted, strict
commas); the text after it is left alone and Figure.end says where it ended. Values are in
the figure's own unit. Raises ParseError naming `field` and the character position when no
figure starts there or the number is malformed in that mode (docs/figures.md §9).

Formula
-------
value = printed number × magnitude; lower, upper = its rounding range value ∓ u/2 (u: one unit
of the last printed digit), as read_figure.

References
----------
docs/figures.md §9 (reading at a position; prose and target modes).

Examples
--------
Seed 000's "任务完成率94.13%，婚检率90.18%": the figure at character 5 ends at 11.

>>> f = zb.read_figure_at("任务完成率94.13%，婚检率90.18%", 5)
>>> f.text, f.value, f.end
('94.13%', 94.13, 11)
)doc");

  // The columns of zhibiao.read_figures (python/zhibiao/_figure.py makes the DataFrame).
  m.def(
      "_read_figure_columns",
      [](py::handle text) {
        const std::string t = text_arg(text, "text");
        std::vector<Figure> figures;
        {
          py::gil_scoped_release release;
          figures = read_figures(t);
        }
        const std::size_t n = figures.size();
        py::list start(n), end(n), txt(n), printed(n), value(n), decimals(n), lower(n), upper(n),
            bound(n), kind(n), unit(n), rate(n), chinese(n), number_start(n), number_end(n),
            unit_start(n), unit_end(n), density(n);
        for (std::size_t i = 0; i < n; ++i) {
          const Figure& f = figures[i];
          start[i] = f.start;
          end[i] = f.end;
          txt[i] = f.text;
          printed[i] = f.printed.to_string();
          value[i] = f.value;
          decimals[i] = f.decimals;
          lower[i] = f.lower;
          upper[i] = f.upper;
          bound[i] = std::string(to_string(f.bound));
          kind[i] = std::string(to_string(f.unit_kind));
          unit[i] = f.unit;
          rate[i] = f.rate_unit ? py::cast(std::string(f.rate_unit->code())) : py::none();
          chinese[i] = f.chinese_numerals;
          number_start[i] = f.number_start;
          number_end[i] = f.number_end;
          unit_start[i] = f.unit_start;
          unit_end[i] = f.unit_end;
          density[i] = f.density ? py::cast(std::string(f.density->code())) : py::none();
        }
        py::dict d;
        d["start"] = start;
        d["end"] = end;
        d["text"] = txt;
        d["printed"] = printed;
        d["value"] = value;
        d["decimals"] = decimals;
        d["lower"] = lower;
        d["upper"] = upper;
        d["bound"] = bound;
        d["unit_kind"] = kind;
        d["unit"] = unit;
        d["rate_unit"] = rate;
        d["chinese_numerals"] = chinese;
        d["number_start"] = number_start;
        d["number_end"] = number_end;
        d["unit_start"] = unit_start;
        d["unit_end"] = unit_end;
        d["density"] = density;
        return d;
      },
      py::arg("text"));
}

} // namespace zhibiao::python
