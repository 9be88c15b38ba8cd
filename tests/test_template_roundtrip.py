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
TEMPLATES = ROOT / "schemes" / "templates"  # appraise init's, each with its CSV


def _template_case(scheme: Path, data: Path | None = None
                   ) -> tuple[Path, Path, str, tuple[str, ...]]:
    """A shipped scheme and its CSV (a template's beside it): the CSV's last period (a
    month), or a quarter when it has none; as many raters' columns as the CSV has."""
    data = data or scheme.with_suffix(".csv")
    with data.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    period = max(row.get("period", "") for row in rows) or "2026-Q1"
    raters: dict[str, int] = {}
    for column in rows[0]:
        if found := re.fullmatch(r".+@(\D+)([0-9]+)", column):
            raters[found[1]] = max(raters.get(found[1], 0), int(found[2]))
    return scheme, data, period, tuple(o for group, count in raters.items()
                                       for o in ("--raters", f"{group}={count}"))


# (scheme, its CSV of the period, the period, the template's options)
CASES = {
    "plain": (EXAMPLES / "sales_company.yaml", EXAMPLES / "2026-Q1.csv", "2026-Q1", ()),
    "by month": (EXAMPLES / "cascade_company.yaml", EXAMPLES / "2026-months.csv", "2026-Q1",
                 ("--raters", "peer=3")),
    **{scheme: _template_case(EXAMPLES / f"{scheme}.yaml", EXAMPLES / f"{scheme}-2026-Q1.csv")
       for scheme in ("customers", "sales_team_client")},
    **{scheme.stem: _template_case(scheme) for scheme in sorted(TEMPLATES.glob("*.yaml"))},
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


def fill(template_file: Path, scheme: Path, data: Path, out: Path, period: str) -> list[str]:
    """Type ``data``'s figures into ``template_file`` and save it as ``out``; a person (or
    a month) the template lacks gets a row of their own, added below. A file without a
    period column holds ``period``. Returns each figure given in a grey cell (none, when
    the template asks for what the data gives)."""
    import openpyxl

    from appraise import load_scheme

    fields = load_scheme(str(scheme)).fields
    book = openpyxl.load_workbook(template_file)
    sheet = book.worksheets[0]
    titles = [c.value for c in sheet[1]]
    columns = {field_of(fields, t): k for k, t in enumerate(titles, start=1) if k > 5}
    at = {(sheet.cell(r, 1).value, sheet.cell(r, 5).value): r
          for r in range(2, sheet.max_row + 1)}
    formats = {k: d.number_format for d in sheet.column_dimensions.values()  # as Excel does:
               for k in range(d.min or 0, (d.max or 0) + 1)}  # a cell typed in takes them
    grey = []
    for row in rows_of(data):
        row.setdefault("period", period)
        key = (row["id"], row["period"])
        if key not in at:  # a person known only from the data: a row typed in
            at[key] = sheet.max_row + 1
            for k, name in enumerate(("id", "name", "post", "", "period"), start=1):
                if row.get(name):
                    sheet.cell(at[key], k).value = row[name]
        for column, text in row.items():
            if column in ("id", "name", "post", "period") or not text.strip():
                continue
            cell = sheet.cell(at[key], columns[column])
            if cell.fill.fgColor.rgb == GREY:
                grey.append(f"{row['id']} {row['period']} {column}")
            cell.value = typed(text)
            cell.number_format = formats.get(cell.column, cell.number_format)
    book.save(out)
    return grey


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_template_asks_for_what_the_examples_data_gives(tmp_path: Path, case: str,
                                                           lang: str) -> None:
    """Every figure of the data goes in a white cell, and every white cell gets one, but
    for a text (a remark) the data may leave out."""
    scheme, data, period, options = CASES[case]
    made = template(tmp_path, scheme, period, options, lang)
    assert fill(made, scheme, data, tmp_path / "filled.xlsx", period) == []
    import openpyxl

    from appraise import load_scheme

    sheet = openpyxl.load_workbook(made).worksheets[0]
    rows = {(sheet.cell(r, 1).value, sheet.cell(r, 5).value) for r in range(2, sheet.max_row + 1)}
    white = {(sheet.cell(r, 1).value, sheet.cell(r, 5).value, sheet.cell(1, k).value)
             for r in range(2, sheet.max_row + 1) for k in range(6, sheet.max_column + 1)
             if sheet.cell(r, k).fill.fgColor.rgb != GREY}
    fields = load_scheme(str(scheme)).fields
    columns = {field_of(fields, sheet.cell(1, k).value): sheet.cell(1, k).value
               for k in range(6, sheet.max_column + 1)}
    given = {(row["id"], row.get("period", period), columns[c]) for row in rows_of(data)
             for c, text in row.items() if c in columns and text.strip()}
    given = {g for g in given if g[:2] in rows}  # not SR06, not earlier months' rows
    texts = {columns[c] for c in columns if fields[c.partition("@")[0]].type == "text"}
    assert given <= white
    assert {w for w in white - given if w[2] not in texts} == set()
    if case in ("plain", "by month"):
        assert white == given


def in_order_of(data: Path, filled: Path, out: Path, period: str) -> Path:
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
                  key=lambda pair: order[(pair[0]["id"], pair[0].get("period", period))])
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
    fill(template(tmp_path, scheme, period, options, lang), scheme, data, filled, period)
    i18n.set_language("en")
    same = in_order_of(data, filled, tmp_path / "same.csv", period)
    assert scored(scheme, filled, period, "csv") == scored(scheme, same, period, "csv")
    from_book, from_csv = (json.loads(scored(scheme, f, period, "json")) for f in (filled, same))
    warnings = [w for w in from_book.pop("warnings") if w["severity"] != "note"]
    assert [(w["severity"], w["message"], w["hint"]) for w in warnings] == \
        [(w["severity"], w["message"], w["hint"]) for w in from_csv.pop("warnings")]
    sheet = "Data" if lang == "en" else "数据录入"
    if case == "plain":  # SR06, typed in below the others
        assert warnings == [{
            "file": str(filled), "line": 13, "column": 1, "severity": "warning",
            "path": f"{sheet}!A13: SR06", "message": "person 'SR06' is not in the scheme's "
            "people, and is scored on post 'sales_rep', as the data says",
            "hint": "add them under people: in the scheme, or correct the id"}]
    assert from_book.pop("data")["file"] == str(filled)
    assert from_csv.pop("data")["file"] == str(same)
    assert from_book == from_csv


def test_a_figure_is_read_as_typed_not_as_its_format_shows_it(tmp_path: Path) -> None:
    """Money columns show two decimals (#,##0.00): a revenue typed with three is read with
    three, as the CSV gives it."""
    scheme, data, period, options = CASES["plain"]
    finer = tmp_path / "finer.csv"
    finer.write_text(data.read_text(encoding="utf-8").replace(
        "SR01,张伟,sales_rep,2026-Q1,1380000,", "SR01,张伟,sales_rep,2026-Q1,1380000.456,"),
        encoding="utf-8")
    filled = tmp_path / "filled.xlsx"
    fill(template(tmp_path, scheme, period, options, "en"), scheme, finer, filled, period)
    import openpyxl

    cell = openpyxl.load_workbook(filled).worksheets[0]["F7"]
    assert (cell.value, cell.number_format) == (1380000.456, "#,##0.00")
    same = in_order_of(finer, filled, tmp_path / "same.csv", period)
    assert scored(scheme, filled, period, "csv") == scored(scheme, same, period, "csv") != \
        scored(scheme, data, period, "csv")
