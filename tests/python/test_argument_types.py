"""Issue 14, class 8: a wrong argument TYPE to any compiled callable raises zhibiao's own
exception, zhibiao.ArgumentTypeError (an InvalidInput and a TypeError) naming the callable in
.field, instead of pybind11's bare TypeError. Each test fails before the fix (bare TypeError,
no .field; zhibiao.ArgumentTypeError did not exist) and passes after it."""
import pytest

import zhibiao as zb
from zhibiao import _core


def test_static_method_given_none_raises_argument_type_error():
    with pytest.raises(zb.ArgumentTypeError) as info:
        _core.Period.parse(None)
    assert isinstance(info.value, zb.InvalidInput) and isinstance(info.value, TypeError)
    assert info.value.field == "Period.parse"
    assert "(NoneType)" in str(info.value) and "text: str" in str(info.value)


def test_constructor_given_text_raises_argument_type_error():
    with pytest.raises(zb.InvalidInput) as info:
        _core.Proportion("a", 2)
    assert info.value.field == "Proportion.__init__"
    assert "(str, int)" in str(info.value)


def test_keyword_argument_types_are_listed():
    with pytest.raises(zb.ArgumentTypeError, match=r"\(text=int\)"):
        _core.Period.parse(text=3)


def test_good_calls_and_help_are_unchanged():
    # 1/2 as a per-cent proportion: 50 %, by hand.
    assert _core.Proportion(1, 2).value() == pytest.approx(50.0)
    assert _core.Period.parse("2024") == _core.Period.parse("2024")
    assert "text: str" in _core.Period.parse.__doc__
