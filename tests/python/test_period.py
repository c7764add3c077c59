"""Periods from Python: parsing, dates in and out, pandas conversions, time aggregation.

Reference values are the acceptance figures of issue 5 and hand calculations written beside them.
"""
import datetime as dt
import pickle

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb
from zhibiao import Period


def test_acceptance_figures():
    # Calendar 2024 (leap year) at 31 May: 152/366 by days, 5/12 by months.
    y = Period.year(2024)
    assert y.elapsed_share(dt.date(2024, 5, 31)) == 152 / 366
    assert y.elapsed_share(dt.date(2024, 5, 31), basis="months") == 5 / 12
    p = Period.parse("2019统计年度")
    assert (p.start, p.end) == (dt.date(2018, 10, 1), dt.date(2019, 9, 30))
    q = Period.parse("2019年1-11月")
    assert (q.start, q.end) == (dt.date(2019, 1, 1), dt.date(2019, 11, 30))
    h = Period.parse("2024年上半年").same_period_last_year()
    assert (h.start, h.end, h.type) == (dt.date(2023, 1, 1), dt.date(2023, 6, 30), "half_year")
    assert Period.parse("2020W53").end == dt.date(2021, 1, 3)
    with pytest.raises(zb.ParseError):
        Period.parse("2021W53")


def test_two_naming_conventions_for_the_same_year():
    china = Period.statistical_year(2019, 10)      # named by the year it ends in
    dhis2 = Period.financial_year_starting(2018, 10)  # named by the year it starts in
    assert china == dhis2
    assert china.code == "2018Oct" and china.chinese() == "2019统计年度"
    assert china.end_year == 2019 and china.start_year == 2018


def test_dates_are_accepted_in_the_usual_python_forms():
    y = Period.year(2024)
    for as_of in [dt.date(2024, 5, 31), dt.datetime(2024, 5, 31, 17, 0), pd.Timestamp("2024-05-31"),
                  np.datetime64("2024-05-31"), "2024-05-31"]:
        assert y.elapsed_share(as_of) == 152 / 366, as_of
    assert dt.date(2024, 2, 29) in y
    assert Period.month(2024, 2) in y
    with pytest.raises(zb.InvalidInput) as info:
        y.elapsed_share("2024-02-30")
    assert info.value.field == "date"
    with pytest.raises(zb.InvalidInput, match="YYYY-MM-DD"):
        y.elapsed_share("31/05/2024")


def test_relative_expressions_use_the_reference_date():
    ref = dt.date(2024, 6, 10)
    p = Period.parse("今年1-5月", reference=ref)
    assert (p.start, p.end) == (dt.date(2024, 1, 1), dt.date(2024, 5, 31))
    assert Period.parse("截至目前", reference=ref).end == ref
    with pytest.raises(zb.ParseError) as info:
        Period.parse("1-5月")
    assert info.value.position == 0 and "reference date" in str(info.value)


def test_statistical_cumulation_setting():
    p = Period.parse("截至2020年5月31日", cumulative_start_month=10)
    assert (p.start, p.end) == (dt.date(2019, 10, 1), dt.date(2020, 5, 31))
    assert pickle.loads(pickle.dumps(p)).year_start_month == 10
    assert pickle.loads(pickle.dumps(p)) == p


@pytest.mark.parametrize(
    "code, pandas_period",
    [
        ("20190305", pd.Period("2019-03-05", freq="D")),
        ("2019W05", pd.Period("2019-01-28", freq="W-SUN")),   # ISO week 5 of 2019: 28 Jan – 3 Feb
        ("201911", pd.Period("2019-11", freq="M")),
        ("2019Q1", pd.Period("2019Q1", freq="Q-DEC")),
        ("2019", pd.Period("2019", freq="A-DEC")),
        ("2018Oct", pd.Period("2019", freq="A-SEP")),          # pandas labels by the end year too
    ],
)
def test_pandas_periods_both_ways(code, pandas_period):
    p = Period.parse(code)
    assert p.to_pandas() == pandas_period
    assert zb.from_pandas(pandas_period) == p
    assert pandas_period.start_time.date() == p.start
    assert pandas_period.end_time.date() == p.end


def test_periods_pandas_cannot_hold_are_refused_clearly():
    with pytest.raises(zb.InvalidInput, match="pandas has no period type for half_year"):
        Period.half_year(2024, 1).to_pandas()


def test_periods_are_hashable_ordered_values():
    a, b = Period.parse("2019Q1"), Period.quarter(2019, 1)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert sorted([Period.month(2019, 3), Period.month(2019, 1)])[0] == Period.month(2019, 1)
    assert repr(a) == "Period('2019Q1')"


def monthly_frame():
    # Two series over Jan 2023 … Dec 2024: 0, 1, …, 23 and 100 each month.
    columns = pd.period_range("2023-01", periods=24, freq="M")
    return pd.DataFrame([np.arange(24.0), np.full(24, 100.0)], index=["东桥镇", "张店镇"],
                        columns=columns)


def test_aggregate_time_to_quarters_and_statistical_years():
    q = zb.aggregate_time(monthly_frame(), "quarter")
    assert list(q.values.columns[:2]) == ["2023Q1", "2023Q2"]
    assert q.values.loc["东桥镇", "2023Q1"] == 0 + 1 + 2
    assert q.values.loc["张店镇", "2024Q4"] == 300
    fy = zb.aggregate_time(monthly_frame(), "financial_year", year_start_month=10)
    # Oct 2023 – Sep 2024 is months 9 … 20 of the first series: 9+…+20 = 174.
    assert fy.values.loc["东桥镇", "2023Oct"] == sum(range(9, 21))
    assert fy.complete.tolist() == [False, True, False]
    assert fy.months_covered.tolist() == [9, 12, 3]
    days = zb.aggregate_time(monthly_frame(), "quarter", "average_over_days")
    assert days.values.loc["东桥镇", "2023Q1"] == pytest.approx((0 * 31 + 1 * 28 + 2 * 31) / 90)


def test_aggregate_time_reports_missing_months():
    frame = monthly_frame()
    frame.iloc[1, 4] = np.nan  # May 2023, 张店镇
    q = zb.aggregate_time(frame, "quarter", "sum")
    assert np.isnan(q.values.loc["张店镇", "2023Q2"])
    assert q.missing_months.loc["张店镇", "2023Q2"] == 1
    assert q.missing_months.to_numpy().sum() == 1


def test_aggregate_time_column_labels():
    frame = pd.DataFrame([[1.0, 2.0, 3.0]], columns=["2024年1月", "202402", "2024-03"])
    assert zb.aggregate_time(frame, "quarter").values.iloc[0, 0] == 6.0
    gap = pd.DataFrame([[1.0, 2.0]], columns=["2024-01", "2024-03"])
    with pytest.raises(zb.InvalidInput, match="column 1 .* does not follow"):
        zb.aggregate_time(gap, "quarter")
    with pytest.raises(zb.InvalidInput, match="not a month"):
        zb.aggregate_time(pd.DataFrame([[1.0]], columns=["2024Q1"]), "year")
    arr = zb.aggregate_time(np.ones((3, 12)), "half_year", first_month="2024-01")
    assert arr.values.to_numpy().tolist() == [[6.0, 6.0]] * 3


def test_cumulate_year_to_date_across_october():
    ytd = zb.cumulate_year_to_date(monthly_frame(), year_start_month=10)
    assert ytd.loc["东桥镇", pd.Period("2023-10", "M")] == 9
    assert ytd.loc["东桥镇", pd.Period("2024-05", "M")] == sum(range(9, 17))
    cal = zb.cumulate_year_to_date(monthly_frame())
    assert cal.loc["张店镇", pd.Period("2023-11", "M")] == 1100  # 2023年1-11月
