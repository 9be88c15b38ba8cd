"""Reading a period's figures: one row per person (per person per month for a scheme
kept by month), with the fields their scorecard needs, checked against the scheme.

CSV (with a header row) and JSON are accepted (:mod:`.records`); columns are matched to
fields by id or by label (:mod:`.header`); each cell is read by :mod:`.cells`. Every
problem in the file is reported at once, naming row and column; the number and rating
fields are kept as columns beside the rows, in row order, for the scorer.

A plain period is read a column at a time (:mod:`.bulk`); a file kept by month row by
row (:mod:`.rowwise`), which is also the reference the columns are held equal to.
"""

from __future__ import annotations

import hashlib
from pathlib import Path as FilePath

from ..diagnostics import AppraiseError, Diagnostic
from ..load import read_bytes
from ..model import Scheme
from ..year.periods import month_id, parse_month
from .actuals import Actuals, Monthly, Row, Rows
from .bulk import ColumnReader, number_columns
from .header import one_column_per_field
from .records import MAX_DATA_BYTES, Record, csv_text, is_json, records
from .rowwise import RowReader
from .table import csv_table, json_table

__all__ = ["Actuals", "Monthly", "Row", "Rows", "read_actuals", "read_monthly"]


def read_actuals(file: str | FilePath, scheme: Scheme, period: str | None = None,
                 content: bytes | None = None, *, reference: bool = False) -> Actuals:
    """Read and check a data file against ``scheme``; raise :class:`AppraiseError`.

    ``reference``: read it row by row, the slower way the columns are held equal to."""
    name = str(file)
    if content is None:
        content = read_bytes(name, MAX_DATA_BYTES, "data file")
    period = period.strip() if period is not None else None
    if reference or any(scheme.unit_fields_for(p) for p in scheme.posts.values()):
        return _row_by_row(name, scheme, period, content)  # (units are scored by month)
    json = is_json(name, content)
    if json:
        columns, found = records(name, content)
    else:
        table = csv_table(name, csv_text(name, content), number_columns(scheme))
        columns, found = table.header, []
    reader = ColumnReader(name, scheme, columns, json)
    one_column_per_field(scheme, reader.header, columns, found, json, reader.fail)
    if json:  # each object's twin keys settled
        table = json_table(columns, found)
    rows, chosen = reader.period_rows(table, period)
    if reader.errors:
        raise AppraiseError(reader.errors, reader.warnings)
    fingerprint = "sha256:" + hashlib.sha256(content).hexdigest()
    return Actuals(name, fingerprint, chosen, rows, sorted(set(reader.warnings)),
                   reader.columns, reader.ratings, reader.index)


def _row_by_row(name: str, scheme: Scheme, period: str | None, content: bytes) -> Actuals:
    columns, found = records(name, content)
    reader = RowReader(name, scheme, columns, is_json(name, content))
    one_column_per_field(scheme, reader.header, columns, found, reader.is_json, reader.fail)
    rows, chosen = reader.period_rows(found, period)
    if reader.errors:
        raise AppraiseError(reader.errors, reader.warnings)
    fingerprint = "sha256:" + hashlib.sha256(content).hexdigest()
    return Actuals(name, fingerprint, chosen, tuple(rows), sorted(set(reader.warnings)),
                   reader.columns, reader.ratings, reader.index)


def read_monthly(file: str | FilePath, scheme: Scheme, content: bytes | None = None) -> Monthly:
    """Read a file of monthly rows (a period column of YYYY-MM) for a scheme with a calendar."""
    name = str(file)
    if content is None:
        content = read_bytes(name, MAX_DATA_BYTES, "data file")
    assert scheme.calendar is not None
    year = scheme.calendar.year
    columns, found = records(name, content)
    reader = RowReader(name, scheme, columns, is_json(name, content))
    one_column_per_field(scheme, reader.header, columns, found, reader.is_json, reader.fail)
    if reader.header.period is None:
        reader.fail(1, 1, "", "no period column: this scheme is kept by month",
                    f"add a column 'period' holding each row's month, e.g. {year}-01")
    by_month: dict[int, list[Record]] = {}
    column = reader.header.period or ""
    for record in found if column else []:
        text = record.cells.get(column, "").strip()
        written = parse_month(text)
        if written is None or written[0] != year:
            reader.fail(record.line, record.columns.get(column, 0), "",
                        f"period '{text}' is not a month of {year}",
                        f"write the month as {year}-MM; the scheme keeps figures by month")
            continue
        by_month.setdefault(written[1], []).append(record)
    fingerprint = "sha256:" + hashlib.sha256(content).hexdigest()
    months: dict[int, Actuals] = {}
    for month in sorted(by_month):
        reader.month = month
        rows = reader.month_rows(by_month[month])
        months[month] = Actuals(name, fingerprint, month_id(year, month), tuple(rows), [],
                                reader.columns, reader.ratings, reader.index)
    reader.warnings += reader.identities.newcomer_warnings(name, reader.is_json)
    once: dict[str, Diagnostic] = {}  # a warning that holds every month is said once
    for warning in sorted(set(reader.warnings)):
        once.setdefault(warning.message, warning)
    if reader.errors:
        raise AppraiseError(reader.errors, once.values())
    return Monthly(name, fingerprint, months, sorted(once.values()))
