"""Target planning (planning.hpp; docs/planning.md): an upper level's target handed down to units
so that the pooled rate meets it, in whole persons, and milestones from a baseline to a deadline."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, List, Optional, Union

import numpy as np

from . import _core
from ._errors import InvalidInput, relabelled
from ._frames import as_frame, column_label, numeric_column
from ._options import choice, flag, number, whole_number

if TYPE_CHECKING:  # annotations only: importing pandas here would slow `import zhibiao`
    import pandas as pd

__all__ = ["plan_targets", "plan_milestones"]

_METHODS = ("population", "equal_uplift", "close_gaps")


_PLAN_FRAME = None


def _plan_frame(frame: "pd.DataFrame") -> "pd.DataFrame":
    """`frame` as a pandas DataFrame whose notebook view is zb.plan_html (the pooled line and
    the bounds); every operation on it gives a plain DataFrame again. Made on first use, so that
    `import zhibiao` does not import pandas."""
    global _PLAN_FRAME
    if _PLAN_FRAME is None:
        import pandas as pd

        from ._display import plan_html

        class TargetPlanFrame(pd.DataFrame):
            @property
            def _constructor(self):
                return pd.DataFrame

            def _repr_html_(self) -> str:
                return plan_html(self)

        _PLAN_FRAME = TargetPlanFrame
    out = _PLAN_FRAME(frame)
    out.attrs.update(frame.attrs)
    return out


def plan_targets(frame: "pd.DataFrame", target: float, *, unit: "Union[str, _core.Unit]" = "%",
                 id: str = "org_unit", denominator: str = "denominator",
                 last_year: str = "last_year", method: str = "population",
                 not_below_last_year: bool = True, cap_at_denominator: bool = True,
                 done: Optional[str] = None, months_left: Optional[int] = None) -> "pd.DataFrame":
    """Each unit's share of an upper level's target, in whole persons, so that the pooled rate
    (Σ counts / Σ denominators) meets the target: not the mean of the units' rates.

    Takes a pandas DataFrame with one row per unit: its id, its denominator (the persons, births
    or households the rate is of) and last year's numerator, all whole counts; `target` is a
    rate in `unit` (90 with "%" is 90 %). method="population" gives every unit the same rate,
    "equal_uplift" the same rise in points on last year, "close_gaps" makes every unit below
    the target close the same share of its gap (those above keep last year). No unit goes below
    last year's count (not_below_last_year) or above its denominator (cap_at_denominator).
    Returns a copy with target_count (persons), target_rate (in `unit`), uplift (points on last
    year's rate), increase (persons), at_floor and at_cap (bool); with `done` (a column of the
    count so far) and `months_left`, also per_month: the whole persons a month each unit still
    needs. In a notebook the result shows as zb.plan_html (the pooled line, the bounds). The plan's figures are in ``out.attrs``: required (⌈target × Σ denominators⌉), total
    (Σ target_count: required, or more when last year's counts alone exceed it) and pooled_rate.

    Formula
    -------
    required = ⌈target / multiplier × Σ d_i⌉, exactly (the target read as the decimal it
    prints as); n_i = clamp(g_i(s), floor_i, cap_i) with g_i(s) = s·d_i (population),
    last_i + s·d_i (equal_uplift) or last_i + s·max(0, target·d_i − last_i) (close_gaps), the
    level s solved so that Σ n_i = required, then whole persons by largest remainders
    (Hamilton); per_month = ⌈max(0, n_i − done_i) / months_left⌉.

    References
    ----------
    docs/planning.md (the three splits, floors and caps, exactness); docs/aggregation.md (a
    district's rate is its pooled counts' rate). The example is a hand calculation shown in
    tests/cpp/planning_test.cpp: 90 % of 6000 needs 5400; 甲 at 95 % keeps its 950, and 乙 and
    丙 share the other 4450 at 4450 / 5000 = 89 %.

    Examples
    --------
    >>> f = pd.DataFrame({"org_unit": ["甲", "乙", "丙"], "denominator": [1000, 2000, 3000],
    ...                   "last_year": [950, 1500, 2550]})
    >>> out = zb.plan_targets(f, 90)
    >>> out[["org_unit", "target_count", "target_rate", "at_floor"]]
      org_unit  target_count  target_rate  at_floor
    0        甲           950         95.0      True
    1        乙          1780         89.0     False
    2        丙          2670         89.0     False
    >>> out.attrs["required"], out.attrs["pooled_rate"]
    (5400, 90.0)
    """
    frame = as_frame(frame, "frame", grouped=False,
                     why_not_grouped="give one row per unit (sum the groups' counts first)")
    method = choice(method, "method", _METHODS)
    target = number(target, "target")
    floor, cap = flag(not_below_last_year, "not_below_last_year"), flag(cap_at_denominator,
                                                                         "cap_at_denominator")
    id = column_label(frame, id, "id")
    d = numeric_column(frame, denominator, "denominator")
    last = numeric_column(frame, last_year, "last_year")
    ids = [str(x) for x in frame[id]]
    try:
        (count, rate, uplift, increase, at_floor, at_cap, required, total,
         pooled) = _core._plan_targets(ids, d, last, target, unit, method, floor, cap)
    except InvalidInput as exc:
        # The core names a unit by position ("units[2].denominator: ..."): name the row by the
        # frame's index and column instead, as every table function does.
        found = re.match(r"units\[(\d+)\]\.(denominator|last_year|id): (.*)", str(exc), re.S)
        if found is None:
            raise
        columns = {"denominator": denominator, "last_year": last_year, "id": id}
        raise relabelled([(int(found[1]), str(columns[found[2]]), found[3])],
                         frame.index) from None
    out = frame.copy()
    out["target_count"] = count
    out["target_rate"] = rate
    out["uplift"] = uplift
    out["increase"] = increase
    out["at_floor"] = at_floor
    out["at_cap"] = at_cap
    if (done is None) != (months_left is None):
        raise InvalidInput("months_left: give done= and months_left= together")
    if done is not None:
        months = whole_number(months_left, "months_left")
        if months < 1:
            raise InvalidInput(f"months_left: must be at least 1, got {months}")
        so_far = numeric_column(frame, done, "done")
        bad = ~np.isfinite(so_far) | (so_far < 0)
        if bad.any():
            raise relabelled([(int(i), str(done), "must be a finite count ≥ 0")
                              for i in np.flatnonzero(bad)], frame.index)
        out["per_month"] = _core._monthly_needs(np.asarray(count, dtype=np.float64), so_far,
                                                months)
    out.attrs.update(required=int(required), total=int(total), pooled_rate=float(pooled))
    return _plan_frame(out)


def plan_milestones(baseline: float, target: float, steps: int, decimals: int = 2) -> List[float]:
    """Evenly spaced milestones from `baseline` to `target` over `steps` steps (years or months),
    the last exactly the target: 三年内达到80%以上 from 62 % as yearly steps is 68, 74, 80.

    Takes two numbers in one unit (both per cent, or both ‰), a whole number of steps (1 to 1200)
    and the decimals to round to (0 to 6, half up as reports print); returns a list of floats,
    step 1 first, none past the target.

    Formula
    -------
    value_k = baseline + (target − baseline) × k / steps, rounded half up to `decimals`, for k =
    1 … steps − 1; value_steps = target.

    References
    ----------
    docs/planning.md §3 (milestones); docs/units-and-rounding.md §3 (half-up rounding). The
    example is a hand calculation: (80 − 62) / 3 = 6 points a year.

    Examples
    --------
    >>> zb.plan_milestones(62, 80, 3)
    [68.0, 74.0, 80.0]
    >>> zb.plan_milestones(8.5, 8, 4, decimals=3)     # ‰, quarterly: −0.125 a quarter
    [8.375, 8.25, 8.125, 8.0]
    """
    return _core._plan_milestones(number(baseline, "baseline"), number(target, "target"),
                                  whole_number(steps, "steps"), whole_number(decimals, "decimals"))
