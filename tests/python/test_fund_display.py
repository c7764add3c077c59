"""The notebook views and the plot of funds and plans (_display.py, plot.fund_execution).

Numbers: seed 002 (新农合) — 667984 persons × 540 元 = 360,711,360 元 (全年应筹集参合资金3.6亿余元),
1.3亿元 spent by 31 May 2010: 130,000,000 / 360,711,360 = 36.04 % of the total at 5 / 12 =
41.67 % of the year elapsed, 5.63 points behind, 基金支出进度处于合理区间. The plan is the hand
calculation of tests/cpp/planning_test.cpp: 90 % of 6000 needs 5400; 甲 keeps 950, 乙 1780 and
丙 2670 at 89 %.
"""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import zhibiao as zb
import zhibiao.plot as zp


@pytest.fixture
def seed_fund():
    fund = zb.Fund("540元", 667984, {"个人": "120元", "中央": "240元", "省": "135元", "区": "45元"})
    flows = pd.DataFrame({"date": ["2010-01-10", "2010-05-31"], "stage": ["到位", "支出"],
                          "amount": [fund.total, "1.3亿元"]})
    return fund, flows


def test_fund_execution_html(seed_fund):
    fund, flows = seed_fund
    page = zb.execute_fund(fund, flows, period=2010, as_of="2010-05-31")._repr_html_()
    assert '<span class="zb-ok">处于合理区间</span>' in page
    assert "<td>3.61亿元</td>" in page
    assert "1.30亿元（执行率36.04%）" in page
    assert "<td>41.67%</td>" in page and "<td>-5.63个百分点</td>" in page
    assert "拨付" not in page.split("<div>应筹集")[0]  # no 拨付 recorded: no row of 0 %
    assert 'width="36.040"' in page and 'x1="41.667"' in page  # the bar and the time mark
    # At 31 July (7 / 12 = 58.33 %): 22.29 points behind, outside ±10: 偏慢 in the warning colour.
    late = zb.execute_fund(fund, flows, period=2010, as_of="2010-07-31")._repr_html_()
    assert '<span class="zb-warn">支出进度偏慢</span>' in late
    assert "-22.29个百分点" in late


def test_plan_result_html():
    f = pd.DataFrame({"org_unit": ["甲", "乙", "丙"], "denominator": [1000, 2000, 3000],
                      "last_year": [950, 1500, 2550], "done": [900, 1600, 2500]})
    plan = zb.plan_targets(f, 90, done="done", months_left=3)
    page = plan._repr_html_()
    assert page == zb.plan_html(plan)
    assert '<span class="zb-ok">合计需5400，计划5400，合并率90.00%</span>' in page
    # ⌈(950 − 900) / 3⌉ = 17, (1780 − 1600) / 3 = 60, ⌈(2670 − 2500) / 3⌉ = 57 a month.
    assert ("<tr><th>甲</th><td>950</td><td>95.00</td><td>0</td><td class=\"zb-na\">不低于上年</td>"
            "<td>17</td></tr>") in page
    assert "<th>乙</th><td>1780</td><td>89.00</td><td>280</td>" in page
    assert "<td>57</td>" in page
    # Any operation gives a plain DataFrame back (pandas' own view).
    assert type(plan.head()) is pd.DataFrame
    with pytest.raises(zb.InvalidInput, match="plan: expected what zb.plan_targets returns"):
        zb.plan_html(f)


def test_fund_execution_plot(seed_fund):
    fund, flows = seed_fund
    ax = zp.fund_execution(fund, flows, period=2010, as_of="2010-05-31", title="新农合")
    lines = {line.get_label(): list(line.get_ydata()) for line in ax.lines}
    assert set(lines) == {"序时进度", "到位", "支出"}  # no 拨付 recorded: no line at 0 %
    # By months: 1/12 … 5/12 of the year at each month's end.
    assert lines["序时进度"] == pytest.approx([100 / 12 * m for m in range(1, 6)])
    assert lines["到位"] == pytest.approx([100.0] * 5)
    assert lines["支出"][-1] == pytest.approx(130_000_000 / 360_711_360 * 100)
    assert lines["支出"][:4] == [0.0] * 4
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1月", "2月", "3月", "4月", "5月"]
    assert "36.04%" in [t.get_text() for t in ax.texts]
    # The band: 10 points either side of the diagonal (clipped at 0): at May 31.67–51.67 %.
    band = ax.collections[0].get_paths()[0].vertices
    assert max(band[:, 1]) == pytest.approx(500 / 12 + 10)
    plt.close(ax.figure)


def test_fund_execution_plot_stops_at_as_of_in_a_month(seed_fund):
    fund, flows = seed_fund
    ax = zp.fund_execution(fund, flows, period=2010, as_of="2010-06-15")
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "6月15日"
    plt.close(ax.figure)
