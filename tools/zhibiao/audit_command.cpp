// zhibiao audit FILE... (docs/cli.md §8): the report auditor (audit.hpp, docs/audit.md §15) over
// the text of work summaries: every figure tied to what it counts, the checks that tie them
// together, and which figures cannot all be true. Exit status 1 when any finding is
// inconsistent.

#include "command.hpp"
#include "output_format.hpp"
#include "text_input.hpp"

#include "zhibiao/audit.hpp"
#include "zhibiao/detail/format.hpp"
#include "zhibiao/error.hpp"

#include <cmath>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace zhibiao::cli {
namespace {

constexpr std::string_view audit_options[] = {"--format", "--lang", "--as-of", "--output"};

struct AuditedFile {
  std::string path;
  AuditReport report;
};

// What a reader must look at: a finding that is not consistent, or consistent with a warning
// (work behind 序时进度). The same rows as Audit.to_markdown() of the Python package.
bool needs_attention(const Finding& f) {
  return f.verdict != AuditVerdict::consistent || f.severity != Severity::info;
}

// The printed texts of a finding's figures and claims, in the order the finding names them.
std::string figure_texts(const Finding& f, const AuditReport& r) {
  std::map<std::string_view, std::string_view> text;
  for (const Mention& m : r.mentions) text.emplace(m.id, m.figure.text);
  for (const Claim& c : r.claims) text.emplace(c.id, c.text);
  std::string out;
  for (const std::string& id : f.mentions) {
    if (!out.empty()) out += ' ';
    const auto it = text.find(id);
    out += it == text.end() ? std::string_view(id) : it->second;
  }
  return out;
}

Table findings_table(const AuditReport& r, Language language) {
  const bool zh = language == Language::zh;
  Table t{{"id", "check", "verdict", "severity", "figures", "recomputed", "message"},
          zh ? std::vector<std::string>{"编号", "检查", "结论", "严重程度", "数字", "重算", "说明"}
             : std::vector<std::string>{"id", "check", "verdict", "severity", "figures",
                                        "recomputed", "message"},
          {}};
  for (const Finding& f : r.findings) {
    if (!needs_attention(f)) continue;
    t.rows.push_back({text_cell(f.id), text_cell(std::string(to_string(f.check))),
                      text_cell(std::string(to_string(f.verdict))),
                      text_cell(std::string(to_string(f.severity))), text_cell(figure_texts(f, r)),
                      f.recomputed ? number_cell(detail::rounded_text(*f.recomputed), *f.recomputed)
                                   : number_cell("", std::nan("")),
                      text_cell(zh ? f.message_zh : f.message_en)});
  }
  return t;
}

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// "yunxi.txt: 90 figures, 29 findings: 5 inconsistent (5 errors), 22 consistent, 2 cannot be
// checked". Figures count the claims (全覆盖) too, as the JSON's "mentions" does.
std::string summary_line(const AuditedFile& file, Language language) {
  const AuditReport& r = file.report;
  std::size_t verdicts[3] = {0, 0, 0};
  std::size_t errors[3] = {0, 0, 0}, warnings[3] = {0, 0, 0};
  for (const Finding& f : r.findings) {
    const auto v = static_cast<std::size_t>(f.verdict);
    ++verdicts[v];
    if (f.severity == Severity::error) ++errors[v];
    if (f.severity == Severity::warning) ++warnings[v];
  }
  const std::size_t figures = r.mentions.size() + r.claims.size();
  const bool zh = language == Language::zh;
  const auto severities = [&](std::size_t v) {
    std::string s;
    const auto add = [&](std::string part) { s += (s.empty() ? "" : zh ? "、" : ", ") + part; };
    if (errors[v])
      add(zh ? "错误" + std::to_string(errors[v]) + "项" : counted(errors[v], "error", "errors"));
    if (warnings[v])
      add(zh ? "警告" + std::to_string(warnings[v]) + "项"
             : counted(warnings[v], "warning", "warnings"));
    return s.empty() ? s : zh ? "（" + s + "）" : " (" + s + ")";
  };
  const std::size_t inconsistent = static_cast<std::size_t>(AuditVerdict::inconsistent),
                    consistent = static_cast<std::size_t>(AuditVerdict::consistent),
                    cannot = static_cast<std::size_t>(AuditVerdict::cannot_check);
  if (zh)
    return file.path + "：数字" + std::to_string(figures) + "个，检查结果" +
           std::to_string(r.findings.size()) + "项：不一致" +
           std::to_string(verdicts[inconsistent]) + "项" + severities(inconsistent) + "，一致" +
           std::to_string(verdicts[consistent]) + "项" + severities(consistent) + "，无法核对" +
           std::to_string(verdicts[cannot]) + "项" + severities(cannot);
  return file.path + ": " + counted(figures, "figure", "figures") + ", " +
         counted(r.findings.size(), "finding", "findings") + ": " +
         std::to_string(verdicts[inconsistent]) + " inconsistent" + severities(inconsistent) +
         ", " + std::to_string(verdicts[consistent]) + " consistent" + severities(consistent) +
         ", " + std::to_string(verdicts[cannot]) + " cannot be checked" + severities(cannot);
}

// One FILE: exactly AuditReport::to_json(). Several: one object keyed by the paths as given,
// its values those documents (compact, as to_json writes them).
std::string json_output(const std::vector<AuditedFile>& files) {
  if (files.size() == 1) return files[0].report.to_json() + "\n";
  std::string out = "{";
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (i) out += ',';
    // A path that is not UTF-8 is replaced, not thrown on (the path names a file, any bytes).
    out += nlohmann::json(files[i].path)
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += ':';
    out += files[i].report.to_json();
  }
  return out + "}\n";
}

std::string text_output(const std::vector<AuditedFile>& files, Format format, Language language) {
  std::string out;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (i) out += "\n";
    const Table t = findings_table(files[i].report, language);
    if (format == Format::markdown) {
      out += "## " + files[i].path + "\n\n";
      if (t.rows.empty())
        out += language == Language::zh ? "未发现不一致的数字。\n"
                                        : "No inconsistent figures found.\n";
      else out += render(t, Format::markdown);
      out += "\n";
    } else if (!t.rows.empty()) {
      out += render(t, Format::table);
    }
    out += summary_line(files[i], language) + "\n";
  }
  return out;
}

} // namespace

int run_audit(std::span<const std::string> args, std::ostream& out) {
  const Arguments a = parse_arguments("audit", args, audit_options);
  if (a.positional.empty())
    throw usage_error("audit", "audit needs a FILE: a report's text (UTF-8 or GB18030)");
  const Format format = parse_format(a.get("--format").value_or("table"));
  if (format == Format::csv)
    throw input_error("--format: audit prints table, json or markdown, not csv");
  const Language language = parse_language(a.get("--lang"));
  AuditOptions options;
  if (const auto as_of = a.get("--as-of")) options.as_of = parse_as_of(*as_of);
  std::set<std::string_view> seen;
  for (const std::string& path : a.positional)
    if (!seen.insert(path).second)
      throw usage_error("audit", "audit: '" + path + "' is given twice");

  // Every file is read before any is audited: bad input prints nothing but its one line.
  std::vector<InputText> inputs;
  for (const std::string& path : a.positional) inputs.push_back(read_input_file(path, std::cerr));
  std::vector<AuditedFile> files;
  bool inconsistent = false;
  for (const InputText& input : inputs) {
    try {
      files.push_back({input.path, audit(input.text, options)});
    } catch (const invalid_input& e) {
      // Decoded text is well-formed UTF-8, so audit() has nothing left to refuse; named anyway.
      throw input_error(input.path + ": " + e.what());
    }
    for (const Finding& f : files.back().report.findings)
      inconsistent = inconsistent || f.verdict == AuditVerdict::inconsistent;
  }
  write_output(a, out,
               format == Format::json ? json_output(files) : text_output(files, format, language));
  return inconsistent ? check_failed : success;
}

} // namespace zhibiao::cli
