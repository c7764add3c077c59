"""DHIS2 period types through the Python binding (docs/periods.md §7).

Expected dates come from DHIS2's specification: dhis2/multi-calendar-dates'
features/fixed-periods.gregorian.feature and create-fixed-period-from-period-id.gregorian.spec.ts,
and dhis2/dhis2-core's period type tests (SixMonthlyNovemberPeriodTest, QuarterlyNovemberPeriodTypeTest,
BiWeeklyPeriodTypeTest). tests/cpp/period_dhis2_test.cpp holds the full table.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import zhibiao as zb
from zhibiao import Period


@pytest.mark.parametrize("code, start, end, kind", [
    # multi-calendar-dates, fixed-periods.gregorian.feature (2022)
    ("2022WedW1", dt.date(2021, 12, 29), dt.date(2022, 1, 4), "week_wednesday"),
    ("2022WedW53", dt.date(2022, 12, 28), dt.date(2023, 1, 3), "week_wednesday"),
    ("2022ThuW52", dt.date(2022, 12, 22), dt.date(2022, 12, 28), "week_thursday"),
    ("2022SatW1", dt.date(2022, 1, 1), dt.date(2022, 1, 7), "week_saturday"),
    ("2022SunW52", dt.date(2022, 12, 25), dt.date(2022, 12, 31), "week_sunday"),
    ("2022BiW26", dt.date(2022, 12, 19), dt.date(2023, 1, 1), "bi_week"),
    # multi-calendar-dates, create-fixed-period-from-period-id.gregorian.spec.ts
    ("2023JulyQ4", dt.date(2024, 4, 1), dt.date(2024, 6, 30), "financial_quarter"),
    # dhis2-core SixMonthlyNovemberPeriodTest / QuarterlyNovemberPeriodTypeTest / BiWeeklyPeriodTypeTest
    ("2015NovS1", dt.date(2014, 11, 1), dt.date(2015, 4, 30), "financial_half_year"),
    ("2015NovQ1", dt.date(2014, 11, 1), dt.date(2015, 1, 31), "financial_quarter"),
    ("2009BiW27", dt.date(2009, 12, 28), dt.date(2010, 1, 10), "bi_week"),
])
def test_dhis2_ids(code: str, start: dt.date, end: dt.date, kind: str) -> None:
    p = Period.parse(code)
    assert (p.start, p.end, p.type, p.code) == (start, end, kind, code)


def test_constructors_match_the_ids() -> None:
    assert Period.weekly("week_wednesday", 2022, 53) == Period.parse("2022WedW53")
    assert Period.weekly("WeeklySunday", 2014, 53).start == dt.date(2014, 12, 28)  # DHIS2's name
    assert Period.bi_week(2009, 27) == Period.parse("2009BiW27")
    # The constructor takes the start year; DHIS2 names a November quarter by the year it ends.
    assert Period.financial_quarter(2014, 11, 1).code == "2015NovQ1"
    assert Period.weekly("week", 2019, 5) == Period.iso_week(2019, 5)


def test_dhis2_spelling_is_written_both_are_read() -> None:
    # DHIS2 writes 2023W1 (multi-calendar-dates' fixtures); zhibiao's old 2023W01 still reads.
    assert Period.parse("2023W01").code == "2023W1"
    assert Period.parse("2023W01") == Period.parse("2023W1")
    assert repr(Period.iso_week(2019, 5)) == "Period('2019W5')"


@pytest.mark.parametrize("code, position", [("2022WedW54", 8), ("2022BiW27", 7), ("2023NovQ5", 8)])
def test_invalid_ids_are_refused_with_a_position(code: str, position: int) -> None:
    with pytest.raises(zb.ParseError) as info:
        Period.parse(code)
    assert info.value.position == position


def test_bad_constructor_arguments() -> None:
    with pytest.raises(zb.InvalidInput, match="week"):
        Period.weekly("week_wednesday", 2023, 53)  # 2023 has 52 Wednesday weeks
    with pytest.raises(zb.InvalidInput, match="unknown period type"):
        Period.weekly("fortnight", 2023, 1)
    with pytest.raises(zb.InvalidInput, match="index"):
        Period.bi_week(2022, 27)


def test_annualisation_methods() -> None:
    # 2024Q1 has 31 + 29 + 31 = 91 days: day-exact 366/91, DHIS2's 365/91 (its expression
    # service multiplies by DateUtils.DAYS_IN_YEAR = 365 and divides by the days).
    q = Period.quarter(2024, 1)
    assert q.annualisation_factor() == pytest.approx(366 / 91)
    assert q.annualisation_factor("days") == pytest.approx(366 / 91)
    assert q.annualisation_factor(method="dhis2") == pytest.approx(365 / 91)
    assert q.annualisation_factor("months") == pytest.approx(4.0)
    with pytest.raises(zb.InvalidInput, match="basis"):
        q.annualisation_factor("months", method="dhis2")
    with pytest.raises(zb.InvalidInput, match="method"):
        q.annualisation_factor(method="exact")


def test_relations_and_pandas() -> None:
    w = Period.parse("2022WedW53")
    assert w.next().code == "2023WedW1" and w.same_period_last_year().code == "2021WedW52"
    assert dt.date(2023, 1, 3) in w and dt.date(2023, 1, 4) not in w
    # pandas names a week by its last day: a week from Wednesday ends on Tuesday.
    assert w.to_pandas() == pd.Period("2022-12-28", freq="W-TUE")
    assert w.to_pandas().start_time.date() == w.start


def _every_operation(p: Period) -> None:
    # Texts read back; next/previous undo each other; the rest answers or raises InvalidInput.
    assert Period.parse(p.code) == p
    back = Period.parse(p.chinese())
    assert (back.start, back.end) == (p.start, p.end)
    for name in ["next", "previous", "same_period_last_year", "year_to_date", "containing_year"]:
        try:
            q = getattr(p, name)()
        except zb.InvalidInput:
            continue
        assert q.code and q.chinese()
        if name == "next":
            assert q.previous() == p
        if name == "previous":
            assert q.next() == p
    assert 0 < p.annualisation_factor(method="dhis2") and 0 <= p.elapsed_share(p.start) <= 1


@pytest.mark.parametrize("year", [1400, 2020, 9999])
def test_every_new_period_of_a_year_answers_every_operation(year: int) -> None:
    # At the ends of the calendar (1400-01-01 is a Wednesday, 9999-12-31 a Friday) weeks that
    # leave it are refused at construction; every other answers.
    made = 0
    for kind in ["week_wednesday", "week_thursday", "week_friday", "week_saturday", "week_sunday"]:
        for week in range(1, 54):
            try:
                p = Period.weekly(kind, year, week)
            except zb.InvalidInput:
                continue
            made += 1
            _every_operation(p)
    for index in range(1, 28):
        try:
            p = Period.bi_week(year, index)
        except zb.InvalidInput:
            continue
        made += 1
        _every_operation(p)
    for month in (4, 7, 11):
        for quarter in range(1, 5):
            try:
                p = Period.financial_quarter(year, month, quarter)
            except zb.InvalidInput:
                continue
            made += 1
            _every_operation(p)
    assert made > 250  # five weekly types of 52–53 weeks, 25–27 two-week periods, quarters
