// audit() over the report corpus of tests/data/audit (its README gives the format): the findings
// the expected files name, no inconsistent finding on a figure they call correct, every planted
// error found, and floors on how many expected findings are reproduced.
#include "zhibiao/audit.hpp"
#include "zhibiao/error.hpp"

#include <gtest/gtest.h>

#include "support/test_files.hpp"
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

using namespace zhibiao;
using json = nlohmann::json;

namespace {

using test::corpus_dir;
using test::seed_text;
using test::slurp;

struct Document {
  json expected;
  std::string text;
};

// Empty text: the document is absent (a seed), the caller skips.
Document load(const std::string& name) {
  Document d;
  const auto dir = corpus_dir();
  if (dir.empty()) return d;
  d.expected = json::parse(slurp(dir / (name + ".expected.json")));
  d.text = d.expected.contains("seed_file") ? seed_text(d.expected["seed_file"].get<std::string>())
                                            : slurp(dir / (name + ".txt"));
  return d;
}

std::set<std::size_t> starts(const AuditReport& r, const Finding& f) {
  std::map<std::string, std::size_t> at;
  for (const Mention& m : r.mentions) at[m.id] = m.figure.start;
  for (const Claim& c : r.claims) at[c.id] = c.start;
  std::set<std::size_t> out;
  for (const std::string& id : f.mentions) out.insert(at.at(id));
  return out;
}

// An expected finding is reproduced by a finding of the same check, verdict and severity whose
// figures are among the expected ones (at least two of them, or the one), or, for an
// implied-denominator member outside the group, whose tested pair (its first two mentions) is.
bool reproduces(const AuditReport& r, const Finding& f, const json& e) {
  if (std::string(to_string(f.check)) != e["check"] ||
      std::string(to_string(f.verdict)) != e["verdict"] ||
      std::string(to_string(f.severity)) != e["severity"])
    return false;
  std::set<std::size_t> want;
  for (const auto& s : e["figures"]) want.insert(s.get<std::size_t>());
  const std::set<std::size_t> got = starts(r, f);
  std::size_t common = 0;
  for (std::size_t s : got) common += want.count(s);
  if (common < std::min<std::size_t>(2, want.size())) return false;
  if (common == got.size()) return true;
  if (f.check != AuditCheck::implied_denominator || f.verdict != AuditVerdict::inconsistent ||
      f.mentions.size() < 2)
    return false;
  Finding tested = f;
  tested.mentions.resize(2);
  for (std::size_t s : starts(r, tested))
    if (!want.count(s)) return false;
  return true;
}

struct Score {
  int reproduced = 0, expected = 0, false_alarms = 0, planted_missed = 0;
  std::size_t figures_found = 0, figures_listed = 0;
  std::string notes;
};

Score score(const Document& d, const AuditReport& r) {
  Score s;
  for (const json& e : d.expected["findings"]) {
    ++s.expected;
    bool hit = false;
    for (const Finding& f : r.findings) hit = hit || reproduces(r, f, e);
    s.reproduced += hit;
    if (!hit && e.value("planted", false)) {
      ++s.planted_missed;
      s.notes += "planted " + e["id"].get<std::string>() + " missed; ";
    }
  }
  // A false alarm: an inconsistent finding that is not one the expected file calls
  // inconsistent, of its check: its figures all among that finding's (of an implied-denominator
  // group, the tested pair it names first). Sharing a figure is not enough: 法定传染病12种 paired
  // with 407.96/10万 once shared the rate with the planted group of its example.
  for (const Finding& f : r.findings) {
    if (f.verdict != AuditVerdict::inconsistent) continue;
    Finding tested = f;
    if (f.check == AuditCheck::implied_denominator && tested.mentions.size() > 2)
      tested.mentions.resize(2);
    const auto got = starts(r, tested);
    bool named = false;
    for (const json& e : d.expected["findings"]) {
      if (e["verdict"] != "inconsistent" || e["check"] != std::string(to_string(f.check))) continue;
      std::size_t shared = 0;
      for (const auto& st : e["figures"])
        if (st.is_number()) shared += got.count(st.get<std::size_t>());
      named = named || shared == got.size();
    }
    if (!named) {
      ++s.false_alarms;
      s.notes += "false alarm " + f.id + ": " + f.message_en + "; ";
    }
  }
  std::set<std::size_t> at;
  for (const Mention& m : r.mentions) at.insert(m.figure.start);
  for (const json& fig : d.expected["figures"])
    if (!fig["value"].is_null()) { // claim words (全覆盖) have no value
      ++s.figures_listed;
      s.figures_found += at.count(fig["start"].get<std::size_t>());
    }
  return s;
}

const Finding* find(const AuditReport& r, AuditCheck check, const std::string& figure_text) {
  for (const Finding& f : r.findings) {
    if (f.check != check) continue;
    for (const Mention& m : r.mentions)
      if (m.figure.text == figure_text &&
          std::find(f.mentions.begin(), f.mentions.end(), m.id) != f.mentions.end())
        return &f;
  }
  return nullptr;
}

} // namespace

// --- every document: no false alarm, every planted error, a floor of reproduced findings ----

struct Floor {
  const char* document;
  int reproduced; // reached when this test was last raised (seed000 20/23, seed002 27/35)
};

class AuditCorpus : public ::testing::TestWithParam<Floor> {};

TEST_P(AuditCorpus, FindsWhatTheExpectedFileNames) {
  const Floor floor = GetParam();
  const Document d = load(floor.document);
  if (d.expected.is_null()) GTEST_SKIP() << "tests/data/audit not found";
  if (d.text.empty())
    GTEST_SKIP() << floor.document << ": seed text " << d.expected.value("seed_file", std::string())
                 << " not found "
                 << "(set ZHIBIAO_SEEDS_DIR to the shared seeds directory)";
  const AuditReport r = audit(d.text);
  const Score s = score(d, r);
  EXPECT_EQ(s.false_alarms, 0) << s.notes;
  EXPECT_EQ(s.planted_missed, 0) << s.notes;
  EXPECT_GE(s.reproduced, floor.reproduced)
      << floor.document << ": " << s.reproduced << " of " << s.expected << " reproduced";
  // Every figure the corpus lists is a mention at its offset (the reader and the extraction
  // agree on where figures are).
  EXPECT_EQ(s.figures_found, s.figures_listed);
  // The JSON is the issue's shape and refers only to listed mentions.
  const json j = json::parse(r.to_json());
  ASSERT_TRUE(j.contains("mentions") && j.contains("findings"));
  EXPECT_EQ(j["mentions"].size(), r.mentions.size() + r.claims.size());
  EXPECT_EQ(j["findings"].size(), r.findings.size());
}

INSTANTIATE_TEST_SUITE_P(
    Documents, AuditCorpus,
    ::testing::Values(Floor{"seed_000", 20}, Floor{"seed_002", 27}, Floor{"yunxi_2023_jan_nov", 22},
                      Floor{"baisha_2025_h1", 25}, Floor{"linjiang_2022_to_may", 18},
                      Floor{"shimen_2021_stat_year", 22}, Floor{"anping_2024_year", 22},
                      Floor{"qinghe_2021_q1_q3", 22}),
    [](const auto& info) { return std::string(info.param.document); });

// --- the findings issue 17 names ------------------------------------------------------------

TEST(AuditSeeds, Seed000) {
  const Document d = load("seed_000");
  if (d.text.empty()) GTEST_SKIP() << "seed 000 not found (set ZHIBIAO_SEEDS_DIR)";
  const AuditReport r = audit(d.text);
  // At least 40 checkable figures: the corpus lists 128, every one a mention.
  EXPECT_GE(r.mentions.size(), 128u);
  ASSERT_TRUE(r.period);
  EXPECT_EQ(r.period->code(), "2019");
  ASSERT_TRUE(r.as_of);
  EXPECT_EQ(*r.as_of, Date(2019, 12, 13)); // 八公山区卫健委 2019年12月13日
  // 1506 / 1600 × 100 = 94.125 → 94.13: consistent.
  const Finding* k = find(r, AuditCheck::quota_completion, "94.13%");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->verdict, AuditVerdict::consistent);
  EXPECT_DOUBLE_EQ(*k->recomputed, 94.125);
  // 高血压有偿签约人数4084 at 2.2 % implies 181,512–189,953, outside the 177,996–178,015 of the
  // other 签约 and 建档 figures: an error; 801 births at 4.86 ‰ (164,646–164,984) a warning, the
  // birth rate's base being presumed.
  bool hypertension = false, births = false, group = false;
  for (const Finding& f : r.findings) {
    if (f.check != AuditCheck::implied_denominator) continue;
    const std::string first = f.mentions.empty() ? "" : f.mentions[1];
    for (const Mention& m : r.mentions) {
      if (m.id != first) continue;
      if (m.figure.text == "4084")
        hypertension = f.verdict == AuditVerdict::inconsistent && f.severity == Severity::error;
      if (m.figure.text == "801人")
        births = f.verdict == AuditVerdict::inconsistent && f.severity == Severity::warning;
    }
    if (f.verdict == AuditVerdict::consistent) {
      group = true;
      EXPECT_NEAR(*f.recomputed, 178005.5, 1.0); // the middle of 177,996–178,015
    }
  }
  EXPECT_TRUE(hypertension);
  EXPECT_TRUE(births);
  EXPECT_TRUE(group);
  // 1-11月份 18101 of 19800 doses, 91.42 %, while 11/12 = 91.67 % of the year has passed by the
  // end of November: consistent, a warning (behind time).
  const Finding* p = find(r, AuditCheck::progress, "91.42%");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->verdict, AuditVerdict::consistent);
  EXPECT_EQ(p->severity, Severity::warning);
  EXPECT_NEAR(*p->recomputed, 11.0 / 12 * 100, 1e-9);
  // 出生人口总性别比114.17 of 801 births: 427 / 374.
  const Finding* sr = find(r, AuditCheck::rate_counts, "114.17");
  ASSERT_NE(sr, nullptr);
  EXPECT_EQ(sr->verdict, AuditVerdict::consistent);
  EXPECT_DOUBLE_EQ(*sr->recomputed, 427);
}

TEST(AuditSeeds, Seed002) {
  const Document d = load("seed_002");
  if (d.text.empty()) GTEST_SKIP() << "seed 002 not found (set ZHIBIAO_SEEDS_DIR)";
  const AuditReport r = audit(d.text);
  EXPECT_GE(r.mentions.size(), 158u);
  // 7469人 × 22针次 = 164318.
  const Finding* product = find(r, AuditCheck::product, "7469人");
  ASSERT_NE(product, nullptr);
  EXPECT_EQ(product->verdict, AuditVerdict::consistent);
  EXPECT_DOUBLE_EQ(*product->recomputed, 164318);
  // 67072 of 164318 = 40.818 % → 40.8: consistent; at 31 May 2024 (截止5月底) 5/12 of the year
  // has passed (41.67 %), 152/366 days (41.53 %): behind on both, a warning.
  const Finding* done = find(r, AuditCheck::quota_completion, "67072剂次");
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->verdict, AuditVerdict::consistent);
  EXPECT_NEAR(*done->recomputed, 67072.0 / 164318 * 100, 1e-9);
  const Finding* pace = find(r, AuditCheck::progress, "40.8%");
  ASSERT_NE(pace, nullptr);
  EXPECT_EQ(pace->severity, Severity::warning);
  EXPECT_NEAR(*pace->recomputed, 5.0 / 12 * 100, 1e-9);
  // 22846人 = 5401 + 8818 + 914 + 615 + 188 + 6910.
  const Finding* people = find(r, AuditCheck::parts_total, "22846人");
  ASSERT_NE(people, nullptr);
  EXPECT_EQ(people->verdict, AuditVerdict::consistent);
  EXPECT_DOUBLE_EQ(*people->recomputed, 22846);
  // 2400万元，其中2024万…200万…200万: the parts add to 2424万, an error.
  const Finding* money = find(r, AuditCheck::parts_total, "2400万元");
  for (const Finding& f : r.findings)
    if (f.check == AuditCheck::parts_total && f.verdict == AuditVerdict::inconsistent) money = &f;
  ASSERT_NE(money, nullptr);
  EXPECT_EQ(money->verdict, AuditVerdict::inconsistent);
  EXPECT_EQ(money->severity, Severity::error);
  EXPECT_DOUBLE_EQ(*money->recomputed, 24240000);
}

// --- the text itself ------------------------------------------------------------------------

TEST(AuditText, RateWithItsCountsInOneSentence) {
  // Seed 000's wording; offsets in code points.
  const AuditReport r = audit("任务数为1600人，已为1506人进行了免费婚检，任务完成率94.13%。");
  ASSERT_EQ(r.mentions.size(), 3u);
  EXPECT_EQ(r.mentions[0].quantity, "任务数");
  EXPECT_EQ(r.mentions[0].figure.start, 4u);
  EXPECT_EQ(r.mentions[0].figure.end, 9u);
  EXPECT_EQ(r.mentions[2].quantity, "任务完成率");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, AuditCheck::quota_completion);
  EXPECT_EQ(r.findings[0].verdict, AuditVerdict::consistent);
  // The same counts printed 94.12 % cannot be: 1506/1600 = 94.125 exactly rounds up.
  const AuditReport wrong = audit("任务数为1600人，已为1506人进行了免费婚检，任务完成率94.12%。");
  ASSERT_EQ(wrong.findings.size(), 1u);
  EXPECT_EQ(wrong.findings[0].verdict, AuditVerdict::inconsistent);
  EXPECT_EQ(wrong.findings[0].severity, Severity::error);
}

TEST(AuditText, RateTakesItsCasesNotItsKinds) {
  // The example's wording (examples/audit/yunxi_2023_jan_nov.txt): the incidence is of the 1046
  // cases, not of the 12 kinds. 1046 / 256,400 × 10^5 = 407.956 → 407.96, so the cases fit the
  // printed population 25.64万 (256,350–256,450) and the finding is consistent; reading 12种 as the
  // events implied a population of about 2,941 and a false error.
  const AuditReport r =
      audit("全县常住人口25.64万人。全县共报告法定传染病12种1046例，报告发病率407.96/10万。");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, AuditCheck::implied_denominator);
  EXPECT_EQ(r.findings[0].verdict, AuditVerdict::consistent);
  std::set<std::string> texts;
  for (const std::string& id : r.findings[0].mentions)
    for (const Mention& m : r.mentions)
      if (m.id == id) texts.insert(m.figure.text);
  EXPECT_EQ(texts, (std::set<std::string>{"25.64万人", "1046例", "407.96/10万"}));
}

TEST(AuditText, QuantityNames) {
  // The example's wording (examples/audit/yunxi_2023_jan_nov.txt). An age stays in the name of
  // the count after it; after 和 the noun follows the figure; 65岁 is not a child population.
  const AuditReport r = audit("组织开展65岁及以上老年人免费健康体检51230人，占全县常住人口的21.8%。"
                              "覆盖全县11个乡镇卫生院和186个村卫生室。");
  std::map<std::string, std::string> quantity;
  for (const Mention& m : r.mentions) quantity[m.figure.text] = m.quantity;
  EXPECT_EQ(quantity["51230人"], "组织开展65岁及以上老年人免费健康体检");
  EXPECT_EQ(quantity["186个"], "村卫生室");
}

TEST(AuditText, BirthsAndTheirParts) {
  // tests/data/audit/shimen_2021_stat_year.txt's wording: the births of the year and, sentences
  // later, their parts. 1512 + 1362 = 2874; 1196 + 1287 + 391 = 2874 (三孩及以上 closes the list);
  // 1196 / 2874 × 100 = 41.614 → 41.61; 2832 + 42 = 2874; 2832 / 2874 × 100 = 98.539 → 98.54;
  // 自然增长率 341 / 395,800 × 1000 = 0.8615 → 0.86 (a rate named with 增长, not a change).
  const AuditReport r = audit(
      "全区年平均人口39.58万人。全区出生2874人；自然增长341人，自然增长率0.86‰。"
      "全区出生人口中男孩1512人、女孩1362人。一孩1196人，占41.61%；二孩1287人，占44.78%；"
      "三孩及以上391人，占13.60%。全区政策内出生2832人，政策符合率98.54%；不符合政策出生42人。");
  const auto has_finding = [&](AuditCheck check, std::set<std::string> texts) {
    for (const Finding& f : r.findings) {
      std::set<std::string> got;
      for (const std::string& id : f.mentions)
        for (const Mention& m : r.mentions)
          if (m.id == id) got.insert(m.figure.text);
      if (f.check == check && got == texts) return f.verdict == AuditVerdict::consistent;
    }
    return false;
  };
  EXPECT_TRUE(has_finding(AuditCheck::parts_total, {"2874人", "1512人", "1362人"}));
  EXPECT_TRUE(has_finding(AuditCheck::parts_total, {"2874人", "1196人", "1287人", "391人"}));
  EXPECT_TRUE(has_finding(AuditCheck::rate_counts, {"41.61%", "1196人", "2874人"}));
  EXPECT_TRUE(has_finding(AuditCheck::rate_counts, {"13.60%", "391人", "2874人"}));
  // 41.61 + 44.78 + 13.60 = 99.99, within the rounding of three shares of 100.
  EXPECT_TRUE(has_finding(AuditCheck::parts_total, {"41.61%", "44.78%", "13.60%"}));
  EXPECT_TRUE(has_finding(AuditCheck::parts_total, {"2874人", "2832人", "42人"}));
  EXPECT_TRUE(has_finding(AuditCheck::rate_counts, {"98.54%", "2832人", "2874人"}));
  EXPECT_TRUE(has_finding(AuditCheck::rate_counts, {"0.86‰", "341人", "39.58万人"}));
  // One girl fewer: the sexes no longer add to the births.
  const AuditReport wrong = audit("全区出生2874人。全区出生人口中男孩1512人、女孩1361人。");
  const Finding* sexes = find(wrong, AuditCheck::parts_total, "1361人");
  ASSERT_NE(sexes, nullptr);
  EXPECT_EQ(sexes->verdict, AuditVerdict::inconsistent);
}

TEST(AuditText, PerHeadStandards) {
  // tests/data/audit/baisha_2025_h1.txt and shimen_2021_stat_year.txt. A monthly standard times
  // the months of the sentence's period: 1850 × 800 × 6 (上半年) = 888万元. A yearly standard
  // with the people counted in the sentence before, two head counts there: 4586 × 960 =
  // 4,402,560 = 440.256万元 agrees, 4620 × 960 = 4,435,200 does not, so 4586 is linked.
  const AuditReport h =
      audit("2025年上半年工作总结\n"
            "上半年为全区1850名计划生育特殊家庭成员按每人每月800元标准发放扶助金，"
            "上半年共发放888万元。");
  const Finding* monthly = find(h, AuditCheck::product, "888万元");
  ASSERT_NE(monthly, nullptr);
  EXPECT_EQ(monthly->verdict, AuditVerdict::consistent);
  EXPECT_DOUBLE_EQ(*monthly->recomputed, 8880000);
  const AuditReport y = audit("确认奖励扶助对象任务数4620人，已确认4586人，完成率99.26%。"
                              "奖励扶助金按每人每年960元标准发放，共发放440.256万元。");
  const Finding* yearly = find(y, AuditCheck::product, "4586人");
  ASSERT_NE(yearly, nullptr);
  EXPECT_EQ(yearly->verdict, AuditVerdict::consistent);
  EXPECT_EQ(find(y, AuditCheck::product, "4620人"), nullptr);
}

TEST(AuditText, PlanFiguresAreNotChecked) {
  // tests/data/audit/baisha_2025_h1.txt: under 三、下半年工作安排,
  // 新增普惠托位200个，每千人口托位数 达到3.0个 is a target; 200 new places over 42.3万 people
  // (0.47 per 1,000) was once judged against the 3.0 and flagged. Plan figures are mentions, linked
  // to nothing. The same figures above the heading are checked: 1269 places / 423,000 × 1000
  // = 3.0000 → 3.0.
  const std::string report = "截至6月底，全区常住人口42.3万人。\n";
  const std::string plan = "三、下半年工作安排\n四是新增普惠托位200个，每千人口托位数达到3.0个。\n";
  const AuditReport r = audit(report + plan);
  EXPECT_EQ(r.mentions.size(), 3u);
  EXPECT_TRUE(r.findings.empty());
  const AuditReport checked = audit(report + "全区提供托位1269个，每千人口托位数3.0个。\n" + plan);
  const Finding* density = find(checked, AuditCheck::rate_counts, "1269个");
  ASSERT_NE(density, nullptr);
  EXPECT_EQ(density->verdict, AuditVerdict::consistent);
  EXPECT_EQ(find(checked, AuditCheck::rate_counts, "200个"), nullptr);
}

TEST(AuditText, ClaimAgainstItsRate) {
  // 全覆盖 beside 83.9 % (104 of 124): the claim is false.
  const AuditReport r =
      audit("现有公共场所124家，已监督检查104家，监督覆盖率83.9%，实现监督全覆盖。");
  ASSERT_EQ(r.claims.size(), 1u);
  EXPECT_EQ(r.claims[0].text, "全覆盖");
  const Finding* c = nullptr;
  for (const Finding& f : r.findings)
    if (f.check == AuditCheck::claim) c = &f;
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->verdict, AuditVerdict::inconsistent);
}

TEST(AuditText, BadInput) {
  // Ill-formed UTF-8 is a parse_error naming the code-point position.
  try {
    audit("签约率\xff"
          "33.65%");
    FAIL() << "no error";
  } catch (const parse_error& e) {
    EXPECT_EQ(e.position(), 3u);
  }
  // Text without figures gives an empty report whose JSON is the issue's shape.
  const AuditReport empty = audit("");
  EXPECT_TRUE(empty.mentions.empty());
  EXPECT_EQ(empty.to_json(), R"({"mentions":[],"findings":[]})");
  EXPECT_TRUE(audit("全覆盖。全部完成。").findings.empty());
  // A year outside 1400-9999 is refused naming the option.
  AuditOptions bad;
  bad.year = 0;
  EXPECT_THROW(audit("2019年工作总结", bad), invalid_input);
}

TEST(AuditText, AsOfOption) {
  // 完成全年任务的40.8% of 2024: at 31 May 5/12 = 41.67 % has passed (behind, a warning); at
  // 30 April 4/12 = 33.33 % (ahead, info).
  const std::string text = "2024年工作总结。全区已累计完成接种67072剂次，完成全年任务的40.8%。";
  AuditOptions may;
  may.as_of = Date(2024, 5, 31);
  const AuditReport r = audit(text, may);
  // The progress, and the task the count implies (67072 / 0.408 ≈ 164,392; not printed here).
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[1].check, AuditCheck::quota_completion);
  EXPECT_EQ(r.findings[1].verdict, AuditVerdict::cannot_check);
  EXPECT_EQ(r.findings[0].check, AuditCheck::progress);
  EXPECT_EQ(r.findings[0].severity, Severity::warning);
  EXPECT_NEAR(*r.findings[0].recomputed, 5.0 / 12 * 100, 1e-9);
  AuditOptions april;
  april.as_of = Date(2024, 4, 30);
  const AuditReport early = audit(text, april);
  ASSERT_EQ(early.findings.size(), 2u);
  EXPECT_EQ(early.findings[0].severity, Severity::info);
  EXPECT_NEAR(*early.findings[0].recomputed, 4.0 / 12 * 100, 1e-9);
}

// --- every finding the auditor makes on the two seeds ---------------------------------------
// Issue 17: "every finding on those two seeds is listed in a test with its expected verdict".
// The tables below are the complete list audit() produces on each seed, in its order: a new
// finding, a lost one, or a changed verdict or severity fails. `listed` says whether the corpus
// file (seed_00N.expected.json) names the finding (reproduces() above matches it); a row not
// listed there is justified by its comment. Each comment is the hand arithmetic on the seed's
// printed figures.

struct PinnedFinding {
  AuditCheck check;
  AuditVerdict verdict;
  Severity severity;
  const char* figures; // the mentions' printed texts, in the finding's order, space-separated
  bool listed;
};

namespace {

std::string figures_of(const AuditReport& r, const Finding& f) {
  std::map<std::string, std::string> text;
  for (const Mention& m : r.mentions) text[m.id] = m.figure.text;
  for (const Claim& c : r.claims) text[c.id] = c.text;
  std::string out;
  for (const std::string& id : f.mentions) out += (out.empty() ? "" : " ") + text.at(id);
  return out;
}

std::string describe(AuditCheck c, AuditVerdict v, Severity s, const std::string& figures) {
  return std::string(to_string(c)) + " " + std::string(to_string(v)) + "/" +
         std::string(to_string(s)) + " [" + figures + "]";
}

void expect_pinned(const Document& d, const std::vector<PinnedFinding>& pinned) {
  const AuditReport r = audit(d.text);
  std::vector<std::string> got, want;
  for (const Finding& f : r.findings)
    got.push_back(describe(f.check, f.verdict, f.severity, figures_of(r, f)));
  for (const PinnedFinding& p : pinned)
    want.push_back(describe(p.check, p.verdict, p.severity, p.figures));
  EXPECT_EQ(got, want);
  if (got != want) return;
  for (std::size_t i = 0; i < pinned.size(); ++i) {
    bool listed = false;
    for (const json& e : d.expected["findings"]) listed = listed || reproduces(r, r.findings[i], e);
    EXPECT_EQ(listed, pinned[i].listed) << want[i];
  }
}

} // namespace

TEST(AuditSeeds, Seed000EveryFinding) {
  const Document d = load("seed_000");
  if (d.text.empty()) GTEST_SKIP() << "seed 000 not found (set ZHIBIAO_SEEDS_DIR)";
  using C = AuditCheck;
  using V = AuditVerdict;
  using S = Severity;
  expect_pinned(
      d,
      {
          // 婚检: 1506 / 1600 × 100 = 94.125 → 94.13 at two decimals (half up).
          {C::quota_completion, V::consistent, S::info, "94.13% 1506人 1600人", true},
          // 孕前优生: 359 / 371 × 100 = 96.7655 → 96.77.
          {C::quota_completion, V::consistent, S::info, "96.77% 359对 371对", true},
          // 已经完成任务数的47.4% of 缴费人数5799人, the task unprinted: 5799 / 0.474 ≈ 12,234.
          {C::quota_completion, V::cannot_check, S::info, "47.4% 5799人", true},
          // 老年人意外险: 5799 / 34903 × 100 = 16.6146 → 16.6.
          {C::rate_counts, V::consistent, S::info, "16.6% 5799人 34903人", true},
          // 5799 insured ≤ 34903 old people.
          {C::exceeds_existing, V::consistent, S::info, "5799人 34903人", true},
          // 公共场所: 104 / 124 × 100 = 83.871 → 83.9.
          {C::rate_counts, V::consistent, S::info, "83.9% 104家 124家", true},
          // 104 inspected ≤ 124 units.
          {C::exceeds_existing, V::consistent, S::info, "104家 124家", true},
          // 医疗机构: 58 / 60 × 100 = 96.667 → 96.7.
          {C::rate_counts, V::consistent, S::info, "96.7% 58家 60家", true},
          // 58 inspected ≤ 60 institutions (the corpus lists only the rate for this pair).
          {C::exceeds_existing, V::consistent, S::info, "58家 60家", false},
          // 1-11月份 91.42 % while 334/365 = 91.51 % (days), 11/12 = 91.67 % (months) have passed:
          // behind, no claim of pace: consistent, a warning (README judgement call).
          {C::progress, V::consistent, S::warning, "91.42%", true},
          // 18101 / 19800 × 100 = 91.4192 → 91.42.
          {C::quota_completion, V::consistent, S::info, "91.42% 18101剂次 19800剂次", true},
          // 叶酸: 195 / 200 × 100 = 97.5 exactly.
          {C::quota_completion, V::consistent, S::info, "97.5% 195人 200人", true},
          // 173.76 + 23.88 + 23.28 + 16.332 + 49.62 + 32.4 + 3.9 = 323.172 万元 exactly.
          {C::parts_total, V::consistent, S::info,
           "323.172万元 173.76万元 23.88万元 23.28万元 16.332万元 49.62万元 32.4万元 3.9万", true},
          // 已全部完成 beside 完成率100%: the claim needs 100 %, printed.
          {C::claim, V::consistent, S::info, "已全部完成 100%", true},
          // 政策符合率 of 801 births: 781 / 801 × 100 = 97.503 → 97.5, so a whole count gives it.
          {C::rate_counts, V::consistent, S::info, "97.5% 801人", true},
          // 性别比 of 801 births: 427 / 374 × 100 = 114.171 → 114.17 (427 + 374 = 801).
          {C::rate_counts, V::consistent, S::info, "114.17 801人", true},
          // One 常住人口: 59902 / 33.65 % ≈ 178014, 153672 / 86.33 % ≈ 178006; the 5 % and 1.07 %
          // figures allow wider ranges; all meet in 177,996–178,015.
          {C::implied_denominator, V::consistent, S::info,
           "33.65% 59902人 5% 9199 1.07% 1909 86.33% 153672人", true},
          // 4084 at 2.2 % (2.15–2.25) implies 181,512–189,953, outside 177,996–178,015: an error.
          {C::implied_denominator, V::inconsistent, S::error,
           "2.2% 4084 33.65% 59902人 5% 9199 1.07% 1909 86.33% 153672人", true},
          // 801 births at 4.86 ‰ (4.855–4.865) imply 164,646–164,984, outside the group; a birth
          // rate's base may be another population: a warning.
          {C::implied_denominator, V::inconsistent, S::warning,
           "4.86‰ 801人 33.65% 59902人 5% 9199 1.07% 1909 86.33% 153672人", true},
          // 办证率: the number of births certified against is not printed (222 / 96.5 % ≈ 230).
          {C::rate_counts, V::cannot_check, S::info, "96.5% 222份", true},
          // 重点人群签约率: the 重点人群 total is not printed (32141 / 60.20 % ≈ 53390).
          {C::rate_counts, V::cannot_check, S::info, "60.20% 32141人", false},
          // 规范管理率 of the elderly, hypertensive, diabetic, mentally ill: no patient totals
          // printed (15506 / 70.92 % ≈ 21864, 17106 / 49.18 % ≈ 34782, 6209 / 46.38 % ≈ 13387,
          // 728 / 90.89 % ≈ 801).
          {C::rate_counts, V::cannot_check, S::info, "70.92% 15506人", true},
          {C::rate_counts, V::cannot_check, S::info, "49.18% 17106人", true},
          {C::rate_counts, V::cannot_check, S::info, "46.38% 6209人", true},
          {C::rate_counts, V::cannot_check, S::info, "90.89% 728人", true},
          // 建卡率100% after 预防接种118266剂次: cards are not doses, the number of children is not
          // printed; nothing to compare.
          {C::rate_counts, V::cannot_check, S::info, "100% 118266剂次", false},
          // 学校卫生监督覆盖率100% of 中小学校19家: 19 schools and no inspected count printed.
          {C::rate_counts, V::cannot_check, S::info, "100% 19家", false},
          // 完成率100% after 监督检查…20家: the count of units due is not printed.
          {C::rate_counts, V::cannot_check, S::info, "100% 20家", false},
      });
}

TEST(AuditSeeds, Seed002EveryFinding) {
  const Document d = load("seed_002");
  if (d.text.empty()) GTEST_SKIP() << "seed 002 not found (set ZHIBIAO_SEEDS_DIR)";
  using C = AuditCheck;
  using V = AuditVerdict;
  using S = Severity;
  expect_pinned(
      d,
      {
          // 7469人 × 22针次 = 164318 exactly.
          {C::product, V::consistent, S::info, "164318 7469人 22针次", true},
          // 40.8 % at 31 May 2024: 152/366 = 41.53 % (days), 5/12 = 41.67 % (months) have passed:
          // behind, no claim of pace: consistent, a warning.
          {C::progress, V::consistent, S::warning, "40.8%", true},
          // 67072 / 164318 × 100 = 40.818 → 40.8.
          {C::quota_completion, V::consistent, S::info, "40.8% 67072剂次 164318", true},
          // 1-5月份 shares of the year's task, 50.71 %, 55.77 % and 50 %, all above 41.67 %: ahead.
          // Their tasks are not printed; the counts done imply them: 3448 / 0.5071 ≈ 6,799 couples,
          // 4183 / 0.5577 ≈ 7,500 subsidies, 13811 / 0.50 = 27,622 bottles.
          {C::progress, V::consistent, S::info, "50.71%", true},
          {C::quota_completion, V::cannot_check, S::info, "50.71% 3448对", true},
          {C::progress, V::consistent, S::info, "55.77%", true},
          {C::quota_completion, V::cannot_check, S::info, "55.77% 4183人", true},
          {C::progress, V::consistent, S::info, "50%", true},
          {C::quota_completion, V::cannot_check, S::info, "50% 13811瓶", false},
          // 征迁: 70 / 74 × 100 = 94.595 → 95 at no decimals.
          {C::quota_completion, V::consistent, S::info, "95% 70户 74户", true},
          // 死亡病例2例: 1 + 1 = 2.
          {C::parts_total, V::consistent, S::info, "2例 1例 1例", true},
          // 腹泻 377 = 15 + 1 + 23 + 338.
          {C::parts_total, V::consistent, S::info, "377例 15例 1例 23例 338例", true},
          // 第一季度 6910 = 6075 + 642 + 193.
          {C::parts_total, V::consistent, S::info, "6910人 6075人 642人 193人", true},
          // 人均540元 = 120 + 240 + 135 + 45.
          {C::parts_total, V::consistent, S::info, "540元 120元 240元 135元 45元", true},
          // 39000 + 2113 + 491000 + 7628 = 539,741 (538,741–540,741 within the 万 rounding), within
          // 近54万 = 53万–54万.
          {C::parts_total, V::consistent, S::info,
           "近54万人次 3.9万人次 2113人次 49.1万人次 7628人次", true},
          // 1.1亿 + 116.17万 + 986.1万 + 994.8万 = 1.309707亿, within 1.3亿's 1.25–1.35亿.
          {C::parts_total, V::consistent, S::info, "1.3亿元 1.1亿元 116.17万元 986.1万元 994.8万元",
           true},
          // 传染病 1227 = 585 + 642; 15种 = 8 + 7; 立案 27 = 23 + 4.
          {C::parts_total, V::consistent, S::info, "1227例 585例 642例", true},
          {C::parts_total, V::consistent, S::info, "15种 8种 7种", true},
          {C::parts_total, V::consistent, S::info, "27起 23起 4起", true},
          // 22846 = 5401 + 8818 + 914 + 615 + 188 + 6910.
          {C::parts_total, V::consistent, S::info, "22846人 5401人 8818人 914人 615人 188人 6910人",
           true},
          // 1398.3 + 269.6 + 92.5 + 28.4 + 202.19 = 1990.99 万元 exactly.
          {C::parts_total, V::consistent, S::info,
           "1990.99万元 1398.3万元 269.6万元 92.5万元 28.4万元 202.19万元", true},
          // 2024万 + 200万 + 200万 = 2424万 (2422.5–2425.5万), not 2400万 (2399.5–2400.5万): error.
          {C::parts_total, V::inconsistent, S::error, "2400万元 2024万 200万 200万", true},
          // 前五位 377 ≥ 171 ≥ 148 ≥ 142 ≥ 98, sum 936 ≤ the 1227 cases of the class.
          {C::ranked_list, V::consistent, S::info, "377例 171例 148例 142例 98例 1227例", true},
          // 住院分娩补助4183人 (1-5月份) against 全区活产数4024 (上半年): more deliveries than live
          // births, reconciled only by another period or base the report does not state: a
          // warning (the README's judgement call).
          {C::exceeds_existing, V::inconsistent, S::warning, "4183人 4024", true},
          // 占同期住院病人总数63.15%: the total of in-patients is not printed (23660 / 63.15 % ≈
          // 37466).
          {C::rate_counts, V::cannot_check, S::info, "63.15% 23660人次", true},
          // 配送率97%左右 after 带量采购2400万元: the delivered amount is not printed (a loose
          // link:
          // nothing to compare, so nothing is claimed).
          {C::rate_counts, V::cannot_check, S::info, "97%左右 2400万元", false},
          // 入径病例占总出院病例的50% after 76种疾病: no finding. Neither case count is printed,
          // and a count of kinds (76种) is never a rate's events.
          // 参合率97% of 667984 enrolled: the population is not printed (≈ 688,643).
          {C::rate_counts, V::cannot_check, S::info, "97% 667984人", true},
          // 参合受益率80.8% of 近54万人次: the base is not printed (≈ 668,317).
          {C::rate_counts, V::cannot_check, S::info, "80.8% 近54万人次", false},
          // 1.3亿元 占当年筹资额的36.1%: the 筹资额 is not printed (≈ 3.6亿).
          {C::rate_counts, V::cannot_check, S::info, "36.1% 1.3亿元", false},
          // 监督覆盖辖区内60%医疗机构 after 90余人次 officers: no institution count printed (a
          // loose
          // link).
          {C::rate_counts, V::cannot_check, S::info, "60% 90余人次", false},
          // 孕产妇保健覆盖率93.9% beside 活产数4024: the mothers covered are not printed.
          {C::rate_counts, V::cannot_check, S::info, "93.9% 4024", false},
          // 婚检率85.26% of 3448 couples: the couples registered are not printed (≈ 4044).
          {C::rate_counts, V::cannot_check, S::info, "85.26% 3448对", true},
          // 检出率8.98% of 619 found: the number screened is not printed (≈ 6893).
          {C::rate_counts, V::cannot_check, S::info, "8.98% 619人", true},
      });
}

TEST(AuditText, EveryBreakdownEndsAtTheNextOne) {
  // 其中1人，repeated 2000 times in one sentence (found by tests/cpp/audit_sweep_test.cpp): each
  // 其中 breaks down the figure before it, up to the next 其中, so each is one part of one total
  // (1 ≤ 1, exceeds_existing). Letting every 其中 take the rest of the sentence gave 1999 findings
  // of up to 2000 mentions each, memory quadratic in the sentence (gigabytes at 20,000).
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "其中1人，";
  const AuditReport r = audit(text);
  ASSERT_EQ(r.mentions.size(), 2000u);
  ASSERT_EQ(r.findings.size(), 1999u);
  for (const Finding& f : r.findings) {
    EXPECT_EQ(f.check, AuditCheck::exceeds_existing);
    EXPECT_EQ(f.mentions.size(), 2u);
  }
  // A breakdown inside parentheses does not end the one outside: 100人 = 50 + 50 (the 20 and 30
  // are the first 50's own breakdown).
  const AuditReport nested = audit("共100人，其中男性50人（其中城镇20人、农村30人）、女性50人。");
  const Finding* whole = find(nested, AuditCheck::parts_total, "100人");
  ASSERT_NE(whole, nullptr);
  EXPECT_EQ(whole->verdict, AuditVerdict::consistent);
  EXPECT_DOUBLE_EQ(*whole->recomputed, 100);
}

TEST(AuditText, TextWithoutPunctuationStaysLinear) {
  // 1人×2人= and 前五位1例、 repeated with no clause end: each link looks back a bounded way
  // (the clause start is looked up, the context and the class total are searched in a window),
  // where it once scanned back to the start of the text per figure (15,000 repeats took 5–6 s).
  std::string products, ranked;
  for (int i = 0; i < 3000; ++i) products += "1人×2人=", ranked += "前五位1例、";
  // Each 1人×2人 has the 2人 before it as its product: 1 × 2 = 2, consistent.
  const AuditReport p = audit(products);
  ASSERT_EQ(p.mentions.size(), 6000u);
  ASSERT_EQ(p.findings.size(), 2999u);
  for (const Finding& f : p.findings) {
    EXPECT_EQ(f.check, AuditCheck::product);
    EXPECT_EQ(f.verdict, AuditVerdict::consistent);
  }
  // Each 前五位 ranks the five 1例 after it against the 1例 before it as the class total:
  // 5 × 1 > 1, so the lists are inconsistent; none names more than its five and the total.
  const AuditReport r = audit(ranked);
  ASSERT_EQ(r.findings.size(), 2999u);
  for (const Finding& f : r.findings) {
    EXPECT_EQ(f.check, AuditCheck::ranked_list);
    EXPECT_LE(f.mentions.size(), 6u);
  }
}

TEST(AuditText, ClaimMatchesNamesBeforeItOnly) {
  // 已建成9个，全覆盖 names no total; 村卫生室20个 shares no noun with 已建成. The words after the
  // claim (村卫生室名单) must not make it the total: the claim's name is its own clause (a
  // pointer taken for a terminated string once appended the rest of the text, which judged 9 of
  // 20 村卫生室, 45 %, an error; found by tests/cpp/audit_sweep_test.cpp).
  const AuditReport r = audit("村卫生室20个。已建成9个，全覆盖。村卫生室名单另附。");
  ASSERT_EQ(r.claims.size(), 1u);
  EXPECT_TRUE(r.findings.empty());
  // 全覆盖1人，repeated 3000 times in one sentence: each claim is judged against the count before
  // it, in time linear in the text (the rest of the text was once compared per claim).
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "全覆盖1人，";
  const AuditReport many = audit(text);
  EXPECT_EQ(many.claims.size(), 3000u);
  for (const Finding& f : many.findings)
    if (f.check == AuditCheck::claim) {
      EXPECT_EQ(f.verdict, AuditVerdict::consistent) << f.id;
    }
}
