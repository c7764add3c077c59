"""The catalog format (docs/catalog.md): the built-in catalog, the schema against the reader, the
docs' worked example and entry table, building a Catalog from Indicator objects, the merge rule.

No jsonschema package is available here (Debian's set), so the schema is checked two ways: a small
validator for the keywords data/catalog.schema.json uses, run on the built-in catalog and the docs'
example; and the schema's key lists (properties, required) compared with what the reader accepts
and requires, by feeding the reader each key."""
import json
import pathlib
import re

import pytest

import zhibiao as zb

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "data" / "catalog.schema.json").read_text(encoding="utf-8"))
DOCS = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")


# --- a validator for the keywords the schema uses --------------------------------------------

TYPES = {"object": dict, "array": list, "string": str, "boolean": bool}


def _errors(value, schema, path="$"):
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return _errors(value, SCHEMA["$defs"][name], path)
    out = []
    t = schema.get("type")
    if t == "integer":
        if not (isinstance(value, int) and not isinstance(value, bool)):
            return [f"{path}: not an integer"]
    elif t == "number":
        if not (isinstance(value, (int, float)) and not isinstance(value, bool)):
            return [f"{path}: not a number"]
    elif t is not None and not isinstance(value, TYPES[t]):
        return [f"{path}: not {t}"]
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{path}: {value!r} not in enum")
    if "const" in schema and value != schema["const"]:
        out.append(f"{path}: not {schema['const']!r}")
    if "minimum" in schema and value < schema["minimum"]:
        out.append(f"{path}: below minimum")
    if "maximum" in schema and value > schema["maximum"]:
        out.append(f"{path}: above maximum")
    if "minLength" in schema and len(value) < schema["minLength"]:
        out.append(f"{path}: too short")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        out.append(f"{path}: does not match {schema['pattern']}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                out.append(f"{path}.{key}: required")
        for key, item in value.items():
            if key in props:
                out += _errors(item, props[key], f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                out.append(f"{path}.{key}: additional property")
    if isinstance(value, list) and "items" in schema:
        for k, item in enumerate(value):
            out += _errors(item, schema["items"], f"{path}[{k}]")
        if schema.get("uniqueItems") and len(set(map(json.dumps, value))) != len(value):
            out.append(f"{path}: items not unique")
    if "oneOf" in schema:
        passing = sum(not _errors(value, s, path) for s in schema["oneOf"])
        if passing != 1:
            out.append(f"{path}: {passing} of oneOf pass")
    if "not" in schema and not _errors(value, schema["not"], path):
        out.append(f"{path}: matches 'not'")
    if "anyOf" in schema and all(_errors(value, s, path) for s in schema["anyOf"]):
        out.append(f"{path}: no anyOf passes")
    if "if" in schema:
        branch = "then" if not _errors(value, schema["if"], path) else "else"
        if branch in schema:
            out += _errors(value, schema[branch], path)
    return out


def test_the_validator_refuses_what_the_schema_forbids():
    # So that the passes below mean something: each of these breaks one rule.
    assert _errors({"indicators": [{"id": "a", "numerator": "#{x}"}]}, SCHEMA)  # no denominator
    assert _errors({"indicators": [{"id": "a", "numerator": "1", "denominator": "1",
                                    "denominater": "1"}]}, SCHEMA)
    assert _errors({"indicators": [{"id": "a", "method": "m", "numerator": "1"}]}, SCHEMA)
    assert _errors({"indicators": [{"id": "a", "numerator": "1", "denominator": "1", "targets": [
        {"value": 30, "comparison": "relative_decrease", "year": 2030, "document": "d"}]}]}, SCHEMA)
    assert _errors({"data_elements": [{"id": "a.b"}]}, SCHEMA)
    assert not _errors({"indicators": [{"id": "a", "numerator": "1", "denominator": "1"}]}, SCHEMA)


def _docs_example():
    block = DOCS.split("<!-- example: begin")[1].split("<!-- example: end -->")[0]
    return block.split("```json")[1].split("```")[0]


def test_builtin_catalog_and_docs_example_validate_against_the_schema_and_load():
    builtin = json.loads(zb.Catalog.builtin_json())
    assert _errors(builtin, SCHEMA) == []
    example = json.loads(_docs_example())
    assert _errors(example, SCHEMA) == []
    catalog = zb.Catalog.from_json(_docs_example())
    assert [i.id for i in catalog.indicators] == ["signing_rate", "home_visits"]
    # docs/catalog.md §1: 59902 of 178015 residents -> 33.65 % at the entry's two decimals.
    assert zb.format_value(59902 / 178015 * 100, catalog.indicator("signing_rate").unit,
                           catalog.indicator("signing_rate").decimals) == "33.65%"
    merged = zb.builtin_catalog().merged(catalog)
    ids = [i.id for i in merged.indicators]
    assert "caesarean_rate" not in ids and ids[-2:] == ["signing_rate", "home_visits"]


def test_shipped_files_are_the_embedded_ones():
    assert (ROOT / "data" / "catalog.schema.json").read_text(encoding="utf-8") == zb.catalog_schema()
    assert (ROOT / "data" / "catalog.json").read_text(encoding="utf-8") == zb.Catalog.builtin_json()


# --- the schema's key lists against the reader ----------------------------------------------

MINIMAL = {
    "data_element": {"id": "x"},
    "indicator": {"id": "a", "numerator": "#{x}", "denominator": "1"},
    "target": {"value": 5, "comparison": "at_most", "year": 2030, "document": "d"},
    "remove": {},
}
# A valid value for each key, to show the reader accepts the key.
SAMPLE = {"id": "y", "name_zh": "名", "name_en": "n", "aggregation": "last", "disaggregations": ["m"],
          "description": "除死亡、迁出外", "numerator": "#{x}", "denominator": "1", "unit": "‰",
          "decimals": 1, "direction": "lower_is_better", "kind": "rate", "annualised": True,
          "source": "s", "verification": "U", "note": "n", "targets": [], "value": 1.5,
          "comparison": "at_least", "year": 2025, "document": "d", "data_elements": [],
          "indicators": []}


def _catalog_with(kind, obj):
    if kind == "data_element":
        return {"data_elements": [obj]}
    if kind == "indicator":
        return {"indicators": [obj]}
    if kind == "target":
        return {"indicators": [dict(MINIMAL["indicator"], targets=[obj])]}
    return {"remove": obj}


@pytest.mark.parametrize("kind", sorted(MINIMAL))
def test_reader_accepts_exactly_the_schema_keys_and_requires_the_schema_required(kind):
    schema = SCHEMA["$defs"][kind]
    for key in schema["properties"]:
        obj = dict(MINIMAL[kind])
        if key == "method":
            obj = {"id": "a", "method": "m"}
        elif key == "baseline_year":
            obj.update(comparison="relative_decrease", baseline_year=2015)
        elif key not in obj:
            obj[key] = SAMPLE[key]
        zb.Catalog.from_json(json.dumps(_catalog_with(kind, obj)))  # accepted
    obj = dict(MINIMAL[kind], colour="red")
    with pytest.raises(zb.InvalidInput, match="colour: unknown field"):
        zb.Catalog.from_json(json.dumps(_catalog_with(kind, obj)))
    required = set(schema.get("required", []))
    if kind == "indicator":  # numerator and denominator: required unless a method (oneOf)
        required |= {"numerator", "denominator"}
    for key in MINIMAL[kind]:
        obj = {k: v for k, v in MINIMAL[kind].items() if k != key}
        if key in required:
            with pytest.raises(zb.InvalidInput, match=re.escape(f".{key}: ") + ".*is required"):
                zb.Catalog.from_json(json.dumps(_catalog_with(kind, obj)))
        else:
            zb.Catalog.from_json(json.dumps(_catalog_with(kind, obj)))
    assert set(MINIMAL[kind]) >= required


def test_top_level_keys_match_the_schema():
    for key in SCHEMA["properties"]:
        zb.Catalog.from_json(json.dumps({key: "catalog.schema.json" if key == "$schema" else
                                         ({} if key == "remove" else [])}))
    with pytest.raises(zb.InvalidInput, match="validation_rules: must be a list, got an object"):
        zb.Catalog.from_json('{"validation_rules": {}}')
    with pytest.raises(zb.InvalidInput) as e:
        zb.Catalog.from_json('{"indicator": []}')
    assert str(e.value) == 'indicator: unknown field; did you mean "indicators"?'


def test_the_issue_18_typo_is_an_error_not_a_denominator_of_one():
    text = '{"indicators": [{"id": "a", "numerator": "#{x}", "denominater": "#{y}"}]}'
    with pytest.raises(zb.InvalidInput) as e:
        zb.Catalog.from_json(text)
    assert str(e.value) == 'indicators[0].denominater: unknown field; did you mean "denominator"?'


# --- the docs' entry table ------------------------------------------------------------------

SYMBOLS = {"percent": "%", "per_mille": "‰", "per_100k": "/10万", "per_1000_population": "/千人",
           "per_100": "×100", "yuan": "元", "years": "岁"}


def test_docs_table_lists_every_builtin_entry():
    block = DOCS.split("<!-- builtin: begin -->")[1].split("<!-- builtin: end -->")[0]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in block.strip().splitlines()[2:]]
    expected = []
    for i in zb.builtin_catalog().indicators:
        formula = i.method or f"{i.numerator} / {i.denominator}"
        expected.append([f"`{i.id}`", i.name_zh, f"`{formula}`", SYMBOLS[i.unit.code],
                         i.direction, i.verification, str(len(i.targets))])
    assert rows == expected


# --- Catalog from Indicator objects; the built-in catalog in Python -------------------------

def test_catalog_from_indicator_objects_round_trips():
    births = zb.DataElement("births", "出生人数", aggregation="sum", disaggregations=["male", "female"],
                            description="活产")
    ratio = zb.Indicator("sex_ratio", "#{births.male}", "#{births.female}", unit="per_100",
                         verification="V", targets=[zb.NationalTarget(110, "at_most", 2030, "d")])
    catalog = zb.Catalog(indicators=[ratio], data_elements=[births])
    back = zb.Catalog.from_json(catalog.to_json())
    assert back.to_json() == catalog.to_json()
    assert back.indicator("sex_ratio").targets[0].comparison == "at_most"
    assert back.data_element("births").description == "活产"
    with pytest.raises(zb.InvalidInput, match=r"indicators\[1\]\.id: 'sex_ratio' is defined twice"):
        zb.Catalog(indicators=[ratio, ratio])
    with pytest.raises(TypeError):
        zb.Catalog([ratio])  # keywords only: which list is which is never guessed


def test_builtin_entries_in_python():
    # docs/catalog.md §5 (the definition's row): 孕产妇死亡率 | 孕产妇死亡数 | 活产数 | per 100,000, lower is better, V;
    # 母婴安全行动提升计划 (2021–2025): 孕产妇 ≤14.5/10万 by 2025.
    mmr = zb.builtin_catalog().indicator("maternal_mortality_rate")
    assert (mmr.numerator, mmr.denominator, mmr.unit.code, mmr.direction, mmr.verification) == (
        "#{maternal_deaths}", "#{live_births}", "per_100k", "lower_is_better", "V")
    safe = [t for t in mmr.targets if "母婴安全" in t.document]
    assert [(t.value, t.comparison, t.year) for t in safe] == [(14.5, "at_most", 2025)]
    # 人均预期寿命: a method, not a ratio; its unit prints 岁 (人均预期寿命80.86岁).
    e0 = zb.builtin_catalog().indicator("life_expectancy")
    assert (e0.method, e0.numerator, e0.unit.suffix()) == ("abridged_life_table_e0", "", "岁")
    assert zb.format_value(80.856, e0.unit, e0.decimals) == "80.86岁"
    # Seed 002: 次均门诊费用52.94元.
    cost = zb.builtin_catalog().indicator("cost_per_outpatient_visit")
    assert zb.format_value(52.94, cost.unit, cost.decimals) == "52.94元"


def test_load_catalog_over_builtin(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text('{"indicators": [{"id": "caesarean_rate", "name_zh": "剖宫产率(产妇)", '
                    '"numerator": "#{cs_mothers}", "denominator": "#{mothers}"}]}', encoding="utf-8")
    alone = zb.load_catalog(path)
    assert [i.id for i in alone.indicators] == ["caesarean_rate"]
    merged = zb.load_catalog(path, over_builtin=True)
    assert len(merged.indicators) == len(zb.builtin_catalog().indicators)
    assert merged.indicator("caesarean_rate").denominator == "#{mothers}"


def test_evaluate_leaves_a_catalogs_method_indicators_out_and_refuses_one_named():
    tree = zb.OrgUnitTree.from_parent_table(["D", "T1"], ["区", "镇"], ["", "D"])
    cube = zb.DataCube(tree, [zb.DataElement("deaths"), zb.DataElement("births")],
                       zb.Period.parse("2024-01"), 12)
    e0 = zb.builtin_catalog().indicator("life_expectancy")
    with pytest.raises(zb.InvalidInput, match="'life_expectancy' is computed by "
                                              "abridged_life_table_e0"):
        zb.evaluate(cube, [e0], org_units=["D"], periods="2024-01")
    catalog = zb.Catalog(indicators=[e0, zb.Indicator("imr", "#{deaths}", "#{births}",
                                                      unit="per_mille")])
    out = zb.evaluate(cube, catalog, org_units=["D"], periods="2024-01")
    assert set(out["indicator"]) == {"imr"}
