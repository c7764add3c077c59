// The report auditor (audit.hpp audit()) on a ~20 KB work summary, one core: issue 17's budget
// is 5 ms per 20 KB, figure reading, linking, checks and JSON together. The summary is the
// synthetic reports of tests/data/audit concatenated (written for the tests in the seeds' style,
// not copied from a report), cut at a paragraph near 20 KB. benchmarks/audit_regex_peer.py is the
// Python-regex peer that only finds the figures.
#include <zhibiao/audit.hpp>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

std::filesystem::path corpus_dir() {
  for (std::filesystem::path here :
       {std::filesystem::absolute(std::filesystem::path(__FILE__)).parent_path(),
        std::filesystem::current_path()})
    for (int up = 0; up < 8 && here.has_relative_path(); ++up, here = here.parent_path())
      if (std::filesystem::exists(here / "tests" / "data" / "audit" / "README.md"))
        return here / "tests" / "data" / "audit";
  return {};
}

std::string summary(std::size_t bytes) {
  const auto dir = corpus_dir();
  if (dir.empty()) return {};
  std::string text;
  for (const char* name : {"yunxi_2023_jan_nov", "baisha_2025_h1", "linjiang_2022_to_may",
                           "shimen_2021_stat_year", "anping_2024_year", "qinghe_2021_q1_q3"}) {
    std::ifstream in(dir / (std::string(name) + ".txt"), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    text += s.str() + "\n";
  }
  // Cut at the last paragraph break before `bytes` (whole UTF-8 characters, whole sentences).
  if (text.size() > bytes) {
    const std::size_t cut = text.rfind('\n', bytes);
    text.resize(cut == std::string::npos ? bytes : cut + 1);
  }
  return text;
}

void BM_Audit20KB(benchmark::State& state) {
  const std::string text = summary(20 * 1024);
  if (text.empty()) {
    state.SkipWithError("tests/data/audit not found");
    return;
  }
  std::size_t mentions = 0, findings = 0;
  for (auto _ : state) {
    zhibiao::AuditReport r = zhibiao::audit(text);
    mentions = r.mentions.size();
    findings = r.findings.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["mentions"] = static_cast<double>(mentions);
  state.counters["findings"] = static_cast<double>(findings);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Audit20KB)->Unit(benchmark::kMillisecond);

void BM_AuditJson20KB(benchmark::State& state) {
  const std::string text = summary(20 * 1024);
  if (text.empty()) {
    state.SkipWithError("tests/data/audit not found");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(zhibiao::audit(text).to_json());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_AuditJson20KB)->Unit(benchmark::kMillisecond);

} // namespace
