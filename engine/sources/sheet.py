"""A workbook's sheet read as records (``file: orders.xlsx``, ``sheet:`` or the first sheet
shown): row 1 the header, each row after it a record, numbered as the sheet numbers them.

Each cell of a declared column becomes the text a CSV export of the records holds, as the
column's type means it: text as typed; a number as Excel shows it (15 significant digits
of the float's exact decimal value), a percentage its value (95.5% is 0.955); a date, in a
date column, that day (a date and time: its day); TRUE or FALSE, in a boolean column, true
or false. What holds no such value is an error naming the cell (Sheet!C7): a date or a
logical value in a column of another type, a time, an error value (#DIV/0!), a formula
never calculated, merged cells. Columns the source does not declare are read as text and
never checked.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from ..diagnostics import AppraiseError, Diagnostic
from ..formula.records import type_word
from ..i18n import _
from ..load.sheetxml import Hidden, cell_name
from ..load.workbook import filled, number_text, open_sheet, refuse_unread, sheet_ref
from ..model import RecordSource

MAX_UNPACKED = 4 << 30  # bytes a workbook may unpack to, as for a data file
MAX_CELL_ERRORS = 100  # a sheet with more cells in error is named by its first ones

Fail = Callable[[int, int, str, str], None]  # 0-based row and column, message, hint


@dataclass(frozen=True)
class SheetRecords:
    """The sheet read: its name, the workbook's sheets, the header and each record's cells
    as text with its row number (a blank row left out)."""

    name: str
    names: tuple[str, ...]
    first_visible: bool
    header: list[str]
    rows: list[tuple[int, list[str]]]


def sheet_records(file: str, content: bytes, source: RecordSource) -> SheetRecords:
    """The records of ``source`` in the workbook ``content``; :class:`AppraiseError` for a
    file that is no workbook read, for a missing sheet, and naming each cell in error."""
    refuse_unread(file, content, MAX_UNPACKED, _(
        "check that it is the right file; a records file is a workbook (.xlsx), a CSV or a "
        "Parquet file"))
    opened = open_sheet(file, content, source.sheet)
    rows = opened.rows
    header = [_loose(c) for c in rows[0]] if rows else []
    while header and header[-1] == "":
        header.pop()
    types = {j: source.columns[name].type for j, name in enumerate(header)
             if name in source.columns}
    errors: list[Diagnostic] = []

    def fail(row: int, column: int, message: str, hint: str) -> None:
        path = f"{sheet_ref(opened.name)}!{cell_name(row, column)}"
        if row and column in types:
            path += f": {source.id}.{header[column]}"
        errors.append(Diagnostic(file, row + 1, column + 1, "error", path, message, hint))

    _hidden_cells(opened.hidden, types, fail)
    out: list[tuple[int, list[str]]] = []
    kinds = [types.get(j) for j in range(len(header))]
    for i in range(1, len(rows)):
        row = rows[i]
        if not filled(row) or len(errors) >= MAX_CELL_ERRORS:
            continue
        cells = [value if type(value) is str else _typed(value, kind, i, j, fail)
                 for j, (value, kind) in enumerate(zip(row, kinds, strict=False))]
        cells += [""] * (len(header) - len(cells))
        if len(row) > len(header) and filled(row[len(header):]):  # cells under no column
            last = max(j for j, value in enumerate(row) if value != "")
            cells += [_loose(value) for value in row[len(header):last + 1]]
        out.append((i + 1, cells))
    if errors:
        raise AppraiseError(errors[:MAX_CELL_ERRORS])
    return SheetRecords(opened.name, opened.names, opened.first_visible, header, out)


def _hidden_cells(found: Hidden, types: dict[int, str], fail: Fail) -> None:
    """The merged cells that touch the header or a declared column, and the error values
    and formulas never calculated in a declared column."""
    for r0, c0, r1, c1 in found.merged:
        if r0 == 0 or any(c in types for c in range(c0, c1 + 1)):
            first, last = cell_name(r0, c0), cell_name(r1, c1)
            fail(r0, c0, _("cells {first}:{last} are merged").format(first=first, last=last),
                 _("unmerge them and give each column its own header in row 1") if r0 == 0
                 else _("unmerge them and fill in every cell"))
    for (r, c), error in sorted(found.errors.items()):
        if r and c in types:
            fail(r, c, _("the cell holds the error {error}, not a figure").format(
                error=error), _("correct the formula that gives it, or type the figure"))
    for (r, c), formula in sorted(found.uncalculated.items()):
        if r and c in types:
            fail(r, c, _("the formula ={formula} has no calculated value: the workbook "
                         "was written by a program and never opened in Excel").format(
                formula=formula), _("open the workbook in Excel and save it, so that its "
                                    "formulas are calculated, or type the figures"))


def _loose(value: object) -> str:
    """A cell of a column no one declared (or of the header) as text, never an error."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _typed(value: object, kind: str | None, row: int, column: int, fail: Fail) -> str:
    """A cell of a column of type ``kind`` (None: not declared) as the records' text."""
    if type(value) is str:
        return value
    if kind is None:
        return _loose(value)
    if isinstance(value, bool):
        if kind == "boolean":
            return "true" if value else "false"
        fail(row, column, _("the cell holds the logical value {value}, but the column holds "
                            "{type}").format(value="TRUE" if value else "FALSE",
                                             type=type_word(kind)),
             _("write {type} there, or declare the column as boolean if it holds true or "
               "false").format(type=type_word(kind)))
        return ""
    if isinstance(value, float):
        if value.is_integer() and -1e15 < value < 1e15:  # the usual amount: no digits to round
            return str(int(value))
        return number_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):
        day = value.date() if isinstance(value, datetime.datetime) else value
        if kind == "date":
            return day.isoformat()
        fail(row, column, _("the cell holds a date ({date}), but the column holds {type}").format(
            date=_shown(value), type=type_word(kind)),
             _("write {type} there (format the cell as Text first), or declare the column as "
               "date if it holds dates").format(type=type_word(kind)))
        return ""
    fail(row, column, _("the cell holds a time ({time}), but the column holds {type}").format(
        time=value, type=type_word(kind)), _("write {type} there").format(type=type_word(kind)))
    return ""


def _shown(value: datetime.date) -> str:
    if isinstance(value, datetime.datetime) and value.time() != datetime.time():
        return value.isoformat(sep=" ")
    return (value.date() if isinstance(value, datetime.datetime) else value).isoformat()


def first_sheet_note(file: str, read: SheetRecords, source: RecordSource
                     ) -> tuple[Diagnostic, ...]:
    """A note that the first sheet (shown) of several was read, when ``sheet:`` names none."""
    if source.sheet is not None or len(read.names) < 2:
        return ()
    said = _("read the first visible sheet, '{sheet}', of {count} ({sheets})") \
        if read.first_visible else _("read the first sheet, '{sheet}', of {count} ({sheets})")
    return (Diagnostic(file, 0, 0, "note", f"records.{source.id}", said.format(
        sheet=read.name, count=len(read.names), sheets=", ".join(read.names)),
        _("name another with sheet: under records.{source}").format(source=source.id)),)

