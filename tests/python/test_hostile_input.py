"""Hostile-input sweep (issue 14): every public callable of zhibiao, each argument in turn.

Each case starts from a valid call and replaces ONE argument by a hostile value: NaN, ±inf, None,
True, "abc", "", -1, 0, 1e308, huge ints, full-width digits, period strings at the ends of the
calendar ("1400W01", "99991231", "9999"), empty arrays, arrays one element short, object arrays;
array arguments also get one hostile element, DataFrame arguments one hostile cell per numeric
column and no rows at all. A case passes when the call

- raises zhibiao.InvalidInput (or a subclass: ParseError, InvalidRows), or
- returns, and every row whose status is 0 (ok) holds finite numbers, no float is NaN or ±inf
  without a status beside it, and no text says "nan" or "inf" (docs/bad-input.md §1).

Any other exception, a process abort (SIGABRT from an uncaught C++ exception) or a hang fails it.
The sweep runs in one child process (python tests/python/test_hostile_input.py --zygote), which
imports zhibiao once and forks a worker that prints a line before and after each case; when the
worker dies or is silent for HANG_SECONDS, the child records that case as an abort or a hang and
forks the next worker at the case after it. So one abort costs one case, not the run.

Known failures (on the branch where the sweep was written, before the other fixes of issue 14)
are listed in hostile_known.json by the class of issue 14 that should fix them (classify()).
One strict xfail per (class, reason) XPASSes, and so fails, when its whole group passes;
test_known_failures_still_fail fails as soon as any single known case passes. After merging a
fix, `python tests/python/test_hostile_input.py --prune-known` removes the cases that pass now
(it never adds one); `--report` prints the failures by class.
"""
from __future__ import annotations

import datetime
import fnmatch
import json
import math
import os
import re
import select
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import zhibiao as zb

HANG_SECONDS = 20.0  # generous: the machines are shared; a real hang (issue 14 class 4) is far longer

# ---- hostile values ---------------------------------------------------------------------------

# (label, factory); factories so that every case gets a fresh object.
SCALARS = [
    ("nan", lambda: float("nan")),
    ("inf", lambda: float("inf")),
    ("-inf", lambda: float("-inf")),
    ("None", lambda: None),
    ("True", lambda: True),
    ("abc", lambda: "abc"),
    ("empty-text", lambda: ""),
    ("-1", lambda: -1),
    ("0", lambda: 0),
    ("1e308", lambda: 1e308),
    ("10**30", lambda: 10**30),
    ("2**64", lambda: 2**64),
    ("fullwidth-digits", lambda: "１２３"),
    ("1400W01", lambda: "1400W01"),
    ("99991231", lambda: "99991231"),
    ("9999", lambda: "9999"),
    ("empty-array", lambda: np.array([], dtype=float)),
    ("object-array", lambda: np.array([1, "x"], dtype=object)),
    # what a pandas user passes by mistake: a column instead of a table, a dict, a list of text
    ("series", lambda: pd.Series([1.0, 2.0])),
    ("dict", lambda: {"x": 1.0}),
    ("text-list", lambda: ["a", "b"]),
]
# One element of an array argument (the first) replaced by these.
ELEMENTS = [
    ("nan", float("nan")), ("inf", float("inf")), ("-inf", float("-inf")), ("None", None),
    ("abc", "abc"), ("-1", -1), ("0", 0), ("1e308", 1e308), ("10**30", 10**30),
    ("fullwidth", "１２"),
]
# One cell of a numeric DataFrame column (row 0) replaced by these.
CELLS = [
    ("nan", float("nan")), ("inf", float("inf")), ("-inf", float("-inf")), ("None", None),
    ("abc", "abc"), ("-1", -1), ("0", 0), ("1e308", 1e308), ("fullwidth", "１２"),
]


def _element_variants(valid):
    base = list(np.asarray(valid, dtype=object).ravel())
    out = []
    for label, v in ELEMENTS:
        out.append((f"elem-{label}", lambda v=v: np.array([v] + base[1:], dtype=object)
                    if isinstance(v, str) or v is None or isinstance(v, int) and abs(v) > 2**53
                    else np.array([v] + base[1:], dtype=float)))
    out.append(("one-short", lambda: np.asarray(valid)[:-1].copy()))
    out.append(("as-object-dtype", lambda: np.asarray(valid).astype(object)))
    out.append(("as-2d", lambda: np.asarray(valid, dtype=float).reshape(1, -1)))
    return out


def _frame_variants(valid_frame, numeric):
    out = [("no-rows", lambda: valid_frame().iloc[:0].copy())]
    for col in numeric:
        for label, v in CELLS:
            def make(col=col, v=v):
                f = valid_frame().copy()
                f[col] = f[col].astype(object)
                f.iloc[0, f.columns.get_loc(col)] = v
                return f
            out.append((f"{col}-{label}", make))
    return out


# Numeric options: any of these values must be refused, not silently used (issue 14 class 7:
# tolerance=nan made assess_quota say 持平 while 17.9 points behind; confidence=True became 1.0).
NUMERIC_OPTIONS = {"confidence", "tolerance", "multiplier", "decimals", "repetitions",
                   "nquantiles", "years_of_data", "refvalue"}
MUST_REFUSE = {"nan", "inf", "-inf", "True", "abc", "empty-text", "fullwidth-digits", "1400W01",
               "99991231", "9999", "empty-array", "object-array", "-1"}

# ---- the valid calls ------------------------------------------------------------------------

class Spec:
    """A valid call: fn() returns the callable; params: (name, factory, mode, kind) in call order.

    mode: "pos" or "kw". kind: "scalar", "array" (also element variants) or "frame" (numeric
    columns given: cell variants). A name listed in fixed is never replaced.
    """

    def __init__(self, name, fn, params, allow_nan=False, denominators=(), vary=True,
                 timeout=None, negative_ok=()):
        self.name, self.fn, self.params, self.allow_nan = name, fn, params, allow_nan
        # Numeric options for which a negative value means something (PHE's phe_sii: a negative
        # multiplier reverses the SII's sign and inverts the RII), so -1 need not be refused.
        self.negative_ok = set(negative_ok)
        self.timeout = timeout  # seconds before a case counts as a hang (HANG_SECONDS if None)
        # Zero in one of these (an array argument's element, a frame's column) is a zero
        # denominator: undefined with its status, never an error (issue 14 class 9).
        self.denominators, self.vary = denominators, vary

    def must_raise(self, label):
        name, _, value = label.partition("=")
        if value == "-1" and name in self.negative_ok:
            return False
        return name in NUMERIC_OPTIONS and value in MUST_REFUSE

    def no_raise(self, label):
        return any(label in (f"{d}:elem-0", f"{d}-0") for d in self.denominators)

    def variants(self):
        yield "valid", None, None
        if not self.vary:
            return
        for pname, factory, mode, kind in self.params:
            for label, value in SCALARS:
                yield f"{pname}={label}", pname, value
            if kind == "array":
                for label, value in _element_variants(factory()):
                    yield f"{pname}:{label}", pname, value
            elif isinstance(kind, tuple) and kind[0] == "frame":
                for label, value in _frame_variants(factory, kind[1]):
                    yield f"{pname}:{label}", pname, value

    def call(self, replaced=None, value=None):
        args, kwargs = [], {}
        for pname, factory, mode, _ in self.params:
            v = value() if pname == replaced else factory()
            if mode == "pos":
                args.append(v)
            else:
                kwargs[pname] = v
        return self.fn()(*args, **kwargs)


def P(name, factory, kind="scalar"):
    return (name, factory, "pos", kind)


def K(name, factory, kind="scalar"):
    return (name, factory, "kw", kind)


def const(v):
    return lambda: v


def arr(*v):
    return lambda: np.array(v, dtype=float)


def frame_of(**cols):
    return lambda: pd.DataFrame({k: list(v) for k, v in cols.items()})



SCHEME_JSON = ('{"items": [{"id": "a", "indicator": "family_doctor_contract_rate", "points": 10, '
               '"rule": "proportional", "target": "≥90%"}]}')


def _drawn_scores(*args, **kwargs):
    """zhibiao.plot.scores, returning the bars' lengths (an Axes is no result to judge)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import zhibiao.plot as zp

    ax = zp.scores(*args, **kwargs)
    widths = np.array([p.get_width() for p in ax.patches], dtype=float)
    plt.close(ax.figure)
    return widths


def tree():
    return zb.org_unit_tree(pd.DataFrame({"code": ["D", "T1", "T2"], "name": ["区", "镇1", "镇2"],
                                          "parent": [None, "D", "D"]}))


def cube():
    c = zb.DataCube(tree(), [zb.DataElement("a", "a"), zb.DataElement("b", "b")],
                    zb.Period.month(2024, 1), 6)
    c.load_frame(pd.DataFrame({"element": ["a", "b", "a", "b"], "org_unit": ["T1", "T1", "T2", "T2"],
                               "period": ["2024-01"] * 4, "value": [3.0, 10.0, 4.0, 12.0]}))
    return c


def catalog_json():
    return json.dumps({"indicators": [{"id": "r", "numerator": "#{a}", "denominator": "#{b}",
                                       "unit": "%", "decimals": 2, "kind": "proportion"}]})


def rates_frame():
    return pd.DataFrame({"x": [5.0, 20.0, 65.0], "n": [100.0, 200.0, 1000.0]})


def two_group_frame():
    return pd.DataFrame({"x1": [30.0, 12.0], "n1": [100.0, 80.0], "x2": [20.0, 15.0],
                         "n2": [100.0, 90.0]})


ESP = list(zb.standard_population("esp2013")["weight"])
POP19 = [636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288, 153, 123,
         207]
X19 = [12, 4, 3, 2, 3, 4, 8, 2, 2, 3, 4, 5, 6, 8, 5, 6, 5, 5, 4]
LE_AGES = [0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]
LE_POPS = [7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601, 50209, 56416,
           46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936]
LE_DEATHS = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872, 1390, 1605, 1936,
             1937]


def dsr_frame():
    return pd.DataFrame({"x": X19, "n": POP19, "band": zb.standard_population()["band"].tolist()})


def isr_frame():
    return pd.DataFrame({"x": X19, "n": POP19, "xr": [v * 10 for v in X19],
                         "nr": [v * 12 for v in POP19]})


def le_frame():
    return pd.DataFrame({"deaths": LE_DEATHS, "pops": LE_POPS, "startage": LE_AGES})


def ncd_frame():
    return pd.DataFrame({"deaths": [8.0, 12, 20, 35, 60, 90, 130, 170],
                         "pops": [40000.0, 38000, 36000, 34000, 30000, 26000, 22000, 18000],
                         "startage": [30.0, 35, 40, 45, 50, 55, 60, 65]})


def sii_frame():
    return pd.DataFrame({"decile": list(range(1, 11)),
                         "population": [7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534],
                         "value": [75.9, 78.3, 83.8, 83.6, 80.5, 81.1, 81.7, 84.2, 80.6, 86.3],
                         "se": [1.64, 1.58, 1.51, 1.78, 1.7, 1.56, 1.37, 1.4, 2.43, 1.57]})


def table_frame():
    return pd.DataFrame({"indicator": ["r"], "value": [30.0], "numerator": [3.0],
                         "denominator": [10.0], "lower_95": [10.0], "upper_95": [60.0]})


def monthly_frame():
    return pd.DataFrame([[float(m) for m in range(1, 13)]],
                        columns=[f"2024-{m:02d}" for m in range(1, 13)])



def sqlite_conn():
    import sqlite3
    conn = sqlite3.connect(":memory:")
    conn.execute("create table v (element text, org_unit text, period text, value real)")
    conn.execute("insert into v values ('births', 'T1', '201901', 3)")
    return conn


def form_csv():
    import tempfile
    global _FORM
    if _FORM is None:
        _FORM = str(Path(tempfile.mkdtemp()) / "form.csv")
        Path(_FORM).write_text("org_unit,1月,2月\nT1,3,\n", encoding="gb18030")
    return _FORM


def dhis2_metadata():
    # The shapes of DHIS2's /api/metadata export (docs.dhis2.org, Web API, "Metadata").
    return {"organisationUnits": [{"id": "D", "name": "区", "path": "/D", "level": 1},
                                  {"id": "T1", "name": "镇1", "path": "/D/T1", "parent": {"id": "D"}}],
            "dataElements": [{"id": "a", "name": "a", "valueType": "INTEGER"},
                             {"id": "b", "name": "b", "valueType": "NUMBER"}],
            "indicatorTypes": [{"id": "IT_PERCENT", "factor": 100}],
            "indicators": [{"id": "IN_R000001", "numerator": "#{a}", "denominator": "#{b}",
                            "indicatorType": {"id": "IT_PERCENT"}}]}


def dhis2_values():
    return {"dataValues": [{"dataElement": "a", "period": "202401", "orgUnit": "T1", "value": "3"},
                           {"dataElement": "b", "period": "202401", "orgUnit": "T1", "value": "10"}]}


def dhis2_registrations():
    # /api/completeDataSetRegistrations (docs.dhis2.org, Web API, "Data"), for the data set DS
    # of dhis2_metadata_with_data_set.
    return {"completeDataSetRegistrations": [
        {"dataSet": "DS", "period": "202401", "organisationUnit": "T1",
         "attributeOptionCombo": "HllvX50cXC0", "date": "2024-02-03T10:00:00.000", "completed": True}]}


def dhis2_metadata_with_data_set():
    return zb.read_dhis2_metadata(dict(dhis2_metadata(), dataSets=[
        {"id": "DS", "name": "月报", "periodType": "Monthly", "timelyDays": 5,
         "organisationUnits": [{"id": "T1"}]}]))


def dhis2_analytics():
    return {"headers": [{"name": "dx"}, {"name": "ou"}, {"name": "pe"},
                        {"name": "value", "valueType": "NUMBER"}],
            "metaData": {"items": {"a": {"name": "a"}}}, "rows": [["a", "T1", "202401", "3"]]}


_FORM = None

SPECS = [
    Spec("read_sql", lambda: zb.read_sql, [P("conn", sqlite_conn), P("query", const("select * from v")),
                                           P("params", const(()))]),
    Spec("read_table", lambda: zb.read_table,
         [P("source", form_csv), K("wide", const("period")), K("element", const("births")),
          K("year", const(2019)), K("encoding", const(None)), K("missing", const("keep")),
          K("id_columns", const(["org_unit"]))], allow_nan=True),
    # _columns
    Spec("Unit", lambda: zb.Unit, [P("text", const("percent"))]),
    Spec("Unit.suffix", lambda: zb.Unit("percent").suffix, [P("language", const("zh"))]),
    Spec("Unit.name", lambda: zb.Unit("percent").name, [P("language", const("en"))]),
    Spec("Decimal", lambda: zb.Decimal, [P("coefficient", const(9413)), P("exponent", const(-2))]),
    Spec("Decimal.parse", lambda: zb.Decimal.parse, [P("text", const("94.13"))]),
    Spec("Decimal.from_float", lambda: zb.Decimal.from_float, [P("x", const(2.675))]),
    Spec("Decimal.round_half_up", lambda: zb.Decimal.parse("2.675").round_half_up,
         [P("decimals", const(2))]),
    Spec("Proportion", lambda: zb.Proportion, [P("numerator", const(104)),
                                               P("denominator", const(124)),
                                               P("unit", const("percent"))]),
    Spec("Rate", lambda: zb.Rate, [P("events", const(5)), P("population", const(1000)),
                                   P("unit", const("per_mille"))]),
    Spec("Ratio", lambda: zb.Ratio, [P("numerator", const(427)), P("denominator", const(374)),
                                     P("unit", const("per_100"))]),
    Spec("QuotaCompletion", lambda: zb.QuotaCompletion, [P("done", const(1506)),
                                                         P("quota", const(1600))]),
    Spec("Measure.rounded", lambda: zb.Proportion(104, 124).rounded, [P("decimals", const(1))]),
    Spec("Measure.format", lambda: zb.Proportion(104, 124).format,
         [P("decimals", const(1)), P("language", const("zh"))]),
    Spec("sex_ratio", lambda: zb.sex_ratio, [P("males", const(427)), P("females", const(374))]),
    Spec("format_value", lambda: zb.format_value,
         [P("value", const(94.125)), P("unit", const("percent")), P("decimals", const(2)),
          P("language", const("zh"))]),
    Spec("round_half_up", lambda: zb.round_half_up, [P("x", const(2.675)), P("decimals", const(2))]),
    Spec("round_ratio_half_up", lambda: zb.round_ratio_half_up,
         [P("numerator", const(1506)), P("denominator", const(1600)), P("multiplier", const(100)),
          P("decimals", const(2))]),
    Spec("proportions", lambda: zb.proportions,
         [P("numerator", arr(104, 58), "array"), P("denominator", arr(124, 60), "array"),
          P("unit", const("percent")), K("decimals", const(1)), K("on_bad_rows", const("raise"))]),
    Spec("rates", lambda: zb.rates,
         [P("events", arr(5, 7), "array"), P("population", arr(1000, 2000), "array"),
          P("unit", const("per_100k")), K("decimals", const(2)), K("on_bad_rows", const("raise"))], denominators=("population",)),
    Spec("ratios", lambda: zb.ratios,
         [P("numerator", arr(427, 100), "array"), P("denominator", arr(374, 90), "array"),
          P("unit", const("per_100")), K("decimals", const(2)), K("on_bad_rows", const("mark"))], denominators=("denominator",)),
    Spec("quota_completions", lambda: zb.quota_completions,
         [P("done", arr(1506, 359), "array"), P("quota", arr(1600, 371), "array"),
          K("decimals", const(2)), K("on_bad_rows", const("raise"))], denominators=("quota",)),
    Spec("MeasureColumn.format", lambda: zb.proportions([104, 58], [124, 60]).format,
         [P("decimals", const(1)), P("language", const("zh"))]),
    Spec("measure_frame", lambda: zb.measure_frame,
         [P("frame", frame_of(x=[104.0, 58.0], n=[124.0, 60.0]), ("frame", ("x", "n"))),
          P("kind", const("proportion")), P("numerator", const("x")), P("denominator", const("n")),
          K("unit", const("percent")), K("decimals", const(1)), K("on_bad_rows", const("raise")),
          K("language", const("zh"))]),
    # _interval
    Spec("z_value", lambda: zb.z_value, [P("confidence", const(0.95))]),
    Spec("proportion_interval", lambda: zb.proportion_interval,
         [P("x", const(65)), P("n", const(100)), P("confidence", const(0.95)),
          P("method", const("wilson"))]),
    Spec("count_interval", lambda: zb.count_interval,
         [P("x", const(65)), P("confidence", const(0.95)), P("method", const("byar"))]),
    Spec("rate_interval", lambda: zb.rate_interval,
         [P("x", const(65)), P("n", const(100)), P("confidence", const(0.95)),
          P("method", const("phe"))]),
    Spec("proportion_intervals", lambda: zb.proportion_intervals,
         [P("x", arr(65, 5), "array"), P("n", arr(100, 10), "array"), P("confidence", const(0.95)),
          P("method", const("wilson")), P("multiplier", const(1)),
          K("on_bad_rows", const("raise")), K("with_value", const(True))]),
    Spec("proportion_intervals[exact]", lambda: zb.proportion_intervals,
         [P("x", arr(65, 5), "array"), P("n", arr(100, 10), "array"), P("confidence", const(0.95)),
          P("method", const("exact"))]),
    # Exact methods at counts beyond where their series converge (issue 14 class 4: 5e29 of
    # 1e30 took 98 s): a refusal or a constant-time route answers in milliseconds.
    *[Spec(f"{fn}[{method}-5e29-of-1e30]", lambda fn=fn: getattr(zb, fn),
           [P("x", arr(5e29)), P("n", arr(1e30)), P("confidence", const(0.95)),
            P("method", const(method))], vary=False, timeout=3)
      for fn, method in (("proportion_intervals", "exact"), ("proportion_intervals", "jeffreys"),
                         ("rate_intervals", "exact"), ("rate_intervals", "mid_p"))],
    Spec("rate_intervals", lambda: zb.rate_intervals,
         [P("x", arr(65, 5), "array"), P("n", arr(100, 1000), "array"),
          P("confidence", const(0.95)), P("method", const("phe")), P("multiplier", const(100000)),
          K("on_bad_rows", const("raise")), K("with_value", const(True))], denominators=("n",)),
    Spec("IntervalColumn.limits", lambda: zb.proportion_intervals([65], [100], [0.95, 0.998]).limits,
         [P("confidence", const(0.95))]),
    Spec("proportion_frame", lambda: zb.proportion_frame,
         [P("data", rates_frame, ("frame", ("x", "n"))), P("x", const("x")), P("n", const("n")),
          P("confidence", const(0.95)), P("method", const("wilson")), P("multiplier", const(100)),
          K("on_bad_rows", const("raise"))]),
    Spec("rate_frame", lambda: zb.rate_frame,
         [P("data", rates_frame, ("frame", ("x", "n"))), P("x", const("x")), P("n", const("n")),
          P("confidence", const(0.95)), P("method", const("phe")), P("multiplier", const(100000)),
          K("on_bad_rows", const("raise"))], denominators=("data:n",)),
    # _difference
    Spec("proportion_difference", lambda: zb.proportion_difference,
         [P("data", two_group_frame, ("frame", ("x1", "n1", "x2", "n2"))), P("x1", const("x1")),
          P("n1", const("n1")), P("x2", const("x2")), P("n2", const("n2")),
          P("confidence", const(0.95)), K("on_bad_rows", const("raise"))]),
    Spec("rate_ratio", lambda: zb.rate_ratio,
         [P("data", two_group_frame, ("frame", ("x1", "n1", "x2", "n2"))), P("x1", const("x1")),
          P("n1", const("n1")), P("x2", const("x2")), P("n2", const("n2")),
          P("confidence", const(0.95)), K("on_bad_rows", const("raise"))]),
    Spec("sex_ratio_interval", lambda: zb.sex_ratio_interval,
         [P("data", frame_of(m=[427.0, 100.0], f=[374.0, 90.0]), ("frame", ("m", "f"))),
          P("males", const("m")), P("females", const("f")), P("confidence", const(0.95)),
          K("on_bad_rows", const("raise"))]),
    Spec("mean", lambda: zb.mean,
         [P("data", frame_of(v=[1.0, 2.0, 4.0, 7.0]), ("frame", ("v",))), P("value", const("v")),
          P("group_by", const(None)), P("confidence", const(0.95))]),
    # _tables (whole-table operations): seed 000's 1506 of 1600, 54.17 % → 60.77 % of the district.
    Spec("assess_quota_frame", lambda: zb.assess_quota_frame,
         [P("data", frame_of(done=[1506.0, 37.0], quota=[1600.0, 100.0]), ("frame", ("done", "quota"))),
          K("done", const("done")), K("quota", const("quota")),
          K("as_of", const(datetime.date(2019, 11, 30))), K("year", const(2019)),
          K("basis", const("months"))]),
    Spec("compare_frame", lambda: zb.compare_frame,
         [P("data", frame_of(x1=[6077.0, 50.0], n1=[10000.0, 100.0], x0=[5417.0, 40.0],
                             n0=[10000.0, 100.0]), ("frame", ("x1", "n1", "x0", "n0"))),
          K("current", const("x1")), K("previous", const("x0")),
          K("current_denominator", const("n1")), K("previous_denominator", const("n0")),
          K("kind", const("proportion"))]),
    Spec("rank_frame", lambda: zb.rank_frame,
         [P("data", frame_of(value=[60.77, 54.17, 60.77]), ("frame", ("value",))),
          K("value", const("value")), K("ascending", const(False))]),
    Spec("year_to_date_frame", lambda: zb.year_to_date_frame,
         [P("data", lambda: pd.DataFrame({"org_unit": ["A", "A", "A"],
                                          "period": ["202401", "202402", "202403"],
                                          "value": [1.0, 2.0, 4.0]}), ("frame", ("value",))),
          K("value", const("value")), K("period", const("period")), K("by", const("org_unit"))]),
    Spec("period_labels", lambda: zb.period_labels, [P("codes", const(["202503", "2025Q1", "2025S1"]))]),
    Spec("statistical_year", lambda: zb.statistical_year,
         [P("codes", const(["202510", "202509"])), P("year_start_month", const(10))]),
    # _standardise
    Spec("standard_population", lambda: zb.standard_population, [P("name", const("esp2013"))]),
    Spec("dsr", lambda: zb.dsr,
         [P("data", dsr_frame, ("frame", ("x", "n"))), P("x", const("x")), P("n", const("n")),
          P("stdpop", const("esp2013")), P("confidence", const(0.95)),
          P("multiplier", const(100000)), K("on_bad_rows", const("raise"))]),
    Spec("smr", lambda: zb.smr,
         [P("data", isr_frame, ("frame", ("x", "n", "xr", "nr"))), P("x", const("x")),
          P("n", const("n")), P("x_ref", const("xr")), P("n_ref", const("nr")),
          P("confidence", const(0.95)), P("refvalue", const(1)), K("method", const("phe")),
          K("on_bad_rows", const("raise"))]),
    Spec("isr", lambda: zb.isr,
         [P("data", isr_frame, ("frame", ("x", "n", "xr", "nr"))), P("x", const("x")),
          P("n", const("n")), P("x_ref", const("xr")), P("n_ref", const("nr")),
          P("confidence", const(0.95)), P("multiplier", const(100000)), K("method", const("phe")),
          K("on_bad_rows", const("raise"))]),
    # _life_table
    Spec("life_expectancy", lambda: zb.life_expectancy,
         [P("data", le_frame, ("frame", ("deaths", "pops", "startage"))),
          P("deaths", const("deaths")), P("population", const("pops")),
          P("age_band", const("startage")), P("group_by", const(None)),
          K("confidence", const(0.95)), K("on_bad_rows", const("raise"))]),
    Spec("life_tables", lambda: zb.life_tables,
         [P("deaths", lambda: np.array(LE_DEATHS, float), "array"),
          P("population", lambda: np.array(LE_POPS, float), "array"),
          P("start_age", lambda: np.array(LE_AGES, float), "array"), P("area", const(None)),
          K("confidence", const(0.95)), K("on_bad_rows", const("raise"))]),
    Spec("premature_ncd_mortality", lambda: zb.premature_ncd_mortality,
         [P("data", ncd_frame, ("frame", ("deaths", "pops", "startage"))),
          P("deaths", const("deaths")), P("population", const("pops")),
          P("age_band", const("startage")), P("group_by", const(None)),
          K("confidence", const(0.95)), K("multiplier", const(100)),
          K("on_bad_rows", const("raise"))]),
    Spec("premature_ncd_mortality_columns", lambda: zb.premature_ncd_mortality_columns,
         [P("deaths", lambda: ncd_frame()["deaths"].to_numpy(), "array"),
          P("population", lambda: ncd_frame()["pops"].to_numpy(), "array"),
          P("start_age", lambda: ncd_frame()["startage"].to_numpy(), "array"),
          P("area", const(None)), K("confidence", const(0.95)), K("multiplier", const(100)),
          K("on_bad_rows", const("raise"))]),
    # _inequality
    Spec("assign_quantiles", lambda: zb.assign_quantiles,
         [P("data", frame_of(score=[float(v) for v in range(20)]), ("frame", ("score",))),
          P("values", const("score")), P("group_by", const(None)), K("nquantiles", const(5)),
          K("invert", const(True)), K("on_bad_rows", const("raise"))]),
    Spec("slope_index", lambda: zb.slope_index,
         [P("data", sii_frame, ("frame", ("decile", "population", "value", "se"))),
          P("quantile", const("decile")), P("population", const("population")),
          P("value", const("value")), K("se", const("se")), K("multiplier", const(1)),
          K("repetitions", const(1000)), K("confidence", const(0.95)), K("seed", const(1)),
          K("on_bad_rows", const("raise"))], negative_ok=("multiplier",)),
    # _funnel
    Spec("funnel_limits", lambda: zb.funnel_limits,
         [P("data", rates_frame, ("frame", ("x", "n"))), P("x", const("x")), P("n", const("n")),
          K("statistic", const("proportion")), K("multiplier", const(100)),
          K("on_bad_rows", const("raise"))]),
    Spec("funnel_limits_at", lambda: zb.funnel_limits_at,
         [P("average", const(0.8)), P("points", lambda: [100.0, 200.0], "array"),
          K("statistic", const("proportion")), K("multiplier", const(100)),
          K("years_of_data", const(1)), K("poisson", const("phe"))]),
    Spec("funnel_significance", lambda: zb.funnel_significance,
         [P("data", rates_frame, ("frame", ("x", "n"))), P("x", const("x")), P("n", const("n")),
          K("statistic", const("proportion")), K("polarity", const("neither")),
          K("multiplier", const(100)), K("on_bad_rows", const("raise"))]),
    # _period
    Spec("Period.parse", lambda: zb.Period.parse, [P("text", const("2019Q1"))]),
    Spec("Period.parse[reference]", lambda: zb.Period.parse,
         [P("text", const("今年1-5月")), P("reference", const("2024-05-31"))]),
    Spec("Period.day", lambda: zb.Period.day, [P("date", const("2024-05-31"))]),
    Spec("Period.iso_week", lambda: zb.Period.iso_week, [P("iso_year", const(2019)),
                                                        P("week", const(5))]),
    Spec("Period.weekly", lambda: zb.Period.weekly, [P("type", const("week_wednesday")),
                                                    P("week_year", const(2019)),
                                                    P("week", const(5))]),
    Spec("Period.bi_week", lambda: zb.Period.bi_week, [P("iso_year", const(2019)),
                                                      P("index", const(3))]),
    Spec("Period.financial_quarter", lambda: zb.Period.financial_quarter,
         [P("start_year", const(2018)), P("start_month", const(11)), P("quarter", const(1))]),
    Spec("Period.month", lambda: zb.Period.month, [P("year", const(2019)), P("month", const(11))]),
    Spec("Period.bi_month", lambda: zb.Period.bi_month, [P("year", const(2019)),
                                                        P("index", const(2))]),
    Spec("Period.quarter", lambda: zb.Period.quarter, [P("year", const(2019)),
                                                      P("quarter", const(1))]),
    Spec("Period.half_year", lambda: zb.Period.half_year, [P("year", const(2024)),
                                                          P("half", const(1))]),
    Spec("Period.year", lambda: zb.Period.year, [P("year", const(2019))]),
    Spec("Period.statistical_year", lambda: zb.Period.statistical_year,
         [P("end_year", const(2019)), P("start_month", const(10))]),
    Spec("Period.financial_year_starting", lambda: zb.Period.financial_year_starting,
         [P("start_year", const(2018)), P("start_month", const(10))]),
    Spec("Period.financial_half_year", lambda: zb.Period.financial_half_year,
         [P("start_year", const(2018)), P("start_month", const(10)), P("half", const(1))]),
    Spec("Period.range", lambda: zb.Period.range, [P("first", const("2019-01-01")),
                                                  P("last", const("2019-11-30"))]),
    Spec("Period.cumulative_to", lambda: zb.Period.cumulative_to,
         [P("last", const("2019-11-30")), P("start_month", const(1))]),
    Spec("Period.chinese", lambda: zb.Period.parse("2019").chinese,
         [P("statistical_year_start_month", const(10)), P("cumulative_start_month", const(1))]),
    Spec("Period.contains", lambda: zb.Period.parse("2019").contains, [P("other", const("2019-05-01"))]),
    Spec("Period.overlaps", lambda: zb.Period.parse("2019").overlaps,
         [P("other", lambda: zb.Period.month(2019, 3))]),
    Spec("Period.intersect", lambda: zb.Period.parse("2019").intersect,
         [P("other", lambda: zb.Period.month(2019, 3))]),
    Spec("Period.elapsed_share", lambda: zb.Period.parse("2024").elapsed_share,
         [P("as_of", const("2024-05-31")), P("basis", const("days"))]),
    Spec("Period.annualisation_factor", lambda: zb.Period.parse("2024Q1").annualisation_factor,
         [P("basis", const("days")), K("method", const("day_exact"))]),
    Spec("Period.from_pandas", lambda: zb.Period.from_pandas,
         [P("value", lambda: pd.Period("2019-03", "M"))]),
    Spec("iso_weeks_in_year", lambda: zb.iso_weeks_in_year, [P("iso_year", const(2020))]),
    Spec("as_period", lambda: zb.as_period, [P("value", const("2019Q1"))]),
    Spec("to_pandas", lambda: zb.to_pandas, [P("period", lambda: zb.Period.month(2019, 3))]),
    Spec("from_pandas", lambda: zb.from_pandas, [P("value", lambda: pd.Period("2019-03", "M"))]),
    Spec("aggregate_time", lambda: zb.aggregate_time,
         [P("monthly", monthly_frame, ("frame", ("2024-01",))), P("to", const("quarter")),
          P("how", const("sum")), K("year_start_month", const(10))]),
    Spec("aggregate_time[array]", lambda: zb.aggregate_time,
         [P("monthly", lambda: np.ones((2, 12)), "array"), P("to", const("half_year")),
          P("how", const("sum")), K("first_month", const("2024-01"))]),
    Spec("cumulate_year_to_date", lambda: zb.cumulate_year_to_date,
         [P("monthly", monthly_frame, ("frame", ("2024-01",))), K("year_start_month", const(1))]),
    Spec("year_to_date_columns", lambda: zb.year_to_date_columns,
         [P("value", const([1.0, 2.0, 4.0]), "array"), P("unit", const([7, 7, 9]), "array"),
          P("year", const([2024, 2024, 2024]), "array"), P("month", const([1, 2, 1]), "array"),
          K("year_start_month", const(1))], allow_nan=True),  # a missing month is NaN, documented
    # _cube
    Spec("org_unit_tree", lambda: zb.org_unit_tree,
         [P("frame", lambda: pd.DataFrame({"code": ["D", "T1"], "name": ["区", "镇"],
                                           "parent": [None, "D"]}), ("frame", ())),
          P("code", const("code")), P("name", const("name")), P("parent", const("parent")),
          P("level_names", const(None))]),
    Spec("OrgUnitTree.from_parent_table", lambda: zb.OrgUnitTree.from_parent_table,
         [P("codes", const(["D", "T1"])), P("names", const(["区", "镇"])),
          P("parent_codes", const(["", "D"]))]),
    Spec("OrgUnitTree.index", lambda: tree().index, [P("code", const("T1"))]),
    Spec("OrgUnitTree.code", lambda: tree().code, [P("unit", const(1))]),
    Spec("OrgUnitTree.name", lambda: tree().name, [P("unit", const(1))]),
    Spec("OrgUnitTree.level", lambda: tree().level, [P("unit", const(1))]),
    Spec("OrgUnitTree.level_name", lambda: tree().level_name, [P("level", const(1))]),
    Spec("OrgUnitTree.parent", lambda: tree().parent, [P("unit", const(1))]),
    Spec("OrgUnitTree.units_at_level", lambda: tree().units_at_level, [P("level", const(1))]),
    Spec("OrgUnitTree.subtree", lambda: tree().subtree, [P("unit", const(0))]),
    Spec("OrgUnitTree.ancestor_at_level", lambda: tree().ancestor_at_level,
         [P("unit", const(1)), P("level", const(0))]),
    Spec("OrgUnitTree.add_group", lambda: tree().add_group,
         [P("group", const("g")), P("codes", const(["T1"]))]),
    Spec("OrgUnitTree.aggregation_matrix", lambda: tree().aggregation_matrix,
         [P("targets", const([0, 1]))]),
    Spec("DataElement", lambda: zb.DataElement,
         [P("id", const("a")), P("name_zh", const("甲")), P("name_en", const("a")),
          P("aggregation", const("sum"))]),
    Spec("DataCube", lambda: zb.DataCube,
         [P("tree", tree), P("elements", lambda: [zb.DataElement("a")]),
          P("first_month", lambda: zb.Period.month(2024, 1)), P("months", const(6))]),
    Spec("DataCube.value", lambda: cube().value,
         [P("key", const("a")), P("org_unit", const("T1")),
          P("month", lambda: zb.Period.month(2024, 1))]),
    Spec("DataCube.knows", lambda: cube().knows, [P("key", const("a"))]),
    Spec("DataCube.load_frame", lambda: cube().load_frame,
         [P("frame", lambda: pd.DataFrame({"element": ["a"], "org_unit": ["T1"],
                                           "period": ["2024-02"], "value": [5.0]}),
            ("frame", ("value",)))]),
    Spec("DataCube.aggregate", lambda: cube().aggregate, [P("key", const("a"))],
         allow_nan=True),  # months without values are missing (NaN), as documented
    # _expression / _evaluation
    Spec("Expression", lambda: zb.Expression, [P("text", const("#{a} / #{b} * 100"))]),
    # groups=: DHIS2's tagged items (docs/dhis2-expressions.md §6).
    Spec("Expression[groups]", lambda: zb.Expression,
         [P("text", const("#{deGroup:G} * 2")), K("groups", const({"deGroup:G": ["a", "b"]}))]),
    Spec("Expression.uses", lambda: zb.Expression("#{a} + [days]").uses, [P("name", const("days"))]),
    Spec("Expression.check_references", lambda: zb.Expression("#{a}").check_references,
         [P("known", const(["a"]))]),
    Spec("expression_frame", lambda: zb.expression_frame,
         [P("frame", frame_of(a=[3.0, 4.0], b=[10.0, 0.0]), ("frame", ("a", "b"))),
          P("expression", const("#{a} / #{b} * 100")), K("name", const("value"))]),
    Spec("time_variable", lambda: zb.time_variable,
         [P("period", lambda: zb.Period.parse("2024Q1")), P("name", const("days"))]),
    Spec("Indicator", lambda: zb.Indicator,
         [P("id", const("r")), P("numerator", const("#{a}")), P("denominator", const("#{b}")),
          K("unit", const("percent"))]),
    Spec("Catalog.from_json", lambda: zb.Catalog.from_json, [P("text", catalog_json)]),
    Spec("Catalog.indicator", lambda: zb.Catalog.from_json(catalog_json()).indicator,
         [P("id", const("r"))]),
    # The catalog parts of issue 18 (docs/catalog.md).
    Spec("Catalog", lambda: zb.Catalog,
         [K("indicators", lambda: [zb.Indicator("r", "#{a}", "#{b}")]),
          K("data_elements", lambda: [zb.DataElement("a")]),
          K("remove_indicators", const(["caesarean_rate"]))]),
    Spec("Catalog.merged", lambda: zb.builtin_catalog().merged,
         [P("user", lambda: zb.Catalog.from_json(catalog_json()))]),
    Spec("Catalog.data_element", lambda: zb.builtin_catalog().data_element,
         [P("id", const("live_births"))]),
    Spec("NationalTarget", lambda: zb.NationalTarget,
         [P("value", const(5.2)), P("comparison", const("at_most")), P("year", const(2025)),
          P("document", const("健康儿童行动提升计划")), K("verification", const("V"))]),
    Spec("Indicator[targets]", lambda: zb.Indicator,
         [P("id", const("imr")), P("numerator", const("#{d}")), P("denominator", const("#{b}")),
          K("verification", const("P")), K("note", const("n")),
          K("targets", lambda: [zb.NationalTarget(5.2, "at_most", 2025, "d")])]),
    Spec("builtin_catalog", lambda: zb.builtin_catalog, []),
    Spec("catalog_schema", lambda: zb.catalog_schema, []),
    Spec("evaluate", lambda: zb.evaluate,
         [P("cube", cube),
          P("indicators", lambda: [zb.Indicator("r", "#{a}", "#{b}", kind="proportion")]),
          P("org_units", const(["T1", "T2"])), P("periods", const("2024-01")),
          K("confidence", const(0.95)), K("language", const("zh")), K("display", const(True)),
          K("groups", const({"deGroup:G": ["a", "b"]}))]),
    # An indicator of kind ratio (the default) has no interval method: asked for one, it gets
    # NaN limits beside status ok.
    Spec("evaluate[ratio-with-confidence]", lambda: zb.evaluate,
         [P("cube", cube), P("indicators", lambda: [zb.Indicator("r", "#{a}", "#{b}")]),
          P("org_units", const(["T1", "T2"])), P("periods", const("2024-01")),
          K("confidence", const(0.95))], vary=False),
    # _figure (figure.hpp): text in, figures out; only bad UTF-8 or a non-figure is refused.
    Spec("read_figures", lambda: zb.read_figures, [P("text", const("任务完成率94.13%，共1506人"))]),
    Spec("read_figure", lambda: zb.read_figure, [P("text", const("1.45万人")),
                                                 P("field", const("figure"))]),
    Spec("read_figure_at", lambda: zb.read_figure_at,
         [P("text", const("不低于.5%以上")), P("position", const(3)), K("mode", const("target")),
          K("field", const("target"))]),
    # _audit (audit.hpp audit()): text in, mentions and findings out.
    Spec("audit", lambda: zb.audit, [P("text", const("任务数为1600人，已为1506人，任务完成率94.13%")),
                                     P("as_of", const(None))]),
    # _target
    Spec("Threshold.parse", lambda: zb.Threshold.parse, [P("text", const("不低于90%")),
                                                         P("strict", const(None))]),
    Spec("Threshold.met_by", lambda: zb.Threshold.parse("不低于90%").met_by, [P("value", const(91))]),
    Spec("Threshold.shortfall", lambda: zb.Threshold.parse("不低于90%").shortfall,
         [P("value", const(85))]),
    Spec("Threshold.describe", lambda: zb.Threshold.parse("不低于90%").describe,
         [P("language", const("zh"))]),
    Spec("Quota", lambda: zb.Quota, [P("amount", const(6800)),
                                     P("period", lambda: zb.Period.year(2024))]),
    Spec("Quota.from_expression", lambda: zb.Quota.from_expression,
         [P("expression", const("7469 * 22")), P("period", lambda: zb.Period.year(2024))]),
    Spec("split_quota", lambda: zb.split_quota, [P("total", const(100)),
                                                 P("weights", const([1.0, 2.0, 3.0]))]),
    Spec("assess_quota", lambda: zb.assess_quota,
         [P("done", const(67072)), P("quota", lambda: zb.Quota.from_expression("7469 * 22", zb.Period.year(2024))),
          P("as_of", const("2024-05-31")), P("basis", const("months")), P("tolerance", const(0.0))]),
    Spec("assess_threshold", lambda: zb.assess_threshold,
         [P("value", const(85.0)), P("threshold", lambda: zb.Threshold.parse("不低于90%")),
          P("numerator", const(85)), P("denominator", const(100)),
          K("confidence", const(0.95)), K("kind", const("proportion")), K("method", const("automatic"))]),
    Spec("Improvement", lambda: zb.Improvement,
         [P("kind", const("points")), P("amount", const(1.0)),
          P("direction", const("higher_is_better")), P("years", const(5)),
          K("baseline", lambda: zb.Period.year(2015))]),
    Spec("Improvement.parse", lambda: zb.Improvement.parse, [P("text", const("较上年提高2个百分点"))]),
    Spec("Improvement.describe", lambda: zb.Improvement.parse("较2015年下降30%").describe,
         [P("language", const("zh"))]),
    Spec("parse_target", lambda: zb.parse_target, [P("text", const("婴儿死亡率5.6‰或持续降低")),
                                                   P("strict", const(None))]),
    Spec("assess_improvement", lambda: zb.assess_improvement,
         [P("value", const(92.0)), P("improvement", lambda: zb.Improvement("points", 1.0)),
          P("baseline", const(90.0)), K("numerator", const(92)), K("denominator", const(100)),
          K("baseline_numerator", const(90)), K("baseline_denominator", const(100)),
          K("confidence", const(0.95)), K("kind", const("proportion")),
          K("method", const("automatic"))]),
    Spec("compare_proportions", lambda: zb.compare_proportions,
         [P("x1", const(30)), P("n1", const(100)), P("x0", const(20)), P("n0", const(100)),
          P("unit", const("percent"))]),
    Spec("compare_rates", lambda: zb.compare_rates,
         [P("x1", const(30)), P("n1", const(10000)), P("x0", const(20)), P("n0", const(10000)),
          P("unit", const("per_100k"))]),
    Spec("Comparison.summary", lambda: zb.compare_proportions(30, 100, 20, 100).summary,
         [P("decimals", const(2))]),
    Spec("benchmark", lambda: zb.benchmark,
         [P("value", const(30.0)), P("lower", const(25.0)), P("upper", const(35.0)),
          P("reference", const(20.0)), P("direction", const("higher_is_better"))]),
    Spec("rank", lambda: zb.rank, [P("values", const([3.0, 1.0, 2.0]), "array"),
                                   P("direction", const("higher_is_better"))]),
    Spec("assess_thresholds", lambda: zb.assess_thresholds,
         [P("frame", table_frame, ("frame", ("value", "numerator", "denominator"))),
          P("targets", const({"r": "不低于90%"})),
          K("confidence", const(0.95)), K("kind", const("proportion")), K("method", const("automatic"))]),
    Spec("assess_improvements", lambda: zb.assess_improvements,
         [P("frame", lambda: pd.DataFrame({"indicator": ["r"], "value": [30.0], "baseline": [27.0]}),
            ("frame", ("value", "baseline"))),
          P("targets", const({"r": "较上年提高2个百分点"}))]),
    # _fund (fund.hpp)
    Spec("Money", lambda: zb.Money, [P("value", const("116.17万元"))]),
    Spec("Fund", lambda: zb.Fund, [P("standard", const("540元")), P("population", const(667984)),
                                   P("shares", const({"个人": "120元", "财政": "420元"}))]),
    Spec("execute_fund", lambda: zb.execute_fund,
         [P("fund", lambda: zb.Fund.fixed("100万元")),
          P("flows", lambda: pd.DataFrame({"date": ["2025-01-05"], "stage": ["到位"],
                                           "amount": ["50万"]}), ("frame", ())),
          K("period", const(2025)), K("as_of", const("2025-06-30"))]),
    Spec("check_fund_deadlines", lambda: zb.check_fund_deadlines,
         [P("fund", lambda: zb.Fund.fixed("100万元")),
          P("flows", lambda: pd.DataFrame({"date": ["2025-01-05"], "stage": ["到位"],
                                           "amount": ["50万"]}), ("frame", ())),
          P("deadlines", lambda: pd.DataFrame({"stage": ["到位"], "by": ["2025-06-30"],
                                               "share": [100.0]}), ("frame", ("share",))),
          K("as_of", const("2025-06-30"))]),
    Spec("check_fund_standard", lambda: zb.check_fund_standard,
         [P("standard", const("540元")), P("total", const("3.6亿余元")),
          K("population", const(667984))]),
    Spec("benefit_total", lambda: zb.benefit_total,
         [P("tiers", lambda: pd.DataFrame({"persons": [10.0], "months": [12.0],
                                           "monthly": ["80元"]}), ("frame", ("persons", "months")))]),
    # _planning (planning.hpp)
    Spec("plan_targets", lambda: zb.plan_targets,
         [P("frame", lambda: pd.DataFrame({"org_unit": ["a", "b"], "denominator": [100.0, 200.0],
                                           "last_year": [80.0, 150.0]}),
            ("frame", ("denominator", "last_year"))),
          P("target", const(90.0))]),
    # _scheme (scheme.hpp): a one-item scheme scored on a two-unit long frame.
    Spec("Scheme", lambda: zb.Scheme, [P("text", const(SCHEME_JSON))]),
    Spec("Scheme.from_json", lambda: zb.Scheme.from_json, [P("text", const(SCHEME_JSON))]),
    Spec("Scheme.from_frame", lambda: zb.Scheme.from_frame,
         [P("frame", frame_of(id=["a"], indicator=["family_doctor_contract_rate"], points=[10.0],
                              rule=["proportional"], target=["≥90%"]), ("frame", ("points",)))]),
    Spec("Scheme.to_json", lambda: zb.Scheme(SCHEME_JSON).to_json, []),
    Spec("Scheme.validate", lambda: zb.Scheme(SCHEME_JSON).validate, []),
    Spec("score_units", lambda: zb.score_units,
         [P("frame", frame_of(org_unit=["甲", "乙"], item=["a", "a"], numerator=[85.0, 95.0],
                              denominator=[100.0, 100.0]), ("frame", ("numerator", "denominator"))),
          P("scheme", lambda: zb.Scheme(SCHEME_JSON)), K("as_of", const("2025-06-30"))],
         allow_nan=True, denominators=("denominator",)),
    # zhibiao.plot.scores: the drawn bar lengths are what is judged; the figure is closed.
    Spec("plot.scores", lambda: _drawn_scores,
         [P("card", lambda: zb.score_units(
             pd.DataFrame({"org_unit": ["甲", "乙"], "item": ["a", "a"],
                           "numerator": [85.0, 95.0], "denominator": [100.0, 100.0]}),
             zb.Scheme(SCHEME_JSON))),
          K("stacked", const(True)), K("title", const("考核"))]),
    Spec("plan_milestones", lambda: zb.plan_milestones,
         [P("baseline", const(62.0)), P("target", const(80.0)), P("steps", const(3))]),
    Spec("benchmark_frame", lambda: zb.benchmark_frame,
         [P("frame", table_frame, ("frame", ("value", "lower_95", "upper_95"))),
          P("references", const({"r": 20.0})),
          P("indicators", lambda: [zb.Indicator("r", "#{a}", "#{b}")])], allow_nan=True),
    # _narrative (narrative.hpp): one sentence, or one per row of an assessed table.
    Spec("narrate", lambda: zb.narrate,
         [P("obj", lambda: zb.assess_quota(1506, zb.Quota(1600, zb.Period.year(2019)), "2019-11-30")),
          K("name", const("免费婚前医学检查")), K("noun", const("人")), K("period", const("2019")),
          K("language", const("zh")), K("period_labels", const("chinese")), K("decimals", const(2)),
          K("myriad_from", const(100000))]),
    Spec("narrate[threshold]", lambda: zb.narrate,
         [P("obj", lambda: zb.assess_threshold(88.65, zb.Threshold.parse("≥90%"))),
          K("threshold", const("≥90%")), K("name", const("婚检率"))]),
    # _display: the HTML of an evaluated table; any cell text is escaped, bad arguments are named.
    Spec("table_html", lambda: zb.table_html,
         [P("frame", table_frame, ("frame", ("value", "numerator", "denominator"))),
          K("max_rows", const(200))]),
    Spec("plan_html", lambda: zb.plan_html,
         [P("plan", lambda: zb.plan_targets(pd.DataFrame({"org_unit": ["a", "b"],
                                                          "denominator": [100.0, 200.0],
                                                          "last_year": [80.0, 150.0]}), 90.0),
            ("frame", ()))]),
    Spec("narrate_frame", lambda: zb.narrate_frame,
         [P("frame", lambda: pd.DataFrame({"indicator_name": ["婚检率", "覆盖率"], "period": ["2019", "2019"],
                                           "value": [90.18, 83.9], "target": ["≥90%", "≥90%"]}),
            ("frame", ("value",))),
          K("language", const("zh")), K("period_labels", const("chinese")), K("decimals", const(2))]),
    # _validation
    Spec("ValidationRule", lambda: zb.ValidationRule,
         [P("id", const("r")), P("left", const("#{a}")), P("operator", const("<=")),
          P("right", const("#{b}"))]),
    Spec("ConsecutiveRule", lambda: zb.ConsecutiveRule,
         [P("id", const("c")), P("expression", const("#{a} / #{b} * 100")),
          P("operator", const(">")), P("threshold", const(50)), P("months", const(3))]),
    Spec("sum_of_parts_rule", lambda: zb.sum_of_parts_rule,
         [P("id", const("s")), P("total", const("a")), P("parts", const(["b"])),
          P("name_zh", const("合计"))]),
    Spec("validation_rules_from_json", lambda: zb.validation_rules_from_json,
         [P("text", lambda: zb.validation_rules_to_json([zb.ValidationRule("r", "#{a}", "<=", "#{b}")]))]),
    Spec("validation_rules_to_json", lambda: zb.validation_rules_to_json,
         [P("rules", lambda: [zb.ValidationRule("r", "#{a}", "<=", "#{b}")])]),
    Spec("validate", lambda: zb.validate,
         [P("cube", cube), P("rules", lambda: zb.ValidationRule("r", "#{a}", "<=", "#{b}")),
          P("org_units", const(["T1", "T2"])), P("periods", const("2024-01")),
          K("include", const("violations")), K("language", const("zh"))]),
    Spec("consecutive_violations", lambda: zb.consecutive_violations,
         [P("cube", cube), P("rules", lambda: zb.ConsecutiveRule("c", "#{a} / #{b} * 100", ">", 20, 1)),
          P("org_units", const(["T1", "T2"])), P("window", const("2024年1-6月")),
          K("language", const("zh"))]),
    Spec("check_reported_rate", lambda: zb.check_reported_rate,
         [P("numerator", const(1506)), P("denominator", const(1600)), P("reported", const("94.13"))]),
    Spec("check_reported_rates", lambda: zb.check_reported_rates,
         [P("frame", lambda: pd.DataFrame({"x": [1506.0, 359.0], "n": [1600.0, 371.0],
                                           "r": ["94.13", "96.77"]}), ("frame", ("x", "n"))),
          P("numerator", const("x")), P("denominator", const("n")), P("reported", const("r")),
          K("unit", const(None)), K("decimals", const(None)), K("on_bad_rows", const("raise"))], denominators=("frame:n",)),
    # report.hpp: the HTML report; its returned page must never say nan or inf.
    Spec("html_report", lambda: zb.html_report,
         [P("rows", lambda: [{"indicator": "q", "name": "完成率", "unit": "%", "value": 94.125,
                              "numerator": 1506, "denominator": 1600, "multiplier": 100,
                              "target": 90.0, "target_text": "≥90%", "status": "met",
                              "time_progress": 41.67, "monthly": [50.0, 94.125]}]),
          K("title", const("报告")), K("period", const("2024年")), K("as_of", const("2024-05-31")),
          K("rankings", lambda: [{"indicator": "q", "name": "完成率", "unit": "%",
                                  "direction": "lower_is_better",
                                  "entries": [{"code": "T1", "name": "镇1", "value": 80.0},
                                              {"code": "T2", "name": "镇2", "value": 90.0}]}]),
          K("narrative", const(["一句。"])), K("language", const("zh"))]),
    # _dhis2: DHIS2's metadata, dataValueSets and analytics responses (docs/dhis2_metadata.md).
    Spec("read_dhis2_metadata", lambda: zb.read_dhis2_metadata,
         [P("source", dhis2_metadata), K("on_unsupported", const("raise"))]),
    Spec("Dhis2Metadata.cube", lambda: zb.read_dhis2_metadata(dhis2_metadata()).cube,
         [P("first_month", const("202401")), P("months", const(12))]),
    Spec("read_data_value_set", lambda: zb.read_data_value_set,
         [P("source", dhis2_values), P("metadata", lambda: zb.read_dhis2_metadata(dhis2_metadata())),
          K("format", const("json")), K("on_unknown", const("raise")),
          K("attribute_option_combos", const("sum")), K("periods", const("as_given"))]),
    Spec("read_analytics", lambda: zb.read_analytics, [P("source", dhis2_analytics)]),
    Spec("read_complete_registrations", lambda: zb.read_complete_registrations,
         [P("source", dhis2_registrations), P("metadata", dhis2_metadata_with_data_set),
          P("first_month", const("202401")), P("months", const(12)), K("on_unknown", const("raise"))]),
    Spec("to_analytics_json", lambda: zb.to_analytics_json,
         [P("frame", lambda: pd.DataFrame({"indicator": ["IN_R000001"], "org_unit": ["T1"],
                                           "period": ["2024"], "value": [30.0], "numerator": [3.0],
                                           "denominator": [10.0]}),
            ("frame", ("value", "numerator", "denominator"))),
          K("indent", const(None))]),
    # threads.hpp: a count 0 … 1024 (0: the hardware's), nothing else.
    Spec("set_threads", lambda: zb.set_threads, [P("n", const(0))]),
    Spec("threads", lambda: zb.threads, []),
    Spec("thread_limit", lambda: zb.thread_limit, [P("n", const(1))]),
    # output_array.hpp: takes nothing, frees the kept outputs.
    Spec("release_memory", lambda: zb.release_memory, []),
]

# Callables of zhibiao.__all__ the sweep does not call, with the reason (the test below checks
# that every other public callable has a Spec).
NOT_SWEPT = {
    "InvalidInput": "an exception type",
    "InvalidRows": "an exception type",
    "ParseError": "an exception type",
    "ArgumentTypeError": "an exception type",
    "Measure": "abstract base (Proportion, Rate, Ratio, QuotaCompletion are swept)",
    "MeasureColumn": "a result type, made by proportions() etc. (its format() is swept)",
    "IntervalColumn": "a result type (its limits() is swept)",
    "BandedResult": "a result type of life_tables()",
    "TimeAggregate": "a result type of aggregate_time()",
    "LoadResult": "a result type of DataCube.load_frame()",
    "Dhis2Metadata": "a result type of read_dhis2_metadata() (its cube() is swept)",
    "ReportedRateCheck": "a result type of check_reported_rate()",
    "Comparison": "a result type (its summary() is swept)",
    "FundExecution": "a result type of execute_fund()",
    "StandardCheck": "a result type of check_fund_standard()",
    "ExpressionReference": "a result type of Expression.references",
    "Figure": "a result type of read_figure (swept)",
    "Audit": "the result type of audit (swept through audit)",
    "AggregationType": "an enum",
    "ScoreCard": "a result type of score_units() (swept)",
    "load_catalog": "reads a file path: the path-reading entry belongs to the text helper's "
                    "reader fuzz target (Catalog.from_json is swept)",
    "load_validation_rules": "reads a file path (validation_rules_from_json is swept)",
}

# Period operations at the ends of the calendar (issue 14 class 1): every no-argument operation
# on every edge period. A Period that cannot be made raises InvalidInput (a pass).
EDGE_PERIODS = ["1400W01", "1400-01-01", "14000101", "140001", "1400Q1", "1400", "1400Oct",
                "99991231", "999912", "9999Q4", "9999", "9998Oct", "9999Oct", "9999W52",
                "9999-12-31/9999-12-31"]
PERIOD_OPERATIONS = ["repr", "str", "code", "chinese", "next", "previous", "same_period_last_year",
                     "year_to_date", "containing_year", "start", "end", "days", "months",
                     "split_months", "to_pandas", "hash", "elapsed_share", "annualisation_factor"]


def _period_operation(text, op):
    p = zb.Period.parse(text)
    if op in ("repr", "str", "hash"):
        return {"repr": repr, "str": str, "hash": hash}[op](p)
    if op == "elapsed_share":
        return p.elapsed_share(p.end)
    if op == "annualisation_factor":
        return p.annualisation_factor()
    attr = getattr(p, op)
    return attr() if callable(attr) else attr


def _period_cases():
    for text in EDGE_PERIODS:
        for op in PERIOD_OPERATIONS:
            yield f"Period.parse({text!r}).{op}", (lambda text=text, op=op: _period_operation(text, op))


# ---- the issue's own examples, tried as a user would -----------------------------------------
# Each thunk returns when zhibiao behaves (InvalidInput counts as behaving too) and raises
# AssertionError saying what went wrong otherwise; the class that should fix it is given here.

def _check(ok, what):
    if not ok:
        raise AssertionError(what)


def _threshold_reads(text, value, upper=None):
    t = zb.Threshold.parse(text)  # refusing (ParseError) is right too
    _check(t.value == value and (upper is None or t.upper == upper),
           f"{text!r} read as {t.describe()} (value {t.value}), not {value}")


def _threshold_refused(text):
    t = zb.Threshold.parse(text)
    raise AssertionError(f"{text!r} read as the plain threshold {t.describe()}")


def _parent_and_children_values():
    c = zb.DataCube(tree(), [zb.DataElement("a", "a")], zb.Period.month(2024, 1), 1)
    loaded = c.load_frame(pd.DataFrame({"element": ["a"] * 3, "org_unit": ["D", "T1", "T2"],
                                        "period": ["2024-01"] * 3, "value": [7.0, 3.0, 4.0]}))
    total = c.aggregate("a", "D", "2024-01").value[0]
    _check(loaded.errors or total != 14,  # refused, reported, or one of the two kept
           f"D's own 7 loaded beside its units' 3 + 4, silently: total {total}")


def _dsr_row_order():
    f = dsr_frame()
    a = zb.dsr(f, "x", "n")["value"][0]
    b = zb.dsr(f.sort_values("band"), "x", "n")["value"][0]
    _check(a == b, f"the same bands sorted by label give another DSR: {a} vs {b}")


def _dsr_zero_standard():
    f = dsr_frame().assign(w=0.0)
    out = zb.dsr(f, "x", "n", stdpop="w")
    _check(out["status"].cat.codes[0] != 0, f"a standard of zeros gives {out['value'][0]} with ok")


def _assess_quota_nan_tolerance():
    q = zb.Quota.from_expression("7469 * 22", zb.Period.year(2024))
    a = zb.assess_quota(67072 - 29000, q, "2024-05-31", tolerance=float("nan"))
    raise AssertionError(f"tolerance=nan accepted: pace {a.pace}")


def _rate_overflow():
    v = zb.rate_interval(1e308, 1.7e308, 0.95, "byar")
    _check(all(math.isfinite(x) for x in v[:3]), f"1e308 in 1.7e308 gives {v[:3]}")


def _wilson_overflow():
    col = zb.proportion_intervals([1e308], [1.7e308])
    _check(col.status[0] != 0 or np.isfinite(col.lower[0, 0]),
           f"Wilson of 1e308/1.7e308: lower {col.lower[0, 0]} with status {col.status[0]}")


def _expression_overflow():
    out = zb.expression_frame(pd.DataFrame({"a": [10.0]}), "#{a} * 1e308")
    _check(not _ok_mask(out["value_status"])[0] or np.isfinite(out["value"][0]),
           f"#{{a}} * 1e308 = {out['value'][0]} with status {out['value_status'][0]}")


def _file_case(data, reader):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.dat"
        path.write_bytes(data)
        return reader(str(path))


_GBK_CSV = "element,org_unit,period,value\na,镇1,2024-01,3\n".encode("gbk")
_CATALOG = json.loads(catalog_json())
_GBK_JSON = json.dumps({"indicators": [dict(_CATALOG["indicators"][0], name_zh="签约率")]},
                       ensure_ascii=False).encode("gbk")

SEMANTIC = [
    ("issue[class2-thousands-comma]", lambda: _threshold_reads("不低于1,000", 1000), 2,
     "number misread from target wording"),
    ("issue[class2-fullwidth-thousands-comma]", lambda: _threshold_reads("不低于1，000", 1000), 2,
     "number misread from target wording"),
    ("issue[class2-leading-point]", lambda: _threshold_reads("不低于.5%", 0.5), 2,
     "number misread from target wording"),
    ("issue[class2-exponent]", lambda: _threshold_reads("不低于1e3", 1000), 2,
     "number misread from target wording"),
    ("issue[class2-two-comparisons]", lambda: _threshold_reads("不低于90%且不高于95%", 90, 95), 2,
     "number misread from target wording"),
    ("issue[class2-baseline-5-years]", lambda: _threshold_refused("不高于近5年平均水平"), 2,
     "baseline-relative wording read as a plain threshold"),
    ("issue[class2-baseline-2023]", lambda: _threshold_refused("不低于2023年水平"), 2,
     "baseline-relative wording read as a plain threshold"),
    ("issue[class3-rate-1e308]", _rate_overflow, 3, "overflow of a finite result"),
    ("issue[class3-wilson-1e308]", _wilson_overflow, 3, "overflow of a finite result"),
    ("issue[class3-expression-times-1e308]", _expression_overflow, 3,
     "overflow of a finite result"),
    ("issue[class5-parent-and-children]", _parent_and_children_values, 5,
     "a parent's own value added to its children's"),
    ("issue[class6-rows-sorted-by-band]", _dsr_row_order, 6, "standard matched by position"),
    ("issue[class6-standard-of-zeros]", _dsr_zero_standard, 6, "a standard of zeros is not refused"),
    ("issue[class7-tolerance-nan]", _assess_quota_nan_tolerance, 7, "tolerance=nan accepted"),
    ("issue[class8-gbk-csv]", lambda: _file_case(_GBK_CSV, lambda p: cube().load_csv(p)), 8,
     "GBK bytes: UnicodeDecodeError, not ParseError"),
    ("issue[class8-gbk-catalog]", lambda: _file_case(_GBK_JSON, zb.load_catalog), 8,
     "GBK bytes: UnicodeDecodeError, not ParseError"),
    ("issue[class8-gbk-rules]", lambda: _file_case(
        zb.validation_rules_to_json([zb.ValidationRule("r", "#{a}", "<=", "#{b}", name_zh="合计")])
        .encode("gbk"), zb.load_validation_rules), 8,
     "GBK bytes: UnicodeDecodeError, not ParseError"),
    ("issue[class8-fullwidth-comma-json]", lambda: zb.Catalog.from_json(
        catalog_json().replace('"unit": "%",', '"unit": "%"，')), 8,
     "a full-width comma in JSON: not a ParseError"),
]
SEMANTIC_CLASS = {cid: (klass, reason) for cid, _, klass, reason in SEMANTIC}


def all_cases():
    """(case id, thunk, options) for every case, in a fixed order."""
    cases = []
    for spec in SPECS:
        for label, pname, value in spec.variants():
            cases.append((f"{spec.name}[{label}]",
                          lambda spec=spec, pname=pname, value=value: spec.call(pname, value),
                          {"allow_nan": spec.allow_nan, "no_raise": spec.no_raise(label),
                           "must_raise": spec.must_raise(label),
                           "timeout": spec.timeout or HANG_SECONDS}))
    for cid, thunk in _period_cases():
        cases.append((cid, thunk, {"allow_nan": False, "no_raise": False, "must_raise": False,
                                   "timeout": HANG_SECONDS}))
    for cid, thunk, _, _ in SEMANTIC:
        cases.append((cid, thunk, {"allow_nan": False, "no_raise": False, "must_raise": False,
                                   "timeout": HANG_SECONDS}))
    return cases


# ---- judging a result -----------------------------------------------------------------------

_BAD_TEXT = re.compile(r"(?<![A-Za-z])(nan|inf|infinity)(?![A-Za-z])|∞", re.IGNORECASE)


def _nonfinite(a):
    a = np.asarray(a)
    if a.dtype.kind not in "fc":
        return False
    return not np.isfinite(a).all()


def _ok_mask(status):
    s = status
    if isinstance(s, pd.Series):
        if isinstance(s.dtype, pd.CategoricalDtype):
            return (s.cat.codes == 0).to_numpy()
        s = s.to_numpy()
    s = np.asarray(s)
    if s.dtype.kind in "iub":
        return s == 0
    return np.array([str(v) in ("ok", "consistent", "passed", "0") for v in s])


def judge(result, allow_nan=False, depth=0):
    """None when the result is acceptable, else what is wrong with it."""
    if depth > 4 or result is None or isinstance(result, (bool, int, np.bool_, np.integer)):
        return None
    if isinstance(result, (float, np.floating)):
        return None if math.isfinite(result) else f"returned {result!r} with no status"
    if isinstance(result, str):
        return f"text {result!r} shows a non-finite number" if _BAD_TEXT.search(result) else None
    if isinstance(result, pd.DataFrame):
        frame = result
        if frame.empty:
            return None
        status_cols = [c for c in frame.columns if str(c) in ("status", "outcome")
                       or str(c).endswith("_status")]
        rows = np.ones(len(frame), dtype=bool)
        for c in status_cols:
            rows &= _ok_mask(frame[c])
        if allow_nan and not status_cols:
            return None
        for c in frame.columns:
            col = frame[c]
            if col.dtype.kind == "f" and not np.isfinite(col.to_numpy()[rows]).all():
                if not status_cols and col.isna().all():
                    continue  # an all-NaN optional column (no value asked for)
                where = "an ok row" if status_cols else "a frame with no status column"
                return f"column {c!r} holds {col.to_numpy()[rows][~np.isfinite(col.to_numpy()[rows])][:3]} in {where}"
            if col.dtype == object:  # text columns (an object column of numbers is the input's)
                for v in col.to_numpy()[rows][:50]:
                    msg = judge(v, allow_nan, depth + 1) if isinstance(v, str) else None
                    if msg:
                        return f"column {c!r}: {msg}"
        return None
    if isinstance(result, pd.Series):
        return judge(result.to_frame(), allow_nan, depth + 1)
    if isinstance(result, np.ndarray):
        if allow_nan:
            return None
        return f"array holds non-finite values {result.ravel()[:4]}" if _nonfinite(result) else None
    if isinstance(result, (list, tuple)):
        for v in list(result)[:200]:
            msg = judge(v, allow_nan, depth + 1)
            if msg:
                return msg
        return None
    if isinstance(result, dict):
        return judge(list(result.values()), allow_nan, depth + 1)
    # An object: its repr must not raise (or abort); its numbers must be finite where its status
    # (or, for TimeAggregate, its count of missing months) says ok.
    try:
        repr(result)
    except zb.InvalidInput:
        return None
    fields = {}
    for name in dir(result):
        if name.startswith("_"):
            continue
        try:
            v = getattr(result, name)
        except zb.InvalidInput:
            continue
        if not callable(v):
            fields[name] = v
    status = fields.get("status", fields.get("missing_months"))
    if status is not None and not isinstance(status, (str, int)):
        ok = _ok_mask(status)
        for name, v in fields.items():
            if isinstance(v, pd.DataFrame):
                v = v.to_numpy()
            if isinstance(v, np.ndarray) and v.dtype.kind == "f" and v.shape[:1] == ok.shape:
                if not np.isfinite(v[ok]).all():
                    return f".{name} is not finite in an ok row"
            elif isinstance(v, np.ndarray) and v.dtype.kind == "f" and v.shape[-1:] == ok.shape:
                if not np.isfinite(v[..., ok]).all():
                    return f".{name} is not finite in an ok row"
        return None
    for name, v in fields.items():
        if isinstance(v, (float, np.floating, str)) or (isinstance(v, np.ndarray) and not allow_nan):
            msg = judge(v, allow_nan, depth + 1)
            if msg:
                return f".{name}: {msg}"
    return None


def run_case(thunk, options):
    allow_nan = options["allow_nan"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = thunk()
        except zb.InvalidInput as exc:
            if options["no_raise"]:
                return "fail", f"a zero denominator raised {type(exc).__name__}: {str(exc)[:120]}"
            return "pass", ""
        except Exception as exc:  # noqa: BLE001 - the point: anything else is a finding
            return "fail", f"{type(exc).__name__}: {str(exc)[:160]}"
        if options["must_raise"]:
            return "fail", f"option accepted silently, returned {type(result).__name__}"
        try:
            msg = judge(result, allow_nan)
        except zb.InvalidInput:
            return "pass", ""
        except Exception as exc:  # noqa: BLE001
            return "fail", f"reading the result raised {type(exc).__name__}: {str(exc)[:120]}"
    return ("fail", msg) if msg else ("pass", "")


def _worker(cases, start, out_fd, err_fd):
    """In a forked child: run the cases from start, a line before and after each."""
    os.dup2(err_fd, 2)
    out = os.fdopen(out_fd, "w", buffering=1)
    for i in range(start, len(cases)):
        out.write(f"S {i}\n")
        out.flush()
        t0 = time.perf_counter()
        verdict, detail = run_case(cases[i][1], cases[i][2])
        ms = round((time.perf_counter() - t0) * 1000, 2)
        out.write("R " + json.dumps([i, verdict, detail, ms]) + "\n")
        out.flush()
    out.close()
    os._exit(0)


def zygote():
    """The sweep's child process: imports zhibiao once, then forks a worker that runs the cases;
    when a worker dies (an abort) or is silent for HANG_SECONDS (a hang), records that case and
    forks the next worker at the case after it. Prints one "R [index, verdict, detail, ms]" line
    per case, then DONE."""
    import tempfile

    cases = all_cases()
    start = 0
    while start < len(cases):
        r, w = os.pipe()
        err = tempfile.TemporaryFile()
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            _worker(cases, start, w, err.fileno())
        os.close(w)
        current, buf, hung = None, b"", False
        while True:
            limit = HANG_SECONDS if current is None else cases[current][2]["timeout"]
            ready, _, _ = select.select([r], [], [], limit)
            if not ready:
                if current is None:
                    continue
                os.kill(pid, 9)
                hung = True
                break
            chunk = os.read(r, 1 << 16)
            if not chunk:
                break
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for line in lines:
                if line.startswith(b"S "):
                    current = int(line[2:])
                elif line.startswith(b"R "):
                    sys.stdout.write(line.decode() + "\n")
                    current = None
        os.close(r)
        _, status = os.waitpid(pid, 0)
        if current is None:
            break
        if hung:
            verdict, detail = "hang", f"no answer within {cases[current][2]['timeout']:.0f} s"
        else:
            err.seek(0)
            text = err.read().decode(errors="replace")
            why = [l.strip() for l in text.splitlines()
                   if "terminate called" in l or "what():" in l or "Fatal Python" in l]
            verdict = "abort"
            detail = f"process died (status {status}): {' '.join(why)[:200]}"
        sys.stdout.write("R " + json.dumps([current, verdict, detail, 0]) + "\n")
        start = current + 1
    sys.stdout.write("DONE\n")
    sys.stdout.flush()


def run_sweep():
    """{case index: (verdict, detail, ms)} for every case, from one zygote process."""
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--zygote"],
                          capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, PYTHONFAULTHANDLER="0"))
    results = {}
    for line in proc.stdout.splitlines():
        if line.startswith("R "):
            i, verdict, detail, ms = json.loads(line[2:])
            results[i] = (verdict, detail, ms)
    if "DONE" not in proc.stdout.splitlines():
        raise RuntimeError(f"the sweep did not finish (exit {proc.returncode}): {proc.stderr[-2000:]}")
    return results


# ---- known failures ---------------------------------------------------------------------------

KNOWN_FILE = Path(__file__).resolve().with_name("hostile_known.json")

# Options: the arguments that choose how to compute, not what (issue 14 class 7); a wrong value
# must be InvalidInput naming the option.
OPTIONS = {
    "confidence", "multiplier", "decimals", "tolerance", "method", "language", "on_bad_rows",
    "statistic", "polarity", "poisson", "nquantiles", "repetitions", "seed", "invert",
    "years_of_data", "basis", "include", "display", "with_value", "unit", "refvalue",
    "year_start_month", "start_month", "strict", "level_names", "to", "how", "stdpop",
    "statistical_year_start_month", "cumulative_start_month", "aggregation", "direction", "kind",
    "operator", "name", "group_by",
}
_NONFINITE_OUT = ("with no status", "in an ok row", "not finite in an ok row", "shows a non-finite",
                  "in a frame with no status column")


def _param(case_id):
    m = re.match(r"^[^\[]*(?:\[[^\]=:]*\])?\[([^=:\]]+)[=:]", case_id)
    return m.group(1) if m else None


def classify(case_id, verdict, detail):
    """(issue 14 class, short reason) of a failing case: the class whose fix should make it pass."""
    if case_id in SEMANTIC_CLASS and verdict == "fail":
        return SEMANTIC_CLASS[case_id]
    label = case_id[case_id.rfind("[") + 1:-1] if case_id.endswith("]") else ""
    param = _param(case_id)
    if verdict == "hang":
        return 4, "no answer within the hang limit (unbounded work)"
    if verdict == "abort":
        return 1, "process abort: uncaught C++ exception (boost::gregorian::bad_year)"
    if case_id.startswith("Period.parse(") or re.search(
            r"bad_year|Year is out of valid range|OutOfBoundsDatetime|year \d+ is out of range",
            detail):
        return 1, "period at the ends of the calendar: IndexError / pandas out-of-bounds"
    if "boost::math" in detail:
        return 4, "a special-function iteration fails on a huge count: boost RuntimeError escapes"
    if detail.startswith("a zero denominator raised"):
        return 9, "a zero denominator raises instead of an undefined row"
    if "UnicodeDecodeError" in detail or "UnicodeEncodeError" in detail:
        return 8, "UnicodeDecodeError instead of ParseError with byte and character position"
    nonfinite = any(t in detail for t in _NONFINITE_OUT)
    if any(t in label for t in ("1e308", "10**30", "2**64")) and nonfinite:
        return 3, "finite input, overflow: inf/NaN beside an ok (or no) status"
    if case_id.startswith("evaluate[ratio-with-confidence]"):
        return 3, "NaN limits beside status ok: confidence asked of a kind with no interval method"
    if detail.startswith("option accepted silently"):
        return 7, "numeric option accepted silently (True, NaN, ±inf, -1, text such as '9999')"
    if param in OPTIONS:
        return 7, "option not validated: a non-zhibiao exception instead of InvalidInput naming it"
    if detail.startswith("OverflowError"):
        return 3, "OverflowError (not InvalidInput or an overflow status) on a large finite input"
    if nonfinite:
        return 3, "non-finite input passed through to a value with no (or an ok) status"
    if "incompatible function arguments" in detail or "incompatible constructor arguments" in detail \
            or "Unable to cast Python instance" in detail:
        return 8, "pybind11 argument conversion: TypeError/RuntimeError instead of InvalidInput"
    return 8, "non-zhibiao exception escapes a public call"


def load_known():
    if not KNOWN_FILE.exists():
        return {}
    data = json.loads(KNOWN_FILE.read_text(encoding="utf-8"))
    return {cid: (int(klass), reason) for klass, reasons in data.items()
            for reason, ids in reasons.items() for cid in ids}


def write_known(known):
    grouped = {}
    for cid, (klass, reason) in sorted(known.items(), key=lambda kv: (kv[1][0], kv[1][1])):
        grouped.setdefault(str(klass), {}).setdefault(reason, []).append(cid)
    KNOWN_FILE.write_text(json.dumps(grouped, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")


def main(argv):
    """--zygote: the sweep's child. --write-known: record every failing case as known (the
    first run only). --prune-known: drop known cases that pass now (after fixes are merged);
    never adds. --report: the failures by class."""
    if argv == ["--zygote"]:
        zygote()
        return 0
    cases = all_cases()
    results = run_sweep()
    failing = {cases[i][0]: r for i, r in results.items() if r[0] != "pass"}
    if argv == ["--write-known"]:
        write_known({cid: classify(cid, r[0], r[1]) for cid, r in failing.items()})
    elif argv == ["--prune-known"]:
        known = load_known()
        write_known({cid: k for cid, k in known.items() if cid in failing})
        print(f"{len(known) - len([c for c in known if c in failing])} known cases pass now")
    elif argv == ["--report"]:
        by = {}
        for cid, r in failing.items():
            by.setdefault(classify(cid, r[0], r[1]), []).append((cid, r[1]))
        for (klass, reason), items in sorted(by.items()):
            print(f"class {klass}: {reason}: {len(items)}")
            for cid, detail in items[:8]:
                print(f"    {cid}: {detail[:110]}")
    return 0


if __name__ == "__main__" and len(sys.argv) > 1:
    sys.exit(main(sys.argv[1:]))

# ---- the tests ------------------------------------------------------------------------------

import pytest  # noqa: E402 - the zygote above runs without pytest

# The cases are not one pytest item each (8,600 items, half of them xfails, take minutes to
# report): the sweep runs once, and the tests below judge its results as a whole.

_CASES = all_cases()
KNOWN = load_known()
_GROUPS = sorted({k for k in KNOWN.values()})


@pytest.fixture(scope="module")
def sweep():
    """{case id: (verdict, detail, ms)}"""
    results = run_sweep()
    return {_CASES[i][0]: r for i, r in results.items()}


def test_every_public_callable_is_swept():
    swept = {s.name.split("[")[0].split(".")[0] for s in SPECS}
    missing = [n for n in zb.__all__
               if callable(getattr(zb, n)) and n not in swept and n not in NOT_SWEPT]
    assert missing == []


def test_known_failures_name_existing_cases():
    ids = {cid for cid, _, _ in _CASES}
    assert sorted(set(KNOWN) - ids) == []


def test_the_valid_calls_pass(sweep):
    bad = {cid: r for cid, r in sweep.items()
           if cid.endswith("[valid]") and r[0] != "pass" and cid not in KNOWN}
    assert bad == {}


def test_no_other_case_fails(sweep):
    """Every case not listed in hostile_known.json passes: a new failure is a regression (or a
    finding: fix it, or classify it with --write-known on a branch that has not fixed it)."""
    new = {cid: f"{r[0]}: {r[1][:150]}" for cid, r in sweep.items()
           if r[0] != "pass" and cid not in KNOWN}
    assert new == {}


def test_known_failures_still_fail(sweep):
    """Strict, case by case: a known failure that passes now must leave hostile_known.json
    (python tests/python/test_hostile_input.py --prune-known removes every such case)."""
    fixed = sorted(cid for cid in KNOWN if sweep.get(cid, ("pass",))[0] == "pass")
    assert fixed == [], f"{len(fixed)} known failures pass now: run --prune-known"


@pytest.mark.parametrize("group", [pytest.param(g, id=f"class{g[0]}-{g[1][:40]}", marks=[
    pytest.mark.xfail(strict=True, reason=f"issue 14 class {g[0]}: {g[1]}")]) for g in _GROUPS])
def test_known_failures_by_class(sweep, group):
    """One strict xfail per (class, reason): it XPASSes, and so fails, once every case of its
    group passes; then drop the group with --prune-known."""
    cases = [cid for cid, k in KNOWN.items() if k == group]
    failing = [cid for cid in cases if sweep.get(cid, ("missing",))[0] != "pass"]
    assert failing == [], f"{len(failing)} of {len(cases)} still fail, e.g. {failing[:5]}"
