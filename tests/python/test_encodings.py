"""Issue 14, class 8: bytes that are not UTF-8, GBK files, byte order marks and full-width JSON
punctuation in every reader (load_catalog, Catalog.from_json, load_validation_rules,
validation_rules_from_json, DataCube.load_csv): a ParseError with the character position and the
byte offset, or the text read in the encoding the caller names; never a UnicodeDecodeError,
TypeError or IndexError."""
import pytest

import zhibiao as zb

CATALOG = '{"data_elements": [{"id": "births", "name_zh": "出生人数"}], "indicators": []}'
RULES = '[{"id": "r", "name_zh": "出生人数合计", "left": "#{a}", "right": "#{b}"}]'
CSV = "element,org_unit,period,value\nbirths,卫生院1,201901,3\n"


def _tree():
    import pandas as pd
    frame = pd.DataFrame({"code": ["D", "卫生院1"], "name": ["区", "卫生院1"], "parent": [None, "D"]})
    return zb.org_unit_tree(frame)


def _cube():
    return zb.DataCube(_tree(), [zb.DataElement("births")], zb.Period.month(2019, 1), 12)


def _file(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("load", [zb.load_catalog, zb.load_validation_rules])
def test_gbk_json_file_is_a_parse_error_naming_the_encoding(tmp_path, load):
    text = CATALOG if load is zb.load_catalog else RULES
    path = _file(tmp_path, "gbk.json", text.encode("gbk"))
    with pytest.raises(zb.ParseError) as info:   # was UnicodeDecodeError
        load(path)
    e = info.value
    at = text.index("出")
    assert e.position == at and f"byte {at}" in str(e)
    assert "GB18030/GBK" in str(e) and 'encoding="gb18030"' in str(e)


def test_gbk_json_file_is_read_when_the_caller_names_it(tmp_path):
    catalog = zb.load_catalog(_file(tmp_path, "gbk.json", CATALOG.encode("gbk")), encoding="gbk")
    assert catalog.data_elements[0].name_zh == "出生人数"
    rules = zb.load_validation_rules(_file(tmp_path, "r.json", RULES.encode("gb18030")), encoding="gb18030")
    assert rules[0].name_zh == "出生人数合计"
    with pytest.raises(zb.InvalidInput, match="encoding"):
        zb.load_catalog(_file(tmp_path, "x.json", b"{}"), encoding="latin-9")


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    catalog = zb.load_catalog(_file(tmp_path, "bom.json", b"\xef\xbb\xbf" + CATALOG.encode()))
    assert catalog.data_elements[0].id == "births"
    cube = _cube()
    assert cube.load_csv(_file(tmp_path, "bom.csv", b"\xef\xbb\xbf" + CSV.encode())) == (1, [])


@pytest.mark.parametrize("mark,name", [("，", "full-width comma"), ("“", "full-width quotation mark")])
def test_full_width_json_punctuation_is_a_parse_error_with_its_position(mark, name):
    text = '{"data_elements": [{"id": "a"' + mark + '"aggregation": "sum"}]}'
    with pytest.raises(zb.ParseError) as info:   # was UnicodeDecodeError, with no position
        zb.Catalog.from_json(text)
    assert info.value.position == text.index(mark) and name in str(info.value)
    with pytest.raises(zb.ParseError) as info:
        zb.validation_rules_from_json('[{"id": "r"' + mark + '"left": "#{a}"}]')
    assert info.value.position == 11


def test_gbk_csv_is_a_parse_error_or_read_when_named(tmp_path):
    path = _file(tmp_path, "gbk.csv", CSV.encode("gbk"))
    with pytest.raises(zb.ParseError) as info:   # was an unknown org unit, in undecodable bytes
        _cube().load_csv(path)
    assert "line 2" in str(info.value) and "GB18030/GBK" in str(info.value)
    assert info.value.position == len("births,")
    cube = _cube()
    assert cube.load_csv(path, encoding="gb18030") == (1, [])
    assert cube.aggregate("births", "D", "2019Q1").value[0] == 3


def test_invalid_utf8_str_and_bytes_are_parse_errors_not_type_errors():
    # A str holding lone surrogates (read with errors="surrogateescape") was a TypeError.
    text = CATALOG.encode("gbk").decode("utf-8", "surrogateescape")
    with pytest.raises(zb.ParseError) as info:
        zb.Catalog.from_json(text)
    assert info.value.position == CATALOG.index("出")
    with pytest.raises(zb.ParseError):
        zb.Catalog.from_json(b'{"data_elements": [], "x": "\xff"}')
    with pytest.raises(zb.InvalidInput):
        zb.Catalog.from_json(42)
    # Invalid gb18030 when the caller says gb18030: a ParseError with the byte.
    with pytest.raises(zb.ParseError) as info:
        zb.Catalog.from_json(b'{"a": "\x81"}', encoding="gb18030")
    assert "byte 7" in str(info.value)
