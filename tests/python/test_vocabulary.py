"""Issue 19 item 2, one vocabulary (docs/vocabulary.md): one table of outcome words used by the
display, the plots and the tables; the scale each family returns; one 序时进度 default."""
import datetime as dt
import inspect

import numpy as np
import pandas as pd
import pytest

import zhibiao as zb
import zhibiao._core as core
from zhibiao import _status


def test_every_outcome_code_the_engine_emits_has_words():
    # Pace names come from src/assessment.cpp, verdicts from src/comparison.cpp, funnel
    # comparisons from the funnel kernel: each must be in the one table, else the display greys it.
    q = zb.Quota(1200, zb.Period.year(2024))
    paces = {zb.assess_quota(done, q, dt.date(2024, 6, 30)).pace for done in (500, 600, 700)}
    assert paces == {"behind", "on_schedule", "ahead"}
    # (a funnel's "not applicable" is a row without a comparison, not an outcome)
    funnel = set(zb.FUNNEL_COMPARISON_NAMES) - {"not applicable"}
    for code in paces | set(core._VERDICT_NAMES) | funnel:
        assert code in zb.OUTCOME_WORDS, code
    assert set(zb.OUTCOME_WORDS[c].tone for c in zb.OUTCOME_WORDS) <= set(zb.TONE_COLOURS)


def test_on_schedule_shows_green_as_ahead_does():
    # 600 of 1200 at 30 June: completion 50 % = 序时进度 6/12 (whole months) -> on_schedule; the
    # display once looked for "on_pace" (a name the engine never emits) and showed it grey.
    a = zb.assess_quota(600, zb.Quota(1200, zb.Period.year(2024)), dt.date(2024, 6, 30))
    assert a.pace == "on_schedule"
    page = a._repr_html_()
    assert '<span class="zb-ok">符合序时进度</span>' in page


def test_plots_colour_an_outcome_as_the_display_does():
    # zhibiao.plot once had its own colour table (on_schedule absent, so bullet() refused it).
    pytest.importorskip("matplotlib")
    import zhibiao.plot as zp
    ok, warn, bad = (zb.TONE_COLOURS[t] for t in ("ok", "warn", "bad"))
    assert [zp.STATUS_COLOURS[s] for s in ("reached", "ahead", "on_schedule", "behind",
                                           "not_reached")] == [ok, ok, ok, warn, bad]
    ax = zp.bullet(["签约率"], [50.0], [100.0], statuses=["on_schedule"])
    from matplotlib.colors import to_hex
    assert to_hex(ax.patches[1].get_facecolor()) == ok
    import matplotlib.pyplot as plt
    plt.close(ax.figure)


def test_target_words_agree_with_the_command_line_and_report():
    # The HTML report and the CLI print 达标 / 未达标 (src/report_html.cpp); Jupyter says the same.
    assert zb.OUTCOME_WORDS["reached"].zh == "达标"
    t = zb.assess_threshold(88.65, zb.Threshold.parse("不低于90%"))
    assert '<span class="zb-bad">未达标</span>' in t._repr_html_()


def test_status_text_is_looked_up_by_its_code():
    assert _status.tone("undefined: the quota is zero") == "na"
    assert _status.tone("partial: 11 of 12 months") == "warn"
    assert _status.tone(float("nan")) == "na"


def test_one_default_for_time_progress():
    # Every function that assesses against 序时进度 counts whole months by default (reports say
    # 6 of 12 months at 30 June is 50 %); only the calendar primitives Period.elapsed_share and
    # annualisation_factor default to days, because they are defined for weeks and days too
    # (docs/vocabulary.md §3).
    q = zb.Quota(1200, zb.Period.year(2024))
    assert zb.assess_quota(600, q, dt.date(2024, 6, 30)).time_progress == 50.0
    frame = zb.assess_quota_frame(pd.DataFrame({"done": [600], "quota": [1200]}),
                                  year=2024, as_of="2024-06-30")
    assert frame["time_progress"].iloc[0] == 50.0
    # the same date by days: 182 of 366 days of 2024 (Jan 31 + Feb 29 + 31 + 30 + 31 + 30)
    assert zb.Period.year(2024).elapsed_share(dt.date(2024, 6, 30)) == 182 / 366
    assert "basis: str = 'months'" in core.assess_quota.__doc__


def test_scales_stated_in_the_vocabulary_hold():
    # docs/vocabulary.md §2: values in the unit's scale (per cent, per 100,000), intervals in the
    # value's scale, elapsed shares as fractions, pace and completion in per cent.
    assert zb.Proportion(1506, 1600).value() == pytest.approx(94.125)      # per cent
    assert zb.Rate(1227, 797297).value() == pytest.approx(153.8950, abs=1e-4)  # per 100,000
    # The interval functions keep PHEindicatormethods' multipliers (calculate_proportion: 1, a
    # fraction; calculate_dsr: 100,000) so that an R user's figures match; multiplier=100 gives %.
    col = zb.proportion_intervals([1506], [1600])
    assert 0.90 < col.lower[0] < 0.94125 < col.upper[0] < 0.96
    col = zb.proportion_intervals([1506], [1600], multiplier=100)
    assert 90 < col.lower[0] < 94.125 < col.upper[0] < 96
    assert 0 < zb.Period.year(2024).elapsed_share(dt.date(2024, 3, 31)) < 1   # a fraction


def test_a_zero_denominator_never_stops_a_table():
    frame = pd.DataFrame({"done": [5, 3], "quota": [10, 0], "x1": [5, 0], "n1": [10, 0],
                          "x0": [4, 3], "n0": [10, 10]}, index=["甲", "乙"])
    q = zb.assess_quota_frame(frame, year=2024, as_of="2024-06-30")
    assert q.loc["乙", "status"].startswith("undefined") and np.isnan(q.loc["乙", "completion"])
    c = zb.compare_frame(frame, current="x1", previous="x0", current_denominator="n1",
                         previous_denominator="n0")
    assert c.loc["乙", "status"].startswith("undefined") and np.isnan(c.loc["乙", "change"])
    m = zb.measure_frame(frame, "proportion", "x1", "n1")
    assert m.loc["乙", "status"] != "ok" and np.isnan(m.loc["乙", "value"])


def test_plural_functions_take_arrays_and_frame_functions_take_frames():
    # docs/vocabulary.md §1: the _frame suffix takes a DataFrame, the plural takes arrays.
    with pytest.raises(zb.InvalidInput):
        zb.measure_frame([1, 2], "proportion", "x", "n")
    assert isinstance(zb.proportions([1], [2]), zb.MeasureColumn)
    for name in ("proportion_frame", "rate_frame", "measure_frame", "expression_frame",
                 "benchmark_frame", "assess_quota_frame", "compare_frame", "rank_frame"):
        first = next(iter(inspect.signature(getattr(zb, name)).parameters))
        assert first in ("data", "frame"), (name, first)
