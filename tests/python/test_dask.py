"""zhibiao.dask on a two-worker LocalCluster: the example district (examples/district/) split by
org unit and by period gives the single-machine table exactly, and its planted stories
(examples/district/README.md: childcare places 3.89 per 1,000 in 2025; blood-pressure control
54.17 % in 2024 → 60.77 % in 2025) come out of the Dask path."""
from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import zhibiao as zb

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
import zhibiao.dask as zbd  # noqa: E402

DISTRICT_DIR = Path(__file__).resolve().parents[2] / "examples" / "district"
DISTRICT = "340999"


@pytest.fixture(scope="module")
def client():
    # Under .ci/dev sanitize the interpreter runs with libasan preloaded; worker processes would
    # each start an instrumented interpreter, so there the two workers are threads (the graph and
    # the combining are the same).
    sanitized = "libasan" in os.environ.get("LD_PRELOAD", "")
    try:
        if sanitized:
            raise RuntimeError("sanitized run: thread workers")
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           host="127.0.0.1", dashboard_address=None)
    except Exception:  # a sandbox without process spawning: threads still exercise the graph
        # In-process workers, still over TCP on loopback (the inproc transport would need no
        # host, and this distributed cannot call a task sent through it).
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                           protocol="tcp://", host="127.0.0.1",
                                           dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return pd.read_csv(DISTRICT_DIR / "data.csv", dtype={"element": str, "org_unit": str, "period": str})


@pytest.fixture(scope="module")
def tree():
    units = pd.read_csv(DISTRICT_DIR / "org_units.csv", dtype=str, keep_default_na=False)
    return zb.org_unit_tree(units)


def single_machine(tree, frame, units, periods):
    cube = zb.DataCube(tree, zb.builtin_catalog().data_elements, zb.Period.month(2024, 1), 24)
    cube.load_frame(frame)
    return zb.evaluate(cube, zb.builtin_catalog(), units, periods)


def by_org_unit(frame, parts=4):
    # Townships (first 9 digits) dealt round-robin to `parts` partitions: a township's villages
    # stay together, the district's total needs every partition.
    townships = sorted(frame["org_unit"].str[:9].unique())
    deal = {t: i % parts for i, t in enumerate(townships)}
    key = frame["org_unit"].str[:9].map(deal)
    pieces = [frame[key == i] for i in range(parts)]
    return dd.concat([dd.from_pandas(p, npartitions=1) for p in pieces])


def by_period(frame, parts=4):
    # Consecutive 6-month blocks: a year's total and its YTD span two partitions.
    months = sorted(frame["period"].unique())
    block = {m: i * parts // len(months) for i, m in enumerate(months)}
    key = frame["period"].map(block)
    return dd.concat([dd.from_pandas(frame[key == i], npartitions=1) for i in range(parts)])


def units_of(tree):
    return [DISTRICT] + [c for c in tree.codes if len(c) == 9]


@pytest.mark.parametrize("split", [by_org_unit, by_period])
def test_dask_table_is_the_single_machine_table(client, tree, frame, split):
    ddf = split(frame)
    assert ddf.npartitions >= 4
    # Years, a month, and year-to-date August 2025 beside its same period last year: with the
    # by-period split (6-month blocks) each YTD needs rows from two partitions.
    ytd, last_year = (zb.Period.cumulative_to(datetime.date(y, 8, 31)) for y in (2025, 2024))
    periods = ["2024", "2025", "202503", ytd, last_year]
    expected = single_machine(tree, frame, units_of(tree), periods)
    got = zbd.evaluate(ddf, tree, zb.builtin_catalog(), units_of(tree), periods)
    pd.testing.assert_frame_equal(got, expected)


def test_planted_stories_come_out_of_the_dask_path(client, tree, frame):
    table = zbd.evaluate(by_period(frame), tree, zb.builtin_catalog(), DISTRICT, ["2024", "2025"])

    def value(indicator, period):
        found = table[(table["indicator"] == indicator) & (table["period"].astype(str) == period)]
        assert len(found) == 1, (indicator, period, table["period"].unique())
        return found.iloc[0]["value"]

    assert value("childcare_places_per_1000", "2025") == pytest.approx(3.89, abs=0.005)
    assert value("hypertension_bp_control_rate", "2024") == pytest.approx(54.17, abs=0.005)
    assert value("hypertension_bp_control_rate", "2025") == pytest.approx(60.77, abs=0.005)


def test_roll_up_sums_match_a_hand_pandas_sum(client, tree, frame):
    sums = zbd.roll_up(by_org_unit(frame), tree)
    # Hand: the district's 2025-01 managed hypertension patients are all its rows' sum.
    element = "hypertension_managed"
    if element not in set(frame["element"]):
        element = sorted(frame["element"].unique())[0]
    rows = frame[(frame["element"] == element) & (frame["period"] == "202501")]
    got = sums[(sums["element"] == element) & (sums["org_unit"] == DISTRICT) & (sums["period"] == "202501")]
    assert got["value"].tolist() == [rows["value"].sum()]


def test_zero_denominators_do_not_stop_the_table(client, tree, frame):
    # Every population row of one township set to 0: its per-1,000 rates have no value, the rest
    # of the table (and the single-machine one) is still produced.
    township = "340999001"
    zeroed = frame.copy()
    mask = zeroed["org_unit"].str.startswith(township)
    zeroed.loc[mask, "value"] = 0
    got = zbd.evaluate(by_org_unit(zeroed), tree, zb.builtin_catalog(), units_of(tree), "2025")
    expected = single_machine(tree, zeroed, units_of(tree), "2025")
    pd.testing.assert_frame_equal(got, expected)
    mine = got[got["org_unit"] == township]
    assert (mine["status"] != "ok").any()
    assert not mine.loc[mine["status"] == "ok", "value"].isna().any()


def test_a_missing_column_is_a_zhibiao_error_naming_it(client, tree, frame):
    ddf = dd.from_pandas(frame.drop(columns=["value"]), npartitions=4)
    with pytest.raises(zb.InvalidInput, match="value: no such column"):
        zbd.evaluate(ddf, tree, zb.builtin_catalog(), DISTRICT, "2025")


def test_plain_import_does_not_import_dask():
    code = "import sys, zhibiao; assert 'dask' not in sys.modules and 'zhibiao.dask' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
