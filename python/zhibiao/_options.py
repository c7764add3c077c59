"""The one reader of options in the Python layer (issue 14, classes 7 and 10).

Every wrapper turns its numeric options (confidence, multiplier, scale, tolerance, years_of_data,
decimals ...) into numbers here, before anything else, so that ``"abc"``, ``None`` or ``True``
is ``InvalidInput`` naming the option rather than a bare ``TypeError``/``ValueError`` (or 1.0).
Both functions call the compiled core (python/src/binding_helpers.hpp number_option, and the
confidence reader of include/zhibiao/detail/options.hpp): the rules live in one place.

Text choices (on_bad_rows, method, statistic ...) go through `choice`, booleans (poisson,
with_value ...) through `flag`: an array, None, NaN or a misspelt name is InvalidInput naming the
option and listing what it accepts, never a KeyError, a TypeError or a silent default.

Confidence levels: a fraction (0.95) or per cent (95, 99.8), as PHEindicatormethods accepts
them; 1 and 100 read as a 100 % interval, which only proportions accept.
"""
from __future__ import annotations

from typing import Any, List, Optional, Sequence

import numpy as np

from . import _core

__all__: List[str] = []

#: The values of every `on_bad_rows` option: raise InvalidRows, or mark the rows with a status.
ON_BAD_ROWS = ("raise", "mark")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def choice(value: Any, field: str, allowed: Sequence[str]) -> str:
    """`value` when it is one of the strings `allowed`; InvalidInput naming `field` and listing
    `allowed` otherwise (None, numbers, arrays, NaN, a misspelt or differently-cased name)."""
    if isinstance(value, str) and value in allowed:
        return str(value)  # np.str_ -> str
    allowed_text = ", ".join(repr(a) for a in allowed)
    raise _core.InvalidInput(
        f"{field}: expected one of {allowed_text}; got {type(value).__name__} {_shown(value)}")


def flag(value: Any, field: str) -> bool:
    """`value` as a bool when it is True or False (or a NumPy bool); InvalidInput naming `field`
    otherwise: 1, "yes", None and arrays are not read as truth values."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise _core.InvalidInput(
        f"{field}: expected True or False, got {type(value).__name__} {_shown(value)}")


def number(value, field: str) -> float:
    """`value` as a float; InvalidInput naming `field` for str, None, bool or a non-number."""
    return _core._number_option(value, field)


def positive_number(value, field: str) -> float:
    """`value` as a finite float greater than 0 (a multiplier, refvalue, scale); InvalidInput
    naming `field` otherwise, so that the caller's argument, not the kernel's, is named."""
    x = number(value, field)
    if x != x or x in (float("inf"), float("-inf")):
        raise _core.InvalidInput(f"{field}: must be a finite number, got {value!r}")
    if x <= 0:
        raise _core.InvalidInput(f"{field}: must be greater than 0, got {value!r}")
    return x


def whole_number(value, field: str) -> int:
    """`value` as an int (2, 2.0, np.int64(2)); InvalidInput naming `field` otherwise."""
    x = number(value, field)
    if x != x or x in (float("inf"), float("-inf")) or x != int(x):
        raise _core.InvalidInput(f"{field}: must be a whole number, got {value!r}")
    return int(x)


def confidence_levels(value, field: str = "confidence") -> List[float]:
    """One level or a list of them, as fractions (95 -> 0.95, 0.998 stays); none repeated."""
    levels = list(_core._confidence_levels(value, field))
    if len({round(c, 12) for c in levels}) != len(levels):
        raise _core.InvalidInput(f"{field}: levels repeat ({levels})")
    return levels


def confidence_level(value, field: str = "confidence") -> float:
    """Exactly one level, as a fraction (for the functions that take a single confidence)."""
    levels = confidence_levels(value, field)
    if len(levels) != 1:
        raise _core.InvalidInput(f"{field}: give one level, got {len(levels)}")
    return levels[0]


#: The languages of displayed text (statuses, missing values, narratives).
LANGUAGES = ("zh", "en")


def decimals(value: Any, field: str = "decimals", *, optional: bool = True) -> Optional[int]:
    """A number of decimals: a whole number 0 .. 15 (2, 2.0, np.int64(2)), or None where the
    caller allows "not given" (`optional`). True/False, -1, 1.5, NaN, text and arrays are
    InvalidInput naming `field`. The rule is the binding's decimals_option (binding_helpers.hpp),
    which every decimals argument bound in C++ goes through too."""
    if value is None and optional:
        return None
    return _core._decimals_option(value, field)


def language(value: Any, field: str = "language") -> str:
    """'zh' or 'en'; InvalidInput naming `field` otherwise."""
    return choice(value, field, LANGUAGES)
