"""Reading a period's figures: one row per person (per person per month for a scheme
kept by month), with the fields their scorecard needs, checked against the scheme.

CSV (with a header row), JSON and an Excel workbook's sheet are accepted (:mod:`.source`,
:mod:`.records`); columns are matched to
fields by id or by label (:mod:`.header`); each cell is read by :mod:`.cells`. Every
problem in the file is reported at once, naming row and column; the number and rating
fields are kept as columns beside the rows, in row order, for the scorer.

A plain period is read a column at a time (:mod:`.bulk`), and so is a file kept by
month, a month at a time (:mod:`.months`); the row-by-row reader (:mod:`.rowwise`) is the
reference they are held equal to (``reference=True``).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path as FilePath
from typing import TypeVar

from ..diagnostics import AppraiseError, Diagnostic
from ..load import read_bytes
from ..model import Scheme
from ..year.periods import month_id, parse_month
from .actuals import Actuals, Monthly, Row, Rows
from .bulk import ColumnReader, number_columns
from .counted import Counts, counted_records, counted_table
from .earlier import (
    Earlier,
    absolute,
    earlier_year,
    read_earlier,
    read_history,
    record_rows,
    table_rows,
)
from .header import one_column_per_field
from .months import MonthReader
from .reading import Reading
from .records import MAX_DATA_BYTES, Record, is_json, records
from .rowwise import RowReader
from .source import opened
from .split import file_table
from .table import Table, json_table

__all__ = ["Actuals", "Monthly", "Row", "Rows", "read_actuals", "read_monthly"]


def read_actuals(file: str | FilePath, scheme: Scheme, period: str | None = None,
                 content: bytes | None = None, *, reference: bool = False,
                 counts: Counts | None = None, sheet: str | None = None) -> Actuals:
    """Read and check a data file against ``scheme``; raise :class:`AppraiseError`.

    ``reference``: read it row by row, the slower way the columns are held equal to.
    ``counts``: the subjects the scheme's ``count`` fields count, by owner (a scheme
    with such fields is read with them). ``sheet``: the sheet of a workbook to read (the
    first when None)."""
    name = str(file)
    if content is None:
        content = read_bytes(name, MAX_DATA_BYTES, "data file")
    source = opened(name, content, sheet)
    try:
        read = _actuals(name, scheme, period, source.content, reference, counts)
    except AppraiseError as exc:
        raise source.error(exc) from None
    return replace(read, fingerprint=_fingerprint(content),
                   warnings=[*source.notes, *source.placed(read.warnings)])


def _actuals(name: str, scheme: Scheme, period: str | None, content: bytes, reference: bool,
             counts: Counts | None) -> Actuals:
    period = period.strip() if period is not None else None
    if reference:
        return _row_by_row(name, scheme, period, content, counts)
    reader, table = _opened(ColumnReader, name, scheme, content, counts)
    rows, chosen = reader.period_rows(table, period)
    if reader.errors:
        raise AppraiseError(reader.errors, reader.warnings)
    return Actuals(name, _fingerprint(content), chosen, rows, sorted(set(reader.warnings)),
                   reader.columns, reader.ratings, reader.index)


def read_monthly(file: str | FilePath, scheme: Scheme, content: bytes | None = None, *,
                 reference: bool = False, history: str | FilePath | Earlier | None = None,
                 history_content: bytes | None = None, counts: Counts | None = None,
                 sheet: str | None = None) -> Monthly:
    """Read a file of monthly rows (a period column of YYYY-MM) for a scheme with a calendar.

    ``reference``: read it row by row, the slower way the columns are held equal to.
    ``history``: a file in the same format holding months before the period, for formulas
    that read a field over earlier months (``previous(revenue)``); ``history_content``,
    when given, is its bytes; or such months' figures read elsewhere (a history store's),
    of which those of a month and person the data file has a row for are left out. The data
    file itself may hold the year before's months too
    when such a formula reads them. ``counts``: as :func:`read_actuals` takes them, each
    month of a person's given the period's count. ``sheet``: the sheet of a workbook to
    read (the first when None; a history workbook's is its first)."""
    name = str(file)
    if content is None:
        content = read_bytes(name, MAX_DATA_BYTES, "data file")
    assert scheme.calendar is not None
    fingerprint = _fingerprint(content)
    source = opened(name, content, sheet)
    try:
        if reference:
            monthly = _months_row_by_row(name, scheme, source.content, fingerprint, counts)
        else:
            monthly = _by_columns(name, scheme, source.content, fingerprint, counts)
    except AppraiseError as exc:
        raise source.error(exc) from None
    monthly = replace(monthly, warnings=[*source.notes, *source.placed(monthly.warnings)])
    if history is None:
        return monthly
    if isinstance(history, Earlier):
        return replace(monthly, earlier=(*monthly.earlier, _not_in(monthly, history,
                                                                  scheme.calendar.year)))
    if history_content is None:
        history_content = read_bytes(str(history), MAX_DATA_BYTES, "history file")
    earlier = opened(str(history), history_content)
    try:
        found = read_history(str(history), scheme, earlier.content)
    except AppraiseError as exc:
        raise earlier.error(exc) from None
    return replace(monthly, earlier=(*monthly.earlier, found),
                   warnings=[*monthly.warnings, *earlier.notes])


def _not_in(monthly: Monthly, earlier: Earlier, year: int) -> Earlier:
    """``earlier``'s figures but those of a month and person ``monthly`` has a row for."""
    held: dict[int, set[str]] = {}
    for month, actuals in monthly.months.items():
        held.setdefault(absolute(year, month), set()).update(actuals.index)
    for found in monthly.earlier:
        for month, people in found.figures.items():
            held.setdefault(month, set()).update(people)
    return Earlier(earlier.file, {month: kept for month, people in earlier.figures.items()
                                  if (kept := {p: row for p, row in people.items()
                                               if p not in held.get(month, ())})})


def _by_columns(name: str, scheme: Scheme, content: bytes, fingerprint: str,
                counts: Counts | None) -> Monthly:
    reader, table = _opened(MonthReader, name, scheme, content, counts)
    months: dict[int, Actuals] = {}
    for month, rows in sorted(reader.months(table).items()):
        reader.month = month
        read = reader.read(table.take(rows))  # kept as columns, as the roll-up reads them
        months[month] = Actuals(name, fingerprint, month_id(reader.year, month), read, [],
                                reader.columns, reader.ratings, reader.index)
    earlier = read_earlier(reader, table_rows(reader, table, reader.earlier))
    return _monthly(name, fingerprint, reader, months, earlier)


R = TypeVar("R", bound=ColumnReader)


def _opened(kind: type[R], name: str, scheme: Scheme, content: bytes, counts: Counts | None
            ) -> tuple[R, Table]:
    """A reader of ``kind`` for the file, and its table (a JSON file's objects with a
    field under two names settled first; the counted fields' columns added)."""
    json = is_json(name, content)
    counting: list[Diagnostic] = []
    if json:
        columns, found = records(name, content)
        if counts is not None:
            columns, counting = counted_records(name, scheme, counts, columns, found)
    else:
        table = file_table(name, content, number_columns(scheme))
        if counts is not None:
            table, counting = counted_table(name, scheme, counts, table)
        columns, found = table.header, []
    reader = kind(name, scheme, columns, json)
    reader.errors += counting
    one_column_per_field(scheme, reader.header, columns, found, json, reader.fail)
    return reader, json_table(columns, found) if json else table


def _fingerprint(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def _row_by_row(name: str, scheme: Scheme, period: str | None, content: bytes,
                counts: Counts | None) -> Actuals:
    columns, found = records(name, content)
    counting: list[Diagnostic] = []
    if counts is not None:
        columns, counting = counted_records(name, scheme, counts, columns, found)
    reader = RowReader(name, scheme, columns, is_json(name, content))
    reader.errors += counting
    one_column_per_field(scheme, reader.header, columns, found, reader.is_json, reader.fail)
    rows, chosen = reader.period_rows(found, period)
    if reader.errors:
        raise AppraiseError(reader.errors, reader.warnings)
    return Actuals(name, _fingerprint(content), chosen, tuple(rows),
                   sorted(set(reader.warnings)), reader.columns, reader.ratings, reader.index)


def _months_row_by_row(name: str, scheme: Scheme, content: bytes, fingerprint: str,
                       counts: Counts | None) -> Monthly:
    year = scheme.calendar.year if scheme.calendar else 0
    columns, found = records(name, content)
    counting: list[Diagnostic] = []
    if counts is not None:
        columns, counting = counted_records(name, scheme, counts, columns, found)
    reader = RowReader(name, scheme, columns, is_json(name, content))
    reader.errors += counting
    one_column_per_field(scheme, reader.header, columns, found, reader.is_json, reader.fail)
    if reader.header.period is None:
        reader.no_period_column()
    by_month: dict[int, list[Record]] = {}
    before: list[tuple[int, Record]] = []  # the year before's, for previous() and last_year()
    column = reader.header.period or ""
    for record in found if column else []:
        text = record.cells.get(column, "").strip()
        written = parse_month(text)
        if written is not None and earlier_year(scheme, written[0]):
            before.append((absolute(*written), record))
            continue
        if written is None or written[0] != year:
            reader.not_a_month(record.line, record.columns.get(column, 0), text)
            continue
        by_month.setdefault(written[1], []).append(record)
    months: dict[int, Actuals] = {}
    for month in sorted(by_month):
        reader.month = month
        rows = reader.month_rows(by_month[month])
        months[month] = Actuals(name, fingerprint, month_id(year, month), tuple(rows), [],
                                reader.columns, reader.ratings, reader.index)
    return _monthly(name, fingerprint, reader, months,
                    read_earlier(reader, record_rows(reader, before)))


def _monthly(name: str, fingerprint: str, reader: Reading, months: dict[int, Actuals],
             earlier: Earlier) -> Monthly:
    """The months read, with the file's warnings (one that holds every month said once);
    or the errors."""
    reader.warnings += reader.identities.newcomer_warnings(name, reader.is_json)
    once: dict[str, Diagnostic] = {}
    for warning in sorted(set(reader.warnings)):
        once.setdefault(warning.message, warning)
    if reader.errors:
        raise AppraiseError(reader.errors, once.values())
    return Monthly(name, fingerprint, months, sorted(once.values()),
                   (earlier,) if earlier.figures else ())
