"""The figures of months before the period, for the formulas that read a field over
earlier months (``previous(revenue)``, ``last_year(revenue)``): the rows of the year
before the scheme's in the data file itself, and a history file in the same format
(``--history FILE``), which may hold any month of the two years.

Only the fields read over earlier months are read (:attr:`Scheme.looked_back`), whatever
post a row is on: a person's earlier figures are theirs, whichever post they held then.
Both readers of the data file hand their rows here as the cells of those fields (the
column reader's numbers as it read them), so the earlier months are read the same way on
either path.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..diagnostics import AppraiseError
from ..i18n import _
from ..model import Scheme
from ..year.periods import parse_month
from .cells import not_a_number, parse_number
from .reading import Reading
from .records import Record, is_json, records
from .table import Table, pick
from .values import message, problem, taken


def absolute(year: int, month: int) -> int:
    """A month counted from year 0, so that months of two years follow each other."""
    return year * 12 + month - 1


@dataclass(frozen=True)
class Earlier:
    """Each person's figures of the fields read over earlier months, month by month:
    ``figures[month][person]`` is ``(their figures, the line of their row)``, the month as
    :func:`absolute` counts it."""

    file: str
    figures: dict[int, dict[str, tuple[dict[str, float], int]]] = field(default_factory=dict)


Cell = tuple[str, str, "str | float", int]
"""A cell of an earlier row: its field, its column, its text (or the number the column
reader read it as), and its column's place (1-based; 0 in JSON)."""
EarlierRow = tuple[int, int, str, int, list[Cell]]
"""An earlier row: its month (:func:`absolute`), line, id as written, the id's column, and
its cells of the fields read over earlier months."""


def read_earlier(reading: Reading, found: Iterable[EarlierRow]) -> Earlier:
    """The figures of the rows ``found``, every problem filed with ``reading``: a cell that
    is not a number, or out of the field's range, and a person's second row in one
    month."""
    scheme = reading.scheme
    out = Earlier(reading.file)
    for month, line, written, at, cells in found:
        person = written.strip()
        if not person:
            reading.no_id(line, at)
            continue
        rows = out.figures.setdefault(month, {})
        if person in rows:
            reading.twice(line, at, person, rows[person][1])
            continue
        values: dict[str, float] = {}
        for field_id, column, cell, where in cells:
            spec = scheme.fields[field_id]
            if isinstance(cell, str):
                if not cell.strip():
                    continue  # no figure that month: said if a formula needs it
                number = parse_number(cell)
                if number is None:
                    reading.fail(line, where, f"{person}.{field_id}", *not_a_number(cell))
                    continue
            else:
                number = cell
            wrong = problem(spec, number)
            if wrong is not None:
                text = cell.strip() if isinstance(cell, str) else repr(cell)
                said = _("record {line}, key '{column}'").format(line=line, column=column) \
                    if reading.is_json else _("row {line}, column {number} ('{column}')").format(
                        line=line, number=where, column=column)
                reading.fail(line, where, f"{person}.{field_id}",
                             *message(spec, text, said, wrong))
                continue
            values[field_id] = taken(spec, number)
        rows[person] = (values, line)
    return out


def _wanted(reading: Reading) -> list[tuple[str, str]]:
    """The fields read over earlier months that the file has, with their columns."""
    header = reading.header
    return [(f, column) for f in reading.scheme.looked_back
            if (column := header.fields.get(f)) is not None]


def record_rows(reading: Reading, found: Iterable[tuple[int, Record]]
                ) -> Iterator[EarlierRow]:
    """Records (each with its month) as earlier rows."""
    id_column, wanted = reading.header.id, _wanted(reading)
    if id_column is None:
        return
    for month, record in found:
        yield (month, record.line, record.cells.get(id_column, ""),
               record.columns.get(id_column, 0),
               [(f, c, record.cells.get(c, ""), record.columns.get(c, 0)) for f, c in wanted])


def table_rows(reading: Reading, table: Table, found: Sequence[tuple[int, int]]
               ) -> Iterator[EarlierRow]:
    """Rows of a table split by the column reader (each row's month, and the row) as
    earlier rows: a cell it read as a plain number is handed on as that number, the rest
    as written."""
    id_column, wanted = reading.header.id, _wanted(reading)
    if id_column is None or not found:
        return
    where = np.fromiter((k for _, k in found), dtype=np.intp, count=len(found))
    columns: list[tuple[str, str, list[str | float], int]] = []
    for field_id, column in wanted:
        numbers = table.numbers.get(column)
        if numbers is None:
            cells: list[str | float] = list(pick(table.column(column), where.tolist()))
        else:
            values = numbers.values[where].tolist()
            fine = numbers.fine[where].tolist()
            cells = [v if ok else "" for v, ok in zip(values, fine, strict=True)]
            for j, k in enumerate(where.tolist()):
                if k in numbers.texts:
                    cells[j] = numbers.texts[k]
        columns.append((field_id, column, cells, table.positions.get(column, 0)))
    ids = pick(table.column(id_column), where.tolist())
    at = table.positions.get(id_column, 0)
    for j, (month, k) in enumerate(found):
        yield (month, table.lines[k], ids[j], at,
               [(f, c, cells[j], place) for f, c, cells, place in columns])


def earlier_year(scheme: Scheme, year: int) -> bool:
    """Whether a row of ``year`` is read as an earlier month of a scheme: the year before
    the scheme's, when a formula reads a field over earlier months."""
    return bool(scheme.looked_back) and scheme.calendar is not None \
        and year == scheme.calendar.year - 1


def read_history(file: str, scheme: Scheme, content: bytes) -> Earlier:
    """A history file: rows of the same format as the data, of any month of the scheme's
    year or the year before, for the fields read over earlier months; raises
    :class:`AppraiseError`."""
    assert scheme.calendar is not None
    year = scheme.calendar.year
    columns, found = records(file, content)
    reading = Reading(file, scheme, columns, is_json(file, content))
    reading.warnings = []  # a column of another field is no news in a history file
    column = reading.header.period or ""
    if not column:
        reading.no_period_column()
    dated: list[tuple[int, Record]] = []
    for record in found if column else []:
        text = record.cells.get(column, "").strip()
        written = parse_month(text)
        if written is None or written[0] not in (year - 1, year):
            reading.fail(record.line, record.columns.get(column, 0), "",
                         _("period '{period}' is not a month of {last_year} or {year}").format(
                             period=text, last_year=year - 1, year=year),
                         _("write the month as YYYY-MM, e.g. {month}; a history file holds the "
                           "months before the period scored").format(month=f"{year - 1}-12"))
            continue
        dated.append((absolute(*written), record))
    if not found:
        reading.fail(2, 1, "", _("the history file has no rows"),
                     _("add the earlier months' rows after the header, one per person a month"))
    earlier = read_earlier(reading, record_rows(reading, dated))
    if reading.errors:
        raise AppraiseError(reading.errors)
    return earlier
