"""Units: multipliers and display forms (docs/units-and-rounding.md §1–2, figures from the
seeds)."""
import pickle

import pytest

import zhibiao as zb


@pytest.mark.parametrize(
    "text, code, multiplier, suffix_zh",
    [
        ("%", "percent", 100, "%"),               # 签约率33.65%
        ("‰", "per_mille", 1000, "‰"),            # 出生率4.86‰
        ("‱", "per_10k", 10000, "‱"),
        ("/10万", "per_100k", 100000, "/10万"),    # 发病率153.895/10万
        ("每千人口", "per_1000_population", 1000, "/千人"),  # 千人口托位数2.36
        ("per_100", "per_100", 100, ""),           # 出生人口性别比114.17, printed bare
        ("ratio", "ratio", 1, ""),
        ("元", "yuan", 1, "元"),                  # 次均门诊费用52.94元 (seed 002)
        ("岁", "years", 1, "岁"),                 # 人均预期寿命80.86岁
    ],
)
def test_units(text, code, multiplier, suffix_zh):
    u = zb.Unit(text)
    assert u.code == code
    assert u.multiplier == multiplier
    assert u.suffix() == suffix_zh
    assert zb.Unit(code) == u
    assert pickle.loads(pickle.dumps(u)) == u


def test_english_forms_and_names():
    assert zb.Unit.per_100k().suffix("en") == " per 100,000"
    assert zb.Unit.per_1000_population().name("en") == "per 1,000 population"
    assert zb.Unit.percent().name() == "百分率"


def test_per_mille_is_not_a_density():
    assert zb.Unit("‰").multiplier == zb.Unit("每千人口").multiplier
    assert zb.Unit("‰") != zb.Unit("每千人口")


def test_unknown_unit_names_the_field():
    with pytest.raises(zb.InvalidInput) as info:
        zb.Unit("percentage points")
    assert info.value.field == "unit"
    assert "per_100k" in str(info.value)  # lists what is accepted
