"""Reading a source's records one at a time (the reference, and the reader that names the
row of every bad record): a CSV file with the csv module (one in GB18030 decoded first), a
Parquet file with pyarrow, a workbook's sheet as :mod:`.sheet` reads it, each value parsed
by its column's type and checked; every problem a diagnostic naming the file, row and
column (and, in a workbook, the cell: Orders!C7)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path as FilePath
from typing import Any

from ..diagnostics import AppraiseError, Diagnostic
from ..formula.records import Value, type_word
from ..i18n import _
from ..load.sheetxml import column_letters
from ..load.text import not_utf8
from ..load.workbook import sheet_ref
from ..model import RecordSource
from .files import prepared, unreadable, where

#: A number as a record may write it: digits, an optional minus and at most six decimals
#: (what DECIMAL(38, 6) holds exactly), no thousands separators, no exponent.
NUMBER = re.compile(r"-?[0-9]{1,24}(\.[0-9]{1,6})?\Z")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
BOOLEANS = {"true": True, "false": False}
#: A file with more bad records than this is named by its first ones.
MAX_ERRORS = 100


@dataclass(frozen=True)
class Record:
    row: int
    values: dict[str, Value]


def raw_rows(folder: str | FilePath, source: RecordSource) -> Iterator[tuple[int, dict[str, str]]]:
    """Each record as written (row number, column to text; a blank cell ''), after checking
    that the file is there, readable, and has every declared column. A row with more cells
    than the header has columns is an error (a cell would be read under no column)."""
    file = where(folder, source)
    path = FilePath(file)
    if not path.is_file():
        raise AppraiseError([Diagnostic(file, 0, 0, "error", f"records.{source.id}", _(
            "the records file is not there"), _("put {file} in the records folder, or correct "
                                              "file: under records.{source}").format(
            file=source.file, source=source.id))])
    if source.file.endswith(".parquet"):
        yield from _parquet_rows(file, source)
        return
    made = prepared(folder, source)
    sheet = made.sheet.name if made.sheet is not None else None
    if made.sheet is not None:
        header, numbered = made.sheet.header, iter(made.sheet.rows)
    else:
        header, numbered = _csv_rows(file, source, made.text)
    _check_header(file, source, header, sheet)
    for row, cells in numbered:
        if len(cells) > len(header) and any(cells[len(header):]):
            raise AppraiseError([Diagnostic(file, row, len(header) + 1, "error", _placed(
                f"records.{source.id}", sheet, row, len(header)), _(
                "row has {cells} cells but the header names {columns} columns").format(
                cells=len(cells), columns=len(header)), _("remove the extra cells"))])
        if any(cells):
            yield row, {name: (cells[i] if i < len(cells) else "")
                        for i, name in enumerate(header)}


def _csv_rows(file: str, source: RecordSource, text: str | None
              ) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """A CSV file's header and each row with the line it starts on; ``text``: the file's
    text when it had to be decoded (None: the file is read as UTF-8)."""
    if text is None:
        try:
            content = FilePath(file).read_bytes()
        except OSError as exc:
            raise unreadable(file, source, str(exc)) from None
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise not_utf8(file, content, exc.start, "data", f"records.{source.id}") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
    except csv.Error:
        raise _cell_too_long(file, source, 1) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        last = reader.line_num
        try:
            for cells in reader:
                row, last = last + 1, reader.line_num  # the line the record starts on
                yield row, cells
        except csv.Error:
            raise _cell_too_long(file, source, last + 1) from None

    return header, rows()


def _cell_too_long(file: str, source: RecordSource, line: int) -> AppraiseError:
    """The csv module's one error for a well-formed file: a cell past its limit, nearly
    always a quote never closed, which runs the cell on to the end of the file."""
    return AppraiseError([Diagnostic(file, line, 0, "error", f"records.{source.id}", _(
        "a cell from this line on is longer than {limit} characters: most likely a quote (\") "
        "is opened and never closed").format(limit=f"{csv.field_size_limit():,}"), _(
        "check the quotes from this line on: a cell with a comma or a line break in it is "
        "written in quotes, and a quote inside it doubled (\"\")"))])


def check_header(folder: str | FilePath, source: RecordSource) -> list[str]:
    """The file's column names, once it is known to be there, to open, and to name every
    declared column."""
    file = where(folder, source)
    if not FilePath(file).is_file():
        next(raw_rows(folder, source), None)  # names the missing file
    made = None if source.file.endswith(".parquet") else prepared(folder, source)
    names: list[str]
    if made is not None and made.sheet is not None:
        names = made.sheet.header
        _check_header(file, source, names, made.sheet.name)
    elif made is not None and made.text is not None:
        try:
            names = next(csv.reader(io.StringIO(made.text, newline="")), [])
        except csv.Error:
            raise _cell_too_long(file, source, 1) from None
    elif source.file.endswith(".parquet"):
        import pyarrow.parquet as pq  # a source kept as Parquet

        try:
            names = list(pq.read_schema(file).names)
        except Exception as exc:  # pyarrow's errors have no common base
            raise unreadable(file, source, str(exc).splitlines()[0]) from None
    else:
        try:
            with open(file, encoding="utf-8-sig", newline="") as handle:
                names = next(csv.reader(handle), [])  # the header line alone
        except csv.Error:
            raise _cell_too_long(file, source, 1) from None
        except OSError as exc:
            raise unreadable(file, source, str(exc)) from None
        except UnicodeDecodeError as exc:
            next(raw_rows(folder, source), None)  # names the line, the byte and the encoding
            raise unreadable(file, source, str(exc)) from None
    _check_header(file, source, names)
    return names


def _parquet_rows(file: str, source: RecordSource) -> Iterator[tuple[int, dict[str, str]]]:
    import pyarrow.parquet as pq  # a source kept as Parquet

    try:
        table = pq.read_table(file)
    except Exception as exc:  # pyarrow's errors have no common base: all mean unreadable
        raise unreadable(file, source, str(exc).splitlines()[0]) from None
    _check_header(file, source, table.column_names)
    names = [c for c in table.column_names if c in source.columns]
    columns = {name: _values(table.column(name), source.columns[name].type) for name in names}
    for index in range(table.num_rows):
        yield index + 1, {name: _text(columns[name][index], source.columns[name].type)
                          for name in names}


def _values(column: Any, kind: str) -> list[Any]:
    """A Parquet column's values; a timestamp as Python holds one (to the microsecond: a
    nanosecond's is not a datetime), in a date column with no time zone its day."""
    import pyarrow as pa

    if pa.types.is_timestamp(column.type):
        if kind == "date" and column.type.tz is None:
            column = column.cast(pa.date32(), safe=False)
        elif column.type.unit == "ns":
            column = column.cast(pa.timestamp("us", column.type.tz), safe=False)
    return list(column.to_pylist())


def _text(value: Any, kind: str) -> str:
    """A Parquet value as a CSV would write it (what DuckDB's cast to text gives); in a date
    column, a date and time with no time zone is its day (a timestamp, as many systems
    export a date: the day is what places the record)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if kind == "date" and value.tzinfo is None \
            else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _placed(path: str, sheet: str | None, row: int, column: int | None) -> str:
    """``path`` named, in a workbook, by the sheet and the cell (0-based ``column``) too, or
    by the sheet alone for a whole row (``column`` None)."""
    if sheet is None:
        return path
    if column is None:
        return f"{sheet_ref(sheet)}: {path}"
    return f"{sheet_ref(sheet)}!{column_letters(column)}{row}: {path}"


def _check_header(file: str, source: RecordSource, header: list[str],
                  sheet: str | None = None) -> None:
    missing = [c for c in source.columns if c not in header]
    if missing:
        raise AppraiseError([Diagnostic(file, 1, 0, "error", _placed(
            f"records.{source.id}", sheet, 1, None), _(
            "the header has no column '{column}'").format(column=column), _(
            "the header must name every column declared under records.{source}.columns"
        ).format(source=source.id)) for column in missing])


def read_source(folder: str | FilePath, source: RecordSource, year: int,
                known: Mapping[str, set[str]]) -> list[Record]:
    """Every record of ``source``, typed, or :class:`AppraiseError` naming each bad one:
    a missing or repeated key, a value not of its column's type, a date outside ``year``,
    a reference to nothing ``known`` (a source's keys, the people, the units)."""
    file = where(folder, source)
    out: list[Record] = []
    problems: list[Diagnostic] = []
    seen: dict[str, int] = {}
    order = check_header(folder, source)
    read = None if source.file.endswith(".parquet") else prepared(folder, source).sheet
    sheet = read.name if read is not None else None

    def bad(row: int, column: str, message: str, hint: str) -> None:
        at = order.index(column)
        problems.append(Diagnostic(file, row, at + 1, "error", _placed(
            f"{source.id}.{column}", sheet, row, at), message, hint))

    for row, cells in raw_rows(folder, source):
        values: dict[str, Value] = {}
        key = cells[source.key]
        if key == "":
            bad(row, source.key, _("the record has no {key}").format(key=source.key),
                _("every record needs its own {key}").format(key=source.key))
        elif key in seen:
            bad(row, source.key, _("{key} '{value}' is the record of row {row} again").format(
                key=source.key, value=key, row=seen[key]),
                _("each record's {key} must be unique: remove the copy").format(key=source.key))
        else:
            seen[key] = row
        for name, column in source.columns.items():
            text = cells[name]
            value = parse(text, column.type)
            if value is _WRONG:
                bad(row, name, (_("'{value}' is neither true nor false") if column.type ==
                                "boolean" else _("'{value}' is not {type}")).format(
                    value=text, type=type_word(column.type)), _HINTS[column.type]())
                continue
            values[name] = value  # type: ignore[assignment]
            if value is None and name == source.date:
                bad(row, name, _("the record has no {column}: the date places it in a month"
                                 ).format(column=name), _("write the date as 2026-03-15"))
            elif isinstance(value, date) and name == source.date and value.year != year:
                bad(row, name, _("the date {value} is outside the scheme's year {year}").format(
                    value=text, year=year), _("records of another year belong to that year's "
                                              "scheme: leave them out of the file"))
            elif value is not None and column.refers is not None \
                    and str(value) not in known[column.refers]:
                bad(row, name, _unknown(column.refers, name, str(value)),
                    _("correct it, or add the missing entry to {target}").format(
                        target=column.refers))
        out.append(Record(row, values))
        if len(problems) >= MAX_ERRORS:
            break
    if problems:
        raise AppraiseError(problems)
    return out


def _unknown(target: str, column: str, value: str) -> str:
    if target == "people":
        return _("{column} '{value}' is not a person of the scheme").format(column=column,
                                                                            value=value)
    if target == "units":
        return _("{column} '{value}' is not a unit of the scheme").format(column=column,
                                                                          value=value)
    return _("{column} '{value}' is no record of '{target}'").format(
        column=column, value=value, target=target)


_WRONG = object()
_HINTS: dict[str, Callable[[], str]] = {
    "number": lambda: _("write a number such as 1234.56: no thousands separators, units or "
                        "more than six decimals"),
    "date": lambda: _("write the date as 2026-03-15"),
    "boolean": lambda: _("write true or false"),
    "text": lambda: "",
}


def parse(text: str, kind: str) -> object:
    """A cell's value by its column's type; None for a blank cell; ``_WRONG`` if it is not
    of the type."""
    if text == "":
        return None
    if kind == "number":
        return Decimal(text) if NUMBER.match(text) else _WRONG
    if kind == "date":
        if not DATE.match(text):
            return _WRONG
        try:
            return date.fromisoformat(text)
        except ValueError:
            return _WRONG
    if kind == "boolean":
        return BOOLEANS.get(text.lower(), _WRONG)
    return text
