"""Reading data values as users keep them: CSV (UTF-8 or GB18030), Excel .xlsx, wide monthly
forms and SQL queries, into the long table load_frame takes (element, org_unit, period, value).

Every cell is read as text and converted here, so that the file's own digits decide the number:
"94.13" becomes the double Python's float() gives, the same one pandas.to_numeric (which
cells_as_numbers, behind load_frame, uses) gives — not a value rounded on the way through a
float column guessed by a reader. Only an empty cell is a missing value, kept as NaN in the
value column; text such as "NA", "-" or "12a" is a bad cell, reported by file, row and column.
Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row row 2.
"""
from __future__ import annotations

import datetime as _dt
import decimal
import io
import math
import os
import re
from typing import TYPE_CHECKING, Any, Optional, Sequence, Union

import numpy as np

from ._core import InvalidInput
from ._errors import invalid_rows
from ._period import as_period

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_table", "read_sql"]

_NO_FORMULA = {
    "read_table": "a file reader: it converts cells to numbers and computes no figure",
    "read_sql": "a database reader: it converts cells to numbers and computes no figure",
}

_LONG = ("element", "org_unit", "period", "value")
_MONTH = re.compile(r"^\s*(\d{1,2})\s*月(份)?\s*$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)  # ASCII digits: full-width "１２" is not 12


def _decode(data: bytes, encoding: Optional[str], where: str) -> str:
    """The text of a file: with encoding None, UTF-8 (a BOM dropped) if the bytes are valid
    UTF-8, else GB18030 (which covers GBK and GB2312, as Chinese Excel saves a CSV)."""
    if encoding is not None:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InvalidInput(f"{where}: cannot be read as {encoding}: {exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{where}: neither UTF-8 nor GB18030 (byte {exc.start}); "
                           f"pass encoding=") from None


def _cell_text(v: Any) -> Optional[str]:
    """A cell as text, None when empty. Numbers from Excel or SQL keep their value: an integral
    float is written without '.0' so that an org unit code 340999001 stays that code."""
    if v is None:
        return None
    if isinstance(v, float):
        if math.isnan(v):
            return None
        return str(int(v)) if v.is_integer() and abs(v) < 2 ** 53 else repr(v)
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer, decimal.Decimal)):
        return str(v)
    if isinstance(v, np.floating):
        return _cell_text(float(v))
    if isinstance(v, (_dt.datetime, _dt.date)):
        return f"{v.year:04d}{v.month:02d}"
    text = str(v).strip()
    return text or None


def _frame_from_file(path, encoding, sheet, where):
    import pandas as pd

    suffix = os.path.splitext(str(path))[1].lower()
    if suffix in (".xlsx", ".xlsm"):
        if encoding is not None:
            raise InvalidInput(f"{where}: encoding= is for text files; an .xlsx names its own")
        try:
            frame = pd.read_excel(path, sheet_name=sheet, dtype=object, header=0,
                                  engine="openpyxl", keep_default_na=False, na_values=[])
        except (ValueError, KeyError) as exc:
            raise InvalidInput(f"{where}: {exc}") from None
        return frame
    if suffix == ".xls":
        raise InvalidInput(f"{where}: the old .xls format is not read; save it as .xlsx or CSV")
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise InvalidInput(f"{where}: {exc.strerror}") from None
    text = _decode(data, encoding, where)
    # Blank lines are kept so that row numbers match the file's lines; dropped below.
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[],
                       skip_blank_lines=False)


def _frame_from_sql(conn, query, params):
    import pandas as pd

    if not isinstance(query, str) or not query.strip():
        raise InvalidInput(f"query: expected SQL text, got {type(query).__name__} {query!r}"[:160])
    cursor = conn.cursor()
    try:
        try:
            cursor.execute(query, params if params is not None else ())
            names = [d[0] for d in cursor.description or ()]
            rows = cursor.fetchall()
        except Exception as exc:  # noqa: BLE001 - each driver has its own error classes
            raise InvalidInput(f"query: the database refused it ({type(exc).__name__}: {exc})"[:300]) from None
    finally:
        try:
            cursor.close()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass
    if not names:
        raise InvalidInput("query: returned no columns (not a SELECT?)")
    return pd.DataFrame([list(r) for r in rows], columns=names, dtype=object)


def _period_header(header: str, year: Optional[int], where: str) -> str:
    m = _MONTH.match(header)
    if m:
        month = int(m.group(1))
        if not 1 <= month <= 12:
            raise InvalidInput(f"{where}: column {header!r}: no month {month}")
        if year is None:
            raise InvalidInput(f"{where}: column {header!r} names a month without its year; "
                               f"pass year=")
        return f"{int(year):04d}{month:02d}"
    try:
        return as_period(header).code
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: column {header!r} is not a period ({exc})") from None


def _number(text: str) -> Optional[float]:
    """float(text) for plain decimal notation only: float() also takes 'nan', 'inf' and '1_000',
    which are not values of a form."""
    t = text.strip()
    if not _NUMBER.match(t):
        return None
    x = float(t)
    return x if math.isfinite(x) else None


def read_table(source: Union[str, "os.PathLike[str]", Any], *, query: Optional[str] = None,
               params: Any = None, wide: Optional[str] = None,
               id_columns: Optional[Sequence[str]] = None, element: Optional[str] = None,
               year: Optional[int] = None, encoding: Optional[str] = None, sheet: Any = 0,
               columns: Optional[dict] = None, missing: str = "keep") -> "pd.DataFrame":
    """Read data values into a long DataFrame with columns element, org_unit, period, value.

    Takes a file path (CSV or .xlsx) or a DB-API connection; returns a pandas DataFrame in the
    layout of examples/district/data.csv and DataCube.load_frame, the values in the unit the
    file wrote them in (float64, the number the file's digits give).

    source: a path to a .csv (UTF-8 with or without BOM, or GB18030, detected unless encoding=
    is given) or an .xlsx (sheet= picks the sheet), or a DB-API connection with query= (and
    params=) as for read_sql.

    wide=None: the table is long already; columns= maps its column names to ours, e.g.
    {"指标": "element", "机构": "org_unit", "月份": "period", "数值": "value"}.
    wide="period": one column per period ("1月" .. "12月" with year=, "2025-01", "202501",
    "2025Q1"); id_columns are the other columns (default: those named org_unit and element);
    element= names the data element when the table has no element column.
    wide="element": one column per data element; id_columns default to org_unit and period.

    Periods come out as zhibiao's codes ("202501"). An empty value cell is a missing value:
    missing="keep" (default) keeps its row with value NaN (a form's blank month stays visible;
    DataCube.load_frame reports such a row as "is missing", so drop them before loading),
    "drop" leaves the row out, "error" makes it a bad cell. A cell that is not a number, a
    period that does not parse, a missing id and a key given twice raise InvalidRows naming the
    file, the spreadsheet row and the column.

    References
    ----------
    docs/reading.md (sources, layouts, numbers read from their text, missing values, errors);
    GB 18030 (the encoding Chinese Excel saves a CSV in); pandas.read_csv and openpyxl read
    the cells, as text.

    Examples
    --------
    A monthly form, one column per month (invented figures; the blank is a missing report):

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "births.csv"
    ...     _ = path.write_text("org_unit,1月,2月\\n340999001,30,28\\n340999002,25,\\n", encoding="utf-8")
    ...     long = zb.read_table(path, wide="period", element="births", year=2024)
    >>> long
      element   org_unit  period  value
    0  births  340999001  202401   30.0
    1  births  340999001  202402   28.0
    2  births  340999002  202401   25.0
    3  births  340999002  202402    NaN
    """
    import pandas as pd

    if year is not None and (isinstance(year, bool) or not isinstance(year, (int, np.integer))
                             or not 1 <= year <= 9999):
        raise InvalidInput(f"year: expected a year such as 2025, got {year!r}"[:160])
    if encoding is not None and not isinstance(encoding, str):
        raise InvalidInput(f"encoding: expected a codec name such as 'gb18030', got {encoding!r}"[:160])
    if element is not None and (not isinstance(element, str) or not element.strip()):
        raise InvalidInput(f"element: expected a data element's code, got {element!r}"[:160])
    if columns is not None and not isinstance(columns, dict):
        raise InvalidInput(f"columns: expected a dict of header -> column, got {type(columns).__name__}")
    if id_columns is not None and (isinstance(id_columns, str) or not isinstance(id_columns, (list, tuple))
                                   or not all(isinstance(c, str) for c in id_columns)):
        raise InvalidInput(f"id_columns: expected a list of column names, got {id_columns!r}"[:160])
    if not isinstance(missing, str) or missing not in ("keep", "drop", "error"):
        raise InvalidInput(f"missing: expected 'keep', 'drop' or 'error', got {missing!r}")
    if wide is not None and (not isinstance(wide, str) or wide not in ("period", "element")):
        raise InvalidInput(f"wide: expected None, 'period' or 'element', got {wide!r}")
    if query is not None:
        if not hasattr(source, "cursor"):
            raise InvalidInput(f"source: query= needs a DB-API connection, got {type(source).__name__}")
        where = "query"
        frame = _frame_from_sql(source, query, params)
        first_row = 1  # a result has no header row: its first row is row 1
    elif hasattr(source, "cursor"):
        raise InvalidInput("query: a database connection needs query=")
    elif isinstance(source, (str, os.PathLike)):
        where = os.path.basename(os.fspath(source))
        frame = _frame_from_file(source, encoding, sheet, where)
        first_row = 2
    else:
        raise InvalidInput(f"source: expected a file path or a DB-API connection, got "
                           f"{type(source).__name__}")

    headers = [_cell_text(c) or "" for c in frame.columns]
    headers = [str(c) if isinstance(c, str) else h for c, h in zip(frame.columns, headers)]
    headers = [h.strip() for h in headers]
    if columns:
        headers = [columns.get(h, h) for h in headers]
    seen = set()
    for h in headers:
        if h in seen:
            raise InvalidInput(f"{where}: column {h!r} appears twice in the header")
        seen.add(h)
    cells = [[_cell_text(v) for v in frame.iloc[:, j].tolist()] for j in range(len(headers))]
    n = len(frame)
    # Rows with no cell at all (blank lines, Excel's formatted but empty rows) are not data.
    keep = [i for i in range(n) if any(col[i] is not None for col in cells)]

    if wide is None:
        ids, value_columns = ["element", "org_unit", "period"], ["value"]
    elif wide == "period":
        ids = list(id_columns) if id_columns is not None else [h for h in ("element", "org_unit")
                                                                 if h in headers]
        value_columns = [h for h in headers if h not in ids]
    else:
        ids = list(id_columns) if id_columns is not None else ["org_unit", "period"]
        value_columns = [h for h in headers if h not in ids]
    for h in ids:
        if h not in headers:
            raise InvalidInput(f"{where}: no column {h!r} (columns: {', '.join(headers)})")
    if wide == "period" and "element" not in ids and element is None:
        raise InvalidInput(f"{where}: no element column; pass element= or id_columns=")
    if not value_columns:
        raise InvalidInput(f"{where}: no value columns besides {', '.join(ids)}")
    periods_of = {}
    if wide == "period":
        periods_of = {h: _period_header(h, year, where) for h in value_columns}
        if len(set(periods_of.values())) < len(periods_of):
            raise InvalidInput(f"{where}: two columns name the same period")
    col = {h: cells[j] for j, h in enumerate(headers)}

    errors = []
    out = {k: [] for k in _LONG}
    rows_of = []  # (spreadsheet row, value column) of each output row, for the duplicate check
    period_codes = {}

    def period_code(text, row, name):
        code = period_codes.get(text)
        if code is None:
            try:
                code = period_codes[text] = as_period(text).code
            except InvalidInput as exc:
                errors.append((row, f"{where} column {name!r}", f"not a period: {text!r} ({exc})"))
        return code

    for i in keep:
        row = i + first_row
        key = {}
        bad = False
        for h in ids:
            text = col[h][i]
            if text is None:
                errors.append((row, f"{where} column {h!r}", "empty"))
                bad = True
                continue
            key[h] = text
        if bad:
            continue
        if "period" in key and wide != "period":
            key["period"] = period_code(key["period"], row, "period")
            if key["period"] is None:
                continue
        for h in value_columns:
            text = col[h][i]
            value = np.nan
            if text is None and missing != "keep":
                if missing == "error":
                    errors.append((row, f"{where} column {h!r}", "empty"))
                continue
            if text is not None:
                value = _number(text)
                if value is None:
                    errors.append((row, f"{where} column {h!r}", f"not a number: {text!r}"))
                    continue
            if wide == "period":
                out["element"].append(key.get("element", element))
                out["period"].append(periods_of[h])
            elif wide == "element":
                out["element"].append(h)
                out["period"].append(key["period"])
            else:
                out["element"].append(key["element"])
                out["period"].append(key["period"])
            out["org_unit"].append(key["org_unit"])
            out["value"].append(value)
            rows_of.append((row, h))
    first = {}
    for k, (row, h) in enumerate(rows_of):
        key = (out["element"][k], out["org_unit"][k], out["period"][k])
        if key in first:
            r0, h0 = first[key]
            errors.append((row, f"{where} column {h!r}",
                           f"{key[0]} / {key[1]} / {key[2]} given twice (also row {r0} "
                           f"column {h0!r})"))
        else:
            first[key] = (row, h)
    if errors:
        errors.sort(key=lambda e: e[0])
        raise invalid_rows(errors)
    result = pd.DataFrame({k: pd.Series(out[k], dtype=object) for k in _LONG[:3]})
    result["value"] = np.asarray(out["value"], dtype=np.float64)
    return result


def read_sql(conn: Any, query: str, params: Any = None, **options: Any) -> "pd.DataFrame":
    """read_table(conn, query=query, params=params, **options): the rows of a SQL query on any
    DB-API connection (sqlite3, psycopg, pymysql ...), in the same long layout. params are passed
    to cursor.execute with the driver's own placeholder style.

    Takes a connection and the query's text; returns a pandas DataFrame with columns element,
    org_unit, period (zhibiao's codes) and value (float64, in the unit stored).

    References
    ----------
    PEP 249 (the Python DB-API: cursor.execute, fetchall); docs/reading.md.

    Examples
    --------
    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:")
    >>> _ = conn.execute("CREATE TABLE v (element TEXT, org_unit TEXT, period TEXT, value REAL)")
    >>> _ = conn.execute("INSERT INTO v VALUES ('births', '340999001', '2024年1月', 30)")
    >>> zb.read_sql(conn, "SELECT * FROM v WHERE element = ?", ("births",))
      element   org_unit  period  value
    0  births  340999001  202401   30.0
    """
    return read_table(conn, query=query, params=params, **options)
