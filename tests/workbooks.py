"""Workbooks for the tests, made as Excel or a program would make them: xlsxwriter for a
workbook as Excel saves it (formulas with their calculated values), openpyxl for one a
program wrote and nobody opened (formulas without values, error cells)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Formula:
    """A formula cell and the value Excel calculated for it (None: never calculated)."""

    formula: str
    value: object = None


Rows = Sequence[Sequence[object]]


def csv_rows(path: str | Path) -> list[list[object]]:
    """A CSV file's rows, each number cell as a float (as a person types it into Excel),
    each empty cell left empty."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    out: list[list[object]] = [list(rows[0])]
    for row in rows[1:]:
        cells: list[object] = []
        for cell in row:
            try:
                cells.append(float(cell) if cell else None)
            except ValueError:
                cells.append(cell)
        out.append(cells)
    return out


def xlsx(path: Path, rows: Rows, sheet: str = "Sheet1", *, others: Sequence[str] = (),
         merged: Sequence[str] = (), first: Sequence[str] = (),
         formats: dict[str, str] | None = None, hidden: Sequence[str] = ()) -> Path:
    """A workbook as Excel saves it: ``rows`` on ``sheet`` from A1 (None: an empty cell),
    after the sheets ``first`` and before the sheets ``others``; ``merged``: ranges merged
    (B1:C1), their first cell keeping its value; ``formats``: a number format by cell (H7:
    0%); ``hidden``: sheets of ``first`` hidden."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for name in first:
        before = book.add_worksheet(name)
        before.write(0, 0, "说明")
        if name in hidden:
            before.hide()
    page = book.add_worksheet(sheet)
    if hidden:  # Excel shows a workbook at a sheet that is not hidden
        page.activate()
        page.set_first_sheet()
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, Formula):
                if value.value is None:
                    page.write_formula(i, j, value.formula)
                else:
                    page.write_formula(i, j, value.formula, None, value.value)
            elif hasattr(value, "isoformat"):
                page.write_datetime(i, j, value, dates)
            else:
                page.write(i, j, value)
    for cells in merged:
        first_cell = cells.split(":")[0]
        page.merge_range(cells, _value_at(rows, first_cell))
    for cell, shown in (formats or {}).items():
        row, column = int(cell[1:]) - 1, ord(cell[0]) - 65
        page.write(row, column, rows[row][column], book.add_format({"num_format": shown}))
    for name in others:
        book.add_worksheet(name).write(0, 0, "备注")
    book.close()
    return path


def _value_at(rows: Rows, cell: str) -> object:
    column = ord(cell[0]) - 65
    row = int(cell[1:]) - 1
    value = rows[row][column] if row < len(rows) and column < len(rows[row]) else None
    return "" if value is None else value


def by_program(path: Path, rows: Rows, sheet: str = "Sheet1",
               errors: dict[str, str] | None = None) -> Path:
    """A workbook as a program writes it with openpyxl: a formula's value never
    calculated; ``errors``: cells holding an error value (C3: #N/A)."""
    import openpyxl

    book = openpyxl.Workbook()
    page = book.active
    assert page is not None
    page.title = sheet
    for row in rows:
        page.append([v.formula if isinstance(v, Formula) else v for v in row])
    for cell, error in (errors or {}).items():
        page[cell].value = error
        page[cell].data_type = "e"
    book.save(str(path))
    return path


def as_csv(path: Path, rows: Rows) -> Path:
    """The same rows as a CSV file, as Excel shows them (a whole number without '.0')."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for row in rows:
            writer.writerow(["" if v is None else
                             (format(v, ".15g") if isinstance(v, float) else v) for v in row])
    return path
