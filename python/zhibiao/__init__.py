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
from ._core import AggregationType, DataCube, DataElement, OrgUnitTree
from ._cube import LoadResult, org_unit_tree
from ._core import EVALUATION_STATUS_DESCRIPTIONS, Catalog, Indicator
from ._evaluation import evaluate, load_catalog
from ._target import assess_thresholds, benchmark_frame
from ._core import (
    Comparison,
    Improvement,
    Quota,
    Threshold,
    assess_improvement,
    assess_quota,
    assess_threshold,
    benchmark,
    compare_proportions,
    compare_rates,
    rank,
    split_quota,
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
from ._inequality import (
    INEQUALITY_STATUS_NAMES,
    INEQUALITY_STATUS_REASONS,
    assign_quantiles,
    slope_index,
)
from ._life_table import (
    LIFE_TABLE_STATUS_NAMES,
    LIFE_TABLE_STATUS_REASONS,
    NCD_MORTALITY_BANDS,
    STANDARD_LIFE_TABLE_BANDS,
    BandedResult,
    life_expectancy,
    life_tables,
    premature_ncd_mortality,
    premature_ncd_mortality_columns,
)
from ._interval import (
    INTERVAL_STATUS_DESCRIPTIONS,
    IntervalColumn,
    proportion,
    proportion_intervals,
    rate,
    rate_intervals,
)
from ._standardise import (
    GROUP_STATUS_DESCRIPTIONS,
    STANDARD_POPULATIONS,
    dsr,
    isr,
    smr,
    standard_population,
)
from ._core import count_interval, proportion_interval, rate_interval, z_value
from ._difference import mean, proportion_difference, rate_ratio, sex_ratio_interval
from ._funnel import (
    FUNNEL_COMPARISON_LABELS,
    FUNNEL_SIGNIFICANCE_LABELS,
    funnel_limits,
    funnel_limits_at,
    funnel_significance,
)
from ._validation import (
    REPORTED_STATUS_DESCRIPTIONS,
    RULE_OUTCOME_DESCRIPTIONS,
    ConsecutiveRule,
    ReportedRateCheck,
    ValidationRule,
    check_reported_rate,
    check_reported_rates,
    consecutive_violations,
    load_validation_rules,
    sum_of_parts_rule,
    validate,
    validation_rules_from_json,
    validation_rules_to_json,
)

__all__ = [
    "AggregationType",
    "DataCube",
    "DataElement",
    "LoadResult",
    "OrgUnitTree",
    "org_unit_tree",
    "Catalog",
    "EVALUATION_STATUS_DESCRIPTIONS",
    "Indicator",
    "evaluate",
    "load_catalog",
    "Comparison",
    "Improvement",
    "Quota",
    "Threshold",
    "assess_thresholds",
    "benchmark_frame",
    "assess_improvement",
    "assess_quota",
    "assess_threshold",
    "benchmark",
    "compare_proportions",
    "compare_rates",
    "rank",
    "split_quota",
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
    # life tables (_life_table.py)
    "BandedResult",
    "LIFE_TABLE_STATUS_NAMES",
    "LIFE_TABLE_STATUS_REASONS",
    "NCD_MORTALITY_BANDS",
    "STANDARD_LIFE_TABLE_BANDS",
    "life_expectancy",
    "life_tables",
    "premature_ncd_mortality",
    "premature_ncd_mortality_columns",
    # inequality (_inequality.py)
    "INEQUALITY_STATUS_NAMES",
    "INEQUALITY_STATUS_REASONS",
    "assign_quantiles",
    "slope_index",
    "INTERVAL_STATUS_DESCRIPTIONS",
    "IntervalColumn",
    "count_interval",
    "proportion",
    "proportion_interval",
    "proportion_intervals",
    "rate",
    "rate_interval",
    "rate_intervals",
    "z_value",
    "GROUP_STATUS_DESCRIPTIONS",
    "STANDARD_POPULATIONS",
    "dsr",
    "isr",
    "smr",
    "standard_population",
    # funnel plots (_funnel.py)
    "FUNNEL_COMPARISON_LABELS",
    "FUNNEL_SIGNIFICANCE_LABELS",
    "funnel_limits",
    "funnel_limits_at",
    "funnel_significance",
    # differences and means (_difference.py)
    "mean",
    "proportion_difference",
    "rate_ratio",
    "sex_ratio_interval",
    # validation rules (_validation.py)
    "ConsecutiveRule",
    "REPORTED_STATUS_DESCRIPTIONS",
    "RULE_OUTCOME_DESCRIPTIONS",
    "ReportedRateCheck",
    "ValidationRule",
    "check_reported_rate",
    "check_reported_rates",
    "consecutive_violations",
    "load_validation_rules",
    "sum_of_parts_rule",
    "validate",
    "validation_rules_from_json",
    "validation_rules_to_json",
    "time_variable",
]
