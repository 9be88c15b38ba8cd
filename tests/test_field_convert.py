"""``convert`` applies to a field's value whether or not it has raters, in a plain period
and in a scheme kept by month; a value outside ``from`` is an error naming person, field,
row and column and the range expected."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import validate_scheme
from appraise.cli import main

SCHEME = """\
appraise: 1
name: convert
label: 自评换算
{calendar}
grades:
  - {{grade: A, min: 90, coefficient: 1.2}}
  - {{grade: B, min: 60, coefficient: 1.0}}
  - {{grade: C, coefficient: 0}}
fields:
  self_rating:
    label: 自评
    definition: 本人自评，0到1之间
    aggregate: average
    convert: {{from: [0, 1], to: [0, 100]}}
  visits: {{label: 拜访次数, unit: visits}}
indicators:
  self_rating:
    label: 自评
    formula: self_rating
    rule: {{kind: formula, points: value}}
  visits:
    label: 拜访
    formula: visits
    rule: {{kind: formula, points: "min(100, value * 10)", per: period}}
scorecards:
  rep:
    items:
      - {{indicator: self_rating, weight: 50}}
      - {{indicator: visits, weight: 50}}
units:
  company: {{label: 公司, kind: company}}
posts:
  rep: {{label: 销售代表, unit: company, scorecard: rep}}
people:
  P1: {{name: 甲, post: rep}}
  P2: {{name: 乙, post: rep}}
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def write(name: str, text: str) -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


def scheme(monthly: bool = False, old: str = "", new: str = "") -> str:
    text = SCHEME.format(calendar="calendar: {year: 2026, targets_per: month}" if monthly else "")
    assert old in text
    return write("scheme.yaml", text.replace(old, new))


def score(scheme_file: str, data: str, *extra: str) -> tuple[int, dict[str, dict[str, str]],
                                                            list[str]]:
    """Each person's CSV row, and the lines on stderr; nothing left behind on an error."""
    result = CliRunner().invoke(main, ["score", scheme_file, "--data", data, "--format", "csv",
                                       "-o", "out.csv", *extra])
    rows: dict[str, dict[str, str]] = {}
    if Path("out.csv").exists():
        text = Path("out.csv").read_text(encoding="utf-8-sig")
        rows = {row["person"]: row for row in csv.DictReader(io.StringIO(text))}
        Path("out.csv").unlink()
    assert not list(Path().glob(".appraise-*"))
    return result.exit_code, rows, result.stderr.splitlines()


# -- a plain period -------------------------------------------------------------------------


def test_convert_applies_to_a_field_without_raters() -> None:
    # 0.7 on 0-1 is 70 on 0-100 (before: 0.7 was scored as it was, 0.70 points)
    data = write("data.csv", "id,self_rating,visits\nP1,0.7,8\nP2,0.25,10\n")
    code, rows, err = score(scheme(), data)
    assert (code, err) == (0, [])
    assert [(r["points:self_rating"], r["points:visits"], r["total"])
            for r in rows.values()] == [
        ("70.00", "80.00", "75.00"),  # 70 x 50% + 80 x 50%
        ("25.00", "100.00", "62.50"),  # 0.25 -> 25; 25 x 50% + 100 x 50%
    ]


def test_convert_to_a_reversed_range() -> None:
    # from [1, 5] to [100, 0]: 1 is best; 2 -> 100 + 1 x (-100) / 4 = 75
    text = scheme(old="convert: {from: [0, 1], to: [0, 100]}",
                  new="convert: {from: [1, 5], to: [100, 0]}")
    data = write("data.csv", "id,self_rating,visits\nP1,2,10\nP2,5,10\n")
    code, rows, err = score(text, data)
    assert (code, err) == (0, [])
    assert [r["points:self_rating"] for r in rows.values()] == ["75.00", "0.00"]


def test_explain_shows_the_converted_value() -> None:
    data = write("data.csv", "id,self_rating,visits\nP1,0.7,8\nP2,0.25,10\n")
    result = CliRunner().invoke(main, ["explain", scheme(), "--data", data, "--person", "P1",
                                       "--format", "json"])
    assert result.exit_code == 0
    items = {i["indicator"]: i for i in json.loads(result.stdout)["segments"][0]["items"]}
    assert (items["self_rating"]["value"], items["self_rating"]["points"]) == (70, 70)


@pytest.mark.parametrize(
    ("cell", "shown"),
    [("1.2", "1.2"), ("-0.1", "-0.1"), ("1.0000001", "1.0000001"), ("100", "100")],
)
def test_a_value_outside_from_is_an_error(cell: str, shown: str) -> None:
    data = write("data.csv", f"id,visits,self_rating\nP1,8,0.7\nP2,10,{cell}\n")
    code, rows, err = score(scheme(), data)
    assert (code, rows) == (1, {})
    assert err == [
        f"data.csv:3:3: error: P2.self_rating: {shown} in row 3, column 3 ('self_rating') is "
        "outside the scale it is converted from: field 'self_rating' (自评) takes 0 to 1 "
        "(correct the figure; if it can be right, change fields.self_rating.convert.from in "
        "the scheme)"]


def test_the_edges_of_from_are_inside() -> None:
    data = write("data.csv", "id,self_rating,visits\nP1,0,8\nP2,1,10\n")
    code, rows, err = score(scheme(), data)
    assert (code, err) == (0, [])
    assert [r["points:self_rating"] for r in rows.values()] == ["0.00", "100.00"]


def test_a_value_outside_from_in_json_names_the_record_and_key() -> None:
    people = [{"id": "P1", "自评": 0.7, "visits": 8}, {"id": "P2", "自评": 7, "visits": 10}]
    data = write("data.json", json.dumps(people, ensure_ascii=False))
    code, rows, err = score(scheme(), data)
    assert (code, rows) == (1, {})
    assert err == [
        "data.json: error: P2.self_rating: 7 in record 2, key '自评' is outside the scale it "
        "is converted from: field 'self_rating' (自评) takes 0 to 1 (correct the figure; if it "
        "can be right, change fields.self_rating.convert.from in the scheme)"]


# -- a scheme kept by month -----------------------------------------------------------------


MONTHS = """\
id,period,self_rating,visits
P1,2026-01,0.6,3
P1,2026-02,0.8,4
P2,2026-01,0.5,5
P2,2026-02,0.25,5
"""


def test_convert_applies_to_each_month_before_the_roll_up() -> None:
    data = write("months.csv", MONTHS)
    code, rows, err = score(scheme(monthly=True), data, "--period", "2026-02")
    assert (code, err) == (0, [])
    assert [r["points:self_rating"] for r in rows.values()] == ["80.00", "25.00"]
    code, rows, err = score(scheme(monthly=True), data, "--period", "2026-YTD-02")
    assert (code, err) == (0, [])
    # P1: (60 + 80) / 2 = 70; visits 3 + 4 = 7 -> 70. P2: (50 + 25) / 2 = 37.5; 10 -> 100
    assert [(r["points:self_rating"], r["points:visits"], r["total"])
            for r in rows.values()] == [("70.00", "70.00", "70.00"),
                                        ("37.50", "100.00", "68.75")]


def test_a_month_outside_from_is_an_error_naming_its_row() -> None:
    data = write("months.csv", MONTHS.replace("P2,2026-02,0.25,5", "P2,2026-02,25,5"))
    code, rows, err = score(scheme(monthly=True), data, "--period", "2026-YTD-02")
    assert (code, rows) == (1, {})
    assert err == [
        "months.csv:5:3: error: P2.self_rating: 25 in row 5, column 3 ('self_rating') is "
        "outside the scale it is converted from: field 'self_rating' (自评) takes 0 to 1 "
        "(correct the figure; if it can be right, change fields.self_rating.convert.from in "
        "the scheme)"]


# -- validate -------------------------------------------------------------------------------


def test_convert_on_a_rating_on_a_scale_is_an_error() -> None:
    text = SCHEME.format(calendar="").replace(
        "  visits: {label: 拜访次数, unit: visits}",
        "  visits: {label: 拜访次数, unit: visits}\n"
        "  teamwork: {label: 团队协作, type: rating, scale: abcd, aggregate: last,"
        " convert: {from: [1, 4], to: [0, 100]}}\n"
        "scales:\n  abcd:\n    levels: {A: {points: 100}, B: {points: 80}}")
    messages = [str(d) for d in validate_scheme(write("scheme.yaml", text)).diagnostics]
    assert messages == [
        "scheme.yaml:16:71: error: fields.teamwork.convert: field 'teamwork' is a rating on "
        "the scale 'abcd', whose levels give the points; convert changes numbers (remove "
        "convert, or remove type: rating to read the ratings as numbers)"]
