"""Sentences of zhibiao.narrate and narrate_frame, word for word in Chinese and English
(docs/narrative.md). Figures from the seed reports (seed 000: a district's 2019 work summary;
seed 002: a district's 2024 half-year summary) or the hand calculation in each comment."""
import math

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb


def premarital(as_of="2019-12-31"):
    # Seed 000: 免费婚前医学检查任务数为1600人 … 1506人 … 任务完成率94.13%: 1506/1600 = 0.94125
    # exactly, half up → 94.13. At 31 December 12/12 months have passed: completion only.
    return zb.assess_quota(1506, zb.Quota(1600, zb.Period.year(2019)), as_of)


def immunisation(**kw):
    # Seed 002: 7469×22 = 164318 doses, 67072 by 31 May: 40.8184 % against 5/12 = 41.6667 %,
    # lead −0.8483 → 0.85 points below.
    quota = zb.Quota.from_expression("7469 * 22", zb.Period.year(2024))
    return zb.assess_quota(67072, quota, "2024-05-31", **kw)


def threshold(value, text):
    return zb.assess_threshold(value, zb.Threshold.parse(text)), text


H1 = zb.Period.half_year(2024, 1)

# (id, call with language → sentence, Chinese, English)
CASES = [
    ("quota-done-seed000", lambda lang, name: zb.narrate(premarital(), name=name, noun="人", language=lang),
     ("免费婚前医学检查", "Premarital check"),
     "免费婚前医学检查任务数1600人，已完成1506人，任务完成率94.13%。",
     "Premarital check: quota 1,600, 1,506 done, completion 94.13%."),
    # Seed 000: 免费孕前优生 371对, 已完成359对, 完成率96.77% (359/371 = 0.967655).
    ("quota-prepregnancy-seed000",
     lambda lang, name: zb.narrate(zb.assess_quota(359, zb.Quota(371, zb.Period.year(2019)), "2019-12-31"),
                                   name=name, noun="对", language=lang),
     ("免费孕前优生", "Pre-pregnancy check"),
     "免费孕前优生任务数371对，已完成359对，任务完成率96.77%。",
     "Pre-pregnancy check: quota 371, 359 done, completion 96.77%."),
    # Seed 000: 叶酸 任务数200人, 完成195人, 任务完成率97.5% (one decimal).
    ("quota-one-decimal-seed000",
     lambda lang, name: zb.narrate(zb.assess_quota(195, zb.Quota(200, zb.Period.year(2019)), "2019-12-31"),
                                   name=name, noun="人", language=lang, decimals=1),
     ("农村孕产妇叶酸增补", "Folic acid"),
     "农村孕产妇叶酸增补任务数200人，已完成195人，任务完成率97.5%。",
     "Folic acid: quota 200, 195 done, completion 97.5%."),
    # 164318 ≥ 10万 → 16.4318万 → 16.43万 (164.318 thousand → 164.32).
    ("quota-behind-seed002", lambda lang, name: zb.narrate(immunisation(), name=name, noun="剂次", language=lang),
     ("全区接种", "Immunisation"),
     "全区接种任务数16.43万剂次，已完成67072剂次，完成全年任务的40.82%，低于序时进度0.85个百分点。",
     "Immunisation: quota 164.32 thousand, 67,072 done, 40.82% of the year's quota, 0.85 percentage "
     "points below time progress."),
    ("quota-full-counts-seed002",
     lambda lang, name: zb.narrate(immunisation(), name=name, noun="剂次", language=lang, myriad_from=0),
     ("全区接种", "Immunisation"),
     "全区接种任务数164318剂次，已完成67072剂次，完成全年任务的40.82%，低于序时进度0.85个百分点。",
     "Immunisation: quota 164,318, 67,072 done, 40.82% of the year's quota, 0.85 percentage points "
     "below time progress."),
    # Seed 000 at 30 November: 94.125 − 11/12×100 = 2.4583 → 2.46 above.
    ("quota-ahead", lambda lang, name: zb.narrate(premarital("2019-11-30"), name=name, noun="人", language=lang),
     ("免费婚前医学检查", "Premarital check"),
     "免费婚前医学检查任务数1600人，已完成1506人，完成全年任务的94.13%，高于序时进度2.46个百分点。",
     "Premarital check: quota 1,600, 1,506 done, 94.13% of the year's quota, 2.46 percentage points "
     "above time progress."),
    # 6000 of 12000 at 30 June: 50 % against 6/12: on schedule.
    ("quota-at-progress",
     lambda lang, name: zb.narrate(zb.assess_quota(6000, zb.Quota(12000, zb.Period.year(2024)), "2024-06-30"),
                                   name=name, noun="人", language=lang),
     ("家庭医生签约", "Family doctor contracts"),
     "家庭医生签约任务数12000人，已完成6000人，完成全年任务的50.00%，达到序时进度。",
     "Family doctor contracts: quota 12,000, 6,000 done, 50.00% of the year's quota, in line with "
     "time progress."),
    # The assessment's tolerance of 1 point holds −0.85 on schedule.
    ("quota-tolerance", lambda lang, name: zb.narrate(immunisation(tolerance=1.0), name=name, language=lang,
                                                      myriad_from=0),
     ("接种", "Immunisation"),
     "接种任务数164318，已完成67072，完成全年任务的40.82%，达到序时进度。",
     "Immunisation: quota 164,318, 67,072 done, 40.82% of the year's quota, in line with time progress."),
    # A half-year quota: 120 of 200 at 31 March, 3/6 = 50 % elapsed → 10 points above.
    ("quota-half-year",
     lambda lang, name: zb.narrate(zb.assess_quota(120, zb.Quota(200, H1), "2024-03-31"), name=name,
                                   noun="对", period=H1, language=lang),
     ("孕前优生健康检查", "Pre-pregnancy check"),
     "2024年上半年，孕前优生健康检查任务数200对，已完成120对，完成本期任务的60.00%，高于序时进度10.00个百分点。",
     "Pre-pregnancy check (2024S1): quota 200, 120 done, 60.00% of the period's quota, 10.00 "
     "percentage points above time progress."),
    # Seed 000: 婚检率90.18% against 不低于90%.
    ("threshold-met-seed000",
     lambda lang, name: zb.narrate(*threshold(90.18, "不低于90%")[:1], threshold="不低于90%", name=name,
                                   language=lang),
     ("婚检率", "Premarital check rate"),
     "婚检率90.18%，达到不低于90%的目标。",
     "Premarital check rate 90.18%: meets the target of at least 90%."),
    # 90 − 88.65 = 1.35 points.
    ("threshold-missed",
     lambda lang, name: zb.narrate(zb.assess_threshold(88.65, zb.Threshold.parse("≥90%")),
                                   threshold=zb.Threshold.parse("≥90%"), name=name, language=lang),
     ("婚检率", "Premarital check rate"),
     "婚检率88.65%，未达到不低于90%的目标，差1.35个百分点。",
     "Premarital check rate 88.65%: misses the target of at least 90% by 1.35 percentage points."),
    # Seed 000: 2019统计年度 … 出生率为4.86‰ against 低于8‰ (constructed bound).
    ("threshold-per-mille-statistical-year-seed000",
     lambda lang, name: zb.narrate(zb.assess_threshold(4.86, zb.Threshold.parse("低于8‰")), threshold="低于8‰",
                                   name=name, period=zb.Period.statistical_year(2019), language=lang),
     ("出生率", "Birth rate"),
     "2019统计年度，出生率4.86‰，达到低于8‰的目标。",
     "Birth rate (2018Oct) 4.86 per 1,000: meets the target of less than 8 per 1,000."),
    # Seed 002: 发病率153.895/10万 against 低于150/10万 (constructed): 3.895 short.
    ("threshold-per-100k-seed002",
     lambda lang, name: zb.narrate(zb.assess_threshold(153.895, zb.Threshold.parse("低于150/10万")),
                                   threshold="低于150/10万", name=name, decimals=3, language=lang),
     ("传染病发病率", "Incidence"),
     "传染病发病率153.895/10万，未达到低于150/10万的目标，差3.895/10万。",
     "Incidence 153.895 per 100,000: misses the target of less than 150 per 100,000 by 3.895 per 100,000."),
    # Seed 000: 孕产妇保健覆盖率96.84% against 85%-95% (constructed): 96.84 − 95 = 1.84.
    ("threshold-range",
     lambda lang, name: zb.narrate(zb.assess_threshold(96.84, zb.Threshold.parse("85%-95%")), threshold="85%-95%",
                                   name=name, language=lang),
     ("孕产妇保健覆盖率", "Maternal care coverage"),
     "孕产妇保健覆盖率96.84%，未达到85%至95%的目标，差1.84个百分点。",
     "Maternal care coverage 96.84%: misses the target of between 85% and 95% by 1.84 percentage points."),
    # Seed 002: 区内住院率63.15% (23660/37466) 较去年同期增加3.56个百分点 (base 59.59 % constructed).
    ("change-points-seed002",
     lambda lang, name: zb.narrate(zb.compare_proportions(23660, 37466, 5959, 10000, direction="higher_is_better"),
                                   name=name, language=lang),
     ("区内住院率", "In-district admissions"),
     "区内住院率63.15%，较去年同期增加3.56个百分点。",
     "In-district admissions 63.15%, up 3.56 percentage points on the same period last year."),
    # Seed 002: 门、急诊人次122871 … 增长44%: base 85327 (122871/1.44), 37544/85327 = 44.0002 %.
    ("change-count-seed002",
     lambda lang, name: zb.narrate(zb.compare_rates(122871, 1, 85327, 1, unit="ratio"), name=name, noun="人次",
                                   language=lang),
     ("区妇幼保健院门急诊", "Outpatient visits"),
     "区妇幼保健院门急诊12.29万人次，较去年同期增长44%。",
     "Outpatient visits 122.87 thousand, up 44% on the same period last year."),
    # 895 against 1000: −10.5 %.
    ("change-decline", lambda lang, name: zb.narrate(zb.compare_rates(895, 1, 1000, 1, unit="ratio"), language=lang),
     ("", ""),
     "较去年同期下降10.5%。",
     "Down 10.5% on the same period last year."),
    # 49.999 % against 50 %: −0.001 points print as 0.00: 持平.
    ("change-level",
     lambda lang, name: zb.narrate(zb.compare_proportions(49999, 100000, 50, 100), name=name, language=lang),
     ("系统管理率", "Managed share"),
     "系统管理率50.00%，与去年同期持平。",
     "Managed share 50.00%, unchanged on the same period last year."),
    # A period printed as its DHIS2 code on request.
    ("quota-dhis2-label",
     lambda lang, name: zb.narrate(zb.assess_quota(120, zb.Quota(200, H1), "2024-06-30"), name=name, noun="对",
                                   period=H1, period_labels="dhis2", language=lang),
     ("孕前优生健康检查", "Pre-pregnancy check"),
     "2024S1，孕前优生健康检查任务数200对，已完成120对，任务完成率60.00%。",
     "Pre-pregnancy check (2024S1): quota 200, 120 done, completion 60.00%."),
    # Seed 000: 出生人口总性别比114.17 against ≤ 110 (constructed, a ratio without a suffix).
    ("threshold-ratio-seed000",
     lambda lang, name: zb.narrate(zb.assess_threshold(114.17, zb.Threshold.parse("≤110", unit="ratio")),
                                   threshold=zb.Threshold.parse("≤110", unit="ratio"), name=name, language=lang),
     ("出生人口性别比", "Sex ratio at birth"),
     "出生人口性别比114.17，未达到不高于110的目标，差4.17。",
     "Sex ratio at birth 114.17: misses the target of at most 110 by 4.17."),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_sentence_zh(case):
    _, call, names, zh, _ = case
    assert call("zh", names[0]) == zh


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_sentence_en(case):
    _, call, names, _, en = case
    assert call("en", names[1]) == en


def assessed_frame():
    # The columns assess_thresholds adds to an evaluated table. Seed 000: 婚检率90.18%, 公共场所
    # 监督覆盖率83.9% (104 of 124); a row without a value; a row of an indicator without a target.
    return pd.DataFrame({
        "org_unit_name": ["八公山区", "八公山区", "山王镇", "八公山区"],
        "indicator_name": ["婚检率", "公共场所监督覆盖率", "产前筛查率", "剖宫产率"],
        "period": ["2019", "2019", "2019", None],
        "value": [90.18, 83.9, np.nan, 35.12],
        "target": ["≥90%", "≥90%", "≥90%", None],
    }, index=[10, 11, 12, 13])


def test_narrate_frame_zh():
    s = zb.narrate_frame(assessed_frame(), unit="%")
    assert list(s.index) == [10, 11, 12, 13]
    assert s.tolist() == [
        "2019年，八公山区婚检率90.18%，达到不低于90%的目标。",
        # 90 − 83.9 = 6.1 points (2 decimals: 6.10).
        "2019年，八公山区公共场所监督覆盖率83.90%，未达到不低于90%的目标，差6.10个百分点。",
        "2019年，山王镇产前筛查率无数据。",
        "八公山区剖宫产率35.12%。",
    ]


def test_narrate_frame_en():
    frame = assessed_frame().drop(columns=["org_unit_name"])
    frame["indicator_name"] = ["Premarital check rate", "Supervision coverage", "Prenatal screening",
                               "Caesarean rate"]
    assert zb.narrate_frame(frame, language="en", decimals=1, unit="percent").tolist() == [
        "Premarital check rate (2019) 90.2%: meets the target of at least 90%.",
        "Supervision coverage (2019) 83.9%: misses the target of at least 90% by 6.1 percentage points.",
        "Prenatal screening (2019): no value.",
        "Caesarean rate 35.1%.",
    ]


def test_narrate_frame_of_assess_thresholds():
    # Seed 000: 104 of 124 public places supervised = 83.87 % (printed 83.9%), against ≥ 90 %:
    # 6.13 points short; 58 of 60 medical institutions = 96.67 % reaches it.
    frame = pd.DataFrame({"indicator": ["cov", "cov"], "indicator_name": ["公共场所监督覆盖率", "医疗机构监督覆盖率"],
                          "period": ["2019", "2019"], "numerator": [104.0, 58.0],
                          "denominator": [124.0, 60.0]})
    frame["value"] = frame.numerator / frame.denominator * 100
    assessed = zb.assess_thresholds(frame, {"cov": "≥90%"})
    assert zb.narrate_frame(assessed).tolist() == [
        "2019年，公共场所监督覆盖率83.87%，未达到不低于90%的目标，差6.13个百分点。",
        "2019年，医疗机构监督覆盖率96.67%，达到不低于90%的目标。",
    ]


@pytest.mark.parametrize("call", [
    lambda: zb.narrate("abc"),
    lambda: zb.narrate(premarital(), language="fr"),
    lambda: zb.narrate(premarital(), decimals=16),
    lambda: zb.narrate(premarital(), decimals=float("nan")),
    lambda: zb.narrate(premarital(), myriad_from=float("inf")),
    lambda: zb.narrate(premarital(), myriad_from=None),
    lambda: zb.narrate(premarital(), name=None),
    lambda: zb.narrate(premarital(), period=5),
    lambda: zb.narrate(premarital(), period_labels="iso"),
    lambda: zb.narrate(zb.assess_threshold(85.0, zb.Threshold.parse("≥90%"))),  # no threshold
    lambda: zb.narrate(zb.assess_threshold(85.0, zb.Threshold.parse("≥90%")), threshold="abc"),
    lambda: zb.narrate_frame(assessed_frame().assign(value=[90.0, math.inf, 1.0, 2.0])),
    lambda: zb.narrate_frame(assessed_frame().assign(target=["≥90%", 5, None, None])),
    lambda: zb.narrate_frame(assessed_frame(), value="missing"),
    lambda: zb.narrate_frame([1, 2, 3]),
    lambda: zb.narrate_frame(assessed_frame(), unit="per_100k"),  # not the thresholds' unit
    lambda: zb.narrate_frame(assessed_frame(), unit=5),
])
def test_bad_arguments_raise_zhibiao_errors(call):
    with pytest.raises(zb.InvalidInput):
        call()


def test_infinite_row_named():
    with pytest.raises(zb.InvalidInput, match="row 1"):
        zb.narrate_frame(assessed_frame().assign(value=[90.0, math.inf, 1.0, 2.0]))


def test_per_thousand_population_words_follow_the_place():
    # The example district's childcare row: 3.89 places per 1,000 against ≥4.5 (examples/district,
    # story 5); 每千人口 stays after the place and appears once, whether the indicator's name
    # carries it or not (src/narrative.cpp row_subject).
    f = pd.DataFrame({"org_unit_name": ["示例区", "示例区"],
                      "indicator_name": ["每千人口3岁以下婴幼儿托位数", "医疗卫生机构床位数"],
                      "period": ["2025", "2025"], "value": [3.89, 4.5],
                      "target": ["≥4.5/千人", "≥4.5/千人"]})
    text = zb.narrate_frame(f).tolist()
    assert text[0].startswith("2025年，示例区每千人口3岁以下婴幼儿托位数3.89/千人，未达到")
    assert text[1].startswith("2025年，示例区每千人口医疗卫生机构床位数4.50/千人，达到")


# --- small-number verdicts in the narrative (docs/narrative.md §6) ------------------------------

def _bp_table():
    # Blood-pressure control against ≥60 % (examples/district/README.md story 4: 14446 / 23771 =
    # 60.77 % for the district) and a small clinic at 30 / 50 = 60.00 %. Wilson's 95 % interval,
    # centre (p + z²/2n) / (1 + z²/n), half-width z / (1 + z²/n) × √(p(1 − p)/n + z²/4n²), z =
    # 1.95996: district 60.149–61.390 (wholly above 60: reached); clinic 46.18–72.39 (holds 60:
    # 差异无统计学意义, although 60.00 meets ≥60 by its value).
    g = pd.DataFrame({"indicator": ["hypertension_bp_control_rate"] * 2,
                      "org_unit_name": ["示例区", "某卫生室"],
                      "indicator_name": ["高血压患者血压控制率"] * 2, "period": ["2025"] * 2,
                      "value": [14446 / 23771 * 100, 30 / 50 * 100],
                      "numerator": [14446, 30], "denominator": [23771, 50]})
    return zb.assess_thresholds(g, {"hypertension_bp_control_rate": "≥60%"}, confidence=0.95)


def test_narrate_frame_says_when_the_data_cannot_tell():
    a = _bp_table()
    assert zb.narrate_frame(a).tolist() == [
        "2025年，示例区高血压患者血压控制率60.77%（95%置信区间60.15–61.39），达到不低于60%的目标。",
        "2025年，某卫生室高血压患者血压控制率60.00%（95%置信区间46.18–72.39），"
        "与不低于60%的目标差异无统计学意义。"]
    en = zb.narrate_frame(a, language="en").tolist()
    assert en[1].endswith("60.00% (95% CI 46.18–72.39): not distinguishable from the target of "
                          "at least 60%.")
    # verdict=None: the sentences of the value alone, as without confidence=.
    assert zb.narrate_frame(a, verdict=None).tolist()[1] == \
        "2025年，某卫生室高血压患者血压控制率60.00%，达到不低于60%的目标。"


def test_narrate_frame_refuses_verdicts_it_cannot_stand_behind():
    a = _bp_table()
    edited = a.copy()
    edited.loc[1, "verdict"] = "reached"  # not what 30 of 50 gives
    with pytest.raises(zb.InvalidInput, match="verdict: row 1 says 'reached', but its counts"):
        zb.narrate_frame(edited)
    bare = pd.DataFrame(a)  # a copy keeps attrs; clearing them is what a CSV round trip does
    bare.attrs = {}
    with pytest.raises(zb.InvalidInput, match="verdict: the frame has verdicts but not how"):
        zb.narrate_frame(bare)
