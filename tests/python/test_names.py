"""The package's public names (issue 13): derived from the submodules, renamed ones kept as
deprecated aliases, and compiled classes whose pandas methods are bound rather than patched."""
import pandas as pd
import pytest

import zhibiao as zb



def test_public_names_come_from_the_submodules():
    # Issue 13: __all__ is derived from each submodule's own __all__; every name resolves.
    assert len(zb.__all__) == len(set(zb.__all__))
    for name in zb.__all__:
        assert getattr(zb, name) is not None, name
    from zhibiao import _interval, _target

    assert set(_interval.__all__) <= set(zb.__all__) and set(_target.__all__) <= set(zb.__all__)
    assert "proportion_frame" in zb.__all__ and "proportion" not in zb.__all__


@pytest.mark.parametrize("old, new", [
    ("STATUS_DESCRIPTIONS", "MEASURE_STATUS_DESCRIPTIONS"),
    ("LIFE_TABLE_STATUS_REASONS", "LIFE_TABLE_STATUS_DESCRIPTIONS"),
    ("INEQUALITY_STATUS_REASONS", "INEQUALITY_STATUS_DESCRIPTIONS"),
    ("FUNNEL_SIGNIFICANCE_LABELS", "FUNNEL_SIGNIFICANCE_DESCRIPTIONS"),
    ("FUNNEL_COMPARISON_LABELS", "FUNNEL_COMPARISON_NAMES"),
])
def test_renamed_constants_still_work_with_a_warning(old, new):
    with pytest.warns(DeprecationWarning, match=new):
        assert getattr(zb, old) == getattr(zb, new)


def test_renamed_functions_still_work_with_a_warning():
    # Seed 000: 104 of 124 public places inspected = 83.87 %.
    df = pd.DataFrame({"x": [104], "n": [124]})
    with pytest.warns(DeprecationWarning, match="proportion_frame"):
        old = zb.proportion(df, "x", "n", multiplier=100)
    pd.testing.assert_frame_equal(old, zb.proportion_frame(df, "x", "n", multiplier=100))
    assert old.value[0] == pytest.approx(104 / 124 * 100)
    with pytest.warns(DeprecationWarning, match="rate_frame"):
        zb.rate(df, "x", "n")
    with pytest.raises(AttributeError):
        zb.no_such_name


def test_compiled_classes_are_not_patched_at_import():
    # The pandas methods are bound in C++ and call the plain functions (issue 13).
    assert zb.Period.month(2024, 3).to_pandas() == pd.Period("2024-03", freq="M")
    assert zb.Period.from_pandas(pd.Period("2024-03", freq="M")) == zb.Period.month(2024, 3)
    assert type(zb.Period.__dict__["to_pandas"]).__name__ == "instancemethod"
    assert type(zb.DataCube.__dict__["load_frame"]).__name__ == "instancemethod"
