"""The figure reader from Python (figure.hpp, docs/figures.md): zhibiao.read_figures gives a
DataFrame, zhibiao.read_figure one Figure. Phrases cite the seed reports: seed 000 is the 2019
year summary, seed 002 the 2024 half-year summary."""
import math

import pandas as pd
import pytest

import zhibiao as zb


def test_quota_done_and_completion_rate_seed_000():
    # Seed 000: "任务数为1600人，…已为1506人…任务完成率94.13%".
    text = "任务数为1600人，已为1506人婚姻登记对象进行了免费婚检，任务完成率94.13%"
    df = zb.read_figures(text)
    assert isinstance(df, pd.DataFrame)
    assert df["text"].tolist() == ["1600人", "1506人", "94.13%"]
    assert df["value"].tolist() == [1600.0, 1506.0, 94.13]
    assert df["unit_kind"].tolist() == ["count", "count", "rate"]
    assert df["rate_unit"].tolist() == [None, None, "percent"]
    rate = df.iloc[2]
    assert rate["decimals"] == 2 and rate["printed"] == "94.13"
    # 94.13 stands for [94.125, 94.135).
    assert rate["lower"] == pytest.approx(94.125) and rate["upper"] == pytest.approx(94.135)
    # Offsets are str indices (code points).
    for row in df.itertuples():
        assert text[row.start:row.end] == row.text


def test_columns_and_dtypes():
    df = zb.read_figures("签约率60.20%")
    assert list(df.columns) == ["start", "end", "text", "printed", "value", "decimals", "lower",
                                "upper", "bound", "unit_kind", "unit", "rate_unit",
                                "chinese_numerals", "number_start", "number_end", "unit_start",
                                "unit_end", "density"]
    assert df["start"].dtype == "int64" and df["value"].dtype == "float64"
    assert df["printed"].tolist() == ["60.20"]  # the trailing zero is printed
    empty = zb.read_figures("一是加强培训；二是开展督查")
    assert len(empty) == 0 and list(empty.columns) == list(df.columns)


def test_magnitudes_and_qualifiers_seed_002():
    # Seed 002: "出院人次1.9万余人次", "近54万人次", "约1.8万平方米", "3.6亿余元", "97%左右".
    df = zb.read_figures("出院人次1.9万余人次；全区有近54万人次享受新农合补偿；总建筑面积约1.8万平方米；"
                         "参合资金3.6亿余元；配送率一直稳定在97%左右")
    rows = df.set_index("text")
    assert rows.loc["1.9万余人次", "bound"] == "more_than"
    assert rows.loc["1.9万余人次", ["lower", "upper"]].tolist() == [19000.0, 20000.0]
    assert rows.loc["近54万人次", "bound"] == "nearly"
    assert rows.loc["近54万人次", ["lower", "upper"]].tolist() == [513000.0, 540000.0]
    assert rows.loc["约1.8万平方米", ["lower", "upper"]].tolist() == [17000.0, 19000.0]
    assert rows.loc["3.6亿余元", "unit_kind"] == "money"
    assert rows.loc["3.6亿余元", "value"] == 360000000.0
    assert rows.loc["97%左右", "bound"] == "about"


def test_read_figure_one_figure():
    f = zb.read_figure("1.45万人", "population")
    assert isinstance(f, zb.Figure)
    assert f.value == 14500.0 and f.decimals == 2 and f.magnitude == 4
    assert str(f.printed) == "14500" and f.printed == zb.Decimal(145, 2)
    assert (f.lower, f.upper) == (14450.0, 14550.0)
    assert f.unit == "万人" and f.unit_kind == "count" and f.rate_unit is None
    g = zb.read_figure("153.895/10万")  # seed 002: 发病率153.895/10万
    assert g.rate_unit == zb.Unit("per_100k") and g.decimals == 3
    d = zb.read_figure("2019年1-11月份")  # seed 000
    assert d.unit_kind == "date" and (d.year, d.month, d.end_month) == (2019, 1, 11)
    assert "94.13%" in repr(zb.read_figure("94.13%"))


def test_chinese_numerals_and_list_markers_seed_000():
    # Seed 000: "具体开展五项工作：一是…；二是…" and "对辖五百余位育龄群众".
    df = zb.read_figures("具体开展五项工作：一是制定方案；二是督促企业申报；对辖五百余位育龄群众开展调查")
    assert df["text"].tolist() == ["五项", "五百余位"]
    assert df["value"].tolist() == [5.0, 500.0]
    assert df["chinese_numerals"].tolist() == [True, True]
    assert df["upper"].tolist()[1] == 600.0


def test_rate_named_before_the_number():
    f = zb.read_figure("千人口床位数6.5")
    assert f.unit_kind == "rate" and f.rate_unit == zb.Unit("per_1000_population")
    assert zb.read_figure("每万常住人口50间").rate_unit == zb.Unit("per_10k")


def test_more_than_has_the_largest_double_as_upper_bound():
    f = zb.read_figure("超过90%")
    assert f.bound == "more_than" and f.lower == 90.0
    assert math.isfinite(f.upper) and f.upper == 1.7976931348623157e308


def test_refusals_name_field_and_position():
    with pytest.raises(zb.ParseError) as e:
        zb.read_figure("5人6人", "quota")
    assert e.value.field == "quota" and e.value.position == 2
    with pytest.raises(zb.ParseError) as e:
        zb.read_figure("1,5")
    assert e.value.position == 1
    with pytest.raises(zb.ParseError) as e:
        zb.read_figure("123456789012345678901234人")
    assert "18 significant digits" in str(e.value)
    with pytest.raises(zb.ParseError) as e:
        zb.read_figures(b"\xe7\x8e\x8794%\x80")  # 率94% then a lone continuation byte
    assert e.value.position == 4 and e.value.field == "text"
    with pytest.raises(zb.ParseError):
        zb.read_figures("率\udc80")  # a lone surrogate
    with pytest.raises(zb.InvalidInput):
        zb.read_figures(94.13)


def test_bytes_and_str_give_the_same_figures():
    text = "累计发放奖励资金共计1990.99万元"  # seed 002
    assert zb.read_figures(text.encode()).equals(zb.read_figures(text))
    assert zb.read_figures(text)["value"].tolist() == [19909900.0]


def test_density_named_before_a_counted_number():
    # Audit test documents (tests/data/audit/baisha_2025_h1.txt, shimen_2021_stat_year.txt):
    # the indicator's name before the number is not part of the figure (docs/figures.md §2).
    text = "区医疗卫生机构实有床位2958张，千人口床位数6.99张"
    df = zb.read_figures(text)
    assert df["text"].tolist() == ["2958张", "6.99张"]
    assert df["start"].tolist() == [11, 23]  # before: the second started at 千 (17)
    assert df["unit"].tolist() == ["张", "张"]
    assert df["value"].tolist() == [2958.0, 6.99]
    assert df["unit_kind"].tolist() == ["count", "rate"]  # 6.99 beds per 1,000 population
    assert df["rate_unit"].tolist() == [None, "per_1000_population"]
    gp = zb.read_figures("全科医生152人，每万常住人口全科医生数3.6人")
    assert gp["text"].tolist() == ["152人", "3.6人"]
    assert gp["start"].tolist() == [4, 20]
    assert gp["unit_kind"].tolist() == ["count", "rate"]  # before: 3.6人 was a count
    assert gp["rate_unit"].tolist() == [None, "per_10k"]
    text = "力争每千人口托位数达到3个以上；"
    places = zb.read_figures(text)
    assert places["text"].tolist() == ["3个"]
    assert (places["start"].tolist(), places["end"].tolist()) == ([11], [13])  # before: 2 to 13
    assert text[11:13] == "3个"


def test_spans_and_density_columns():
    # docs/figures.md §2: the number alone and the unit word have their own spans, so that a
    # highlighter can mark 1.45万 inside 约1.45万人; 千人口床位数6.99张 (baisha_2025_h1.txt) is 6.99
    # beds per 1,000 population, its density, counted from the name before the number.
    text = "约1.45万人，千人口床位数6.99张"
    df = zb.read_figures(text)
    assert df[["number_start", "number_end", "unit_start", "unit_end"]].values.tolist() == [
        [1, 6, 6, 7], [14, 18, 18, 19]]
    assert text[1:6] == "1.45万" and text[6:7] == "人"
    assert text[14:18] == "6.99" and text[18:19] == "张"
    assert df["density"].tolist() == [None, "per_1000_population"]
    assert df["number_start"].dtype == "int64"


def test_read_figure_at_prose_and_target_modes():
    # Target wording (docs/targets.md §2): 不低于.5% has its number at character 3; prose reading
    # does not take a leading point, target reading does, and stops where the unit ends.
    f = zb.read_figure_at("不低于.5%以上", 3, mode="target")
    assert (f.text, f.value, f.start, f.end) == (".5%", 0.5, 3, 6)
    assert (f.number_start, f.number_end, f.unit_start, f.unit_end) == (3, 5, 5, 6)
    assert f.density is None
    # Seed 000: 任务数为1600人 — the count at character 4, the text after it left alone.
    g = zb.read_figure_at("任务数为1600人，已为1506人", 4)
    assert (g.text, g.value, g.end) == ("1600人", 1600.0, 9)
    # A thousands separator without three digits is refused in target mode at the comma.
    with pytest.raises(zb.ParseError, match="target: .* at character 4"):
        zb.read_figure_at("不低于1,00%", 3, mode="target", field="target")
    with pytest.raises(zb.ParseError, match="figure: .* at character 0"):
        zb.read_figure_at("任务数", 0)
    with pytest.raises(zb.InvalidInput, match="mode: unknown mode 'exact'"):
        zb.read_figure_at("90%", 0, mode="exact")
