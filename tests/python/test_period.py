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


# ---- the ends of the calendar (issue 14, class 1) -------------------------------------------
# zhibiao's calendar is Boost.Gregorian's: 1400-01-01 … 9999-12-31. Before issue 14 an operation
# stepping past either end aborted the interpreter (boost::gregorian::bad_year thrown inside a
# noexcept function) or leaked IndexError (std::out_of_range); from_pandas leaked pandas'
# OutOfBoundsDatetime for any period of 1400 or 9999. Weekdays by the proleptic Gregorian
# calendar (datetime.date(1400, 1, 1).isocalendar() == (1400, 1, 3), a Wednesday): ISO week 1 of
# 1400 begins on 1399-12-30 and 9999W52 ends on 10000-01-02, so the first and last weeks the
# calendar holds are 1400W02 and 9999W51.

# (type, first period of the calendar, last period of the calendar)
CALENDAR_ENDS = [
    ("day", "14000101", "99991231"),
    ("week", "1400W2", "9999W51"),
    ("month", "140001", "999912"),
    ("bi_month", "140001B", "999906B"),
    ("quarter", "1400Q1", "9999Q4"),
    ("half_year", "1400S1", "9999S2"),
    ("year", "1400", "9999"),
    ("financial_year", "1400Oct", "9998Oct"),        # 1401统计年度 … 9999统计年度
    ("financial_half_year", "1400OctS1", "9998OctS2"),
    ("range", "1400-01-01/1400-01-05", "9999-12-27/9999-12-31"),
]
EDGE_CODES = [code for _, first, last in CALENDAR_ENDS for code in (first, last)]

OPERATIONS = {
    "repr": repr,
    "str": str,
    "code round trip": lambda p: Period.parse(p.code) == p or pytest.fail(p.code),
    "chinese round trip": lambda p: Period.parse(p.chinese()).end == p.end or pytest.fail(p.chinese()),
    "chinese from October": lambda p: Period.parse(
        p.chinese(statistical_year_start_month=1, cumulative_start_month=10),
        statistical_year_start_month=1, cumulative_start_month=10).end == p.end or pytest.fail(),
    "dates": lambda p: (p.start, p.end, p.days, p.start_year, p.end_year, p.month_aligned),
    "months": lambda p: p.months,
    "next": lambda p: p.next(),
    "previous": lambda p: p.previous(),
    "iterate forward": lambda p: p.next().next().next().chinese(),
    "iterate backward": lambda p: p.previous().previous().previous().chinese(),
    "same_period_last_year": lambda p: p.same_period_last_year().code,
    "year_to_date": lambda p: p.year_to_date().code,
    "containing_year": lambda p: p.containing_year().code,
    "contains": lambda p: (p.start in p and p.end in p and p in p) or pytest.fail(),
    "intersect": lambda p: p.intersect(p) == Period.range(p.start, p.end) or pytest.fail(),
    "split_months": lambda p: p.split_months(),
    "split_days": lambda p: len(p.split_days()) == p.days or pytest.fail(),
    "elapsed_share": lambda p: (p.elapsed_share(p.end), p.elapsed_share(p.start, basis="months")),
    "annualisation_factor": lambda p: (p.annualisation_factor(), p.annualisation_factor("months")),
    "cumulative_to": lambda p: (Period.cumulative_to(p.end), Period.cumulative_to(p.end, 10).chinese()),
    "pandas": lambda p: zb.from_pandas(p.to_pandas()) == p or pytest.fail(),
    "pickle": lambda p: pickle.loads(pickle.dumps(p)) == p or pytest.fail(),
    "hash": hash,
    "quota with time variables": lambda p: zb.Quota.from_expression("[periodsPerYear] * [days] + [periodInYear]", p).amount,
}


@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize("code", EDGE_CODES)
def test_every_operation_at_the_ends_of_the_calendar_answers_or_raises_invalid_input(code, operation):
    p = Period.parse(code)
    try:
        OPERATIONS[operation](p)
    except zb.InvalidInput:
        pass  # the only refusal allowed; anything else (IndexError, an abort) fails


@pytest.mark.parametrize("kind, first, last", CALENDAR_ENDS)
def test_one_step_past_an_end_of_the_calendar_names_the_operation(kind, first, last):
    a, b = Period.parse(first), Period.parse(last)
    assert a.type == b.type == kind
    with pytest.raises(zb.InvalidInput, match=rf"previous\(\) of {a.code} leaves the calendar") as info:
        a.previous()
    assert info.value.field == "period"
    with pytest.raises(zb.InvalidInput, match=rf"next\(\) of {b.code} leaves the calendar"):
        b.next()
    assert a.next().previous() == a and b.previous().next() == b


def test_the_issue_examples_raise_invalid_input():
    with pytest.raises(zb.ParseError) as info:  # 1399-12-30 … 1400-01-05
        repr(Period.parse("1400W01"))
    assert info.value.position == 5 and "a week between 2 and 52" in str(info.value)
    with pytest.raises(zb.InvalidInput, match=r"next\(\) of 99991231 leaves the calendar"):
        Period.parse("99991231").next()
    with pytest.raises(zb.InvalidInput, match=r"next\(\) of 9998Oct leaves the calendar"):
        Period.parse("9998Oct").next()
    with pytest.raises(zb.InvalidInput, match=r"next\(\) of 9999 .*10000-01-01 is after 9999-12-31"):
        Period.year(9999).next()  # was IndexError


def test_weeks_and_financial_half_years_the_calendar_cuts():
    with pytest.raises(zb.InvalidInput, match="ISO week 1 of 1400 begins before 1400-01-01"):
        Period.iso_week(1400, 1)
    with pytest.raises(zb.InvalidInput, match="ISO week 52 of 9999 ends after 9999-12-31"):
        Period.iso_week(9999, 52)
    for text in ["9999W52", "1400年第1周", "9999AprilS1", "9999Oct"]:
        with pytest.raises(zb.ParseError):
            Period.parse(text)
    assert (Period.parse("9999W51").start, Period.parse("9999W51").end) == (dt.date(9999, 12, 20),
                                                                            dt.date(9999, 12, 26))
    with pytest.raises(zb.InvalidInput, match=r"same_period_last_year\(\) of 1401W1"):
        Period.iso_week(1401, 1).same_period_last_year()
    # 1400-04 … 1400-09 would be half of the statistical year from October 1399.
    with pytest.raises(zb.InvalidInput, match=r"previous\(\) of 1400OctS1"):
        Period.parse("1400OctS1").previous()
    assert Period.parse("9998OctS2").chinese() == "9999统计年度下半年"


def test_same_period_last_year_of_the_first_year():
    for code in ["14000228", "140012", "1400Q4", "1400S2", "1400", "1400Oct",
                 "1400-12-01/1400-12-05"]:
        with pytest.raises(zb.InvalidInput, match=rf"same_period_last_year\(\) of {code}"):
            Period.parse(code).same_period_last_year()
    assert Period.parse("14010301").same_period_last_year() == Period.day(dt.date(1400, 3, 1))
    assert Period.parse("1401Q1").same_period_last_year() == Period.parse("1400Q1")


def test_relative_text_at_the_ends_of_the_calendar():
    with pytest.raises(zb.ParseError):
        Period.parse("明年1-5月", reference=dt.date(9999, 6, 1))
    with pytest.raises(zb.ParseError):
        Period.parse("上月", reference=dt.date(1400, 1, 15))
    with pytest.raises(zb.ParseError):
        Period.parse("截至1400年3月底", cumulative_start_month=10)  # would start 1399-10-01
    early = Period.range(dt.date(1400, 1, 1), dt.date(1400, 3, 5))
    assert early.chinese(cumulative_start_month=10) == "1400年1月1日至1400年3月5日"


def test_pandas_periods_at_the_ends_of_the_calendar():
    # pandas.Period reaches both ends; its start_time (a nanosecond Timestamp) does not.
    assert zb.from_pandas(pd.Period("1400-01-01", freq="D")) == Period.parse("14000101")
    assert zb.from_pandas(pd.Period("9999-12-31", freq="D")) == Period.parse("99991231")
    assert zb.from_pandas(pd.Period("9999-12-20", freq="W-SUN")) == Period.parse("9999W51")
    assert zb.from_pandas(pd.Period("9999", freq="A-SEP")) == Period.parse("9998Oct")
    assert zb.from_pandas(pd.Period("1400Q1", freq="Q-DEC")) == Period.parse("1400Q1")
    with pytest.raises(zb.InvalidInput, match="outside the calendar"):
        zb.from_pandas(pd.Period("1399-12-31", freq="D"))


def test_time_aggregation_at_the_end_of_the_calendar():
    last = pd.DataFrame([[1.0, 2.0, 3.0]], columns=["999910", "999911", "999912"])
    q = zb.aggregate_time(last, "quarter")
    assert q.values.loc[0, "9999Q4"] == 6.0 and q.complete.tolist() == [True]
    with pytest.raises(zb.InvalidInput, match="the financial_year containing 9999-10 leaves the calendar"):
        zb.aggregate_time(last, "financial_year", year_start_month=10)
    ytd = zb.cumulate_year_to_date(last, year_start_month=10)
    assert ytd.iloc[0].tolist() == [1.0, 3.0, 6.0]  # October restarts: 1, 1+2, 1+2+3
    with pytest.raises(zb.InvalidInput, match="2 months from 999912 run past 9999-12-31"):
        zb.aggregate_time(np.ones((1, 2)), "year", first_month="999912")
    with pytest.raises(zb.InvalidInput, match="run past 9999-12-31"):
        zb.cumulate_year_to_date(np.ones((1, 2)), first_month="999912")


def _edge_cube(first_month, months):
    tree = zb.org_unit_tree(pd.DataFrame({"code": ["D", "T"], "name": ["区", "镇"], "parent": [None, "D"]}))
    cube = zb.DataCube(tree, [zb.DataElement("x", "x")], Period.parse(first_month), months)
    periods = [cube.first_month]
    for _ in range(months - 1):
        periods.append(periods[-1].next())
    cube.load_frame(pd.DataFrame({"element": "x", "org_unit": "T", "period": [p.code for p in periods],
                                  "value": [float(k + 1) for k in range(months)]}))
    return cube


def test_cube_lookups_and_period_modifiers_at_the_ends_of_the_calendar():
    late = _edge_cube("999901", 12)
    assert late.aggregate("x", "D", "9999").value[0] == sum(range(1, 13))
    assert late.aggregate("x", "D", "9999Q4").value[0] == 10 + 11 + 12
    assert late.value("x", "T", Period.parse("999912")) == 12
    # periodOffset(1) of December 9999 and 同期 of January 1400 name periods outside the calendar.
    with pytest.raises(zb.InvalidInput, match=r"next\(\) of 999912 leaves the calendar"):
        zb.evaluate(late, [zb.Indicator("up", "#{x}.periodOffset(1)", "1")], "D", "999912")
    ok = zb.evaluate(late, [zb.Indicator("back", "#{x}.periodOffset(-1)", "1")], "D", "999912")
    assert ok.numerator[0] == 11  # November 9999
    ytd = zb.evaluate(late, [zb.Indicator("ytd", "#{x}.yearToDate()", "1")], "D", "999912")
    assert ytd.numerator[0] == sum(range(1, 13))  # January … December 9999
    early = _edge_cube("140001", 2)
    with pytest.raises(zb.InvalidInput, match=r"same_period_last_year\(\) of 140001"):
        zb.evaluate(early, [zb.Indicator("yoy", "#{x}.samePeriodLastYear()", "1")], "D", "140001")
    with pytest.raises(zb.InvalidInput, match=r"previous\(\) of 140001"):
        zb.evaluate(early, [zb.Indicator("mom", "#{x}.periodOffset(-1)", "1")], "D", "140001")
    assert zb.evaluate(early, [zb.Indicator("x", "#{x}", "1")], "D", "140002").numerator[0] == 2


def test_time_variables_of_a_period_in_9999():
    # A date range's periodsPerYear is the days in the twelve months from its start: 9999-03-05 …
    # 10000-03-05 runs through 10000-02-29 (10000 is divisible by 400: a leap year), 366 days.
    # Building the date 10000-03-05 raised IndexError before.
    late = Period.range(dt.date(9999, 3, 5), dt.date(9999, 3, 10))
    assert zb.Quota.from_expression("[periodsPerYear]", late).amount == 366
    assert zb.Quota.from_expression("[periodInYear]", late).amount == 6  # its days


# --- issue 14, class 1 (pandas) and class 8 --------------------------------------------------------

@pytest.mark.parametrize("code", ["1400", "1677", "16770921", "20220101/22620411", "9999", "99991231"])
def test_to_pandas_refuses_periods_pandas_timestamps_cannot_hold(code):
    # pandas.Timestamp runs 1677-09-21 00:12:43 .. 2262-04-11 23:47:16: a pandas.Period outside
    # raises OutOfBoundsDatetime when its start_time / end_time is read, so it is refused here.
    with pytest.raises(zb.InvalidInput, match="outside the days pandas' Timestamps can hold"):
        Period.parse(code).to_pandas()


def test_to_pandas_at_the_first_and_last_whole_days_pandas_holds():
    import pandas as pd

    first, last = Period.parse("16770922"), Period.parse("22620410")
    assert first.to_pandas() == pd.Period("1677-09-22", freq="D")
    assert last.to_pandas().end_time == pd.Timestamp("2262-04-10 23:59:59.999999999")
    with pytest.raises(zb.InvalidInput, match="^period: expected a zhibiao.Period or its text"):
        zb.to_pandas(None)


def test_time_aggregation_names_a_text_cell_by_series_and_month():
    import pandas as pd

    monthly = pd.DataFrame({"2024-01": [1.0, 2.0], "2024-02": [3.0, "abc"]}, index=["A", "B"])
    with pytest.raises(zb.InvalidRows, match="row 1 2024-02"):
        zb.aggregate_time(monthly, to="year", year_start_month=1)
    with pytest.raises(zb.InvalidRows, match="row 1 monthly\\[0\\]"):
        zb.cumulate_year_to_date(np.array([[1.0, "x"]], dtype=object), first_month="2024-01")
    with pytest.raises(zb.InvalidInput, match="^monthly: expected a DataFrame with month columns or a 2-D"):
        zb.aggregate_time({"2024-01": 1.0}, first_month="2024-01")
    # numbers only: January + February = 1 + 3 = 4 for series A
    assert zb.aggregate_time(monthly.iloc[:1].astype(float), to="year", year_start_month=1).values.iloc[0, 0] == 4.0
