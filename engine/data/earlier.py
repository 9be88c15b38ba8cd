"""The figures of months before the period, for the formulas that read a field over
earlier months (``previous(revenue)``, ``last_year(revenue)``): the rows of the year
before the scheme's in the data file itself, and a history file in the same format
(``--history FILE``), which may hold any month of the two years.

Only the fields read over earlier months are read (:attr:`Scheme.looked_back`), whatever
post a row is on: a person's earlier figures are theirs, whichever post they held then.
Both readers of the data file hand their rows here as records, so the earlier months are
read the same way on either path.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..diagnostics import AppraiseError
from ..model import Scheme
from ..year.periods import parse_month
from .cells import not_a_number, parse_number
from .reading import Reading
from .records import Record, is_json, records
from .table import Table
from .values import message, place, problem, taken


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


def read_earlier(reading: Reading, found: Iterable[tuple[int, Record]]) -> Earlier:
    """The figures of ``found`` (each record with its month), every problem filed with
    ``reading``: a cell that is not a number, or out of the field's range, and a person's
    second row in one month."""
    scheme, header = reading.scheme, reading.header
    wanted = [(f, column) for f in scheme.looked_back
              if (column := header.fields.get(f)) is not None]
    out = Earlier(reading.file)
    if header.id is None:
        return out
    for month, record in found:
        person = record.cells.get(header.id, "").strip()
        if not person:
            reading.no_id(record.line, record.columns.get(header.id, 0))
            continue
        rows = out.figures.setdefault(month, {})
        if person in rows:
            reading.twice(record.line, record.columns.get(header.id, 0), person, rows[person][1])
            continue
        values: dict[str, float] = {}
        for field_id, column in wanted:
            text = record.cells.get(column, "").strip()
            if not text:
                continue  # no figure that month: said if a formula needs it
            number = parse_number(text)
            spec = scheme.fields[field_id]
            at, path = record.columns.get(column, 0), f"{person}.{field_id}"
            if number is None:
                reading.fail(record.line, at, path, *not_a_number(text))
                continue
            wrong = problem(spec, number)
            if wrong is not None:
                reading.fail(record.line, at, path, *message(spec, text, place(record, column),
                                                             wrong))
                continue
            values[field_id] = taken(spec, number)
        rows[person] = (values, record.line)
    return out


def table_record(table: Table, i: int) -> Record:
    """Row ``i`` of a table split by the column reader, with each cell read as a number
    written back as the number it was read as (or as its text, if it kept it)."""
    record = table.record(i)
    for name, numbers in table.numbers.items():
        if name not in record.cells and numbers.fine[i]:
            record.cells[name] = repr(float(numbers.values[i]))
    return record


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
                         f"period '{text}' is not a month of {year - 1} or {year}",
                         f"write the month as YYYY-MM, e.g. {year - 1}-12; a history file "
                         "holds the months before the period scored")
            continue
        dated.append((absolute(*written), record))
    if not found:
        reading.no_rows(None)
    earlier = read_earlier(reading, dated)
    if reading.errors:
        raise AppraiseError(reading.errors)
    return earlier
