"""Reading a period's figures: one row per person (per person per month for a scheme
kept by month), with the fields their scorecard needs, checked against the scheme.

CSV (with a header row) and JSON are accepted (:mod:`.records`); columns are matched to
fields by id or by label (:mod:`.header`); each cell is read by :mod:`.cells`. Every
problem in the file is reported at once, naming row and column; the number and rating
fields are kept as columns beside the rows, in row order, for the scorer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path as FilePath

import numpy as np
from numpy.typing import NDArray

from ..diagnostics import AppraiseError, Diagnostic, did_you_mean
from ..load import read_bytes
from ..model import Post, Scheme
from ..year.periods import month_id, parse_month
from .cells import PLAIN, Cells, Value
from .header import ID_COLUMNS, Header, one_column_per_field, read_header
from .identity import NAMED, Identities
from .records import MAX_DATA_BYTES, Record, is_json, records


@dataclass(frozen=True)
class Row:
    """One person's figures for the period."""

    person: str
    name: str
    post: str
    values: dict[str, Value]
    line: int


@dataclass(frozen=True)
class Actuals:
    """A period's data, checked against the scheme."""

    file: str
    fingerprint: str
    period: str | None
    rows: tuple[Row, ...]
    warnings: list[Diagnostic] = field(default_factory=list)
    columns: dict[str, NDArray[np.float64]] = field(default_factory=dict, repr=False)
    ratings: dict[str, NDArray[np.object_]] = field(default_factory=dict, repr=False)
    """Each rating field for every row, in row order (None where a row has none)."""
    index: dict[str, int] = field(default_factory=dict, repr=False)
    """Each person's row."""
    """Each number field for every row, in row order (NaN where a row has none)."""


def read_actuals(file: str | FilePath, scheme: Scheme, period: str | None = None,
                 content: bytes | None = None) -> Actuals:
    """Read and check a data file against ``scheme``; raise :class:`AppraiseError`."""
    name = str(file)
    if content is None:
        content = read_bytes(name, MAX_DATA_BYTES, "data file")
    period = period.strip() if period is not None else None
    columns, found = records(name, content)
    reader = _Reader(name, scheme, columns, is_json(name, content))
    one_column_per_field(scheme, reader.header, columns, found, reader.is_json, reader.fail)
    rows, chosen = reader.period_rows(found, period)
    if reader.errors:
        raise AppraiseError(reader.errors, reader.warnings)
    fingerprint = "sha256:" + hashlib.sha256(content).hexdigest()
    return Actuals(name, fingerprint, chosen, tuple(rows), sorted(set(reader.warnings)),
                   reader.columns, reader.ratings, reader.index)


@dataclass(frozen=True)
class Monthly:
    """A data file kept by month: each month's rows, checked against the scheme."""

    file: str
    fingerprint: str
    months: dict[int, Actuals]  # month (1..12) -> that month's rows
    warnings: list[Diagnostic] = field(default_factory=list)


def read_monthly(file: str | FilePath, scheme: Scheme, content: bytes | None = None) -> Monthly:
    """Read a file of monthly rows (a period column of YYYY-MM) for a scheme with a calendar."""
    name = str(file)
    if content is None:
        content = read_bytes(name, MAX_DATA_BYTES, "data file")
    assert scheme.calendar is not None
    year = scheme.calendar.year
    columns, found = records(name, content)
    reader = _Reader(name, scheme, columns, is_json(name, content))
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


class _PostColumns:
    """The fields a row on a post gives, each with the column that holds it: made once a
    post."""

    def __init__(self, scheme: Scheme, header: Header) -> None:
        self.scheme, self.header = scheme, header
        self._needed: dict[str, list[tuple[str, str | None, bool]]] = {}
        self._units: dict[str, list[tuple[str, str | None]]] = {}
        self._blank: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
        self._given: set[tuple[str, str]] = set()  # (post, field) some row gives

    def needed(self, post: Post) -> list[tuple[str, str | None, bool]]:
        """The fields a person on ``post`` reports, each with its column and whether a
        plain number there is taken as written."""
        if post.id not in self._needed:
            fields = self.scheme.fields
            self._needed[post.id] = [(f, self.header.fields.get(f), fields[f].as_written)
                                     for f in self.scheme.fields_for(post)]
        return self._needed[post.id]

    def for_units(self, post: Post) -> list[tuple[str, str | None]]:
        """The number fields the units above ``post`` are scored on that its card lacks:
        taken from a row that has them."""
        if post.id not in self._units:
            fields = self.scheme.fields
            self._units[post.id] = [(f, self.header.fields.get(f))
                                    for f in self.scheme.unit_fields_for(post)
                                    if fields[f].type == "number" and fields[f].raters is None]
        return self._units[post.id]

    def unit_figures(self, record: Record, person_id: str, post: Post, cells: Cells
                     ) -> Iterator[tuple[str, float]]:
        """A row's figures for the units above it, checked and converted as its own are;
        a blank cell is kept for :meth:`blanks`."""
        for field_id, column in self.for_units(post):
            if column is None:
                continue
            if not record.cells.get(column, "").strip():
                self._blank.setdefault((post.id, field_id), []).append(
                    (record.line, record.columns.get(column, 0), person_id))
                continue
            self._given.add((post.id, field_id))
            value = cells.figure(record, person_id, post, field_id)
            if isinstance(value, float):
                yield field_id, value

    def blanks(self, file: str) -> list[Diagnostic]:
        """A warning for each blank figure of a unit's where others on the same post give
        it (a blank everybody on a post leaves, a manager's revenue, is nothing)."""
        out: list[Diagnostic] = []
        for (post, field_id), found in self._blank.items():
            if (post, field_id) not in self._given:
                continue
            for line, column, person in found[:NAMED]:
                out.append(Diagnostic(file, line, column, "warning", f"{person}.{field_id}",
                                      f"'{field_id}' is blank for person '{person}', though "
                                      f"others on post '{post}' give it: it counts as nothing "
                                      "in the figures of the units above them",
                                      "enter 0 if there were none"))
            if len(found) > NAMED:
                out.append(Diagnostic(file, 0, 0, "warning", field_id, f"{len(found):,} people "
                                      f"on post '{post}' leave '{field_id}' blank; the first "
                                      f"{NAMED} are named", "enter 0 if there were none"))
        self._blank, self._given = {}, set()
        return out


class _Reader:
    """Reads the records of one file against the scheme, every problem filed."""

    def __init__(self, file: str, scheme: Scheme, columns: list[str], is_json: bool) -> None:
        self.file, self.scheme = file, scheme
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.is_json = is_json
        self.header = read_header(scheme, columns)
        for column in self.header.ignored:
            self.warn(0, f"column '{column}' is not a field of the scheme and is ignored",
                      did_you_mean(column, scheme.fields))
        self.cells = Cells(scheme, self.header, self.fail)
        self.identities = Identities(scheme, self.header, self.fail)
        self.month = 0  # reading one month of a file kept by month
        self.first_post: dict[str, str] = {}
        self.columns: dict[str, NDArray[np.float64]] = {}
        self.ratings: dict[str, NDArray[np.object_]] = {}
        self.index: dict[str, int] = {}
        self.posts = _PostColumns(scheme, self.header)
        self.position = 0
        if self.header.id is None:
            self.fail(1, 1, "", "no person id column",
                      "name the first column 'id' (also accepted: " + ", ".join(ID_COLUMNS[1:])
                      + ")")

    def fail(self, line: int, column: int, path: str, message: str, hint: str = "") -> None:
        if self.is_json:
            line, column = 0, 0
        self.errors.append(Diagnostic(self.file, line, column, "error", path, message, hint))

    def warn(self, line: int, message: str, hint: str = "") -> None:
        self.warnings.append(Diagnostic(self.file, line, 1 if line else 0, "warning", "",
                                        message, hint))

    @property
    def year(self) -> int:
        return self.scheme.calendar.year if self.scheme.calendar else 0

    def period_rows(self, found: list[Record], period: str | None
                    ) -> tuple[list[Row], str | None]:
        """The rows of the period asked for (or the file's one period)."""
        if self.header.id is None:
            return [], period
        found, period = self.select_period(found, period)
        if not found and not self.errors:
            self.fail(2, 1, "", "the data file has no rows" + (f" for period {period}"
                      if period else ""), "add one row per person after the header")
        self.identities.expect(found)
        rows = self.read(found)[0]
        self.warnings += self.identities.newcomer_warnings(self.file, self.is_json)
        if found and not self.errors:  # who is missing, once the rows themselves are right
            self.errors += self.identities.absent(self.file, period)
        return rows, period

    def month_rows(self, found: list[Record]) -> list[Row]:
        """One month's rows of a file kept by month."""
        self.first_post = {}
        self.identities.expect(found, self.month)
        return self.read(found)[0]

    def read(self, found: list[Record]) -> tuple[list[Row], dict[str, int]]:
        """The rows of ``found``, their figures also kept as columns; the line of each id."""
        rows: list[Row] = []
        first_line: dict[str, int] = {}
        fields = self.scheme.fields.values()
        self.columns = {f.id: np.full(len(found), np.nan) for f in fields if f.type == "number"}
        self.ratings = {f.id: np.full(len(found), None, dtype=object) for f in fields
                        if f.type == "rating"}
        index = self.index = {}
        for record in found:
            self.position = len(rows)
            row = self.row(record, first_line)
            if row is not None:
                index[row.person] = len(rows)
                rows.append(row)
                if self.month:
                    self.first_post[row.person] = row.post
        self.warnings += self.posts.blanks(self.file)
        if len(rows) < len(found):
            self.columns = {k: v[:len(rows)] for k, v in self.columns.items()}
            self.ratings = {k: v[:len(rows)] for k, v in self.ratings.items()}
        return rows, first_line

    def select_period(self, records: list[Record],
                      period: str | None) -> tuple[list[Record], str | None]:
        if self.header.period is None:
            return records, period
        periods = sorted({r.cells[self.header.period].strip() for r in records})
        if period is None:
            if len(periods) > 1:
                self.fail(1, 0, "", "the data holds several periods (" + ", ".join(periods)
                          + ")", "choose one with --period")
                return [], None
            return records, periods[0] if periods else None
        chosen = [r for r in records if r.cells[self.header.period].strip() == period]
        if not chosen and records:
            self.fail(1, 0, "", f"no rows for period {period}",
                      "the data has: " + ", ".join(periods))
        return chosen, period

    def row(self, record: Record, first_line: dict[str, int]) -> Row | None:
        assert self.header.id is not None
        line, cells = record.line, record.cells
        where = f"record {line}" if self.is_json else f"row {line}"
        person_id = cells.get(self.header.id, "").strip()
        if not person_id:
            self.fail(line, record.columns.get(self.header.id, 0), "",
                      f"{where} has no person id", "fill in the id, or delete the row")
            return None
        if person_id in first_line and self.month:
            written = cells.get(self.header.post, "").strip() if self.header.post else ""
            before = self.first_post.get(person_id, "")
            if written and before and written != before:
                self.fail(line, record.columns.get(self.header.post or "", 0), person_id,
                          f"person '{person_id}' is on two posts at once in "
                          f"{month_id(self.year, self.month)}: '{before}' (row "
                          f"{first_line[person_id]}) and '{written}' (row {line})",
                          "one person holds one post a month; a move takes effect from the "
                          "next month")
                return None
        if person_id in first_line:
            self.fail(line, record.columns.get(self.header.id, 0), person_id,
                      f"person '{person_id}' appears twice ({'records' if self.is_json else 'rows'}"
                      f" {first_line[person_id]} and {line})", "keep one row per person")
            return None
        first_line[person_id] = line
        person = self.scheme.people.get(person_id)
        post = self.identities.post_of(record, person_id, person, self.month)
        if post is None:
            return None
        values: dict[str, Value] = {}
        plain, columns, position = PLAIN.fullmatch, self.columns, self.position
        for field_id, column, as_written in self.posts.needed(post):
            text = cells.get(column, "") if column is not None else ""
            if column is not None and as_written and plain(text):
                number = values[field_id] = float(text)  # the usual case, inline
                columns[field_id][position] = number
                continue
            value = self.cells.figure(record, person_id, post, field_id)
            if isinstance(value, str):
                values[field_id] = self.ratings[field_id][position] = value
            elif value is not None:
                values[field_id] = self.columns[field_id][position] = value
        for field_id, value in self.posts.unit_figures(record, person_id, post, self.cells):
            values[field_id] = self.columns[field_id][position] = value
        name = cells.get(self.header.name, "").strip() if self.header.name else ""
        if person is not None and name and person.name != person.id and name != person.name:
            self.warn(line, f"person '{person_id}' is called '{name}' here but "
                      f"'{person.name}' in the scheme", "check that the row is the right person")
        return Row(person_id, name or (person.name if person else person_id), post.id,
                   values, line)
