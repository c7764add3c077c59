"""Fund execution (fund.hpp; docs/funds.md): exact money, funds raised to a standard, and their
allocation, arrival (到位), disbursement (拨付) and spending (支出) against time elapsed."""
from __future__ import annotations

import datetime as _dt
import math
from typing import TYPE_CHECKING, Union

from . import _core
from ._core import Fund, FundExecution, InvalidRows, Money, StandardCheck
from ._errors import InvalidInput, relabelled
from ._frames import as_frame, column_label, numeric_column
from ._options import choice, number, whole_number
from ._tables import _date, _period

if TYPE_CHECKING:  # annotations only: importing pandas here would slow `import zhibiao`
    import pandas as pd

__all__ = ["Fund", "FundExecution", "Money", "StandardCheck", "benefit_total",
           "check_fund_deadlines", "check_fund_standard", "execute_fund"]



def execute_fund(fund: Fund, flows: "pd.DataFrame", *, period: "Union[_core.Period, int, str]",
                 as_of: "Union[_dt.date, str]", date: str = "date", stage: str = "stage",
                 amount: str = "amount", below: float = 10.0, above: float = 10.0,
                 basis: str = "months") -> FundExecution:
    """A fund's execution at `as_of`: its flows summed by stage, the rates of arrival,
    disbursement and execution, and the spending against the time elapsed in `period`.

    Takes a Fund and a pandas DataFrame of dated flows, one row each: date (datetime.date or
    'YYYY-MM-DD'), stage (allocated / arrived / disbursed / spent, or 下达 / 到位 / 拨付 / 支出) and
    amount (Money, its text "116.17万元", or a number of 元). below / above: the band of
    percentage points the spending may lag or lead 序时进度 and still be 合理区间 — the
    commission's stated rule, given by the caller; basis counts time elapsed in whole months
    (the default, as reports count 序时进度) or days. Returns a FundExecution. A flow with an
    unknown stage, a bad or negative amount is an InvalidRows naming its index; spending more
    than was disbursed (or disbursing more than arrived) by any date is an InvalidInput naming
    the stage and the date.

    Formula
    -------
    sums of the flows dated ≤ as_of per stage; execution_rate = spent / total × 100;
    time_progress = elapsed share of the period × 100; lead = execution_rate − time_progress;
    within_band = −below ≤ lead ≤ above.

    References
    ----------
    docs/funds.md §3; seed 002 (新农合 1-5月: 共发放各类补偿资金1.3亿元，占当年筹资额的36.1%，
    基金支出进度处于合理区间).

    Examples
    --------
    >>> f = zb.Fund("540元", 667984, {"个人": "120元", "中央": "240元", "省": "135元", "区": "45元"})
    >>> flows = pd.DataFrame({"date": ["2010-01-10", "2010-05-31"], "stage": ["到位", "支出"],
    ...                       "amount": [f.total, "1.3亿元"]})
    >>> e = zb.execute_fund(f, flows, period=2010, as_of="2010-05-31")
    >>> e.summary()
    '应筹集资金3.61亿元，到位3.61亿元，到位率100.00%，支出1.30亿元，占筹资额的36.04%，序时进度41.67%，支出进度处于合理区间'
    """
    if not isinstance(fund, Fund):
        raise InvalidInput(f"fund: expected a zb.Fund, got {type(fund).__name__}")
    frame = as_frame(flows, "flows", grouped=False)
    dates, stages, amounts = _flow_columns(frame, date, stage, amount)
    try:
        return _core._execute_fund(fund, dates, stages, amounts, _period(period, "period"),
                                   _date(as_of, "as_of"), number(below, "below"),
                                   number(above, "above"), choice(basis, "basis",
                                                                  ("months", "days")))
    except InvalidRows as exc:
        raise relabelled(exc, frame.index, {"stage": str(stage), "amount": str(amount)}) from None


def _flow_columns(frame: "pd.DataFrame", date: str, stage: str, amount: str) -> tuple:
    """The flows' dates, stages and amounts as lists, a bad date named by its row."""
    for name, field in ((date, "date"), (stage, "stage"), (amount, "amount")):
        column_label(frame, name, field)
    dates = []
    for i, value in enumerate(frame[date]):
        try:
            dates.append(_date(value, "date"))
        except InvalidInput as exc:
            raise relabelled([(i, str(date), str(exc).split(": ", 1)[-1])], frame.index) from None
    return dates, [str(s) for s in frame[stage]], list(frame[amount])


def check_fund_deadlines(fund: Fund, flows: "pd.DataFrame", deadlines: "pd.DataFrame", *,
                         as_of: "Union[_dt.date, str]", date: str = "date", stage: str = "stage",
                         amount: str = "amount", by: str = "by",
                         share: str = "share") -> "pd.DataFrame":
    """Each deadline of a fund at `as_of`: whether the money of a stage reached a share of the
    total by a date (所有奖励资金均将于6月底前发放到位: spent, 100 %, by 30 June).

    Takes the Fund, its flows (as execute_fund: date, stage, amount) and a DataFrame of
    deadlines, one row each: stage (allocated / arrived / disbursed / spent or 下达 / 到位 / 拨付 /
    支出), by (a date) and share (per cent of the total, in (0, 100], at most 6 decimals; 100
    when the column is absent). Returns a DataFrame with the deadlines' index and columns stage,
    by, share, required and reached (Money, exact) and status: met (the stage reached its amount
    by the date, checked at the earlier of by and as_of), missed (due and not reached) or
    pending (not yet due). A bad share or stage is an InvalidInput naming the deadline.

    Formula
    -------
    required = ⌈total × share / 100⌉ in 分 (integers); reached = Σ flows of the stage dated ≤
    min(by, as_of); met when reached ≥ required, else missed when as_of ≥ by, else pending.

    References
    ----------
    docs/funds.md §5; seed 002 (所有奖励资金均将于6月底前发放到位). The example is worked by
    hand: 33.3 % of 100.01 元 is ⌈3330.333⌉ = 3331 分.

    Examples
    --------
    >>> f = zb.Fund.fixed("100.01元")
    >>> flows = pd.DataFrame({"date": ["2025-03-01", "2025-07-15"], "stage": ["到位", "到位"],
    ...                       "amount": ["50元", "50.01元"]})
    >>> d = pd.DataFrame({"stage": ["到位", "到位"], "by": ["2025-06-30", "2025-06-30"],
    ...                   "share": [100, 33.3]})
    >>> zb.check_fund_deadlines(f, flows, d, as_of="2025-08-01")[["required", "status"]]
                  required  status
    0  Money('100.01元')  missed
    1   Money('33.31元')     met
    """
    import pandas as pd

    if not isinstance(fund, Fund):
        raise InvalidInput(f"fund: expected a zb.Fund, got {type(fund).__name__}")
    frame = as_frame(flows, "flows", grouped=False)
    dates, stages, amounts = _flow_columns(frame, date, stage, amount)
    table = as_frame(deadlines, "deadlines", grouped=False)
    column_label(table, stage, "stage")
    column_label(table, by, "by")
    when = []
    for i, value in enumerate(table[by]):
        try:
            when.append(_date(value, "by"))
        except InvalidInput as exc:
            raise relabelled([(i, str(by), str(exc).split(": ", 1)[-1])], table.index) from None
    if share in table.columns:
        shares = list(numeric_column(table, share, "share"))
    else:
        shares = [100.0] * len(table)
    try:
        rows = _core._check_fund_deadlines(fund, dates, stages, amounts,
                                           [str(s) for s in table[stage]], when, shares,
                                           _date(as_of, "as_of"))
    except InvalidRows as exc:
        raise relabelled(exc, frame.index, {"stage": str(stage), "amount": str(amount)}) from None
    out = pd.DataFrame(rows, columns=["stage", "by", "share", "required", "reached", "status"],
                       index=table.index)
    return out


def check_fund_standard(standard: "Union[Money, str, float]", total: "Union[Money, str, float]",
                        *, population: "Union[int, None]" = None) -> StandardCheck:
    """What a per-capita standard and a total say about the population raised for: the whole
    persons whose total at the standard lies in what the total's text stands for, and whether a
    declared population is among them.

    `standard` is Money, its text ("540元") or a number of 元; `total` is report text read as
    zb.read_figure reads it ("3.6亿余元" stands for [3.6亿, 3.7亿), "3.61亿元" for [3.605亿,
    3.615亿)), or Money / a number of 元 for an exact total. Returns a StandardCheck with
    population_low, population_high, population and consistent. A total that is not an amount
    of money, a standard not above 0 or a negative population is an InvalidInput naming it.

    Formula
    -------
    population_low = min{p : p × standard ≥ lower}; population_high = max{p : p × standard <
    upper} (≤ for an exact total); consistent = low ≤ high and low ≤ population ≤ high.

    References
    ----------
    docs/funds.md §5; seed 002 (按照人均540元筹资标准…全年应筹集参合资金3.6亿余元): ⌈3.6亿 /
    540⌉ = 666,667 and ⌊(3.7亿 − 1分) / 540⌋ = 685,185 persons (hand calculation).

    Examples
    --------
    >>> c = zb.check_fund_standard("540元", "3.6亿余元", population=667984)
    >>> (c.population_low, c.population_high, c.consistent)
    (666667, 685185, True)
    """
    from ._figure import read_figure

    money = Money(standard) if not isinstance(standard, Money) else standard
    count = None if population is None else whole_number(population, "population")
    if isinstance(total, str):
        try:
            figure = read_figure(total)
        except InvalidInput as exc:
            raise InvalidInput(f"total: {exc}") from None
        if figure.unit_kind != "money":
            raise InvalidInput(f"total: expected an amount of money (元, 万元, 亿元), got {total!r}"[:200])
        lower, upper, closed = figure.lower, figure.upper, figure.lower == figure.upper
    else:
        exact = Money(total) if not isinstance(total, Money) else total
        lower = upper = exact.yuan
        closed = True
    return _core._check_fund_standard(money, lower, upper, closed, count)


def benefit_total(tiers: "pd.DataFrame", *, persons: str = "persons", months: str = "months",
                  monthly: str = "monthly") -> Money:
    """The exact total of a benefit schedule: Σ persons × months × amount a month over its tiers
    (奖励扶助, 特别扶助 …).

    Takes a pandas DataFrame, one row per tier, with whole persons and months and the monthly
    amount (Money, its text "80元", or a number of 元); returns Money. A negative or fractional
    count is an InvalidRows naming the tier's index.

    Formula
    -------
    total = Σ_tiers persons × months × monthly, exactly in 分.

    References
    ----------
    docs/funds.md §4. The example is a hand calculation: 22846 × 12 × 80 = 21,932,160 元 and
    310 × 6 × 150 = 279,000 元.

    Examples
    --------
    >>> t = pd.DataFrame({"persons": [22846, 310], "months": [12, 6], "monthly": ["80元", "150元"]},
    ...                  index=["奖励扶助", "特别扶助"])
    >>> zb.benefit_total(t).yuan_text()
    '22211160.00'
    """
    frame = as_frame(tiers, "tiers", grouped=False)
    counts = {}
    for name, field in ((persons, "persons"), (months, "months")):
        values = numeric_column(frame, name, field)
        bad = [(i, str(name), "must be a whole number ≥ 0") for i, v in enumerate(values)
               if not (math.isfinite(v) and v >= 0 and v == int(v))]
        if bad:
            raise relabelled(bad, frame.index)
        counts[field] = [int(v) for v in values]
    column_label(frame, monthly, "monthly")
    try:
        return _core._benefit_total([str(x) for x in frame.index], counts["persons"],
                                    counts["months"], list(frame[monthly]))
    except InvalidInput as exc:
        raise InvalidInput(f"{monthly}: {exc}") from None
