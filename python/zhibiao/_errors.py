"""Bad-row errors of the pandas layer: one place that builds and relabels InvalidRows.

The message is the C++ core's (zhibiao::invalid_rows: the count, the first ten rows, "... and N
more"), built by the core through _core._raise_invalid_rows, so Python never re-creates its
format. Relabelling renames the kernel's fields as the caller's columns ("x" -> "deaths") and
adds each row's index label, so that an error names the row the way the DataFrame does.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Sequence, Tuple

from . import _core
from ._core import ArgumentTypeError, InvalidInput, InvalidRows, ParseError

RowError = Tuple[int, str, str]

__all__ = ["ArgumentTypeError", "InvalidInput", "InvalidRows", "ParseError"]
# Exception classes report bad input; none computes a number.
_NO_FORMULA = {
    "ArgumentTypeError": "An exception class reports arguments of a wrong type and computes nothing.",
    "InvalidInput": "An exception class reports an input outside its domain and computes nothing.",
    "InvalidRows": "An exception class lists the bad rows of a batch and computes nothing.",
    "ParseError": "An exception class reports text that cannot be read and computes nothing.",
}


def invalid_rows(rows: Sequence[RowError]) -> InvalidRows:
    """An InvalidRows listing `rows` (row, field, message), its message built by the C++ core."""
    try:
        _core._raise_invalid_rows([(int(r), str(f), str(m)) for r, f, m in rows])
    except InvalidRows as exc:
        exc.__traceback__ = None  # raised by the caller, not here
        return exc
    raise AssertionError("_raise_invalid_rows returned")  # pragma: no cover


def relabelled(error: Any, index=None, names: Optional[Mapping[str, str]] = None) -> InvalidRows:
    """The rows of `error` (an InvalidRows or its rows) with fields renamed through `names` and,
    given the frame's `index`, each row's label appended: "deaths (index 'E02')"."""
    rows: Iterable[RowError] = error.rows if isinstance(error, InvalidRows) else error
    out = []
    for r, f, m in rows:
        field = names.get(f, f) if names else f
        if index is not None:
            field = f"{field} (index {index[r]!r})"
        out.append((r, field, m))
    return invalid_rows(out)
