"""zhibiao (指标): health indicators, targets and rate calculations.

    >>> import zhibiao as zb
    >>> zb.QuotaCompletion(1506, 1600).format(2)      # 任务数1600人，已完成1506人
    '94.13%'
    >>> zb.sex_ratio(427, 374).format(2)
    '114.17'
    >>> col = zb.proportions([104, 58], [124, 60], decimals=1)
    >>> col.rounded.tolist()
    [83.9, 96.7]

The compiled core (zhibiao._core, C++) does the arithmetic; this package adds NumPy and pandas
conveniences on top of it.
"""
from ._core import (
    Decimal,
    Expression,
    ExpressionReference,
    InvalidInput,
    InvalidRows,
    Measure,
    ParseError,
    Period,
    Proportion,
    QuotaCompletion,
    Rate,
    Ratio,
    Unit,
    __version__,
    format_value,
    iso_weeks_in_year,
    round_ratio_half_up,
    sex_ratio,
    time_variable,
)
from ._period import (
    TimeAggregate,
    aggregate_time,
    as_period,
    cumulate_year_to_date,
    from_pandas,
    to_pandas,
)
from ._expression import EXPRESSION_STATUS_DESCRIPTIONS, expression_frame
from ._columns import (
    STATUS_DESCRIPTIONS,
    MeasureColumn,
    measure_frame,
    proportions,
    quota_completions,
    rates,
    ratios,
    round_half_up,
)

__all__ = [
    "Decimal",
    "EXPRESSION_STATUS_DESCRIPTIONS",
    "Expression",
    "ExpressionReference",
    "InvalidInput",
    "InvalidRows",
    "Measure",
    "MeasureColumn",
    "ParseError",
    "Period",
    "TimeAggregate",
    "Proportion",
    "QuotaCompletion",
    "Rate",
    "Ratio",
    "STATUS_DESCRIPTIONS",
    "Unit",
    "__version__",
    "aggregate_time",
    "as_period",
    "cumulate_year_to_date",
    "expression_frame",
    "from_pandas",
    "iso_weeks_in_year",
    "to_pandas",
    "format_value",
    "measure_frame",
    "proportions",
    "quota_completions",
    "rates",
    "ratios",
    "round_half_up",
    "round_ratio_half_up",
    "sex_ratio",
    "time_variable",
]
