"""Exact decimals and half-up rounding (docs/units-and-rounding.md §3: 1506/1600 → 94.13, never
94.12)."""
import math

import numpy as np
import pytest

import zhibiao as zb


def test_ratio_rounding_is_exact_on_ties():
    assert str(zb.round_ratio_half_up(1506, 1600, 100, 2)) == "94.13"
    # 201/20000 × 100 = 1.005 exactly; the double 1.005 is just below, so round() gives 1.0.
    assert round(201 * 100 / 20000, 2) == 1.0
    assert str(zb.round_ratio_half_up(201, 20000, 100, 2)) == "1.01"
    assert str(zb.round_ratio_half_up(195, 200, 100, 2)) == "97.50"


def test_round_half_up_on_numbers_and_arrays():
    # The double nearest 2.675 is 2.67499999999999982236431605997495353221893310546875.
    assert zb.round_half_up(2.675, 2) == 2.68
    assert zb.round_half_up(-2.5, 0) == -3.0
    out = zb.round_half_up(np.array([2.675, 1.005, 94.125, np.nan]), 2)
    assert out[:3].tolist() == [2.68, 1.01, 94.13] and math.isnan(out[3])
    assert zb.round_half_up([0.125], 2).tolist() == [0.13]
    with pytest.raises(zb.InvalidInput, match="decimals"):
        zb.round_half_up([1.0], 99)


def test_decimal_parse_keeps_printed_decimals():
    d = zb.Decimal.parse("94.10")
    assert (d.coefficient, d.exponent, d.decimals) == (9410, -2, 2)
    assert str(d) == "94.10" and float(d) == 94.1
    assert d == zb.Decimal.parse("94.1")
    assert zb.Decimal.parse("94.12") < zb.Decimal.parse("94.13")
    assert str(zb.Decimal.parse("94.125").round_half_up(2)) == "94.13"
    assert str(zb.Decimal.from_float(2.675)) == "2.675"


@pytest.mark.parametrize("text, position", [("", 0), ("9a.1", 1), ("1.2.3", 3), ("94.13%", 5)])
def test_decimal_parse_errors_give_the_position(text, position):
    with pytest.raises(zb.ParseError) as info:
        zb.Decimal.parse(text)
    assert info.value.position == position
    assert info.value.field == "decimal"
    assert f"at character {position}" in str(info.value)
