"""zb.Money / zb.Fund / zb.execute_fund / zb.benefit_total (fund.hpp, docs/funds.md; issue 20
item 2). Figures from seed 002 (新农合) and hand calculations shown in the comments."""
import pandas as pd
import pytest

import zhibiao as zb


def nrcms():
    # Seed 002: 667984 persons, 540 元 a head (个人120, 中央240, 省135, 区45): 3.6亿余元.
    return zb.Fund("540元", 667984, {"个人": "120元", "中央": "240元", "省": "135元", "区": "45元"})


def test_money_is_exact():
    assert zb.Money("116.17万元").fen == 116170000
    assert zb.Money(0.1) + zb.Money(0.2) == zb.Money("0.3元")   # not 0.30000000000000004
    with pytest.raises(zb.ParseError):
        zb.Money("0.005元")
    with pytest.raises(zb.InvalidInput):
        zb.Money(float("nan"))


def test_fund_total_shares_and_execution_seed_002():
    f = nrcms()
    assert f.total.yuan_text() == "360711360.00"
    assert f.share_totals["中央"].yuan_text() == "160316160.00"   # 667984 × 240
    with pytest.raises(zb.InvalidInput, match="shares"):
        zb.Fund("540元", 667984, {"个人": "120元"})
    flows = pd.DataFrame({"date": ["2010-01-10", "2010-05-31", "2010-06-30"],
                          "stage": ["到位", "支出", "支出"],
                          "amount": [f.total, "1.3亿元", "5000万元"]}, index=["a", "b", "c"])
    # Up to 31 May: 1.3亿 / 360,711,360 = 36.04 %; 5/12 = 41.67 %; −5.63 points: within ±10.
    e = zb.execute_fund(f, flows, period=2010, as_of="2010-05-31")
    assert e.spent == zb.Money("1.3亿元")   # the June flow is after as_of
    assert e.execution_rate == pytest.approx(1.3e8 / 360711360 * 100)
    assert e.within_band and "支出进度处于合理区间" in e.summary()
    assert not zb.execute_fund(f, flows, period=2010, as_of="2010-05-31", below=5).within_band


def test_flow_errors_name_the_row():
    f = zb.Fund.fixed("100万元")
    bad_stage = pd.DataFrame({"date": ["2025-01-05"], "stage": ["花掉"], "amount": ["5万"]},
                             index=["x1"])
    with pytest.raises(zb.InvalidRows, match=r"stage \(index 'x1'\)"):
        zb.execute_fund(f, bad_stage, period=2025, as_of="2025-06-30")
    bad_amount = bad_stage.assign(stage="到位", amount="五万")
    with pytest.raises(zb.InvalidRows, match=r"amount \(index 'x1'\)"):
        zb.execute_fund(f, bad_amount, period=2025, as_of="2025-06-30")
    # 60万 disbursed on 1 March while only 50万 had arrived: refused naming the date.
    order = pd.DataFrame({"date": ["2025-01-05", "2025-03-01", "2025-04-01"],
                          "stage": ["到位", "拨付", "到位"], "amount": ["50万", "60万", "50万"]})
    with pytest.raises(zb.InvalidInput, match="2025-03-01"):
        zb.execute_fund(f, order, period=2025, as_of="2025-06-30")


def test_benefit_schedule():
    # 22846 × 12 × 80 = 21,932,160 元 + 310 × 6 × 150 = 279,000 元.
    t = pd.DataFrame({"persons": [22846, 310], "months": [12, 6], "monthly": ["80元", "150元"]},
                     index=["奖励扶助", "特别扶助"])
    assert zb.benefit_total(t).yuan_text() == "22211160.00"
    with pytest.raises(zb.InvalidRows, match="特别扶助"):
        zb.benefit_total(t.assign(persons=[22846, -1]))
