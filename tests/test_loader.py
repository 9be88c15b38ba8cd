"""The YAML loader: safe values, decimal numbers, positions and the whole error a person sees."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraise.diagnostics import AppraiseError
from appraise.formula import FUNCTIONS, MAX_EXPONENT
from appraise.load import MAX_DEPTH, MAX_SCHEME_BYTES, Document, load_yaml, read_text
from appraise.load import document as loader
from appraise.load.schema import _halves, scheme_schema

FILE = "scheme.yaml"
SYNTAX_HINT = "check indentation, and quote text that contains ': ' or starts with a symbol"


def load(text: str | bytes) -> Document:
    return load_yaml(FILE, text.encode("utf-8") if isinstance(text, str) else text)


def errors(text: str | bytes) -> list[str]:
    """Every diagnostic, exactly as a person reads it."""
    with pytest.raises(AppraiseError) as info:
        load(text)
    assert str(info.value) == "\n".join(str(d) for d in info.value.diagnostics)
    return [str(d) for d in info.value.diagnostics]


# -- plain values -----------------------------------------------------------------------------


def test_a_scheme_loads_into_plain_values() -> None:
    doc = load(
        "name: Sales company\n"
        "active: true\n"
        "paused: false\n"
        "note: ~\n"
        "also_nothing:\n"
        "weights: [40, 60]\n"
        "target: {base: 1200000, stretch: 1500000}\n"
    )
    assert doc.data == {
        "name": "Sales company", "active": True, "paused": False, "note": None,
        "also_nothing": None, "weights": [40, 60],
        "target": {"base": 1200000, "stretch": 1500000},
    }
    assert doc.file == FILE
    assert doc.content.startswith(b"name: Sales company")


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("0.1", Decimal("0.1")),
        ("95.5", Decimal("95.5")),
        ("-2.50", Decimal("-2.50")),
        (".5", Decimal("0.5")),
        ("+0.25", Decimal("0.25")),
        ("1e3", Decimal("1E+3")),
        ("1.5e-3", Decimal("0.0015")),
        ("1_000.5", Decimal("1000.5")),
        ("0.1234567890123456789", Decimal("0.1234567890123456789")),
    ],
)
def test_decimals_keep_the_value_as_written(written: str, value: Decimal) -> None:
    loaded = load(f"n: {written}\n").data["n"]
    assert type(loaded) is Decimal
    assert loaded == value
    assert str(loaded) == str(value)


def test_point_one_is_exactly_one_tenth_not_a_binary_float() -> None:
    loaded = load("weights: [0.1, 0.2, 0.7]\n").data["weights"]
    assert loaded == [Decimal("0.1"), Decimal("0.2"), Decimal("0.7")]
    assert sum(loaded) == 1  # with floats this would be 0.9999999999999999


@pytest.mark.parametrize(
    ("written", "value"),
    [("0", 0), ("-0", 0), ("42", 42), ("+5", 5), ("-17", -17), ("1_000", 1000),
     ("123456789012345678901234567890", 123456789012345678901234567890)],
)
def test_integers_load_as_int(written: str, value: int) -> None:
    loaded = load(f"n: {written}\n").data["n"]
    assert type(loaded) is int
    assert loaded == value


@pytest.mark.parametrize(
    "written",
    ["true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~"],
)
def test_only_the_yaml_1_2_words_are_booleans_and_nulls(written: str) -> None:
    expected = {"t": True, "T": True, "f": False, "F": False}.get(written[0])
    assert load(f"v: {written}\n").data["v"] is expected


# -- YAML 1.1 surprises -----------------------------------------------------------------------


def test_norway_stays_norway() -> None:
    doc = load("countries: [se, no, dk]\nanswer: no\n")
    assert doc.data == {"countries": ["se", "no", "dk"], "answer": "no"}


@pytest.mark.parametrize(
    "word", ["no", "No", "NO", "yes", "Yes", "on", "On", "off", "OFF", "y", "n"]
)
def test_yes_no_on_off_stay_text(word: str) -> None:
    assert load(f"v: {word}\n").data == {"v": word}


def test_yes_no_on_off_as_keys_stay_text() -> None:
    assert load("on: 1\noff: 2\nyes: 3\nno: 4\n").data == {"on": 1, "off": 2, "yes": 3, "no": 4}


@pytest.mark.parametrize(
    "written",
    ["2026-01-01", "2026-01-01T09:00:00Z", "1:30", "1:30:00", "1:30.5", ".inf", "-.inf",
     ".Inf", ".nan", ".NaN", "0x1F", "0o17", "0b101", "1,000", "e5", "1..2", ".", "_"],
)
def test_yaml_1_1_specials_stay_text(written: str) -> None:
    loaded = load(f"v: {written}\n").data["v"]
    assert loaded == written
    assert type(loaded) is str


def test_quoted_values_are_always_text() -> None:
    doc = load("a: '0755'\nb: \"no\"\nc: '1.5'\nd: \"true\"\ne: '~'\n")
    assert doc.data == {"a": "0755", "b": "no", "c": "1.5", "d": "true", "e": "~"}


def test_block_scalars_are_text() -> None:
    doc = load("a: |\n  12\n  next line\nb: >-\n  0755\n")
    assert doc.data == {"a": "12\nnext line\n", "b": "0755"}


def test_keys_are_always_text() -> None:
    doc = load("1: a\n1.5: b\ntrue: c\n~: d\n")
    assert doc.data == {"1": "a", "1.5": "b", "true": "c", "~": "d"}


def test_a_leading_zero_is_an_error_not_octal() -> None:
    assert errors("unit:\n  mode: 0755\n") == [
        "scheme.yaml:2:9: error: unit.mode: the number 0755 has a leading zero, which YAML 1.1 "
        "reads as octal (write 755, or quote it ('0755') if it is a code)"
    ]


def test_a_negative_leading_zero_is_an_error_too() -> None:
    assert errors("n: -012\n") == [
        "scheme.yaml:1:4: error: n: the number -012 has a leading zero, which YAML 1.1 reads as "
        "octal (write -12, or quote it ('-012') if it is a code)"
    ]


def test_a_number_too_large_for_arithmetic_is_an_error() -> None:
    assert errors("n: 1e400\n") == [
        "scheme.yaml:1:4: error: n: the number 1e400 is too large to compute with "
        "(check it; quote it if it is a code rather than an amount)"
    ]


def test_a_pasted_five_thousand_digit_number_is_an_error_not_a_crash() -> None:
    assert errors("n: " + "9" * 5000 + "\n") == [
        "scheme.yaml:1:4: error: n: the number 9999999999999999... is too large to compute "
        "with (check it; quote it if it is a code rather than an amount)"
    ]


def test_a_long_decimal_within_range_is_kept() -> None:
    written = "1." + "25" * 1000
    assert load(f"n: {written}\n").data["n"] == Decimal(written)


# -- duplicates, anchors, aliases, merge keys, tags -------------------------------------------


def test_a_duplicate_key_names_both_lines() -> None:
    assert errors("name: A\nunit: x\nname: B\n") == [
        "scheme.yaml:3:1: error: name: duplicate key 'name' (lines 1 and 3) "
        "(remove one of them; YAML would silently keep only the last)"
    ]


def test_a_nested_duplicate_key_has_its_full_path() -> None:
    assert errors("indicators:\n  revenue:\n    weight: 40\n    weight: 50\n") == [
        "scheme.yaml:4:5: error: indicators.revenue.weight: duplicate key 'weight' (lines 3 and 4) "
        "(remove one of them; YAML would silently keep only the last)"
    ]


def test_every_repeat_of_a_key_is_reported() -> None:
    assert errors("a: 1\na: 2\na: 3\n") == [
        "scheme.yaml:2:1: error: a: duplicate key 'a' (lines 1 and 2) "
        "(remove one of them; YAML would silently keep only the last)",
        "scheme.yaml:3:1: error: a: duplicate key 'a' (lines 1 and 3) "
        "(remove one of them; YAML would silently keep only the last)",
    ]


def test_quoted_and_plain_spellings_of_a_key_are_the_same_key() -> None:
    assert errors("a: 1\n'a': 2\n") == [
        "scheme.yaml:2:1: error: a: duplicate key 'a' (lines 1 and 2) "
        "(remove one of them; YAML would silently keep only the last)"
    ]


def test_a_duplicate_in_a_flow_mapping_is_reported() -> None:
    assert errors("{a: 1, a: 2}\n") == [
        "scheme.yaml:1:8: error: a: duplicate key 'a' (lines 1 and 1) "
        "(remove one of them; YAML would silently keep only the last)"
    ]


def test_anchors_and_aliases_are_rejected() -> None:
    assert errors("base: &common 40\nsales: *common\n") == [
        "scheme.yaml:1:7: error: base: anchors (&common) are not supported "
        "(write the content out in full where it is needed)",
        "scheme.yaml:2:8: error: sales: aliases (*common) are not supported "
        "(write the content out in full)",
    ]


def test_an_alias_inside_a_list_is_rejected_at_its_index() -> None:
    assert errors("a: [1, *x]\n") == [
        "scheme.yaml:1:8: error: a[1]: aliases (*x) are not supported "
        "(write the content out in full)"
    ]


def test_merge_keys_are_rejected() -> None:
    assert errors("defaults: {weight: 10}\nrevenue:\n  <<: {weight: 20}\n  unit: EUR\n") == [
        "scheme.yaml:3:3: error: revenue: merge keys (<<) are not supported "
        "(write the keys out in full)"
    ]


def test_a_quoted_double_less_than_is_an_ordinary_key() -> None:
    assert load("'<<': 1\n").data == {"<<": 1}


@pytest.mark.parametrize(
    ("value", "tag", "hint"),
    [
        ("!!str 1", "!!str", "remove the tag; quote the value if it must be text"),
        ("!!float 1", "!!float", "remove the tag; quote the value if it must be text"),
        ("!!binary aGVsbG8=", "!!binary", "remove the tag; quote the value if it must be text"),
        ("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system",
         "remove the tag"),
        ("!custom text", "!custom", "remove the tag; quote the value if it must be text"),
        ("!!map {b: 1}", "!!map", "remove the tag"),
        ("!!set {b}", "!!set", "remove the tag"),
        ("!list [1]", "!list", "remove the tag"),
    ],
)
def test_tags_are_rejected(value: str, tag: str, hint: str) -> None:
    assert errors(f"a: {value}\n") == [
        f"scheme.yaml:1:4: error: a: YAML tags ({tag}) are not supported ({hint})"
    ]


def test_a_tag_on_the_whole_document_is_rejected() -> None:
    assert errors("!!map\na: 1\n") == [
        "scheme.yaml:1:1: error: YAML tags (!!map) are not supported (remove the tag)"
    ]


def test_the_non_specific_tag_just_means_text() -> None:
    assert load("a: ! 12\n").data == {"a": "12"}


@pytest.mark.parametrize(
    "text", ["? [a, b]\n: 1\n", "? {a: 1}\n: 1\n", "!!str a: 1\n", "&k a: 1\n", "*k : 1\n"]
)
def test_a_key_must_be_plain_text(text: str) -> None:
    assert errors(text) == [
        "scheme.yaml:1:" + ("3" if text.startswith("?") else "1")
        + ": error: a key must be plain text (write the key as a word)"
    ]


def test_billion_laughs_is_rejected_without_expanding() -> None:
    lols = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lols.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    text = "\n".join(lols) + "\n"
    assert len(text) < 500
    found = errors(text)
    assert len(found) == 9 + 8 * 9  # every anchor and every alias, each named once
    assert found[0] == (
        "scheme.yaml:1:4: error: a: anchors (&a) are not supported "
        "(write the content out in full where it is needed)"
    )
    assert found[-1] == (
        "scheme.yaml:9:40: error: i[8]: aliases (*h) are not supported "
        "(write the content out in full)"
    )


# -- nesting and size -------------------------------------------------------------------------


def test_ten_thousand_open_brackets_are_rejected() -> None:
    assert errors("[" * 10000) == [
        f"scheme.yaml:1:{MAX_DEPTH + 1}: error: nesting is deeper than {MAX_DEPTH} levels "
        "(a scheme never needs this; check the indentation)"
    ]


@pytest.mark.parametrize("parser", ["C", "Python"])
@pytest.mark.parametrize("opening", ["[", "{a: ", "[{a: "])
def test_deep_flow_nesting_gets_our_message_from_either_parser(
        monkeypatch: pytest.MonkeyPatch, parser: str, opening: str) -> None:
    """libyaml has a nesting limit of its own (1,000 in PyYAML 6.0.4); ours comes first."""
    import yaml

    if parser == "Python":
        monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    found = errors(opening * 5000)
    assert len(found) == 1
    assert found[0].endswith(f"error: nesting is deeper than {MAX_DEPTH} levels "
                             "(a scheme never needs this; check the indentation)")


def test_a_syntax_error_after_shallow_nesting_keeps_the_parsers_words() -> None:
    assert errors("a: [1, 2\nb: 3\n") == [
        "scheme.yaml:2:2: error: YAML syntax: did not find expected ',' or ']' (the '[' at "
        "line 1, column 4 is never closed with ']')"
    ]


def test_nesting_at_the_limit_is_accepted_and_one_more_is_not() -> None:
    value = load("[" * MAX_DEPTH + "]" * MAX_DEPTH).data
    for _ in range(MAX_DEPTH - 1):
        value = value[0]
    assert value == []
    assert errors("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)) == [
        f"scheme.yaml:1:{MAX_DEPTH + 1}: error: nesting is deeper than {MAX_DEPTH} levels "
        "(a scheme never needs this; check the indentation)"
    ]


def test_deep_block_mappings_are_rejected() -> None:
    text = "".join("  " * level + f"k{level}:\n" for level in range(100))
    assert errors(text) == [
        f"scheme.yaml:{MAX_DEPTH + 1}:{2 * MAX_DEPTH + 1}: error: nesting is deeper than "
        f"{MAX_DEPTH} levels (a scheme never needs this; check the indentation)"
    ]


def test_a_file_over_the_size_limit_is_rejected() -> None:
    content = b"#" * (MAX_SCHEME_BYTES + 1)
    assert errors(content) == [
        "scheme.yaml: error: file is 10,485,761 bytes; a scheme may be at most 10,485,760 bytes "
        "(split it, or check that this is the right file)"
    ]


def test_a_large_file_on_disk_reports_its_real_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_SCHEME_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" * 1000)
    with pytest.raises(AppraiseError) as info:
        load_yaml(path)
    assert [str(d) for d in info.value.diagnostics] == [
        f"{path}: error: file is 5,000 bytes; a scheme may be at most 100 bytes "
        "(split it, or check that this is the right file)"
    ]


# -- encodings and empty files ----------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n \n"])
def test_an_empty_file_is_an_error(content: bytes) -> None:
    assert errors(content) == ["scheme.yaml: error: the file is empty; expected a scheme"]


def test_a_utf8_byte_order_mark_is_accepted_and_positions_ignore_it() -> None:
    doc = load(b"\xef\xbb\xbfname: A\nunit:\n  code: x\n")
    assert doc.data == {"name": "A", "unit": {"code": "x"}}
    assert doc.key_position(("name",)) == (1, 1)
    assert doc.position(("unit", "code")) == (3, 9)


def test_utf16_is_named_as_such() -> None:
    assert errors("name: A\n".encode("utf-16")) == [
        "scheme.yaml:1:1: error: the file is not valid UTF-8 (byte 0xff) (the file is UTF-16; "
        "save it as UTF-8 in your editor)"
    ]


def test_utf16_big_endian_is_named_as_such() -> None:
    assert errors("name: A\n".encode("utf-16-be").join([b"\xfe\xff", b""])) == [
        "scheme.yaml:1:1: error: the file is not valid UTF-8 (byte 0xfe) (the file is UTF-16; "
        "save it as UTF-8 in your editor)"
    ]


def test_utf16_without_a_byte_order_mark_points_at_the_zero_bytes() -> None:
    assert errors("name: A\n".encode("utf-16-le")) == [
        "scheme.yaml:1:2: error: the file contains the invisible character U+0000, which YAML "
        "does not allow (the file may be saved as UTF-16; save it as UTF-8)"
    ]


def test_latin1_names_the_line_column_and_byte() -> None:
    assert errors("name: A\nlabel: Café\n".encode("latin-1")) == [
        "scheme.yaml:2:11: error: the file is not valid UTF-8 (byte 0xe9) "
        "(save the file as UTF-8 in your editor)"
    ]


def test_a_gbk_scheme_is_named_without_mentioning_excel() -> None:
    assert errors("name: 销售公司\n".encode("gbk")) == [
        "scheme.yaml:1:7: error: the file is not valid UTF-8 (byte 0xcf) "
        "(the file looks like GBK; save it as UTF-8 in your editor)"
    ]


def read_data(content: bytes) -> str:
    """The error read_text gives for a data file, exactly as a person reads it."""
    with pytest.raises(AppraiseError) as info:
        read_text("people.csv", content, 1000, "data file")
    return str(info.value)


def test_a_gbk_data_file_is_blamed_on_excel() -> None:
    assert read_data("id,销售额\n".encode("gbk")) == (
        "people.csv:1:4: error: the file is not valid UTF-8 (byte 0xcf) (the file looks like "
        "GBK, Excel's default for Chinese; save the file as UTF-8 (in Excel: 'CSV UTF-8'; "
        "in editors: encoding UTF-8))"
    )


def test_a_utf16_or_latin1_data_file_says_how_to_save_it_from_excel() -> None:
    assert read_data("id\n".encode("utf-16")) == (
        "people.csv:1:1: error: the file is not valid UTF-8 (byte 0xff) (the file is UTF-16; "
        "save the file as UTF-8 (in Excel: 'CSV UTF-8'; in editors: encoding UTF-8))"
    )
    assert read_data("id,name\n1,Café\n".encode("latin-1")) == (
        "people.csv:2:6: error: the file is not valid UTF-8 (byte 0xe9) "
        "(save the file as UTF-8 (in Excel: 'CSV UTF-8'; in editors: encoding UTF-8))"
    )


def test_an_excel_workbook_given_as_data_is_named_as_such() -> None:
    workbook = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U\x8c\x01"
    assert read_data(workbook) == (
        "people.csv: error: the file is not text (this looks like an Excel workbook (.xlsx); "
        "save it as 'CSV UTF-8' and score the CSV)"
    )


def test_a_control_character_is_found_for_the_person() -> None:
    assert errors("name: A\nlabel: 売上\x07\n") == [
        "scheme.yaml:2:10: error: the file contains the invisible character U+0007, which YAML "
        "does not allow (delete it; most editors do not show it)"
    ]


def test_read_text_is_shared_wording_for_other_files() -> None:
    assert read_text("people.csv", b"\xef\xbb\xbfid\n1\n", 100, "data file") == "id\n1\n"
    with pytest.raises(AppraiseError) as info:
        read_text("people.csv", b"", 100, "data file")
    assert str(info.value) == "people.csv: error: the file is empty; expected a data file"


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(AppraiseError) as info:
        load_yaml(path)
    assert str(info.value) == f"{path}: error: cannot read the file: No such file or directory"


def test_a_directory_is_not_a_scheme(tmp_path: Path) -> None:
    with pytest.raises(AppraiseError) as info:
        load_yaml(tmp_path)
    assert str(info.value) == f"{tmp_path}: error: cannot read the file: Is a directory"


def test_a_file_is_read_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "scheme.yaml"
    path.write_text("名前: 田中\nweight: 0.4\n", encoding="utf-8")
    doc = load_yaml(path)
    assert doc.file == str(path)
    assert doc.data == {"名前": "田中", "weight": Decimal("0.4")}
    assert doc.content == path.read_bytes()


# -- documents and syntax ---------------------------------------------------------------------


def test_a_second_document_is_an_error() -> None:
    assert errors("name: A\n---\nname: B\n") == [
        "scheme.yaml:2:1: error: the file holds more than one YAML document "
        "(a scheme is one document: remove the extra '---' and what follows)"
    ]


def test_one_explicit_document_is_fine() -> None:
    assert load("%YAML 1.1\n---\nname: A\n...\n").data == {"name": "A"}


def test_a_file_of_only_comments_holds_nothing() -> None:
    assert load("# to do\n").data is None


def test_an_unclosed_bracket_points_at_both_ends() -> None:
    assert errors("weights: [40, 60\nunit: x\n") == [
        "scheme.yaml:2:5: error: YAML syntax: did not find expected ',' or ']' "
        "(the '[' at line 1, column 10 is never closed with ']')"
    ]


def test_an_unclosed_brace_points_at_both_ends() -> None:
    assert errors("target: {base: 1\n") == [
        "scheme.yaml:2:1: error: YAML syntax: did not find expected ',' or '}' "
        "(the '{' at line 1, column 9 is never closed with '}')"
    ]


def test_an_unclosed_quote_points_at_where_it_opened() -> None:
    assert errors("label: 'Sales\nunit: x\n") == [
        "scheme.yaml:3:1: error: YAML syntax: found unexpected end of stream "
        "(the quote opened at line 1, column 8 is never closed)"
    ]


def test_a_colon_inside_unquoted_text() -> None:
    assert errors("label: Sales: Europe\n") == [
        f"scheme.yaml:1:13: error: YAML syntax: mapping values are not allowed in this context "
        f"({SYNTAX_HINT})"
    ]


def test_bad_indentation() -> None:
    assert errors("unit:\n  - a\n - b\n") == [
        f"scheme.yaml:3:2: error: YAML syntax: did not find expected key ({SYNTAX_HINT})"
    ]


def test_a_tab_for_indentation_says_so() -> None:
    assert errors("unit:\n\tcode: x\n") == [
        "scheme.yaml:2:1: error: YAML syntax: found character that cannot start any token "
        "(YAML does not allow tabs for indentation; indent with spaces)"
    ]


def test_a_tab_after_spaces_says_so() -> None:
    assert errors("unit:\n  code: x\n\tname: y\n") == [
        "scheme.yaml:3:1: error: YAML syntax: found a tab character that violates indentation "
        "(YAML does not allow tabs for indentation; indent with spaces)"
    ]


def test_a_reserved_symbol_at_the_start_of_text() -> None:
    assert errors("owner: @maria\n") == [
        "scheme.yaml:1:8: error: YAML syntax: found character that cannot start any token "
        f"({SYNTAX_HINT})"
    ]


# -- full-width punctuation from a Chinese input method ----------------------------------------


HEAD = "".join(f"k{n}: {n}\n" for n in range(1, 10))  # nine good lines first


def test_a_full_width_colon_after_a_key_is_named_where_it_is() -> None:
    # YAML alone says "11:1: could not find expected ':'", a line after the mistake
    assert errors(HEAD + "bonus_base：20000\nperiod: 2026-Q1\n") == [
        "scheme.yaml:10:11: error: full-width colon '：' (use ':' typed in English input mode)"
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("unit：\n  code: x\n",
         "1:5: error: full-width colon '：' (use ':' typed in English input mode)"),
        ("unit:\n  code: x\n  name：销售部\n  head: x\n",
         "3:7: error: full-width colon '：' (use ':' typed in English input mode)"),
        ("people:\n  - name：张三\n    post: sales\n",
         "2:9: error: full-width colon '：' (use ':' typed in English input mode)"),
        ("a: 1\n奖金基数 ： 20000\nb: 2\n",
         "2:6: error: full-width colon '：' (use ':' typed in English input mode)"),
        ("a：1\nb：2\nc: 3\n",
         "1:2: error: full-width colon '：' (use ':' typed in English input mode)"),
        ("a: 1\r\nbonus_base：20000\r\nb: 2\r\n",
         "2:11: error: full-width colon '：' (use ':' typed in English input mode)"),
        ("target: {base: 1200000，stretch: 1500000}\n",
         "1:23: error: full-width comma '，' (use ',' typed in English input mode)"),
        ("target: ｛base: 1200000, stretch: 1500000｝\n",
         "1:9: error: full-width brace '｛' (use '{' typed in English input mode)"),
        ("target: {base: 1200000, stretch: 1500000｝\n",
         "1:41: error: full-width brace '｝' (use '}' typed in English input mode)"),
        ("weights: [40, 60］\nunit: x\n",
         "1:17: error: full-width bracket '］' (use ']' typed in English input mode)"),
        ("label: “Sales: Europe”\n",
         "1:8: error: Chinese quotation mark '“' (use '\"' typed in English input mode)"),
        ('label: "Sales: Europe”\nunit: x\n',
         "1:22: error: Chinese quotation mark '”' (use '\"' typed in English input mode)"),
        ("label: ‘Sales: Europe’\n",
         "1:8: error: Chinese quotation mark '‘' (use \"'\" typed in English input mode)"),
        ("unit:\n  code: x\n\u3000\u3000name: y\n  head: z\n",
         "3:1: error: full-width space (U+3000) in the indentation "
         "(use ordinary spaces typed in English input mode)"),
        ("unit:\u3000x\nhead: y\n",
         "1:6: error: full-width space (U+3000) after ':' "
         "(use an ordinary space typed in English input mode)"),
    ],
)
def test_full_width_punctuation_that_breaks_the_structure_is_named(text: str, error: str) -> None:
    assert errors(text) == [f"scheme.yaml:{error}"]


def test_full_width_punctuation_in_text_is_valid_yaml() -> None:
    doc = load("definition: 开票收入，扣除退货\nnote: 说明：无\nlabel: “重点”客户［A类］\n"
               "quoted: '目标：{高，低}'\nweights: [40，60]\n")
    assert doc.data == {
        "definition": "开票收入，扣除退货", "note": "说明：无", "label": "“重点”客户［A类］",
        "quoted": "目标：{高，低}", "weights": ["40，60"],
    }


@pytest.mark.parametrize(
    "text",
    [
        "definition: 开票收入，扣除退货\nnote: 说明：无\nlabel: Sales: Europe\n",
        "q: '[x，y]：'\n# 注：这里\nlabel: Sales: Europe\n",
        "a: 1 # 注：x\nb: 2\nlabel: Sales: Europe\n",
        "definition: 开票收入\n  说明：无\nlabel: Sales: Europe\n",  # text going on a line
    ],
)
def test_full_width_text_near_an_unrelated_error_is_not_blamed(text: str) -> None:
    assert errors(text) == [
        "scheme.yaml:3:13: error: YAML syntax: mapping values are not allowed in this context "
        f"({SYNTAX_HINT})"
    ]


def test_a_full_width_colon_far_above_the_error_is_not_searched() -> None:
    text = "a: 1\n  说明：无\n" + HEAD + "label: Sales: Europe\n"
    assert errors(text) == [
        "scheme.yaml:12:13: error: YAML syntax: mapping values are not allowed in this context "
        f"({SYNTAX_HINT})"
    ]


# -- what the schema tells HR a formula may use -----------------------------------------------


def test_the_schema_lists_what_a_formula_may_use_as_the_sandbox_allows() -> None:
    defs = scheme_schema()["$defs"]
    formula = defs["indicator"]["properties"]["formula"]["description"]
    points = defs["formula_rule"]["properties"]["points"]["description"]
    for description in (formula, points):
        functions = description.split("the functions ")[1]
        assert functions.startswith(", ".join(list(FUNCTIONS)[:-1]) + " and div ")
        assert f"** with a fixed number from -{MAX_EXPONENT} to {MAX_EXPONENT} as the power" in (
            description)
        for part in ("numbers", "+ - * / // % ( )", "comparisons (< <= > >= == !=)",
                     "and, or, not", "'a if condition else b'"):
            assert part in description
    assert formula.startswith("How the value is computed from data fields. It may use field ids,")
    assert _halves(points)[1].startswith(
        "Expression that gives the points. It may use value (the indicator's value), target, "
        "stretch (the stretch goal) and achievement")
    assert ("函数 " + "、".join(list(FUNCTIONS)[:-1]) + " 和 div") in _halves(points)[0]


def test_the_schema_file_is_written_as_the_tools_write_it() -> None:
    path = Path(__file__).parent.parent / "schemas" / "scheme.schema.json"
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


# -- positions --------------------------------------------------------------------------------


SCHEME = """\
name: Sales
indicators:
  revenue:
    label: 売上高 (月次)
    target: {base: 1200000, stretch: 1500000}
    bands:
      - {from: 0, points: 0}
      - from: 100
        points: 100
"""


def test_positions_of_values_and_keys() -> None:
    doc = load(SCHEME)
    assert doc.position(()) == (1, 1)
    assert doc.position(("name",)) == (1, 7)
    assert doc.key_position(("name",)) == (1, 1)
    assert doc.position(("indicators", "revenue")) == (4, 5)
    assert doc.key_position(("indicators", "revenue")) == (3, 3)
    assert doc.position(("indicators", "revenue", "target", "stretch")) == (5, 38)
    assert doc.key_position(("indicators", "revenue", "target", "stretch")) == (5, 29)
    assert doc.position(("indicators", "revenue", "bands", 1, "points")) == (9, 17)
    assert doc.key_position(("indicators", "revenue", "bands", 1, "points")) == (9, 9)


def test_columns_count_characters_not_bytes_on_a_cjk_line() -> None:
    doc = load("売上高: 目標 {多い}\n名前: {部署: 営業, 重み: 40}\n")
    assert doc.data == {"売上高": "目標 {多い}", "名前": {"部署": "営業", "重み": 40}}
    assert doc.position(("売上高",)) == (1, 6)
    assert doc.position(("名前", "重み")) == (2, 18)
    assert doc.key_position(("名前", "重み")) == (2, 14)


def test_an_error_after_cjk_text_has_a_character_column() -> None:
    assert errors("名前: 営業\n重み: 040\n") == [
        "scheme.yaml:2:5: error: 重み: the number 040 has a leading zero, which YAML 1.1 reads "
        "as octal (write 40, or quote it ('040') if it is a code)"
    ]


def test_a_list_item_has_no_key_so_its_key_position_is_its_value() -> None:
    doc = load(SCHEME)
    path = ("indicators", "revenue", "bands", 1)
    assert doc.key_position(path) == doc.position(path) == (8, 9)


def test_an_unwritten_path_falls_back_to_its_nearest_written_parent() -> None:
    doc = load(SCHEME)
    assert doc.position(("indicators", "revenue", "cap")) == (4, 5)
    assert doc.key_position(("indicators", "revenue", "cap")) == (4, 5)
    assert doc.position(("nowhere", "at", "all")) == (1, 1)


def test_positions_with_windows_line_endings() -> None:
    doc = load(b"unit:\r\n  code: x\r\n")
    assert doc.data == {"unit": {"code": "x"}}
    assert doc.position(("unit", "code")) == (2, 9)


def test_a_document_makes_diagnostics_at_values_or_keys() -> None:
    doc = load(SCHEME)
    path = ("indicators", "revenue", "target", "base")
    assert str(doc.diagnostic(path, "must be above 0", "raise it")) == (
        "scheme.yaml:5:20: error: indicators.revenue.target.base: must be above 0 (raise it)"
    )
    assert str(doc.diagnostic(path, "unknown key 'base'", at_key=True, severity="warning")) == (
        "scheme.yaml:5:14: warning: indicators.revenue.target.base: unknown key 'base'"
    )


def test_diagnostics_come_sorted_by_position() -> None:
    found = errors("b: &x 1\na: 0755\nc: !!str x\na: 2\n")
    assert [d.split(": error")[0] for d in found] == [
        "scheme.yaml:1:4", "scheme.yaml:2:4", "scheme.yaml:3:4", "scheme.yaml:4:1",
    ]


# -- laws -------------------------------------------------------------------------------------


@given(st.decimals(min_value=Decimal("-1e30"), max_value=Decimal("1e30"), allow_nan=False,
                   allow_infinity=False))
def test_any_written_decimal_loads_to_the_same_value(value: Decimal) -> None:
    loaded = load(f"n: {value}\n").data["n"]
    assert loaded == value
    assert isinstance(loaded, int | Decimal) and not isinstance(loaded, bool)


@given(st.integers(min_value=-(10**300), max_value=10**300))
def test_any_written_integer_loads_as_that_int(value: int) -> None:
    loaded = load(f"n: {value}\n").data["n"]
    assert type(loaded) is int
    assert loaded == value


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
               max_size=40))
def test_any_double_quoted_text_comes_back_unchanged(text: str) -> None:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    assert load(f'v: "{escaped}"\n'.encode()).data == {"v": text}


def _read(text: str) -> tuple[str, Any]:
    """A document's one value and its type, or the messages and hints of its errors."""
    try:
        doc = load(text)
    except AppraiseError as exc:
        return "errors", [(d.line, d.message, d.hint) for d in exc.diagnostics]
    value = doc.data["v"] if isinstance(doc.data, dict) else doc.data[0]
    return type(value).__name__, value


@given(st.text(alphabet="0123456789+-._eExob:TtrueFfalsNn~ 中", min_size=1, max_size=12)
       .map(str.strip).filter(lambda t: t and t[0] not in "-:" and not t.endswith(":")
                                and ": " not in t))
def test_a_value_in_a_mapping_reads_as_the_same_value_in_a_list(text: str) -> None:
    # A mapping's plain values are read the short way, a list's items the general way.
    assert _read(f"v: {text}\n") == _read(f"- {text}\n")
