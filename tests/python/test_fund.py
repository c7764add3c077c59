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
    assert e.sentence("zh") == e.summary()
    assert e.sentence("en").startswith("total to raise ") and "spent " in e.sentence("en")
    with pytest.raises(zb.InvalidInput, match="language"):
        e.sentence("fr")
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


def test_deadlines_met_missed_pending():
    # Worked by hand (docs/funds.md §5): 100.01 元, 50.00 元 arriving on 1 March, 50.01 元 on
    # 15 July. 100 % by 30 June needs 10001 分, 5000 reached by then: missed at 1 August, pending
    # at 1 June; 33.3 % needs ⌈10001 × 0.333⌉ = 3331 分: met; spending by 31 December: pending.
    f = zb.Fund.fixed("100.01元")
    flows = pd.DataFrame({"date": ["2025-03-01", "2025-07-15"], "stage": ["到位", "到位"],
                          "amount": ["50元", "50.01元"]})
    d = pd.DataFrame({"stage": ["到位", "arrived", "支出"],
                      "by": ["2025-06-30", "2025-06-30", "2025-12-31"],
                      "share": [100, 33.3, 100]}, index=["all", "third", "spent"])
    out = zb.check_fund_deadlines(f, flows, d, as_of="2025-08-01")
    assert list(out.index) == ["all", "third", "spent"]
    assert list(out["status"]) == ["missed", "met", "pending"]
    assert [m.fen for m in out["required"]] == [10001, 3331, 10001]
    assert out.loc["all", "reached"] == zb.Money("50元")   # at 30 June, not at 1 August
    assert zb.check_fund_deadlines(f, flows, d, as_of="2025-06-01").loc["all", "status"] == "pending"
    # No share column: 100 %.
    whole = zb.check_fund_deadlines(f, flows, d[["stage", "by"]], as_of="2025-08-01")
    assert list(whole["share"]) == [100.0, 100.0, 100.0]
    with pytest.raises(zb.InvalidInput, match=r"deadlines\[1\]\.share"):
        zb.check_fund_deadlines(f, flows, d.assign(share=[100, 120, 100]), as_of="2025-08-01")
    with pytest.raises(zb.InvalidInput, match=r"deadlines\[2\]\.stage"):
        zb.check_fund_deadlines(f, flows, d.assign(stage=["到位", "到位", "花掉"]),
                                as_of="2025-08-01")


def test_standard_against_the_population_it_implies_seed_002():
    # 按照人均540元筹资标准…全年应筹集参合资金3.6亿余元: [3.6亿, 3.7亿) at 540 元 a head is
    # ⌈666,666.67⌉ = 666,667 to ⌊685,185.19⌋ = 685,185 persons (685,185 × 540 = 369,999,900).
    c = zb.check_fund_standard("540元", "3.6亿余元", population=667984)
    assert (c.population_low, c.population_high, c.consistent) == (666667, 685185, True)
    assert not zb.check_fund_standard("540元", "3.6亿余元", population=700000).consistent
    # 3.61亿元 is [3.605亿, 3.615亿): 667,593 (⌈667,592.59⌉) to 669,444 (⌊669,444.44⌋).
    r = zb.check_fund_standard(zb.Money("540元"), "3.61亿元")
    assert (r.population_low, r.population_high, r.population) == (667593, 669444, None)
    exact = zb.check_fund_standard(540, nrcms().total, population=667984)
    assert (exact.population_low, exact.population_high, exact.consistent) == (667984, 667984, True)
    assert not zb.check_fund_standard(540, 360711361, population=667984).consistent
    with pytest.raises(zb.InvalidInput, match="total"):
        zb.check_fund_standard("540元", "94.13%")
    with pytest.raises(zb.InvalidInput, match="population"):
        zb.check_fund_standard("540元", "3.6亿余元", population=-1)
    with pytest.raises(zb.InvalidInput, match="standard"):
        zb.check_fund_standard("0元", "3.6亿余元")
