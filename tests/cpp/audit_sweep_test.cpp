// The robustness sweep of issue 17: "10 MB of random and mutated report text audits without a
// crash". A fixed-seed generator (std::mt19937_64, so every run audits the same bytes) builds
// (a) mutations of the report corpus of tests/data/audit (byte flips, deletions, duplicated
// spans, two documents spliced, digits, units, Chinese numerals, punctuation and linking words
// inserted, truncation at a code point), (b) random well-formed text drawn from the alphabet of
// a Chinese work summary, (c) random bytes, and (d) documents run together as one sentence. Every
// input must give a report or a zhibiao error: ill-formed UTF-8 a parse_error at the code point of
// the first bad byte, nothing else. Every report is checked against audit.hpp's promises: every
// mention and claim lies inside the text and its text is the text there, every finding names listed
// mentions, no value or recomputed figure is inf or NaN, and to_json() is JSON with exactly the
// keys of issue 17 item 5.
#include "zhibiao/audit.hpp"
#include "zhibiao/detail/utf8.hpp"
#include "zhibiao/error.hpp"

#include <gtest/gtest.h>

#include "support/test_files.hpp"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace zhibiao;
using json = nlohmann::json;

namespace {

using test::corpus_dir;
using test::slurp;

std::u32string code_points(std::string_view text) {
  std::u32string out;
  for (std::size_t b = 0; b < text.size();) {
    char32_t c = 0;
    const std::size_t len = detail::decode_utf8_at(text, b, c);
    if (len == 0) return out; // callers pass well-formed text
    out.push_back(c);
    b += len;
  }
  return out;
}

// What a report's words are made of: the pieces inserted into the corpus texts and drawn for
// random text.
const std::vector<std::u32string>& pieces() {
  static const std::vector<std::u32string> p = [] {
    std::vector<std::u32string> v;
    for (const char* s :
         {"%",      "‰",      "/10万",    "万",       "亿",         "个百分点", "人",
          "例",     "元",     "万元",     "剂次",     "人次",       "家",       "所",
          "个单位", "‱",      "其中",     "共",       "较去年同期", "增长",     "下降",
          "提高",   "分别为", "全覆盖",   "全部完成", "约",         "左右",     "以上",
          "余",     "近",     "不到",     "超过",     "序时进度",   "签约率",   "任务数",
          "完成率", "覆盖率", "出生",     "户籍",     "常住人口",   "1-11月",   "截止5月底",
          "2019年", "2024年", "12月13日", "上半年",   "前三季度",   "一",       "二",
          "三",     "十",     "百",       "千",       "两",         "零",       "，",
          "。",     "；",     "：",       "（",       "）",         "-",        "、",
          "×",      "．",     "１２",     "，",       "\n"})
      v.push_back(code_points(s));
    return v;
  }();
  return p;
}

std::string encode(const std::u32string& cps) { return detail::utf8_of(cps); }

class Generator {
public:
  explicit Generator(std::vector<std::u32string> corpus) : corpus_(std::move(corpus)) {}

  std::mt19937_64 rng{20261202}; // fixed: every run audits the same inputs

  std::size_t below(std::size_t n) { return n == 0 ? 0 : rng() % n; }

  std::u32string random_piece() {
    const std::size_t r = below(10);
    if (r < 4) { // digits, perhaps with a decimal point or a thousands comma
      std::u32string d;
      const std::size_t n = 1 + below(7);
      for (std::size_t i = 0; i < n; ++i) {
        d.push_back(U'0' + static_cast<char32_t>(below(10)));
        if (below(8) == 0) d.push_back(below(2) ? U'.' : U',');
      }
      return d;
    }
    return pieces()[below(pieces().size())];
  }

  // (a) one corpus text changed 1–40 times.
  std::string mutated() {
    std::u32string t = corpus_[below(corpus_.size())];
    const std::size_t edits = 1 + below(40);
    for (std::size_t e = 0; e < edits; ++e) {
      const std::size_t at = below(t.size() + 1);
      switch (below(8)) {
      case 1: t.erase(at, 1 + below(20)); break;
      case 2: { // duplicate a span
        const std::size_t len = below(200);
        const std::u32string span = t.substr(at, len);
        t.insert(below(t.size() + 1), span);
        break;
      }
      case 3: { // splice another document in at a random point
        const std::u32string& other = corpus_[below(corpus_.size())];
        const std::size_t from = below(other.size());
        t = t.substr(0, at) + other.substr(from);
        break;
      }
      case 4: t.resize(std::min(t.size(), at)); break; // truncate at a code point
      default: t.insert(at, random_piece()); break;
      }
    }
    std::string bytes = encode(t);
    if (below(4) == 0 && !bytes.empty()) // a flip in CJK text mostly breaks UTF-8: parse_error
      for (std::size_t k = 1 + below(4); k > 0; --k)
        bytes[below(bytes.size())] ^= static_cast<char>(1u << below(8));
    return bytes;
  }

  // (b) random well-formed text from the report alphabet: pieces, corpus code points, ASCII.
  std::string random_text() {
    std::u32string t;
    const std::size_t n = 200 + below(6000);
    while (t.size() < n) {
      const std::size_t r = below(10);
      if (r < 6) t += random_piece();
      else if (r < 9) {
        const std::u32string& doc = corpus_[below(corpus_.size())];
        t.push_back(doc[below(doc.size())]);
      } else t.push_back(static_cast<char32_t>(0x20 + below(0x5F)));
    }
    return encode(t);
  }

  // (d) two to four documents run together as one sentence (every 。；！？ and line break made
  // a comma): the linking rules look within a sentence, so a long one is where their cost is
  // quadratic if anything in them is (a sentence of n 其中 or n claims once was).
  std::string one_sentence() {
    std::u32string t;
    for (std::size_t k = 2 + below(3); k > 0; --k) t += corpus_[below(corpus_.size())];
    for (char32_t& c : t)
      if (c == U'。' || c == U'；' || c == U'！' || c == U'？' || c == U'\n') c = U'，';
    const std::size_t at = below(t.size());
    t.insert(at, random_piece());
    return encode(t);
  }

  // (c) random bytes, mostly ill-formed.
  std::string random_bytes() {
    std::string b(1 + below(4000), '\0');
    for (char& c : b) c = static_cast<char>(rng());
    return b;
  }

private:
  std::vector<std::u32string> corpus_;
};

// The invariants; returns "" or what is wrong.
std::string check_report(const std::string& input, const AuditReport& r) {
  const std::u32string cps = code_points(input);
  std::set<std::string> ids;
  std::ostringstream bad;
  const auto inside = [&](const std::string& id, std::size_t start, std::size_t end,
                          const std::string& text) {
    if (!ids.insert(id).second) bad << id << " listed twice; ";
    if (!(start < end && end <= cps.size())) {
      bad << id << " [" << start << "," << end << ") outside the text of " << cps.size()
          << " code points; ";
      return;
    }
    if (encode(cps.substr(start, end - start)) != text)
      bad << id << " text '" << text << "' is not the text at [" << start << "," << end << "); ";
  };
  for (const Mention& m : r.mentions) {
    inside(m.id, m.figure.start, m.figure.end, m.figure.text);
    if (!std::isfinite(m.figure.value)) bad << m.id << " value not finite; ";
  }
  for (const Claim& c : r.claims) inside(c.id, c.start, c.end, c.text);
  for (const Finding& f : r.findings) {
    for (const std::string& id : f.mentions)
      if (!ids.count(id)) bad << f.id << " names unknown " << id << "; ";
    if (f.recomputed && !std::isfinite(*f.recomputed)) bad << f.id << " recomputed not finite; ";
  }
  const json j = json::parse(r.to_json()); // throws json::parse_error: caught by the caller
  static const std::set<std::string> mention_keys{"id",    "start",    "end",  "text",  "quantity",
                                                  "value", "decimals", "unit", "period"};
  static const std::set<std::string> finding_keys{
      "id", "check", "verdict", "severity", "mentions", "recomputed", "message_zh", "message_en"};
  const auto keys = [](const json& o) {
    std::set<std::string> k;
    for (auto it = o.begin(); it != o.end(); ++it) k.insert(it.key());
    return k;
  };
  if (!j.is_object() || keys(j) != std::set<std::string>{"mentions", "findings"})
    return bad.str() + "JSON top level keys wrong; ";
  if (j["mentions"].size() != r.mentions.size() + r.claims.size()) bad << "JSON mention count; ";
  if (j["findings"].size() != r.findings.size()) bad << "JSON finding count; ";
  for (const json& m : j["mentions"])
    if (keys(m) != mention_keys) bad << "JSON mention keys " << m.dump() << "; ";
  static const std::set<std::string> verdicts{"consistent", "inconsistent", "cannot_check"};
  static const std::set<std::string> severities{"error", "warning", "info"};
  for (const json& f : j["findings"]) {
    if (keys(f) != finding_keys) bad << "JSON finding keys " << f.dump() << "; ";
    else if (!verdicts.count(f["verdict"].get<std::string>()) ||
             !severities.count(f["severity"].get<std::string>()))
      bad << "JSON verdict/severity " << f["verdict"] << "/" << f["severity"] << "; ";
  }
  return bad.str();
}

} // namespace

TEST(AuditSweep, TenMegabytesOfRandomAndMutatedText) {
  const auto dir = corpus_dir();
  if (dir.empty()) GTEST_SKIP() << "tests/data/audit not found";
  // The six synthetic summaries (committed), so that the sweep is the same everywhere.
  std::vector<std::u32string> corpus;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".txt") corpus.push_back(code_points(slurp(entry.path())));
  std::sort(corpus.begin(), corpus.end());
  ASSERT_EQ(corpus.size(), 6u);
  Generator gen(corpus);

  constexpr std::size_t target = 10u << 20; // 10 MiB
  std::size_t bytes = 0, inputs = 0, ill_formed = 0, reports = 0, with_findings = 0;
  int failures = 0;
  const auto started = std::chrono::steady_clock::now();
  while (bytes < target && failures < 5) {
    // 13 mutated : 4 random text : 2 random bytes : 1 long sentence, in every 20 inputs.
    const std::size_t kind = inputs % 20;
    const std::string input = kind < 13   ? gen.mutated()
                              : kind < 17 ? gen.random_text()
                              : kind < 19 ? gen.random_bytes()
                                          : gen.one_sentence();
    ++inputs;
    bytes += input.size();
    const std::size_t bad_byte = detail::first_invalid_utf8(input);
    std::string problem;
    try {
      const AuditReport r = audit(input);
      if (bad_byte != std::string_view::npos) problem = "ill-formed UTF-8 gave a report";
      else problem = check_report(input, r);
      ++reports;
      with_findings += !r.findings.empty();
    } catch (const parse_error& e) {
      ++ill_formed;
      if (bad_byte == std::string_view::npos) problem = std::string("parse_error: ") + e.what();
      else if (e.position() != detail::code_points_before(input, bad_byte))
        problem = "parse_error at " + std::to_string(e.position()) + ", the bad byte is at " +
                  std::to_string(detail::code_points_before(input, bad_byte));
    } catch (const invalid_input& e) {
      problem = std::string("zhibiao error on well-formed text: ") + e.what();
    } catch (const std::exception& e) {
      problem = std::string("not a zhibiao error: ") + e.what();
    }
    if (!problem.empty()) {
      ++failures;
      const auto saved = std::filesystem::temp_directory_path() /
                         ("audit_sweep_" + std::to_string(inputs) + ".txt");
      std::ofstream(saved, std::ios::binary) << input;
      ADD_FAILURE() << "input " << inputs << " (saved to " << saved << "): " << problem;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  RecordProperty("bytes_audited", static_cast<int>(bytes));
  RecordProperty("inputs", static_cast<int>(inputs));
  std::cout << "audit sweep: " << bytes << " bytes in " << inputs << " inputs (" << reports
            << " reports, " << with_findings << " with findings, " << ill_formed
            << " parse errors) in " << seconds << " s\n";
  EXPECT_GE(bytes, target);
  // Both paths were exercised: reports with findings and refused bytes.
  EXPECT_GT(with_findings, inputs / 4);
  EXPECT_GT(ill_formed, inputs / 20);
}
