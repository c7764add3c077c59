"""The command-line tool `zhibiao` run on the small files of tests/data/cli (docs/cli.md): its
standard output, its one-line message on standard error and its exit status.

    cli_test.py ZHIBIAO_EXECUTABLE DATA_DIR      (CTest: cli.commands)

The district of the files (hand-checked; docs/cli.md §5 shows the same run):
    data.csv, months 2024-01..03   premarital_checked (sum)   premarital_check_quota (last)
    T1 山王镇                      300 + 250 + 256 = 806       900
    T2 新庄孜街道                  200 + 240 + 260 = 700       700
    D 八公山区 (T1 + T2)            1506                        1600
    免费婚前医学检查任务完成率 = checked / quota × 100, 2 decimals, half up on the exact ratio:
    D 1506 / 1600 = 94.125 → 94.13 (never 94.12); T1 806 / 900 = 89.555… → 89.56; T2 100.00.
    Against 不低于90%: T1 misses by 90 − 89.555… = 0.44 points, 0.9 × 900 − 806 = 4 checks.
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

EXE = DATA = None


def run(*args):
    p = subprocess.run([EXE, *args], cwd=DATA, capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def rows(stdout):
    return list(csv.DictReader(io.StringIO(stdout)))


class Evaluate(unittest.TestCase):
    def test_success_hand_checked_numbers(self):
        code, out, err = run("evaluate", "data.csv", "--org-units", "org_units.csv", "--format", "csv")
        self.assertEqual((code, err), (0, ""))
        got = {r["org_unit"]: (r["numerator"], r["denominator"], r["value"], r["status"]) for r in rows(out)}
        self.assertEqual(got, {"D": ("1506", "1600", "94.13", "正常"),
                               "T1": ("806", "900", "89.56", "正常"),
                               "T2": ("700", "700", "100.00", "正常")})
        self.assertEqual({r["org_unit_name"] for r in rows(out)}, {"八公山区", "山王镇", "新庄孜街道"})
        self.assertEqual(rows(out)[0]["period"], "2024-01-01/2024-03-31")  # the months of DATA

    def test_target_not_met_is_exit_1(self):
        code, out, err = run("evaluate", "data.csv", "--org-units", "org_units.csv", "--targets",
                             "targets.csv", "--format", "csv", "--period", "2024Q1")
        self.assertEqual((code, err), (1, ""))
        t1 = next(r for r in rows(out) if r["org_unit"] == "T1")
        self.assertEqual((t1["target"], t1["met"], t1["shortfall"], t1["count_needed"]),
                         ("≥90%", "未达标", "0.44", "4"))
        self.assertEqual(next(r for r in rows(out) if r["org_unit"] == "D")["met"], "达标")

    def test_unit_target_overrides_the_general_one(self):
        # T1's own 不低于85% replaces 不低于90% for T1: 89.56 ≥ 85, every row met → 0.
        code, out, _ = run("evaluate", "data.csv", "--org-units", "org_units.csv", "--targets",
                           "targets_met.csv", "--format", "csv")
        self.assertEqual(code, 0)
        self.assertEqual([r["met"] for r in rows(out)], ["达标"] * 3)
        self.assertEqual(next(r for r in rows(out) if r["org_unit"] == "T1")["target"], "≥85%")

    def test_json_english(self):
        code, out, _ = run("evaluate", "data.csv", "--org-units", "org_units.csv", "--format", "json",
                           "--lang", "en", "--as-of", "2024-02-29", "--period", "2024Q1")
        self.assertEqual(code, 0)
        d = json.loads(out)[0]
        self.assertEqual((d["org_unit"], d["value"], d["status"], d["period"]), ("D", 94.13, "ok", "2024Q1"))
        # 序时进度 by whole months: January and February of three months done by 29 February.
        self.assertAlmostEqual(d["time_progress"], 200 / 3, places=9)

    def test_period_forms(self):
        # 202401-202402: T1 550 / 900 = 61.11 %; 2024H1 = 2024S1 runs past the data: partial → 1.
        code, out, _ = run("evaluate", "data.csv", "--period", "202401-202402", "--format", "csv")
        self.assertEqual(code, 0)
        self.assertEqual(rows(out)[0]["value"], "61.11")
        code, out, _ = run("evaluate", "data.csv", "--period", "2024H1", "--format", "csv")
        self.assertEqual(code, 1)
        self.assertEqual(rows(out)[0]["status"], "数据不全")

    def test_text_table_aligns_cjk_as_two_columns(self):
        code, out, _ = run("evaluate", "data.csv", "--org-units", "org_units.csv")
        self.assertEqual(code, 0)
        lines = out.splitlines()
        # The value column ends where the rule under it ends, whatever the Chinese names' widths.
        end = lines[1].split("  ")
        col = sum(len(p) + 2 for p in end[:8]) - 2
        def width(s):
            return sum(2 if "\u4e00" <= ch <= "\u9fff" else 1 for ch in s)
        for line, value in zip(lines[2:], ["94.13", "89.56", "100.00"]):
            i = line.index(value)
            self.assertEqual(width(line[:i]) + len(value), col, line)

    def test_user_catalog_merged_over_builtin(self):
        code, out, _ = run("evaluate", "data.csv", "--catalog", "user_catalog.json", "--indicators",
                           "check_share,premarital_check_quota_completion", "--format", "csv")
        self.assertEqual(code, 0)
        # check_share: decimals 1, T1 806 / 900 = 89.555… → 89.6; the built-in one is still there.
        self.assertEqual([(r["indicator"], r["org_unit"], r["value"]) for r in rows(out)][:2],
                         [("check_share", "T1", "89.6"), ("check_share", "T2", "100.0")])
        self.assertEqual(rows(out)[2]["indicator"], "premarital_check_quota_completion")

    def test_output_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "out.md")
            code, out, _ = run("evaluate", "data.csv", "--format", "markdown", "--output", path)
            self.assertEqual((code, out), (0, ""))
            with open(path, encoding="utf-8") as f:
                self.assertTrue(f.read().startswith("| 机构代码 |"))


class BadInput(unittest.TestCase):
    def assertBad(self, args, message):
        code, out, err = run(*args)
        self.assertEqual(code, 2, err)
        self.assertEqual(out, "")
        self.assertEqual(err.splitlines()[0], "zhibiao: " + message)
        return err

    def test_missing_file(self):
        self.assertBad(["evaluate", "nope.csv"], "nope.csv: cannot be read (No such file or directory)")
        self.assertBad(["evaluate", "."], ".: cannot be read (Is a directory)")

    def test_bad_csv_row_names_row_and_field(self):
        # The header is row 1: '12x' is on row 3.
        self.assertBad(["evaluate", "bad_value.csv"],
                       "bad_value.csv row 3, field value: is not a number ('12x')")

    def test_unknown_indicator(self):
        self.assertBad(["evaluate", "data.csv", "--indicators", "premarital_check_quota_completon"],
                       "--indicators: unknown indicator 'premarital_check_quota_completon'; did you "
                       "mean \"premarital_check_quota_completion\"?")
        self.assertBad(["evaluate", "data.csv", "--targets", "targets_unknown.csv"],
                       "targets_unknown.csv row 2, field indicator: unknown indicator "
                       "'premarital_check_quota_completon'; did you mean "
                       "\"premarital_check_quota_completion\"?")

    def test_unknown_column(self):
        self.assertBad(["evaluate", "bad_column.csv"],
                       "bad_column.csv row 1: the header has no 'value' column (it has: element, "
                       "org_unit, period, valeu); is \"valeu\" meant to be \"value\"?")

    def test_invalid_period_and_date(self):
        self.assertBad(["evaluate", "data.csv", "--period", "2024Q5"],
                       "--period: cannot parse '2024Q5' at character 5: expected a quarter 1 to 4")
        self.assertBad(["evaluate", "data.csv", "--as-of", "2024-02-30"],
                       "--as-of: cannot parse '2024-02-30' at character 8: expected a day between 1 "
                       "and 29 (2024年2月 has 29 days)")

    def test_gb18030_file_is_read_and_said_so(self):
        code, out, err = run("evaluate", "data.csv", "--org-units", "org_units_gb18030.csv", "--format", "csv")
        self.assertEqual(code, 0)
        self.assertEqual(err, "zhibiao: org_units_gb18030.csv: not UTF-8; read as GB18030\n")
        self.assertEqual([r["org_unit_name"] for r in rows(out)], ["八公山区", "山王镇", "新庄孜街道"])

    def test_bytes_neither_utf8_nor_gb18030(self):
        # invalid_bytes.csv: "code,name,parent\nD,District,\nT1,Town" is 36 bytes, then 0xFF.
        self.assertBad(["evaluate", "data.csv", "--org-units", "invalid_bytes.csv"],
                       "invalid_bytes.csv: byte 36 (0xFF, line 3) is not UTF-8, and it is not "
                       "GB18030 either: save the file as UTF-8")

    def test_unknown_catalog_key_did_you_mean(self):
        for verb in (["catalog", "list"], ["evaluate", "data.csv"]):
            self.assertBad([*verb, "--catalog", "user_catalog_typo.json"],
                           "user_catalog_typo.json: indicators[0].denominater: unknown field; did "
                           "you mean \"denominator\"?")

    def test_targets_file_errors(self):
        base = ["evaluate", "data.csv", "--org-units", "org_units.csv", "--targets"]
        self.assertBad(base + ["targets_improvement.csv"],
                       "targets_improvement.csv row 2, field target: '较上年提高2个百分点' is not a bound "
                       "on the value (不低于90%, 低于8‰, 控制在10%以内): the command line assesses bounds, "
                       "not changes against a baseline")
        self.assertBad(base + ["targets_bad_unit.csv"],
                       "targets_bad_unit.csv row 2, field org_unit: unknown org unit 'T9'")
        # 不低于90％abc: the full-width ％ is read, the text after it is not (character 6).
        self.assertBad(base + ["targets_bad_wording.csv"],
                       "targets_bad_wording.csv row 2, field target: cannot parse '不低于90％abc' at "
                       "character 6: expected the end of the target (one number or one range, with "
                       "its unit)")

    def test_excel_input_is_sent_to_python(self):
        self.assertBad(["evaluate", "data.xlsx"], "data.xlsx: an Excel workbook; use python -m "
                       "zhibiao for Excel input, or save the sheet as CSV (UTF-8)")

    def test_unknown_verb_and_option_print_usage(self):
        err = self.assertBad(["frobnicate"], "unknown verb 'frobnicate'")
        self.assertIn("usage: zhibiao VERB", err)
        err = self.assertBad(["evaluate", "data.csv", "--formt", "csv"],
                             "unknown option '--formt'; did you mean \"--format\"?")
        self.assertIn("usage: zhibiao evaluate DATA", err)
        self.assertBad(["evaluate", "data.csv", "--format", "xml"],
                       "--format: unknown format 'xml' (table, csv, json or markdown)")
        code, _, err = run()
        self.assertEqual(code, 2)
        self.assertIn("usage:", err)


class CatalogVerb(unittest.TestCase):
    def test_list(self):
        code, out, _ = run("catalog", "list", "--format", "csv")
        self.assertEqual(code, 0)
        r = {x["id"]: x for x in rows(out)}
        self.assertEqual(r["infant_mortality_rate"]["unit"], "‰")
        self.assertEqual(r["infant_mortality_rate"]["direction"], "lower_is_better")
        self.assertEqual(r["premarital_check_quota_completion"]["name"], "免费婚前医学检查任务完成率")
        self.assertIn(r["premarital_check_quota_completion"]["verification"], {"V", "P", "U"})
        self.assertIn("life_expectancy", r)  # a method indicator is listed, not evaluated

    def test_list_with_user_catalog(self):
        code, out, _ = run("catalog", "list", "--catalog", "user_catalog.json", "--format", "csv")
        self.assertEqual(code, 0)
        self.assertEqual(rows(out)[-1]["id"], "check_share")  # a new id is appended

    def test_show(self):
        code, out, _ = run("catalog", "show", "premarital_check_quota_completion", "--format", "json")
        self.assertEqual(code, 0)
        d = json.loads(out)
        self.assertEqual((d["numerator"], d["denominator"], d["decimals"]),
                         ("#{premarital_checked}", "#{premarital_check_quota}", 2))
        code, out, _ = run("catalog", "show", "infant_mortality_rate")
        self.assertEqual(code, 0)
        self.assertRegex(out, r"targets\[0\]\s+≤")  # a national target, 婴儿死亡率 at most …‰
        self.assertRegex(out, r"source\s+\S")
        code, _, err = run("catalog", "show", "infant_mortality_rat")
        self.assertEqual((code, err), (2, "zhibiao: catalog show: unknown indicator "
                                          "'infant_mortality_rat'; did you mean \"infant_mortality_rate\"?\n"))

    def test_schema(self):
        code, out, _ = run("catalog", "schema")
        self.assertEqual(code, 0)
        schema = json.loads(out)
        self.assertIn("2020-12", schema["$schema"])
        self.assertIn("indicators", schema["properties"])


class EvaluateHtml(unittest.TestCase):
    def test_the_page_of_the_evaluated_table(self):
        # --format html: the report page (report.hpp) of the district of the module docstring;
        # T1's 89.56 % misses 不低于90%, so the status is 1 as for the other formats.
        with tempfile.TemporaryDirectory() as tmp:
            page = os.path.join(tmp, "e.html")
            code, out, err = run("evaluate", "data.csv", "--org-units", "org_units.csv",
                                 "--targets", "targets.csv", "--format", "html", "--output", page)
            with open(page, encoding="utf-8") as f:
                html = f.read()
        self.assertEqual((code, out, err), (1, "", ""))
        self.assertTrue(html.startswith("<!DOCTYPE html>"))
        self.assertIn("八公山区", html)
        self.assertIn("94.13%", html)  # 1506 / 1600 = 94.125, half up
        self.assertIn("山王镇 89.56%", html)  # 806 / 900 = 89.555…, in the ranking


class ReportVerb(unittest.TestCase):
    """`zhibiao report DIR`: DIR's data.csv, org_units.csv and targets.csv (here the district of
    the module docstring: 八公山区 1506 of 1600 = 94.125 → 94.13 % against 不低于90%, met; its
    township 山王镇 89.56 % is in the page's ranking)."""

    def test_table_narrative_and_page(self):
        with tempfile.TemporaryDirectory() as tmp:
            page = os.path.join(tmp, "r.html")
            code, out, err = run("report", ".", "--period", "2024Q1", "--output", page)
            self.assertEqual((code, err), (0, ""))
            self.assertIn("2024年第一季度，免费婚前医学检查任务完成率94.13%，达到不低于90%的目标。\n", out)
            self.assertRegex(out, r"免费婚前医学检查任务完成率\s+94\.13\s+%\s+≥90%\s+达标\s+正常")
            self.assertTrue(out.endswith("HTML 报告已写入：" + page + "\n"))
            with open(page, encoding="utf-8") as f:
                html = f.read()
            self.assertIn("山王镇", html)
            self.assertIn("89.56", html)  # 806 / 900 = 89.555… half up
            self.assertNotIn("http://", html)
            self.assertNotIn("https://", html)

    def test_funds_and_plan_sections(self):
        # funds.json (seed 002: 36.04 % spent at 41.67 % elapsed, at its as_of 2010-05-31) and the
        # plan of PlanVerb (甲 950, 乙 1780, 丙 2670 of 6000: 5400, pooled 90.00 %).
        with tempfile.TemporaryDirectory() as tmp:
            page = os.path.join(tmp, "r.html")
            code, out, err = run("report", ".", "--period", "2024Q1", "--output", page,
                                 "--funds", "funds.json", "--plan", "plan_units.csv",
                                 "--plan-target", "90", "--plan-name", "签约率")
            with open(page, encoding="utf-8") as f:
                html = f.read()
        self.assertEqual((code, err), (0, ""))
        self.assertIn("新农合基金：应筹集资金3.61亿元，到位3.61亿元，到位率100.00%，支出1.30亿元，"
                      "占筹资额的36.04%，序时进度41.67%，支出进度处于合理区间。\n", out)
        self.assertIn("签约率：甲 950（95.00%），乙 1780（89.00%），丙 2670（89.00%）；合计5400，合并率90.00%。\n", out)
        self.assertIn("序时进度 41.67%，合理区间 31.67–51.67%", html)
        self.assertIn("<td class=\"num\">—</td>", html)  # 拨付率: no 拨付 recorded
        self.assertIn("合计需5400（90.00% × 6000，向上取整），计划5400，合并率90.00%。", html)
        self.assertNotIn("https://", html)
        code, _, err = run("report", ".", "--plan-target", "90")
        self.assertEqual(code, 2)
        self.assertIn("--plan-target belongs to --plan FILE.csv: give both", err)

    def test_fund_summary_in_english(self):
        # The fund line of test_funds_and_plan_sections under --lang en (seed 002's figures).
        with tempfile.TemporaryDirectory() as tmp:
            code, out, err = run("report", ".", "--period", "2024Q1", "--lang", "en", "--output",
                                 os.path.join(tmp, "r.html"), "--funds", "funds.json")
        self.assertEqual((code, err), (0, ""))
        self.assertIn("新农合基金: total to raise 360.71 million yuan, arrived 360.71 million yuan "
                      "(100.00%), spent 130.00 million yuan, 36.04% of the total, time elapsed "
                      "41.67%, spending within the reasonable band.\n", out)
        self.assertNotIn("应筹集资金", out)

    def test_english(self):
        with tempfile.TemporaryDirectory() as tmp:
            code, out, _ = run("report", ".", "--period", "2024Q1", "--lang", "en", "--output",
                               os.path.join(tmp, "r.html"))
        self.assertEqual(code, 0)
        self.assertIn("Completion of the free premarital check quota (2024Q1) 94.13%: meets the "
                      "target of at least 90%.\n", out)

    def test_partial_year_says_what_is_missing(self):
        # The default period is DATA's latest calendar year: 2024, of which 3 months reported.
        with tempfile.TemporaryDirectory() as tmp:
            code, out, _ = run("report", ".", "--output", os.path.join(tmp, "r.html"))
        self.assertEqual(code, 1)  # a row that is not ok is a failed check
        self.assertIn("2024年，免费婚前医学检查任务完成率94.13%（数据不全：3/12个月、0/2个机构报告完整）。", out)

    def test_bad_directory_and_option(self):
        code, out, err = run("report", "no_such_dir")
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, "zhibiao: no_such_dir: not a directory (report reads DIR/data.csv, "
                              "DIR/org_units.csv and DIR/targets.csv)\n")
        code, _, err = run("report", ".", "--formt", "csv")
        self.assertEqual(code, 2)
        self.assertIn("unknown option '--formt'", err)

    def test_example_district_by_default(self):
        # examples/district (its README lists the planted stories): childcare places 3.89 per
        # 1,000 against the target 4.5 (not met, 4.5 − 3.89 = 0.61 short); blood-pressure control
        # 54.17 % in 2024 → 60.77 % in 2025, 6.60 points up, crossing its 60 % target; one
        # village clinic missing March, so cost per outpatient visit is partial.
        with tempfile.TemporaryDirectory() as tmp:
            page = os.path.join(tmp, "district.html")
            code, out, err = run("report", "--output", page)
            self.assertTrue(os.path.getsize(page) > 10000)
        self.assertEqual((code, err), (1, ""))
        self.assertTrue(out.startswith("示例区 2025年 卫生健康指标评估\n"))
        self.assertIn("2025年，每千人口3岁以下婴幼儿托位数3.89/千人，未达到不低于4.5/千人的目标，差0.61/千人。", out)
        self.assertIn("2025年，管理人群血压控制率60.77%，达到不低于60%的目标，较去年同期增加6.60个百分点。", out)
        self.assertRegex(out, r"次均门诊费用\d+\.\d\d元（数据不全：12/12个月、42/43个机构报告完整）")


class AuditVerb(unittest.TestCase):
    """`zhibiao audit FILE...` on the corpus of tests/data/audit: yunxi_2023_jan_nov.txt, the
    example the main job audits (examples/audit), whose planted errors its expected file lists
    by hand, and a clean sentence of seed 000: 1506 / 1600 × 100 = 94.125 → 94.13 (half up)."""

    CLEAN = "免费婚前医学检查任务数为1600人，已为1506人进行了免费婚检，任务完成率94.13%。\n"

    @classmethod
    def setUpClass(cls):
        cls.yunxi = os.path.abspath(os.path.join(DATA, "..", "audit", "yunxi_2023_jan_nov.txt"))
        with open(cls.yunxi.replace(".txt", ".expected.json"), encoding="utf-8") as f:
            cls.expected = json.load(f)
        with open(cls.yunxi, encoding="utf-8") as f:
            cls.text = f.read()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.clean = os.path.join(cls.tmp.name, "clean.txt")
        with open(cls.clean, "w", encoding="utf-8") as f:
            f.write(cls.CLEAN)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def audit_json(self, *args, status=1):
        code, out, err = run("audit", *args, "--format", "json")
        self.assertEqual((code, err), (status, ""))
        return json.loads(out)

    def test_example_is_the_corpus_document(self):
        # The main job audits examples/audit's copy; the expected file's offsets hold for it.
        example = os.path.join(DATA, "..", "..", "..", "examples", "audit", "yunxi_2023_jan_nov.txt")
        with open(example, "rb") as a, open(self.yunxi, "rb") as b:
            data = a.read()
            self.assertEqual(data, b.read())
        import hashlib
        self.assertEqual(hashlib.sha256(data).hexdigest(), self.expected["sha256"])

    def test_json_finds_every_planted_error(self):
        d = self.audit_json(self.yunxi)
        self.assertEqual(list(d), ["mentions", "findings"])
        self.assertEqual(list(d["mentions"][0]), ["id", "start", "end", "text", "quantity", "value",
                                                  "decimals", "unit", "period"])
        self.assertEqual(list(d["findings"][0]), ["id", "check", "verdict", "severity", "mentions",
                                                  "recomputed", "message_zh", "message_en"])
        for m in d["mentions"]:  # offsets in code points, end exclusive
            self.assertEqual(self.text[m["start"]:m["end"]], m["text"], m["id"])
        start = {m["id"]: m["start"] for m in d["mentions"]}

        def texts(finding):
            return {m["text"] for m in d["mentions"] if m["id"] in finding["mentions"]}

        planted = [k for k in self.expected["findings"] if k.get("planted")]
        self.assertEqual(sorted(k["check"] for k in planted),
                         ["claim", "exceeds_existing", "implied_denominator", "progress",
                          "quota_completion"])
        found = {}
        for k in planted:
            # The auditor's finding of the same check on figures the hand-made finding names.
            hits = [f for f in d["findings"] if f["check"] == k["check"]
                    and f["verdict"] == "inconsistent" and f["severity"] == k["severity"]
                    and {start[i] for i in f["mentions"]} <= set(k["figures"])]
            self.assertEqual(len(hits), 1, k["id"])
            found[k["check"]] = hits[0]
        # The numbers of the expected file's `why`, recomputed by the auditor:
        # 21.8 % of 51230 residents needs (234462.2, 235540.2]; the middle, 235000, is printed.
        self.assertTrue(234462.2 < found["implied_denominator"]["recomputed"] <= 235540.2)
        self.assertLessEqual({"51230人", "21.8%"}, texts(found["implied_denominator"]))
        # 序时进度 by whole months at 30 November: 11 / 12 = 91.67 %, above the 86.2 % done.
        self.assertAlmostEqual(found["progress"]["recomputed"], 11 / 12 * 100, places=9)
        self.assertEqual(texts(found["progress"]), {"86.2%", "超过序时进度"})
        # 986 / 1050 × 100 = 93.9047…, printed 94.70.
        self.assertAlmostEqual(found["quota_completion"]["recomputed"], 986 / 1050 * 100, places=9)
        # 9 of the 11 township health centres: 81.8 %, not 全覆盖.
        self.assertAlmostEqual(found["claim"]["recomputed"], 9 / 11 * 100, places=9)
        # 193 village clinics standardised of 186: 7 too many.
        self.assertEqual(found["exceeds_existing"]["recomputed"], 7)

    def test_markdown_and_table_carry_the_planted_message(self):
        d = self.audit_json(self.yunxi)
        mentions = len(d["mentions"])
        counts = {v: sum(f["verdict"] == v for f in d["findings"])
                  for v in ("inconsistent", "consistent", "cannot_check")}
        errors = sum(f["verdict"] == "inconsistent" and f["severity"] == "error" for f in d["findings"])
        message = ("完成率94.70%：已986对 ÷ 免费孕前优生健康检查任务1050对 × 100 = 93.904762%，"
                   "四舍五入为93.90%，与报告的94.70%不符：不一致")
        summary = (f"{self.yunxi}：数字{mentions}个，检查结果{len(d['findings'])}项：不一致"
                   f"{counts['inconsistent']}项（错误{errors}项），一致{counts['consistent']}项，"
                   f"无法核对{counts['cannot_check']}项\n")
        code, out, err = run("audit", self.yunxi, "--format", "markdown")
        self.assertEqual((code, err), (1, ""))
        self.assertTrue(out.startswith(f"## {self.yunxi}\n\n| 编号 | 检查 | 结论 | 严重程度 | 数字 | 重算 | 说明 |\n"
                                       "| --- | --- | --- | --- | --- | ---: | --- |\n"))
        self.assertRegex(out, r"\| quota_completion \| inconsistent \| error \| 94\.70% 986对 1050对 "
                              r"\| 93\.904762 \| " + message + r" \|\n")
        self.assertTrue(out.endswith("\n" + summary))
        # A consistent finding is not listed (1.45亿元 = 4860万 + 6120万 + 3520万 within rounding).
        self.assertNotIn("4860万元 + 6120万元", out)
        code, out, err = run("audit", self.yunxi)
        self.assertEqual((code, err), (1, ""))
        self.assertRegex(out, r"quota_completion +inconsistent +error +94\.70% 986对 1050对 +93\.904762  "
                              + message + "\n")
        self.assertTrue(out.endswith("\n" + summary))

    def test_english(self):
        code, out, _ = run("audit", self.yunxi, "--lang", "en")
        self.assertEqual(code, 1)
        self.assertIn("完成率 94.70%: 已 986对 / 免费孕前优生健康检查任务 1050对 × 100 = 93.904762%, "
                      "which rounds to 93.90%, not the printed 94.70%: inconsistent\n", out)
        self.assertRegex(out.splitlines()[-1], "^" + self.yunxi + r": \d+ figures, \d+ findings: "
                         r"\d+ inconsistent \(\d+ errors\), \d+ consistent, \d+ cannot be checked$")

    def test_clean_text_is_exit_0(self):
        d = self.audit_json(self.clean, status=0)
        self.assertEqual([m["text"] for m in d["mentions"]], ["1600人", "1506人", "94.13%"])
        [f] = d["findings"]
        self.assertEqual((f["check"], f["verdict"], f["recomputed"]), ("quota_completion", "consistent", 94.125))
        code, out, err = run("audit", self.clean, "--lang", "en")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, f"{self.clean}: 3 figures, 1 finding: 0 inconsistent, 1 consistent, "
                              "0 cannot be checked\n")
        code, out, _ = run("audit", self.clean, "--format", "md", "--lang", "en")
        self.assertEqual((code, out), (0, f"## {self.clean}\n\nNo inconsistent figures found.\n\n"
                                          f"{self.clean}: 3 figures, 1 finding: 0 inconsistent, "
                                          "1 consistent, 0 cannot be checked\n"))

    def test_several_files_keyed_by_path_and_output_file(self):
        both = self.audit_json(self.clean, self.yunxi)
        self.assertEqual(list(both), [self.clean, self.yunxi])
        self.assertEqual(both[self.clean], self.audit_json(self.clean, status=0))
        self.assertEqual(both[self.yunxi], self.audit_json(self.yunxi))
        path = os.path.join(self.tmp.name, "out.json")
        code, out, _ = run("audit", self.clean, "--format", "json", "--output", path)
        self.assertEqual((code, out), (0, ""))
        with open(path, encoding="utf-8") as f:
            self.assertEqual(json.load(f), both[self.clean])

    def test_as_of_moves_time_progress_and_a_warning_is_exit_0(self):
        # Seed 002's 40.8 % of the year's task: at 31 May 2024, 152/366 days = 41.53 % and 5/12
        # months = 41.67 % have passed (a leap year), so the work is behind: a warning, yet no
        # figure is wrong (exit 0). At 30 April, 4/12 = 33.33 %: ahead, not listed. (A sentence
        # naming its own months, 1-11月, keeps its own date whatever --as-of says.)
        path = os.path.join(self.tmp.name, "progress.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("2024年免费婚前医学检查任务1600人，已完成全年任务的40.8%。\n")
        [p] = self.audit_json(path, "--as-of", "2024-05-31", status=0)["findings"]
        self.assertEqual((p["check"], p["verdict"], p["severity"]), ("progress", "consistent", "warning"))
        self.assertAlmostEqual(p["recomputed"], 5 / 12 * 100, places=9)
        code, out, _ = run("audit", path, "--as-of", "2024-05-31", "--lang", "en")
        self.assertEqual(code, 0)
        self.assertIn("152/366 = 41.53% by days, 5/12 = 41.67% by months; behind time progress", out)
        self.assertTrue(out.endswith(": 2 figures, 1 finding: 0 inconsistent, 1 consistent (1 warning), "
                                     "0 cannot be checked\n"))
        [p] = self.audit_json(path, "--as-of", "2024-04-30", status=0)["findings"]
        self.assertEqual((p["verdict"], p["severity"]), ("consistent", "info"))
        self.assertAlmostEqual(p["recomputed"], 4 / 12 * 100, places=9)

    def test_gb18030_text_is_read_and_said_so(self):
        path = os.path.join(self.tmp.name, "clean_gb18030.txt")
        with open(path, "wb") as f:
            f.write(self.CLEAN.encode("gb18030"))
        code, out, err = run("audit", path, "--format", "json")
        self.assertEqual((code, err), (0, f"zhibiao: {path}: not UTF-8; read as GB18030\n"))
        self.assertEqual(json.loads(out), self.audit_json(self.clean, status=0))

    def test_bad_input_is_exit_2(self):
        for args, message in [
                (["nope.txt"], "nope.txt: cannot be read (No such file or directory)"),
                ([self.clean, "nope.txt"], "nope.txt: cannot be read (No such file or directory)"),
                # "code,name,parent\nD,District,\nT1,Town" is 36 bytes, then 0xFF.
                (["invalid_bytes.csv"], "invalid_bytes.csv: byte 36 (0xFF, line 3) is not UTF-8, and "
                                        "it is not GB18030 either: save the file as UTF-8"),
                ([self.clean, "--as-of", "2023-02-29"], "--as-of: cannot parse '2023-02-29' at "
                 "character 8: expected a day between 1 and 28 (2023年2月 has 28 days)"),
                ([self.clean, "--as-of", "2023Q1"], "--as-of: '2023Q1' is not a date (write 2024-05-31)"),
                ([self.clean, "--format", "csv"], "--format: audit prints table, json or markdown, not csv"),
                ([self.clean, "--lang", "fr"], "--lang: unknown language 'fr' (zh or en)"),
                ([], "audit needs a FILE: a report's text (UTF-8 or GB18030)")]:
            code, out, err = run("audit", *args)
            self.assertEqual((code, out), (2, ""), args)
            self.assertEqual(err.splitlines()[0], "zhibiao: " + message)


class FundsVerb(unittest.TestCase):
    """`zhibiao funds FUNDS.json` on funds.json: seed 002's 新农合 fund, 667984 persons at 540 元
    (个人120, 中央240, 省135, 区45): 667984 × 540 = 360,711,360 元 (全年应筹集参合资金3.6亿余元);
    1.3亿元 spent by 31 May 2010: 130000000 / 360711360 = 36.0399…% → 36.04; 5 of 12 months
    elapsed = 41.67 %; lead 36.0399 − 41.6667 = −5.63 points, inside the ±10 band."""

    def test_seed_fund(self):
        code, out, err = run("funds", "funds.json", "--format", "json")
        self.assertEqual((code, err), (0, ""))
        fund = json.loads(out)["funds"][0]
        self.assertEqual(fund["total"], "360711360.00")
        # JSON keeps the full double; the table prints it half up at 2 decimals.
        self.assertAlmostEqual(fund["execution_rate"], 36.03990, places=5)
        self.assertAlmostEqual(fund["lead"], 36.03990 - 41.66667, places=4)
        self.assertIs(fund["within_band"], True)
        self.assertIsNone(fund["disbursement_rate"])  # no 拨付 recorded: not tracked, not 0 %
        # 中央 240 × 667984 = 160,316,160 元, 240 / 540 = 44.44 %.
        central = fund["shares"][1]
        self.assertEqual((central["level"], central["standard"], central["amount"]),
                         ("中央", "240.00", "160316160.00"))
        self.assertAlmostEqual(central["share"], 400 / 9, places=12)  # 240 / 540 = 4 / 9
        self.assertEqual(fund["deadlines"][0]["status"], "met")

    def test_table_and_later_date(self):
        # At 30 June: 6 / 12 = 50 % elapsed, spending 36.04 % lags by 13.96 points: 偏慢, exit 1.
        code, out, _ = run("funds", "funds.json", "--as-of", "2010-06-30")
        self.assertEqual(code, 1)
        self.assertRegex(out, r"新农合基金\s+人均\s+540\.00\s+667984\s+360711360\.00")
        self.assertIn("  -13.96  ", out)
        self.assertIn("  36.04  ", out)
        self.assertIn("支出进度偏慢", out)

    def test_summary_in_english(self):
        # The class docstring's figures in English: 360,711,360 元 = 360.71 million yuan, 1.3亿元
        # = 130.00 million yuan, 36.04 % of the total at 41.67 % of the year, within the band.
        code, out, _ = run("funds", "funds.json", "--lang", "en")
        self.assertEqual(code, 0)
        last = out.rstrip("\n").splitlines()[-1]
        self.assertIn(": total to raise 360.71 million yuan, arrived 360.71 million yuan (100.00%), "
                      "spent 130.00 million yuan, 36.04% of the total, time elapsed 41.67%, "
                      "spending within the reasonable band.", last)
        self.assertNotIn("应筹集资金", out)
        self.assertNotIn("支出进度", out)
        code, out, _ = run("funds", "funds.json")
        self.assertIn("应筹集资金3.61亿元", out)  # Chinese by default, as before

    def test_deadline_missed_is_a_failed_check(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "f.json")
            # 120万元 of which 80万元 arrived by the 30 June deadline: 800000 < 1200000, missed.
            with open(path, "w", encoding="utf-8") as f:
                json.dump({"period": "2025", "funds": [{
                    "name": "项目", "total": "120万元", "shares": {"省": "80万元", "县": "40万元"},
                    "flows": [{"date": "2025-04-15", "stage": "到位", "amount": "80万元"},
                              {"date": "2025-08-20", "stage": "到位", "amount": "40万元"},
                              {"date": "2025-09-25", "stage": "支出", "amount": "90万元"}],
                    "deadlines": [{"stage": "到位", "by": "2025-06-30"}]}]}, f, ensure_ascii=False)
            code, out, err = run("funds", path, "--as-of", "2025-09-30", "--format", "json")
        self.assertEqual((code, err), (1, ""))
        fund = json.loads(out)["funds"][0]
        # 90 / 120 = 75 % spent at 9 / 12 = 75 % elapsed: lead 0, within the band.
        self.assertEqual((fund["execution_rate"], fund["within_band"]), (75.0, True))
        self.assertAlmostEqual(fund["lead"], 0.0, places=9)
        self.assertEqual(fund["deadlines"][0], {"stage": "arrived", "by": "2025-06-30", "share": 100.0,
                                                "required": "1200000.00", "reached": "800000.00",
                                                "status": "missed"})

    def test_bad_files(self):
        base = {"period": "2025", "funds": [{"name": "A", "total": "10元"}]}
        cases = [
            ({"period": "2025", "funds": [{"name": "A", "total": "10元", "colour": 1}]},
             "funds[0] (A).colour: unknown key (the keys are listed in docs/cli.md §9)"),
            ({"period": "2025", "fund": []}, "fund: unknown key; did you mean \"funds\"? (the keys "
                                             "are listed in docs/cli.md §9)"),
            ({"period": "2025", "funds": [{"name": "A", "total": "-10元"}]},
             "funds[0] (A).total: a negative amount ('-10元')"),
            ({"period": "2025", "funds": [{"name": "A", "total": 12.345}]},
             "funds[0] (A).total: an amount in whole 分 (at most 2 decimals of 元), got 12.345"),
            ({"period": "2025", "funds": [{"name": "A", "total": "10元", "flows": [
                {"date": "2025-01-01", "stage": "到位", "amount": "5元"},
                {"date": "2025-02-01", "stage": "支出", "amount": "6元"}]}]},
             "funds[0] (A): spent: by 2025-02-01 6.00 元 spent, more than the 5.00 元 arrived"),
            ({"period": "2025", "funds": [{"name": "A", "standard": "10元", "population": 5,
                                          "shares": {"中央": "6元", "省": "3元"}}]},
             "funds[0] (A).shares: the shares add up to 9.00 元, the standard is 10.00 元"),
            ({"period": "2025", "funds": [{"name": "A", "total": "10元", "flows": [
                {"date": "2025-01-01", "stage": "paid", "amount": "5元"}]}]},
             "funds[0] (A).flows[0].stage: expected allocated/下达, arrived/到位, disbursed/拨付 or "
             "spent/支出, got 'paid'"),
        ]
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "f.json")
            for doc, message in cases:
                with open(path, "w", encoding="utf-8") as f:
                    json.dump(doc, f, ensure_ascii=False)
                code, out, err = run("funds", path, "--as-of", "2025-09-30")
                self.assertEqual((code, out), (2, ""), message)
                self.assertEqual(err, "zhibiao: " + path + ": " + message + "\n")
            with open(path, "w", encoding="utf-8") as f:
                f.write('{"period": "2025", "funds": [{"name": "A", "total": "10元", '
                        '"shares": {"省": "6元", "省": "4元"}}]}')
            code, out, err = run("funds", path, "--as-of", "2025-09-30")
            self.assertEqual((code, out), (2, ""))
            self.assertEqual(err, "zhibiao: " + path + ": the key '省' is given twice in one object\n")
            # A number beyond a double: refused in one line (was an internal error; the funds
            # fuzz target found it).
            with open(path, "w", encoding="utf-8") as f:
                f.write('{"period": "2025", "funds": [{"name": "A", "total": 9e9999}]}')
            code, out, err = run("funds", path, "--as-of", "2025-09-30")
            self.assertEqual((code, out), (2, ""))
            self.assertEqual(err, "zhibiao: " + path + ": a number too large to read (beyond "
                                  "±1.8e308)\n")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(base, f)
            code, _, err = run("funds", path)
            self.assertEqual(code, 2)
            self.assertIn("no date to judge at", err)

    def test_mutated_files_never_crash(self):
        # The strict reader on 300 byte-level mutations of funds.json (a fixed seed): every one is
        # read (0 or 1) or refused in one line with status 2, never a crash or an internal error.
        import random
        with open(os.path.join(DATA, "funds.json"), "rb") as f:
            original = f.read()
        rng = random.Random(20261203)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "f.json")
            for _ in range(300):
                data = bytearray(original)
                for _ in range(rng.randint(1, 4)):
                    i = rng.randrange(len(data))
                    data[i:i + rng.randint(0, 3)] = bytes(rng.choice(b'0123456789-.,"{}[]:e ')
                                                          for _ in range(rng.randint(0, 2)))
                with open(path, "wb") as f:
                    f.write(bytes(data))
                code, _, err = run("funds", path)
                self.assertIn(code, (0, 1, 2), bytes(data))
                if code == 2:
                    self.assertEqual(len(err.splitlines()), 1, err)
                    self.assertNotIn("internal error", err, bytes(data))


class PlanVerb(unittest.TestCase):
    """`zhibiao plan plan_units.csv`: the hand calculation of tests/cpp/planning_test.cpp. 90 % of
    1000 + 2000 + 3000 = 6000 needs 5400; 甲 at 95 % keeps last year's 950 (the floor), 乙 and
    丙 share 4450 at 4450 / 5000 = 89 %: 1780 and 2670. With 3 months left and 900, 1600, 2500
    done: ⌈50 / 3⌉ = 17, 180 / 3 = 60, ⌈170 / 3⌉ = 57 a month."""

    def test_population_split(self):
        code, out, err = run("plan", "plan_units.csv", "--target", "90", "--period", "2025",
                             "--as-of", "2025-09-30", "--format", "json")
        self.assertEqual((code, err), (0, ""))
        doc = json.loads(out)
        self.assertEqual((doc["required"], doc["total"], doc["pooled_rate"]), (5400, 5400, "90.00"))
        self.assertEqual(doc["months_left"], 3)
        got = [(u["org_unit"], u["target_count"], u["target_rate"], u["at_floor"], u["per_month"])
               for u in doc["units"]]
        self.assertEqual(got, [("A", 950, "95.00", True, 17), ("B", 1780, "89.00", False, 60),
                               ("C", 2670, "89.00", False, 57)])

    def test_close_gaps_and_milestones(self):
        # close_gaps: 乙 and 丙 close the same share s of their gaps to 90 % (300 and 150):
        # 1500 + 300 s + 2550 + 150 s = 4450 → s = 8/9: 1766.67 and 2683.33, largest remainder
        # to 乙: 1767 + 2683 = 4450. Milestones 三年内达到90% from 62: 71.33, 80.67, 90.
        code, out, err = run("plan", "plan_units.csv", "--target", "90", "--method", "close_gaps",
                             "--milestones", "3", "--baseline", "62", "--first-year", "2026")
        self.assertEqual((code, err), (0, ""))
        self.assertRegex(out, r"B\s+乙\s+2000\s+1500\s+75\.00\s+1767\s+88\.35")
        self.assertRegex(out, r"C\s+丙\s+3000\s+2550\s+85\.00\s+2683\s+89\.43")
        self.assertIn("合计需5400（90% × 6000，向上取整），计划5400，合并率90.00%。", out)
        self.assertRegex(out, r"1\s+2026年\s+71\.33\n\s*2\s+2027年\s+80\.67\n\s*3\s+2028年\s+90\.00")

    def test_bad_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            bad = os.path.join(tmp, "u.csv")
            with open(bad, "w", encoding="utf-8") as f:
                f.write("org_unit,denominator,last_year\nA,100,50\nB,200,250\n")
            for args, message in [
                    (["plan_units.csv", "--target", "101"], "plan_units.csv: target 101: cannot be "
                     "met: every unit at its denominator gives 100 at most, the target needs 6060 of 6000"),
                    ([bad, "--target", "50"], bad + " row 3, field last_year: above its denominator "
                                                     "(250 of 200)"),
                    (["plan_units.csv"], "--target: the parent's target is needed (90 for 90 %)"),
                    (["plan_units.csv", "--target", "9O"], "--target: expected a number, got '9O'"),
                    (["plan_units.csv", "--target", "90", "--method", "even"],
                     "--method: expected population, equal_uplift or close_gaps, got 'even'")]:
                code, out, err = run("plan", *args)
                self.assertEqual((code, out), (2, ""), args)
                self.assertEqual(err.splitlines()[0], "zhibiao: " + message)


class ScoreVerb(unittest.TestCase):
    """`zhibiao score scheme.json data.csv` over 2024Q1 (tests/data/cli/scheme.json, the module
    docstring's figures). T1 at 806 / 900 = 89.555…%: a, 60 proportional to ≥90 %:
    60 × 89.555… / 90 = 59.7037; b, 40 less 4 per point short of 95 %: 40 − 4 × 5.444… = 18.2222;
    c, the 5-point bonus at 100 %, not reached: total 77.9259 → 77.93, 合格 (60–80), rank 2.
    To 良好 it lacks 2.07: item a gives at most 0.30 more, b 4/9 a case, so 5 cases (811: b
    20.44, total 80.15; 810 gives 79.70). T2 at 100 %: 60 + 40 + 5 = 105.00, 优秀, rank 1."""

    def score(self, *args):
        return run("score", "scheme.json", "data.csv", "--org-units", "org_units.csv",
                   "--period", "2024Q1", *args)

    def test_totals_grades_ranks_and_next_grade(self):
        code, out, err = self.score("--format", "json")
        self.assertEqual((code, err), (0, ""))
        doc = json.loads(out)
        got = [(u["org_unit"], u["total"], u["grade"], u["rank"]) for u in doc["units"]]
        self.assertEqual(got, [("T2", 105.0, "优秀", 1), ("T1", 77.93, "合格", 2)])
        t1 = doc["units"][1]
        self.assertEqual([(x["item"], round(x["score"], 4)) for x in t1["lost"]],
                         [("a", 59.7037), ("b", 18.2222)])
        self.assertEqual((t1["next"]["grade"], t1["next"]["points_needed"], t1["next"]["item"],
                          t1["next"]["cases"]), ("良好", 2.07, "b", 5))

    def test_title_names_the_period_once(self):
        # "婚检考核" does not say its period: " 2024Q1" follows. A name that says it (示例区2025年…
        # 考核 over 2025) is printed as it is, not followed by " 2025" again.
        code, out, _ = self.score()
        self.assertEqual(out.splitlines()[0], "婚检考核 2024Q1")
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(DATA, "scheme.json"), encoding="utf-8") as f:
                doc = json.load(f)
            doc["name"] = "2024Q1婚检考核"
            path = os.path.join(tmp, "scheme.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False)
            code, out, _ = run("score", path, "data.csv", "--org-units", "org_units.csv",
                               "--period", "2024Q1")
        self.assertEqual(out.splitlines()[0], "2024Q1婚检考核")

    def test_table_prints_reasons(self):
        code, out, err = self.score()
        self.assertEqual((code, err), (0, ""))
        self.assertRegex(out, r"2\s+T1\s+山王镇\s+77\.93\s+合格")
        self.assertIn("差5.44个百分点，每个百分点扣4分，得18.22分", out)
        self.assertIn("距良好差2.07分", out)

    def test_veto_is_exit_1(self):
        # A zeroing veto on ≥90 %: T1 (89.56 %) scores 0, 不合格, and the status is 1.
        with open(os.path.join(DATA, "scheme.json"), encoding="utf-8") as f:
            scheme = json.load(f)
        scheme["items"].append({"id": "v", "indicator": "premarital_check_quota_completion",
                                "points": 0, "rule": "veto", "target": "≥90%",
                                "veto": {"effect": "zero"}})
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "veto.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(scheme, f, ensure_ascii=False)
            code, out, err = run("score", path, "data.csv", "--org-units", "org_units.csv",
                                 "--period", "2024Q1", "--format", "csv")
        self.assertEqual((code, err), (1, ""))
        t1 = [r for r in rows(out.split("\n\n")[0]) if r["org_unit"] == "T1"][0]
        self.assertEqual((t1["total"], t1["grade"], t1["vetoed"], t1["rank"]),
                         ("0.00", "不合格", "是", "2"))

    def test_bad_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(DATA, "scheme.json"), encoding="utf-8") as f:
                text = f.read()
            typo = os.path.join(tmp, "typo.json")
            with open(typo, "w", encoding="utf-8") as f:
                f.write(text.replace('"points": 60', '"pionts": 60'))
            unknown = os.path.join(tmp, "unknown.json")
            with open(unknown, "w", encoding="utf-8") as f:
                f.write(text.replace('"premarital_check_quota_completion", "points": 40',
                                     '"premarital_rate", "points": 40'))
            for args, message in [
                    ([typo, "data.csv", "--org-units", "org_units.csv"],
                     typo + ': items[0].pionts: unknown field; did you mean "points"?'),
                    ([unknown, "data.csv", "--org-units", "org_units.csv"],
                     unknown + ': items[1] (b).indicator: unknown indicator "premarital_rate" '
                     "(not in the catalog)"),
                    (["scheme.json", "data.csv", "--org-units", "org_units.csv", "--period",
                      "2024Q1", "--units", "T1,T9"], "--units: unknown org unit 'T9'; did you mean \"D\"?"),
                    # The year 2024 is incomplete (3 months): no item has data.
                    (["scheme.json", "data.csv", "--org-units", "org_units.csv"],
                     "DATA: no unit has complete data over 2024 for an item of the scheme that "
                     "carries points (choose --period)"),
                    (["scheme.json"], "score needs a SCHEME.json and a DATA.csv")]:
                code, out, err = run("score", *args)
                self.assertEqual((code, out), (2, ""), args)
                self.assertEqual(err.splitlines()[0], "zhibiao: " + message)


if __name__ == "__main__":
    EXE, DATA = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], "-v"])
