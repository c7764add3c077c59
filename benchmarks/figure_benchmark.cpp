// The figure reader (figure.hpp) on a 20 KB work summary: the auditor's budget is 5 ms per 20 KB
// in all, of which reading the figures should be a small part. The text is made of sentences
// written in the seeds' style (not copied from a report), repeated to 20 KB.
#include <zhibiao/figure.hpp>

#include <benchmark/benchmark.h>

#include <string>

namespace {

std::string summary(std::size_t bytes) {
  const std::string paragraph =
      "　　1、扎实开展妇幼健康工作。2023年全区免费婚前医学检查任务数为1,800人，截至目前，"
      "已为1,702人进行了免费婚检，任务完成率94.56%，疾病检出率12.08%。1-11月份，全区共办理"
      "《出生医学证明》318份，办证率97.2%。一是加强培训；二是开展督查，共检查医疗机构46家，"
      "出动检查人员130余人次，约1.2万人次受益，近3.5万元补助资金已发放到位；发放宣传品两千余份，"
      "开展讲座五十场。常住人口签约率35.20%，较去年同期提高2.5个百分点；发病率162.417/10万，"
      "出生率为5.12‰，千人口床位数6.8，每万常住人口42间，出生人口性别比108.36。\n";
  std::string text;
  while (text.size() < bytes) text += paragraph;
  return text;
}

void BM_ReadFigures20KB(benchmark::State& state) {
  const std::string text = summary(20 * 1024);
  std::size_t figures = 0;
  for (auto _ : state) {
    auto f = zhibiao::read_figures(text);
    figures = f.size();
    benchmark::DoNotOptimize(f);
  }
  state.counters["figures"] = static_cast<double>(figures);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ReadFigures20KB)->Unit(benchmark::kMicrosecond);

void BM_ReadFigure(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(zhibiao::read_figure("1.9万余人次"));
}
BENCHMARK(BM_ReadFigure);

} // namespace
