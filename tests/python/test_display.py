"""Readable repr and Jupyter HTML of the public objects (issue 19 item 4)."""
from html.parser import HTMLParser

import pytest

import zhibiao as zb
from test_cube import district_tree, seed_cube

VOID = {"br", "hr", "img", "meta", "input", "col", "wbr"}


class _Balance(HTMLParser):
    """Checks that every opened tag is closed in order (a well-formed fragment)."""

    def __init__(self):
        super().__init__()
        self.stack, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def well_formed(fragment):
    p = _Balance()
    p.feed(fragment)
    p.close()
    assert p.stack == [], f"unclosed {p.stack}"
    return "".join(p.text)


def _objects():
    quota = zb.Quota.from_expression("7469 * 22", zb.Period.year(2024))
    return {
        "QuotaCompletion": zb.QuotaCompletion(1506, 1600),
        "Quota": quota,
        "QuotaAssessment": zb.assess_quota(67072, quota, "2024-05-31"),
        "Threshold": zb.Threshold.parse("≥90%"),
        "ThresholdAssessment": zb.assess_threshold(85.0, zb.Threshold.parse("≥90%")),
        "Improvement": zb.Improvement.parse("下降10%"),
        "ImprovementAssessment": zb.assess_improvement(16.5, zb.Improvement.parse("下降10%"), 18.5),
        "Comparison": zb.compare_proportions(50, 100, 40, 100),
        "Indicator": zb.Indicator("b", "#{births}", "1000", unit="per_1000", kind="rate"),
        "Catalog": zb.Catalog.builtin(),
        "Period": zb.Period.month(2024, 5),
        "OrgUnitTree": district_tree(),
        "DataCube": seed_cube(),
        "MeasureColumn": zb.proportions([1, 2], [10, 20]),
    }


@pytest.mark.parametrize("name", sorted(_objects()))
def test_every_object_has_a_readable_repr_and_balanced_html(name):
    obj = _objects()[name]
    assert "object at 0x" not in repr(obj)
    assert well_formed(obj._repr_html_()).strip()


def test_quota_completion_seed_figure():
    # Seed report: 任务数1600人，已完成1506人，完成率94.13% (1506/1600 = 94.125 %, rounded half up;
    # plain float formatting would give 94.12, so this also checks the core's rounding is reused).
    q = zb.QuotaCompletion(1506, 1600)
    assert "94.13" in repr(q) and "1506" in repr(q) and "1600" in repr(q)
    page = q._repr_html_()
    assert "94.13%" in well_formed(page) and 'class="zb-bad"' in page  # 1506 < 1600: not done
    assert 'class="zb-ok"' in zb.QuotaCompletion(1600, 1600)._repr_html_()


def test_quota_assessment_reuses_summary_and_colours_pace():
    # Seed 002: 67072 of 164318 doses by 31 May, 40.82 % against 41.67 % -> behind (amber).
    quota = zb.Quota.from_expression("7469 * 22", zb.Period.year(2024))
    a = zb.assess_quota(67072, quota, "2024-05-31")
    assert a.summary() in repr(a) and "164318" in repr(a)
    assert 'class="zb-warn"' in a._repr_html_()
    # 婚检 3448 of 6800: 50.71 % -> ahead (green).
    b = zb.assess_quota(3448, zb.Quota(6800, zb.Period.year(2024)), "2024-05-31")
    assert 'class="zb-ok"' in b._repr_html_()
    assert "6800" in repr(zb.Quota(6800, zb.Period.year(2024)))


def test_threshold_assessment_reached_green_not_reached_red():
    t = zb.Threshold.parse("≥90%")
    miss = zb.assess_threshold(85.0, t)  # 85 < 90: short by 5 points
    assert "reached=False" in repr(miss) and "shortfall=5" in repr(miss)
    assert 'class="zb-bad"' in miss._repr_html_()
    hit = zb.assess_threshold(92.0, t)
    assert 'class="zb-ok"' in hit._repr_html_() and 'class="zb-bad"' not in hit._repr_html_()


def test_improvement_assessment_numbers():
    # 18.5 -> 16.5: change -2 points, relative -2/18.5 = -10.81 %, a fall of at least 10 % is reached.
    a = zb.assess_improvement(16.5, zb.Improvement.parse("下降10%"), 18.5)
    assert "-2.00" in repr(a) and "-10.81" in repr(a)
    assert 'class="zb-ok"' in a._repr_html_()


def test_comparison_reuses_summary():
    c = zb.compare_proportions(50, 100, 40, 100)  # 50 % vs 40 %: +10 points, not significant
    assert c.summary() in repr(c) and "10.00个百分点" in repr(c)
    assert 'class="zb-na"' in c._repr_html_()


def test_tree_and_cube_counts():
    tree = district_tree()  # examples: 1 district, 4 towns, 4 facilities
    assert repr(tree) == "OrgUnitTree(9 units; root D 八公山区; 县/区: 1, 乡镇/街道: 4, 机构: 4)"
    cube = seed_cube()  # 3 elements; 4 facilities x 12 months x 3 elements = 144 values
    assert repr(cube) == "DataCube(9 units, 3 elements, 12 months 201901–201912, 144 values loaded)"
    assert "144" in well_formed(cube._repr_html_())


def test_catalog_and_period():
    cat = zb.Catalog.builtin()
    assert f"{len(cat.indicators)} indicators" in repr(cat)
    assert well_formed(cat._repr_html_()).count(cat.indicators[0].id) >= 1
    assert "2024年5月" in well_formed(zb.Period.month(2024, 5)._repr_html_())


def test_user_strings_are_escaped():
    ind = zb.Indicator("b", "#{births}", name_zh="<script>alert(1)</script>")
    page = ind._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    well_formed(page)
    cat = zb.Catalog(indicators=[ind])
    assert "<script>" not in cat._repr_html_()
    tree = zb.OrgUnitTree.from_parent_table(["R", "A"], ["<script>", "a"], ["", "R"])
    assert "<script>" not in tree._repr_html_() and "&lt;script&gt;" in tree._repr_html_()


def test_evaluated_table_rows_coloured_by_status():
    # Seed cube, year 2019: F1 signed 30000 of 60000 = 50.00 %, T2 15000 of 50000 = 30.00 %.
    cube = seed_cube()
    table = zb.evaluate(cube, [zb.Indicator("r", "#{signed}", "#{population}")], ["F1", "T2"], "2019")
    assessed = zb.assess_thresholds(table, {"r": "≥40%"})  # F1 reaches 40 %, T2 does not
    page = zb.table_html(assessed)
    text = well_formed(page)
    assert "50.00%" in text and "30.00%" in text and "卫生院1" in text
    assert page.count('<tr class="zb-ok">') == 1 and page.count('<tr class="zb-bad">') == 1
    # The text columns are Categoricals (evaluate): a new text goes into an object column.
    table["org_unit_name"] = table["org_unit_name"].astype(object)
    table.loc[0, "org_unit_name"] = "<script>"
    assert "<script>" not in zb.table_html(table)


def test_table_html_non_finite_is_a_dash_and_bad_arguments_are_named():
    import pandas as pd
    page = zb.table_html(pd.DataFrame({"value": [float("nan"), float("inf"), 1.5]}))
    text = well_formed(page)
    assert "nan" not in text and "inf" not in text and text.count("—") == 2 and "1.5" in text
    with pytest.raises(zb.InvalidInput, match="frame"):
        zb.table_html([1, 2])
    with pytest.raises(zb.InvalidInput, match="max_rows"):
        zb.table_html(pd.DataFrame({"a": [1]}), max_rows=-1)
