"""Target wording from Python (issue 17 item 2): Threshold.parse with counts, Improvement.parse,
parse_target. Phrases from the seed reports (seed 000: a district's 2019 summary; seed 002: a
district's 2024 half-year summary) and the national plan targets; docs/targets.md §2 and §6."""
import pytest

import zhibiao as zb


@pytest.mark.parametrize("text, bound, value, unit, noun", [
    ("一类苗接种率90%以上", "at_least", 90, "%", ""),                 # seed 000
    ("基础免疫五苗接种率达90%以上", "at_least", 90, "%", ""),         # seed 000
    ("剖宫产率大于50%", "more_than", 50, "%", ""),                     # seed 002
    ("孕产妇死亡率下降到12/10万", "at_most", 12, "/10万", ""),        # 健康中国2030: 12/10万
    ("婴儿死亡率降至5.0‰", "at_most", 5, "‰", ""),                   # 健康中国2030: 5.0‰
    ("5岁以下儿童死亡率≤6.6‰", "at_most", 6.6, "‰", ""),             # 健康儿童行动提升计划
    ("不少于1,000人", "at_least", 1000, "", "人"),                    # issue 17
    ("完成1,200例以上", "at_least", 1200, "", "例"),                  # issue 17
    ("不低于500剂次", "at_least", 500, "", "剂次"),                   # issue 17
    ("达到3家以上", "at_least", 3, "", "家"),                         # issue 17
    ("不低于９０％", "at_least", 90, "%", ""),                         # issue 17, full-width
    ("完成67072剂次", "at_least", 67072, "", "剂次"),                 # seed 002's 67072剂次
])
def test_threshold_wording(text, bound, value, unit, noun):
    t = zb.Threshold.parse(text)
    assert (t.bound, t.value, t.count_unit) == (bound, value, noun)
    assert t.describe().endswith(unit + noun)
    assert zb.Threshold.parse(t.describe()) == t  # describe() reads back as the same threshold


def test_threshold_count_and_its_refusals():
    t = zb.Threshold.parse("不少于1,000人")
    assert t.describe() == "≥1000人" and t.unit.code == zb.Unit.ratio().code
    # 1000 vaccinated of the bound 1000 meets it; 999 is 1 short.
    assert t.met_by(1000) and t.shortfall(999) == 1
    with pytest.raises(zb.ParseError) as e:
        zb.Threshold.parse("不少于100头")  # 不(0)少(1)于(2)1(3)0(4)0(5)头(6)
    assert e.value.position == 6
    with pytest.raises(zb.ParseError) as e:
        zb.Threshold.parse("较上年提高2个百分点")
    assert e.value.position == 0 and "Improvement::parse" in str(e.value)


@pytest.mark.parametrize("text, kind, amount, direction, baseline, years", [
    ("较上年提高2个百分点", "points", 2, "higher_is_better", None, 5),                # issue 17
    ("区内住院率较去年同期增加3.56个百分点", "points", 3.56, "higher_is_better", None, 5),  # seed 002
    ("次均门诊费用较上年同期增长了6%", "relative", 6, "higher_is_better", None, 5),    # seed 002
    ("重大慢性病过早死亡率较2015年下降30%", "relative", 30, "lower_is_better", 2015, 5),  # 健康中国2030
    ("同比增长5%", "relative", 5, "higher_is_better", None, 5),                      # issue 17
    ("逐年下降", "trend", 0, "lower_is_better", None, 5),                            # issue 17
    ("较上年有所提高", "better", 0, "higher_is_better", None, 5),                    # issue 17
    ("不高于近5年平均水平", "not_worse_than_average", 0, "lower_is_better", None, 5),  # issue 17
    ("不低于近三年平均水平", "not_worse_than_average", 0, "higher_is_better", None, 3),
    ("不低于2023年水平", "not_worse_than_baseline", 0, "higher_is_better", 2023, 5),  # issue 17
])
def test_improvement_wording(text, kind, amount, direction, baseline, years):
    i = zb.Improvement.parse(text)
    assert (i.kind, i.amount, i.direction, i.years) == (kind, amount, direction, years)
    assert i.baseline == (zb.Period.year(baseline) if baseline else None)
    assert zb.Improvement.parse(i.describe()) == i


@pytest.mark.parametrize("text, position, words", [
    ("高于低于5%", 2, "second comparison word"),
    ("提高下降2个百分点", 2, "do not go together"),
    ("较上年提高2个", 6, "个百分点"),
    ("孕产妇死亡率下降到12/10万", 6, "Threshold::parse"),
])
def test_improvement_refusals(text, position, words):
    with pytest.raises(zb.ParseError) as e:
        zb.Improvement.parse(text)
    assert e.value.position == position and words in str(e.value)


def test_improvements_assessed_with_national_figures():
    # 重大慢性病过早死亡率 18.5 % (2015) -> 15.3 % (2021): -3.2 points reach 下降3个百分点, but
    # -17.297 % relative ((15.3 - 18.5) / 18.5) misses 下降30%.
    a = zb.assess_improvement(15.3, zb.Improvement.parse("较2015年下降3个百分点"), 18.5)
    assert a.reached and a.change_points == pytest.approx(-3.2)
    b = zb.assess_improvement(15.3, zb.Improvement.parse("较2015年下降30%"), 18.5)
    assert not b.reached and b.change_relative == pytest.approx(-17.2973, abs=1e-4)
    # 孕产妇死亡率 15.7/10万 (2022) -> 14.3/10万 (2024) against 不高于2022年水平.
    c = zb.assess_improvement(14.3, zb.Improvement.parse("不高于2022年水平"), 15.7)
    assert c.reached and c.reference == 15.7 and c.change_points == pytest.approx(-1.4)
    assert not zb.assess_improvement(15.8, zb.Improvement.parse("不高于2022年水平"), 15.7).reached
    assert zb.Improvement("not_worse_than_baseline", direction="lower_is_better",
                          baseline=zb.Period.year(2022)) == zb.Improvement.parse("不高于2022年水平")


def test_parse_target_either_or():
    options = zb.parse_target("婴儿死亡率5.6‰或持续降低")
    assert [type(o).__name__ for o in options] == ["Threshold", "Improvement"]
    assert options[0].describe() == "≤5.6‰" and options[1].kind == "trend"
    assert isinstance(zb.parse_target("不少于1,000人"), zb.Threshold)
    assert isinstance(zb.parse_target("较上年提高2个百分点"), zb.Improvement)
    with pytest.raises(zb.ParseError) as e:
        zb.parse_target("≥90%或越高越好")  # the second part, at its place in the whole text
    assert e.value.position == 9


@pytest.mark.parametrize("text, bound, value, noun", [
    ("不到90%", "less_than", 90, ""),      # 不到: below (docs/targets.md §2)
    ("剖宫产率不足50%", "less_than", 50, ""),  # seed 002's 剖宫产率大于50%, as an upper bound
    ("不到1,000人", "less_than", 1000, "人"),
    ("≥.5%", "at_least", 0.5, ""),        # a leading point (target mode of the figure reader)
    ("≥1e3", "at_least", 1000, ""),       # an exponent
])
def test_threshold_numbers_through_the_figure_reader(text, bound, value, noun):
    t = zb.Threshold.parse(text)
    assert (t.bound, t.value, t.count_unit) == (bound, value, noun)
    assert zb.Threshold.parse(t.describe()) == t


@pytest.mark.parametrize("text, position", [
    ("不低于1,5%", 4),      # a decimal comma: refused at the comma
    ("不低于1,0000", 4),
    ("不低于1000,000", 7),
    ("≥5.%", 3),            # a point with no digit after it
])
def test_malformed_numbers_are_refused_at_their_position(text, position):
    with pytest.raises(zb.ParseError) as e:
        zb.Threshold.parse(text)
    assert e.value.position == position
