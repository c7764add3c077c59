"""Type stubs for the compiled core (python/src). The Pythonic layer is in zhibiao._columns."""
from typing import Callable, Collection, List, Mapping, Optional, Tuple, Union

import numpy as np
import numpy.typing as npt

__version__: str
STATUS_DESCRIPTIONS: List[str]

class InvalidInput(ValueError):
    field: str

class InvalidRows(InvalidInput):
    rows: List[Tuple[int, str, str]]

class ParseError(InvalidInput):
    text: str
    position: int
    expected: str

class Unit:
    def __init__(self, text: str) -> None: ...
    @staticmethod
    def percent() -> Unit: ...
    @staticmethod
    def per_mille() -> Unit: ...
    @staticmethod
    def per_10k() -> Unit: ...
    @staticmethod
    def per_100k() -> Unit: ...
    @staticmethod
    def per_1000_population() -> Unit: ...
    @staticmethod
    def per_100() -> Unit: ...
    @staticmethod
    def ratio() -> Unit: ...
    @property
    def code(self) -> str: ...
    @property
    def multiplier(self) -> int: ...
    def suffix(self, language: str = "zh") -> str: ...
    def name(self, language: str = "zh") -> str: ...

UnitLike = Union[Unit, str]

class Decimal:
    def __init__(self, coefficient: int, exponent: int) -> None: ...
    @staticmethod
    def parse(text: str) -> Decimal: ...
    @staticmethod
    def from_float(x: float) -> Decimal: ...
    @property
    def coefficient(self) -> int: ...
    @property
    def exponent(self) -> int: ...
    @property
    def decimals(self) -> int: ...
    def round_half_up(self, decimals: int) -> Decimal: ...
    def __float__(self) -> float: ...
    def __lt__(self, other: Decimal) -> bool: ...
    def __le__(self, other: Decimal) -> bool: ...
    def __gt__(self, other: Decimal) -> bool: ...
    def __ge__(self, other: Decimal) -> bool: ...

def round_ratio_half_up(numerator: float, denominator: float, multiplier: int, decimals: int) -> Decimal: ...
def round_half_up(x: float, decimals: int) -> float: ...
def round_half_up_array(x: npt.ArrayLike, decimals: int) -> np.ndarray: ...

class Measure:
    @property
    def kind(self) -> str: ...
    @property
    def numerator(self) -> float: ...
    @property
    def denominator(self) -> float: ...
    @property
    def unit(self) -> Unit: ...
    @property
    def defined(self) -> bool: ...
    def value(self) -> Optional[float]: ...
    def rounded(self, decimals: int) -> Optional[Decimal]: ...
    def format(self, decimals: int, language: str = "zh") -> str: ...

class Proportion(Measure):
    def __init__(self, numerator: float, denominator: float, unit: UnitLike = ...) -> None: ...

class Rate(Measure):
    def __init__(self, events: float, population: float, unit: UnitLike = ...) -> None: ...
    @property
    def events(self) -> float: ...
    @property
    def population(self) -> float: ...

class Ratio(Measure):
    def __init__(self, numerator: float, denominator: float, unit: UnitLike = ...) -> None: ...

class QuotaCompletion(Measure):
    def __init__(self, done: float, quota: float) -> None: ...
    @property
    def done(self) -> float: ...
    @property
    def quota(self) -> float: ...
    @property
    def remaining(self) -> float: ...
    @property
    def reached(self) -> bool: ...

def sex_ratio(males: float, females: float) -> Ratio: ...
def format_value(value: float, unit: UnitLike, decimals: int, language: str = "zh") -> str: ...
def compute_column(
    kind: str,
    numerator: npt.ArrayLike,
    denominator: npt.ArrayLike,
    unit: UnitLike,
    on_bad_rows: str = "raise",
    decimals: Optional[int] = None,
) -> Tuple[np.ndarray, np.ndarray, Optional[np.ndarray], int, List[Tuple[int, str, str]]]: ...

# life_table (python/src/register_life_table.cpp)
LIFE_TABLE_STATUS_NAMES: List[str]
LIFE_TABLE_STATUS_REASONS: List[str]
STANDARD_LIFE_TABLE_BANDS: List[float]
NCD_MORTALITY_BANDS: List[float]

def life_table_columns(
    deaths: npt.ArrayLike,
    population: npt.ArrayLike,
    start_age: npt.ArrayLike,
    area: Optional[npt.ArrayLike] = None,
    confidence: List[float] = ...,
    bands: List[float] = ...,
    on_bad_rows: str = "raise",
) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, List[Tuple[int, str, str]]]: ...
def ncd_mortality_columns(
    deaths: npt.ArrayLike,
    population: npt.ArrayLike,
    start_age: npt.ArrayLike,
    area: Optional[npt.ArrayLike] = None,
    confidence: List[float] = ...,
    multiplier: float = 100.0,
    on_bad_rows: str = "raise",
) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, List[Tuple[int, str, str]]]: ...

# inequality (python/src/register_inequality.cpp)
INEQUALITY_STATUS_NAMES: List[str]
INEQUALITY_STATUS_REASONS: List[str]

def quantile_columns(
    values: npt.ArrayLike,
    group: Optional[npt.ArrayLike] = None,
    quantiles: int = 10,
    invert: List[bool] = ...,
    on_bad_rows: str = "raise",
) -> Tuple[np.ndarray, np.ndarray, List[Tuple[int, str, str]]]: ...
def sii_columns(
    quantile: npt.ArrayLike,
    population: npt.ArrayLike,
    value: npt.ArrayLike,
    standard_error: npt.ArrayLike,
    group: Optional[npt.ArrayLike] = None,
    value_type: int = 0,
    multiplier: float = 1.0,
    repetitions: int = 100000,
    confidence: List[float] = ...,
    seed: int = 1,
    on_bad_rows: str = "raise",
) -> dict: ...
def standard_error_from_limits(lower: npt.ArrayLike, upper: npt.ArrayLike, value_type: int = 0) -> np.ndarray: ...
# interval.hpp
INTERVAL_STATUS_DESCRIPTIONS: List[str]
COUNT_METHODS: List[str]

def z_value(confidence: float) -> float: ...
def proportion_interval(
    x: float, n: float, confidence: float = 0.95, method: str = "wilson", multiplier: float = 1.0
) -> Tuple[float, float, float]: ...
def count_interval(x: float, confidence: float = 0.95, method: str = "phe") -> Tuple[float, float, str]: ...
def rate_interval(
    x: float, n: float, confidence: float = 0.95, method: str = "phe", multiplier: float = 100000.0
) -> Tuple[float, float, float, str]: ...
def interval_column(
    kind: str,
    method: str,
    x: npt.ArrayLike,
    n: npt.ArrayLike,
    confidence: List[float],
    multiplier: float,
    on_bad_rows: str = "raise",
    x_field: str = "x",
    n_field: str = "n",
) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Optional[np.ndarray], List[Tuple[int, str, str]]]: ...
def _time_proportion_intervals(
    x: npt.ArrayLike, n: npt.ArrayLike, confidence: float = 0.95, method: str = "wilson", repeats: int = 5
) -> float: ...
def _set_max_threads(threads: int) -> None: ...
def _max_threads() -> int: ...

# standardise.hpp
STANDARD_POPULATIONS: List[str]
GROUP_STATUS_DESCRIPTIONS: List[str]

def standard_population(name: str) -> Tuple[List[str], List[float], List[float], str]: ...
def dsr_column(
    x: npt.ArrayLike,
    n: npt.ArrayLike,
    stdpop: npt.ArrayLike,
    offsets: npt.ArrayLike,
    confidence: List[float],
    multiplier: float,
    on_bad_rows: str = "raise",
    eventfreq: Optional[npt.ArrayLike] = None,
    ageband: Optional[npt.ArrayLike] = None,
) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, None, List[Tuple[int, str, str]]]: ...
def indirect_column(
    kind: str,
    x: npt.ArrayLike,
    n: npt.ArrayLike,
    x_ref: npt.ArrayLike,
    n_ref: npt.ArrayLike,
    offsets: npt.ArrayLike,
    confidence: List[float],
    scale: float,
    on_bad_rows: str = "raise",
    method: str = "phe",
) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, List[Tuple[int, str, str]]]: ...
# --- expression.hpp -------------------------------------------------------------------------

EXPRESSION_STATUS_DESCRIPTIONS: List[str]

class ExpressionReference:
    @property
    def element(self) -> str: ...
    @property
    def disaggregation(self) -> str: ...
    @property
    def modifier(self) -> str: ...  # "none", "period_offset", "same_period_last_year", "year_to_date"
    @property
    def offset(self) -> int: ...
    @property
    def key(self) -> str: ...

class Expression:
    def __init__(self, text: str) -> None: ...
    @property
    def text(self) -> str: ...
    @property
    def references(self) -> List[ExpressionReference]: ...
    @property
    def keys(self) -> List[str]: ...
    @property
    def instruction_count(self) -> int: ...
    def uses(self, name: str) -> bool: ...
    def check_references(self, known: Union[Callable[[ExpressionReference], bool], Collection[str]]) -> None: ...
    def evaluate(
        self,
        values: Mapping[str, npt.ArrayLike],
        days: Optional[npt.ArrayLike] = None,
        period_in_year: Optional[npt.ArrayLike] = None,
        periods_per_year: Optional[npt.ArrayLike] = None,
    ) -> Tuple[np.ndarray, np.ndarray]: ...

# funnel.hpp
FUNNEL_SIGNIFICANCE_LABELS: List[str]
FUNNEL_COMPARISON_LABELS: List[str]

def funnel_limits_column(
    statistic: str, x: npt.ArrayLike, n: npt.ArrayLike, multiplier: float, ratio_type: str = "isr",
    rate_type: str = "crude", years_of_data: float = 1.0, poisson: str = "phe",
    on_bad_rows: str = "raise", x_field: str = "x", n_field: str = "n",
) -> dict: ...
def funnel_limits_at(
    average: float, points: npt.ArrayLike, statistic: str, multiplier: float,
    ratio_type: str = "isr", rate_type: str = "crude", years_of_data: float = 1.0,
    poisson: str = "phe",
) -> dict: ...
def funnel_significance_column(
    statistic: str, x: npt.ArrayLike, n: npt.ArrayLike, multiplier: float, ratio_type: str = "isr",
    rate_type: str = "crude", polarity: str = "neither", on_bad_rows: str = "raise",
    x_field: str = "x", n_field: str = "n",
) -> Tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray, List[Tuple[int, str, str]]]: ...
def funnel_rate_denominators(
    x: npt.ArrayLike, rate: npt.ArrayLike, population: Optional[npt.ArrayLike] = None,
    multiplier: float = 100000.0, rate_type: str = "crude",
) -> np.ndarray: ...

# difference.hpp
def difference_column(
    kind: str, inputs: List[npt.ArrayLike], confidence: float = 0.95,
) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, List[Tuple[int, str, str]]]: ...
# --- validation (register_validation.cpp) ---------------------------------------------------
from typing import Any, Sequence

RULE_OUTCOME_DESCRIPTIONS: List[str]
REPORTED_STATUS_DESCRIPTIONS: List[str]

class ValidationRule:
    def __init__(
        self,
        id: str,
        left: str,
        operator: str = "==",
        right: str = "0",
        name_zh: str = "",
        name_en: str = "",
        left_missing: str = "skip_if_all_values_missing",
        right_missing: str = "skip_if_all_values_missing",
        importance: str = "medium",
        period_type: Optional[str] = None,
        tolerance: float = 0.0,
        source: str = "",
    ) -> None: ...
    id: str
    name_zh: str
    name_en: str
    left: str
    right: str
    operator: str
    left_missing: str
    right_missing: str
    importance: str
    period_type: Optional[str]
    tolerance: float
    source: str
    display_name: str

class ConsecutiveRule:
    def __init__(
        self,
        id: str,
        expression: str,
        flag_when: str = ">",
        bound: float = 0.0,
        run_length: int = 3,
        name_zh: str = "",
        name_en: str = "",
        importance: str = "medium",
        period_type: str = "month",
        source: str = "",
    ) -> None: ...
    id: str
    name_zh: str
    name_en: str
    expression: str
    flag_when: str
    bound: float
    run_length: int
    importance: str
    period_type: str
    source: str
    display_name: str

class ReportedRateCheck:
    consistent: bool
    expected: Decimal
    reported: Decimal
    def __bool__(self) -> bool: ...

def sum_of_parts_rule(
    id: str, total: str, parts: Sequence[str], name_zh: str = "", name_en: str = "", tolerance: float = 0.0
) -> ValidationRule: ...
def validation_rules_from_json(text: str) -> List[ValidationRule]: ...
def validation_rules_to_json(rules: Sequence[ValidationRule]) -> str: ...
def check_reported_rate(
    numerator: float, denominator: float, reported: Union[str, float, Decimal], unit: UnitLike = "percent"
) -> ReportedRateCheck: ...
def _validate(
    cube: Any, rules: Sequence[ValidationRule], units: Sequence[int], periods: Sequence[Any],
    include_passed: bool, include_skipped: bool, language: str
) -> Tuple[Any, ...]: ...
def _consecutive_violations(
    cube: Any, rules: Sequence[ConsecutiveRule], units: Sequence[int], window: Any, language: str
) -> Tuple[Any, ...]: ...
def _check_reported_rates(
    numerator: npt.ArrayLike, denominator: npt.ArrayLike, reported: npt.ArrayLike, decimals: npt.ArrayLike,
    unit: UnitLike, on_bad_rows: str = "raise"
) -> Tuple[np.ndarray, np.ndarray, np.ndarray, List[Tuple[int, str, str]]]: ...
