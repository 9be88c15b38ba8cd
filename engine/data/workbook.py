"""An Excel workbook (.xlsx) read as a data file: one sheet (the first, or the one named),
its first row the header, each row after it a person's, turned into the very text a CSV of
the same sheet holds, so that the CSV readers read it (:mod:`.source`).

Each cell becomes the text Excel shows for it: a number to 15 significant digits, as
Excel shows it (a formula's 0.30000000000000004 is 0.3; 1380000.0 is 1380000), taken from
the float's exact decimal value, never by float arithmetic; text as typed; a date in the
period column the month it begins (Excel turns a typed 2026-01 into 1 January 2026). A
cell that holds no figure (a logical value, an error such as #DIV/0!, a date elsewhere, a
formula never calculated) and merged cells are errors naming the cell; a number shown as
a percentage is the text Excel shows (95%), which a number field refuses, as a CSV's. The
workbook is opened, and its XML read for what the values hide, by :mod:`..load.workbook`.
A line break in a cell becomes a space, so that each row stays one line of the text and
keeps its row number.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..diagnostics import AppraiseError, Diagnostic
from ..i18n import _
from ..load.sheetxml import Hidden, cell_name
from ..load.workbook import filled, number_text, open_sheet, sheet_ref, unreadable
from .header import ID_COLUMNS, pick_column
from .records import PERIOD_COLUMNS

__all__ = ["Sheet", "number_text", "percent_text", "read_workbook", "sheet_ref", "unreadable"]

MAX_CELL_ERRORS = 200  # a sheet with more cells in error is named by its first ones


@dataclass(frozen=True)
class Sheet:
    """The sheet read: its name, the names of all the workbook's sheets, and its cells as
    the text of a CSV file (a line a row, so that line n is the sheet's row n)."""

    name: str
    names: tuple[str, ...]
    text: str
    first_visible: bool = False  # the first sheet is hidden: this is the first one shown


def read_workbook(file: str, content: bytes, sheet: str | None) -> Sheet:
    """The sheet ``sheet`` (the first when None) of the workbook ``content``; raises
    :class:`AppraiseError` naming each cell that holds no figure."""
    read = open_sheet(file, content, sheet)
    if not read.rows or not any(filled(row) for row in read.rows):
        raise AppraiseError([Diagnostic(
            file, 0, 0, "error", sheet_ref(read.name), _("the sheet is empty"),
            _("put the header in row 1 and one row per person below it"))])
    return Sheet(read.name, read.names, _text(file, read.name, read.rows, read.hidden),
                 read.first_visible)


def _text(file: str, chosen: str, rows: Sequence[Sequence[object]], found: Hidden) -> str:
    """The sheet's cells as CSV text, or every cell that holds no figure as an error."""
    errors: list[Diagnostic] = []
    where = sheet_ref(chosen)
    names = [str(c).strip() for c in rows[0]]
    ids = names.index(pick_column(names, ID_COLUMNS) or "") if pick_column(names, ID_COLUMNS) \
        else -1

    def fail(row: int, column: int, message: str, hint: str) -> None:
        path = f"{where}!{cell_name(row, column)}"
        name = names[column] if column < len(names) else ""
        person = rows[row][ids] if row and 0 <= ids < len(rows[row]) else ""
        person = number_text(person) if isinstance(person, float) else str(person).strip()
        if row and name:  # whose figure it is, as a CSV's problem says (SR01.revenue)
            path += f": {person}.{name}" if person else f": {name}"
        errors.append(Diagnostic(file, row + 1, column + 1, "error", path, message, hint))

    for r0, c0, r1, c1 in found.merged:
        first, last = cell_name(r0, c0), cell_name(r1, c1)
        fail(r0, c0, _("cells {first}:{last} are merged").format(first=first, last=last),
             _("unmerge them and give each column its own header in row 1") if r0 == 0 else
             _("unmerge them and fill in every cell"))
    for (r, c), error in sorted(found.errors.items()):
        fail(r, c, _("the cell holds the error {error}, not a figure").format(
            error=error), _("correct the formula that gives it, or type the figure"))
    for (r, c), formula in sorted(found.uncalculated.items()):
        fail(r, c, _("the formula ={formula} has no calculated value: the workbook "
                            "was written by a program and never opened in Excel").format(
            formula=formula), _("open the workbook in Excel and save it, so that its "
                                "formulas are calculated, or type the figures"))
    header = rows[0]
    period = next((j for j, c in enumerate(header)
                   if isinstance(c, str) and c.strip().lower() in PERIOD_COLUMNS), -1)
    percent: dict[int, list[int]] = {}
    for r, c in found.percent:
        percent.setdefault(r, []).append(c)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for i, row in enumerate(rows):
        if len(errors) >= MAX_CELL_ERRORS:
            break
        cells = _row(row, i, period, fail)
        for j in percent.get(i, ()):
            value = row[j] if j < len(row) else ""
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                cells[j] = percent_text(value)
        if i == 0 and cells and cells[0].lstrip()[:1] in ("[", "{"):  # never taken for JSON
            csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(cells)
            continue
        writer.writerow(cells)
    if errors:
        raise AppraiseError(errors)
    return out.getvalue()


def _row(row: Sequence[object], i: int, period: int,
         fail: Callable[[int, int, str, str], None]) -> list[str]:
    """A row's cells as text: the usual ones (text on one line, a whole number) here, the
    others by :func:`_cell`."""
    cells: list[str] = []
    add = cells.append
    for j, value in enumerate(row):
        if type(value) is str and "\n" not in value and "\r" not in value:
            add(value)
        elif type(value) is float and value.is_integer() and -1e15 < value < 1e15:
            add(str(int(value)))
        else:
            add(_cell(value, i, j, j == period, fail))
    return cells


def _cell(value: object, row: int, column: int, in_period: bool,
          fail: Callable[[int, int, str, str], None]) -> str:
    """The text of a cell that is not plain text on one line."""
    if isinstance(value, str):
        return " ".join(value.splitlines())
    if isinstance(value, bool):
        fail(row, column, _("the cell holds the logical value {value}, not a figure").format(
            value="TRUE" if value else "FALSE"),
            _("type the figure itself: a number, a rating or text"))
        return ""
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):  # a datetime is a date too
        if isinstance(value, datetime.datetime):
            day, midnight, shown = value.date(), value.time() == datetime.time(), \
                value.isoformat(sep=" ")
        else:
            day, midnight, shown = value, True, value.isoformat()
        if in_period and day.day == 1 and midnight:
            return f"{day.year:04d}-{day.month:02d}"
        if in_period:
            fail(row, column, _("the period is a date ({date}), not a month").format(
                date=shown), _("type the period as text, e.g. 2026-01 or 2026-Q1 (format "
                               "the column as Text first)"))
        else:
            fail(row, column, _("the cell holds a date ({date}), not a figure").format(
                date=shown), _("type the figure as a number or text; a date is read only "
                               "in the period column, as the month it begins"))
        return ""
    fail(row, column, _("the cell holds a time ({time}), not a figure").format(time=value),
         _("type the figure as a number or text"))
    return ""


def percent_text(value: float) -> str:
    """A number shown as a percentage, as Excel shows it (0.955 is 95.5%): the text a CSV
    saved from Excel holds, which a number field refuses as it would there."""
    hundredfold = Decimal(number_text(float(value))) * 100
    return f"{hundredfold.normalize():f}%"
