// Fuzz target: audit() and AuditReport::to_json() (audit.hpp) on arbitrary bytes. Ill-formed
// UTF-8 must be a parse_error (message in UTF-8); well-formed text must give a report without any
// exception, every mention and claim inside the text (start < end ≤ the code-point count), every
// recomputed figure finite, every finding naming listed mentions (to_json checks that and throws
// otherwise, which would escape here as a crash).
#include <zhibiao/audit.hpp>
#include <zhibiao/detail/utf8.hpp>
#include <zhibiao/error.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  zhibiao::AuditReport report;
  try {
    report = zhibiao::audit(text);
  } catch (const zhibiao::parse_error& e) {
    if (zhibiao::detail::first_invalid_utf8(text) == std::string_view::npos) __builtin_trap();
    if (zhibiao::detail::first_invalid_utf8(e.what()) != std::string_view::npos) __builtin_trap();
    return 0;
  }
  const std::size_t n = zhibiao::detail::code_points_before(text, text.size());
  for (const zhibiao::Mention& m : report.mentions)
    if (!(m.figure.start < m.figure.end && m.figure.end <= n) || !std::isfinite(m.figure.value))
      __builtin_trap();
  for (const zhibiao::Claim& c : report.claims)
    if (!(c.start < c.end && c.end <= n)) __builtin_trap();
  for (const zhibiao::Finding& f : report.findings)
    if (f.recomputed && !std::isfinite(*f.recomputed)) __builtin_trap();
  const std::string json = report.to_json();
  if (zhibiao::detail::first_invalid_utf8(json) != std::string_view::npos) __builtin_trap();
  return 0;
}
