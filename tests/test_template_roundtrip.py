"""A data-entry template filled in as a person would (openpyxl: the written workbook
opened, the figures typed into its cells, saved) holds the same figures as the shipped
examples' CSV files: the cells left white are the ones those files fill in."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from appraise import i18n
from appraise.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "schemes" / "examples"
GREY = "FFD9D9D9"
# (scheme, its CSV of the period, the period, the template's options)
CASES = {
    "plain": (EXAMPLES / "sales_company.yaml", EXAMPLES / "2026-Q1.csv", "2026-Q1", ()),
    "by month": (EXAMPLES / "cascade_company.yaml", EXAMPLES / "2026-months.csv", "2026-Q1",
                 ("--raters", "peer=3")),
}


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


def template(tmp_path: Path, scheme: Path, period: str, options: tuple[str, ...],
             lang: str) -> Path:
    out = tmp_path / f"template-{lang}.xlsx"
    result = CliRunner().invoke(main, ["template", str(scheme), "--period", period, *options,
                                       "--lang", lang, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def rows_of(data: Path) -> list[dict[str, str]]:
    with data.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def field_of(scheme_fields: dict[str, Any], header: str) -> str:
    """The CSV's column (a field id, or field@rater) a template header stands for: the
    field's label (or English name), a unit in brackets after it."""
    name, at, rater = header.partition("@")
    bare = re.sub(r"( \([^()]*\)|（[^（）]*）)$", "", name)
    found = [f for f, spec in scheme_fields.items()
             if name in (spec.label, spec.label_en) or bare in (spec.label, spec.label_en)]
    assert len(found) == 1, header
    return found[0] + at + rater


def typed(text: str) -> Any:
    """A cell as a person types it into Excel: a number is a number, a rating is text."""
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def fill(template_file: Path, scheme: Path, data: Path, out: Path) -> list[str]:
    """Type ``data``'s figures into ``template_file`` and save it as ``out``; a person the
    template lacks gets a row of their own, added below. Returns each figure given in a
    grey cell (none, when the template asks for what the data gives)."""
    import openpyxl

    from appraise import load_scheme

    fields = load_scheme(str(scheme)).fields
    book = openpyxl.load_workbook(template_file)
    sheet = book.worksheets[0]
    titles = [c.value for c in sheet[1]]
    columns = {field_of(fields, t): k for k, t in enumerate(titles, start=1) if k > 5}
    at = {(sheet.cell(r, 1).value, sheet.cell(r, 5).value): r
          for r in range(2, sheet.max_row + 1)}
    grey = []
    for row in rows_of(data):
        key = (row["id"], row["period"])
        if key not in at:  # a person known only from the data: a row typed in
            at[key] = sheet.max_row + 1
            for k, name in enumerate(("id", "name", "post", "", "period"), start=1):
                if name:
                    sheet.cell(at[key], k).value = row[name]
        for column, text in row.items():
            if column in ("id", "name", "post", "period") or not text.strip():
                continue
            cell = sheet.cell(at[key], columns[column])
            if cell.fill.fgColor.rgb == GREY:
                grey.append(f"{row['id']} {row['period']} {column}")
            cell.value = typed(text)
    book.save(out)
    return grey


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_template_asks_for_what_the_examples_data_gives(tmp_path: Path, case: str,
                                                           lang: str) -> None:
    scheme, data, period, options = CASES[case]
    made = template(tmp_path, scheme, period, options, lang)
    assert fill(made, scheme, data, tmp_path / "filled.xlsx") == []
    import openpyxl

    from appraise import load_scheme

    sheet = openpyxl.load_workbook(made).worksheets[0]
    white = {(sheet.cell(r, 1).value, sheet.cell(r, 5).value, sheet.cell(1, k).value)
             for r in range(2, sheet.max_row + 1) for k in range(6, sheet.max_column + 1)
             if sheet.cell(r, k).fill.fgColor.rgb != GREY}
    fields = {field_of(load_scheme(str(scheme)).fields, sheet.cell(1, k).value):
              sheet.cell(1, k).value for k in range(6, sheet.max_column + 1)}
    given = {(row["id"], row["period"], fields[c]) for row in rows_of(data)
             for c, text in row.items() if c in fields and text.strip()}
    assert white == {g for g in given if g[0] != "SR06"}  # SR06: only in the data


def in_order_of(data: Path, filled: Path, out: Path) -> Path:
    """The CSV of the figures typed in, ``data``'s rows in the workbook's order (a person
    the template lacked is typed in below the others)."""
    import openpyxl

    sheet = openpyxl.load_workbook(filled).worksheets[0]
    order = {(sheet.cell(r, 1).value, sheet.cell(r, 5).value): r
             for r in range(2, sheet.max_row + 1)}
    lines = data.read_text(encoding="utf-8-sig").splitlines()
    rows = rows_of(data)
    assert len(rows) == len(lines) - 1  # no line break inside a cell
    body = sorted(zip(rows, lines[1:], strict=True),
                  key=lambda pair: order[(pair[0]["id"], pair[0]["period"])])
    out.write_text("\n".join([lines[0], *(line for _, line in body)]) + "\n",
                   encoding="utf-8")
    return out


def scored(scheme: Path, data: Path, period: str, fmt: str) -> str:
    result = CliRunner().invoke(main, ["score", str(scheme), "--data", str(data),
                                       "--period", period, "--format", fmt])
    assert result.exit_code == 0, result.output
    return str(result.stdout)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_filled_in_it_scores_as_the_csv_of_the_same_figures(tmp_path: Path, case: str,
                                                            lang: str) -> None:
    """The issue's "done when": a workbook made by appraise template, filled in and fed
    back, scores the same as the CSV of the same data."""
    import json

    scheme, data, period, options = CASES[case]
    filled = tmp_path / "filled.xlsx"
    fill(template(tmp_path, scheme, period, options, lang), scheme, data, filled)
    i18n.set_language("en")
    same = in_order_of(data, filled, tmp_path / "same.csv")
    assert scored(scheme, filled, period, "csv") == scored(scheme, same, period, "csv")
    from_book, from_csv = (json.loads(scored(scheme, f, period, "json")) for f in (filled, same))
    warnings = [w for w in from_book.pop("warnings") if w["severity"] != "note"]
    sheet = "Data" if lang == "en" else "数据录入"
    assert warnings == ([] if case == "by month" else [{
        "file": str(filled), "line": 13, "column": 1, "severity": "warning",
        "path": f"{sheet}!A13: SR06", "message": "person 'SR06' is not in the scheme's "
        "people, and is scored on post 'sales_rep', as the data says",
        "hint": "add them under people: in the scheme, or correct the id"}])
    from_csv.pop("warnings")
    assert from_book.pop("data")["file"] == str(filled)
    assert from_csv.pop("data")["file"] == str(same)
    assert from_book == from_csv
