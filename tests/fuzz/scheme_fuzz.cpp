// Fuzz target: scheme_from_json. What loads must write JSON that loads again to the same JSON;
// a scheme that loads is validated against a small catalog and scored on one unit of counts, so
// that every rule's arithmetic and reasons run on whatever numbers the input carries.
#include <zhibiao/error.hpp>
#include <zhibiao/indicator.hpp>
#include <zhibiao/scheme.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {
const zhibiao::Catalog& catalog() {
  static const zhibiao::Catalog c = [] {
    zhibiao::Catalog k;
    for (const char* id : {"cover", "rate", "cases"}) {
      zhibiao::Indicator x;
      x.id = id;
      x.numerator = "#{n}";
      x.denominator = "#{d}";
      if (std::string_view(id) == "cases") x.unit = zhibiao::Unit::ratio();
      k.indicators.push_back(x);
    }
    return k;
  }();
  return c;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto scheme = zhibiao::scheme_from_json(text);
    const auto json = zhibiao::scheme_to_json(scheme);
    if (zhibiao::scheme_to_json(zhibiao::scheme_from_json(json)) != json) std::abort();
    zhibiao::SchemeData d;
    d.units = {"u", "v"};
    d.items = scheme.items.size();
    for (std::size_t i = 0; i < 2 * d.items; ++i) {
      d.numerator.push_back(static_cast<double>(i % 7) * 13);
      d.denominator.push_back(i % 5 == 0 ? 0.0 : 100.0);
    }
    zhibiao::ScoreOptions o;
    o.as_of = zhibiao::Date(2025, 6, 30);
    (void)zhibiao::score(scheme, catalog(), d, o);
  } catch (const zhibiao::invalid_input&) {
  }
  return 0;
}
