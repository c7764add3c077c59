#pragma once
// boost::gregorian::date <-> Python dates. Accepted: datetime.date and its subclasses
// (datetime.datetime, pandas.Timestamp: the time of day is ignored), numpy.datetime64 scalars,
// and ISO text "2024-05-31". Returned: datetime.date.
#include <pybind11/pybind11.h>

#include <datetime.h>

#include <boost/date_time/gregorian/gregorian.hpp>

#include <zhibiao/error.hpp>

namespace pybind11::detail {

template <>
struct type_caster<boost::gregorian::date> {
  PYBIND11_TYPE_CASTER(boost::gregorian::date, const_name("datetime.date"));

  bool load(handle src, bool) {
    if (!src) return false;
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (PyDate_Check(src.ptr())) {
      value = make(PyDateTime_GET_YEAR(src.ptr()), PyDateTime_GET_MONTH(src.ptr()),
                   PyDateTime_GET_DAY(src.ptr()), std::string(str(src)));
      return true;
    }
    if (isinstance<str>(src)) {
      const auto text = src.cast<std::string>();
      int y = 0, m = 0, d = 0;
      char tail = 0;
      if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        throw zhibiao::invalid_input("date", "'" + text + "' is not a date in the form YYYY-MM-DD");
      value = make(y, m, d, text);
      return true;
    }
    // numpy.datetime64: .item() gives a datetime.date for day resolution.
    if (std::string(str(type::handle_of(src).attr("__name__"))) == "datetime64") {
      object item = src.attr("astype")("datetime64[D]").attr("item")();
      if (item && PyDate_Check(item.ptr())) return load(item, true);
      throw zhibiao::invalid_input("date", "a missing datetime64 (NaT) is not a date");
    }
    return false;
  }

  static handle cast(const boost::gregorian::date& d, return_value_policy, handle) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    return PyDate_FromDate(d.year(), d.month(), d.day());
  }

private:
  static boost::gregorian::date make(int y, int m, int d, const std::string& text) {
    try {
      return boost::gregorian::date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                                    static_cast<unsigned short>(d));
    } catch (const std::exception&) {
      throw zhibiao::invalid_input("date", "'" + text + "' is not a valid date");
    }
  }
};

} // namespace pybind11::detail
