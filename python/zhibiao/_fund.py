"""Fund execution (fund.hpp; docs/funds.md): exact money, funds raised to a standard, and their
allocation, arrival (到位), disbursement (拨付) and spending (支出) against time elapsed."""
from __future__ import annotations

import datetime as _dt
import math
from typing import TYPE_CHECKING, Union

from . import _core
from ._core import Fund, FundExecution, InvalidRows, Money
from ._errors import InvalidInput, relabelled
from ._frames import as_frame, column_label, numeric_column
from ._options import choice, number
from ._tables import _date, _period

if TYPE_CHECKING:  # annotations only: importing pandas here would slow `import zhibiao`
    import pandas as pd

__all__ = ["Fund", "FundExecution", "Money", "benefit_total", "execute_fund"]



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
    for name, field in ((date, "date"), (stage, "stage"), (amount, "amount")):
        column_label(frame, name, field)
    dates = []
    for i, (label, value) in enumerate(zip(frame.index, frame[date])):
        try:
            dates.append(_date(value, "date"))
        except InvalidInput as exc:
            raise relabelled([(i, str(date), str(exc).split(": ", 1)[-1])], frame.index) from None
    stages = [str(s) for s in frame[stage]]
    amounts = list(frame[amount])
    try:
        return _core._execute_fund(fund, dates, stages, amounts, _period(period, "period"),
                                   _date(as_of, "as_of"), number(below, "below"),
                                   number(above, "above"), choice(basis, "basis",
                                                                  ("months", "days")))
    except InvalidRows as exc:
        raise relabelled(exc, frame.index, {"stage": str(stage), "amount": str(amount)}) from None


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
