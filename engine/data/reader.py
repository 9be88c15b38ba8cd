"""Reading a period's actuals: one row per person, with the fields their scorecard needs.

CSV (with a header row) and JSON are accepted. Columns are matched to fields
by id or by label, so a sheet exported from Excel with Chinese headers works.
Every problem in the file is reported at once, naming row and column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path as FilePath
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..diagnostics import AppraiseError, Diagnostic, did_you_mean
from ..load.document import read_text
from ..model import Person, Post, Scheme
from ..numbers import show
from ..year.periods import month_id, parse_month
from .raters import RatingError, combine

MAX_DATA_BYTES = 256 * 1024 * 1024

ID_COLUMNS = ("id", "person", "person_id", "工号", "员工编号")
NAME_COLUMNS = ("name", "姓名")
POST_COLUMNS = ("post", "岗位")
PERIOD_COLUMNS = ("period", "期间", "考核期间")

_PLAIN = re.compile(r"[-+]?\d{1,15}(\.\d{1,15})?")
_GROUPED = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")

Value = float | str


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


@dataclass
class _Record:
    cells: dict[str, str]  # column name -> raw text
    line: int
    columns: dict[str, int]  # column name -> 1-based column number (0 for JSON)


def read_actuals(file: str | FilePath, scheme: Scheme, period: str | None = None,
                 content: bytes | None = None) -> Actuals:
    """Read and check a data file against ``scheme``; raise :class:`AppraiseError`."""
    name = str(file)
    if content is None:
        content = _read_bytes(name)
    period = period.strip() if period is not None else None
    header, records = _records(name, content)
    reader = _Reader(name, scheme, header)
    rows, chosen = reader.rows(records, period)
    if reader.errors:
        raise AppraiseError(reader.errors)
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
        content = _read_bytes(name)
    assert scheme.calendar is not None
    year = scheme.calendar.year
    header, records = _records(name, content)
    reader = _Reader(name, scheme, header)
    if reader.period_column is None:
        reader.fail(1, 1, "", "no period column: this scheme is kept by month",
                    f"add a column 'period' holding each row's month, e.g. {year}-01")
    by_month: dict[int, list[_Record]] = {}
    column = reader.period_column or ""
    for record in records if column else []:
        text = record.cells.get(column, "").strip()
        found = parse_month(text)
        if found is None or found[0] != year:
            reader.fail(record.line, record.columns.get(column, 0), "",
                        f"period '{text}' is not a month of {year}",
                        f"write the month as {year}-MM; the scheme keeps figures by month")
            continue
        by_month.setdefault(found[1], []).append(record)
    fingerprint = "sha256:" + hashlib.sha256(content).hexdigest()
    months: dict[int, Actuals] = {}
    for month in sorted(by_month):
        reader.month = month
        rows = reader.month_rows(by_month[month])
        months[month] = Actuals(name, fingerprint, month_id(year, month), tuple(rows), [],
                                reader.columns, reader.ratings, reader.index)
    if reader.errors:
        raise AppraiseError(sorted(set(reader.errors)))
    once: dict[str, Diagnostic] = {}  # a warning that holds every month is said once
    for warning in sorted(set(reader.warnings)):
        once.setdefault(warning.message, warning)
    return Monthly(name, fingerprint, months, sorted(once.values()))


def _read_bytes(name: str) -> bytes:
    try:
        with open(name, "rb") as handle:
            return handle.read(MAX_DATA_BYTES + 1)
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        raise AppraiseError([Diagnostic(name, 0, 0, "error", "", message)]) from None


def _records(name: str, content: bytes) -> tuple[list[str], list[_Record]]:
    text = read_text(name, content, MAX_DATA_BYTES, "data file")
    if name.lower().endswith(".json"):
        return _json_records(name, text)
    return _csv_records(name, text)


def _csv_rows(name: str, text: str) -> list[tuple[int, list[str]]]:
    """The rows of a CSV text, each with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        problem = str(exc)
        hint = "check for a quote (\") that is opened but never closed"
        if "field larger than field limit" in problem:
            problem, hint = "a cell is far too long", "check the row; a cell holds one value"
        raise AppraiseError([Diagnostic(name, start, 0, "error", "", f"CSV: {problem}",
                                        hint)]) from None
    return rows


def _csv_records(name: str, text: str) -> tuple[list[str], list[_Record]]:
    lines = _csv_rows(name, text)
    if not lines or not any(c.strip() for c in lines[0][1]):
        raise AppraiseError([Diagnostic(name, 1, 1, "error", "", "the first row must be a header "
                                        "naming the columns", "e.g. id,post,revenue,...")])
    header = [c.strip() for c in lines[0][1]]
    seen: dict[str, int] = {}
    errors = []
    for i, column in enumerate(header, 1):
        if column in seen and column:
            errors.append(Diagnostic(name, 1, i, "error", "", f"column '{column}' appears twice "
                                     f"(columns {seen[column]} and {i})", "remove or rename one"))
        seen.setdefault(column, i)
    if errors:
        raise AppraiseError(errors)
    records = []
    for number, cells in lines[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            more = len(cells) > len(header)
            errors.append(Diagnostic(
                name, number, min(len(cells), len(header)) + 1, "error", "",
                f"row has {len(cells)} cells but the header names {len(header)} columns",
                "remove the extra cells" if more else
                "check for a missing comma, or a full-width comma '，' typed instead of ','"))
            continue
        values = {h: cells[i] for i, h in enumerate(header) if h}
        records.append(_Record(values, number, seen))
    if errors:
        raise AppraiseError(errors)
    return header, records


def _json_records(name: str, text: str) -> tuple[list[str], list[_Record]]:
    duplicates: list[str] = []

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                duplicates.append(key)
            seen[key] = value
        return seen

    def fail(message: str, hint: str = "", line: int = 0, column: int = 0) -> AppraiseError:
        return AppraiseError([Diagnostic(name, line, column, "error", "", message, hint)])

    try:
        data = json.loads(text, parse_float=Decimal, object_pairs_hook=unique)
    except json.JSONDecodeError as exc:
        raise fail(f"JSON syntax: {exc.msg}", "", exc.lineno, exc.colno) from None
    except RecursionError:
        raise fail("the JSON is nested far too deeply", "expected a list of people") from None
    if duplicates:
        raise fail(f"key '{duplicates[0]}' appears twice in one object",
                   "JSON would silently keep only the last; remove one")
    period = None
    if isinstance(data, dict):
        period = data.get("period")
        data = data.get("people")
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise fail("expected a list of people (objects), or {\"period\": ..., \"people\": [...]}")
    if not data:
        raise fail("the data file has no rows", "add one object per person")
    header: list[str] = []
    records = []
    for number, record in enumerate(data, 1):
        cells = {str(k): _json_text(v) for k, v in record.items()}
        own = next((k for k in PERIOD_COLUMNS if k in cells), None)
        if period is not None and own is None:
            cells["period"] = str(period)
        elif period is not None and own is not None and cells[own].strip() != str(period):
            raise fail(f"record {number} is for period '{cells[own]}', but the file says "
                       f"'{period}'", "correct one of them")
        for key in cells:
            if key not in header:
                header.append(key)
        records.append(_Record(cells, number, {}))
    return header, records


def _json_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int | float):
        return str(value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def parse_number(text: str) -> float | None:
    """A cell as a number: plain, or with thousands separators (1,380,000)."""
    cleaned = text.strip()
    if _PLAIN.fullmatch(cleaned):  # the usual case: float() rounds exactly as Decimal does
        return float(cleaned)
    if _GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    value = float(number)
    return value if math.isfinite(value) else None


class _Reader:
    def __init__(self, file: str, scheme: Scheme, header: list[str]) -> None:
        self.file = file
        self.scheme = scheme
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.is_json = file.lower().endswith(".json")
        self.id_column = _pick(header, ID_COLUMNS)
        self.name_column = _pick(header, NAME_COLUMNS)
        self.post_column = _pick(header, POST_COLUMNS)
        self.period_column = _pick(header, PERIOD_COLUMNS)
        by_label = {f.label: f.id for f in scheme.fields.values()}
        self.field_columns: dict[str, str] = {}
        self.rater_columns = _rater_columns(scheme, header, by_label)
        special = {self.id_column, self.name_column, self.post_column, self.period_column}
        special |= {c for groups in self.rater_columns.values() for cs in groups.values()
                    for c in cs}
        self.month = 0  # reading one month of a file kept by month
        self.first_post: dict[str, str] = {}
        for column in header:
            field_id = column if column in scheme.fields else by_label.get(column)
            if field_id is not None:
                self.field_columns.setdefault(field_id, column)
            elif column and column not in special:
                self.warn(0, f"column '{column}' is not a field of the scheme and is ignored",
                          did_you_mean(column, scheme.fields))
        self.missing_reported: set[str] = set()
        self.columns: dict[str, NDArray[np.float64]] = {}
        self.ratings: dict[str, NDArray[np.object_]] = {}
        self.index: dict[str, int] = {}
        self.fields_by_post: dict[str, list[tuple[str, str | None]]] = {}
        self.position = 0
        self.twins = {_normalised(p): p for p in scheme.people}
        if self.id_column is None:
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

    def rows(self, records: list[_Record], period: str | None) -> tuple[list[Row], str | None]:
        if self.id_column is None:
            return [], period
        records, period = self.select_period(records, period)
        if not records and not self.errors:
            self.fail(2, 1, "", "the data file has no rows" + (f" for period {period}"
                      if period else ""), "add one row per person after the header")
        rows: list[Row] = []
        first_line: dict[str, int] = {}
        self.start_columns(len(records))
        index = self.index = {}
        for record in records:
            self.position = len(rows)
            row = self.row(record, first_line)
            if row is not None:
                index[row.person] = len(rows)
                rows.append(row)
        if len(rows) < len(records):
            self.columns = {k: v[:len(rows)] for k, v in self.columns.items()}
            self.ratings = {k: v[:len(rows)] for k, v in self.ratings.items()}
        for person in self.scheme.people:
            if person not in first_line and records:
                self.warn(0, f"person '{person}' is in the scheme but has no row in the data, "
                          "and is not scored", "add a row if they should be appraised")
        return rows, period

    def month_rows(self, records: list[_Record]) -> list[Row]:
        """One month's rows of a file kept by month."""
        rows: list[Row] = []
        first_line: dict[str, int] = {}
        self.start_columns(len(records))
        self.first_post = {}
        for record in records:
            self.position = len(rows)
            row = self.row(record, first_line)
            if row is not None:
                rows.append(row)
                self.first_post[row.person] = row.post
        if len(rows) < len(records):
            self.columns = {k: v[:len(rows)] for k, v in self.columns.items()}
            self.ratings = {k: v[:len(rows)] for k, v in self.ratings.items()}
        return rows

    def start_columns(self, rows: int) -> None:
        fields = self.scheme.fields.values()
        self.columns = {f.id: np.full(rows, np.nan) for f in fields if f.type == "number"}
        self.ratings = {f.id: np.full(rows, None, dtype=object) for f in fields
                        if f.type == "rating"}

    def select_period(self, records: list[_Record],
                      period: str | None) -> tuple[list[_Record], str | None]:
        if self.period_column is None:
            return records, period
        periods = sorted({r.cells[self.period_column].strip() for r in records})
        if period is None:
            if len(periods) > 1:
                self.fail(1, 0, "", "the data holds several periods (" + ", ".join(periods)
                          + ")", "choose one with --period")
                return [], None
            return records, periods[0] if periods else None
        chosen = [r for r in records if r.cells[self.period_column].strip() == period]
        if not chosen and records:
            self.fail(1, 0, "", f"no rows for period {period}",
                      "the data has: " + ", ".join(periods))
        return chosen, period

    def row(self, record: _Record, first_line: dict[str, int]) -> Row | None:
        assert self.id_column is not None
        line, cells = record.line, record.cells
        where = f"record {line}" if self.is_json else f"row {line}"
        person_id = cells.get(self.id_column, "").strip()
        if not person_id:
            self.fail(line, record.columns.get(self.id_column, 0), "",
                      f"{where} has no person id", "fill in the id, or delete the row")
            return None
        if person_id in first_line and self.month:
            written = cells.get(self.post_column, "").strip() if self.post_column else ""
            before = self.first_post.get(person_id, "")
            if written and before and written != before:
                self.fail(line, record.columns.get(self.post_column or "", 0), person_id,
                          f"person '{person_id}' is on two posts at once in "
                          f"{month_id(self.year, self.month)}: '{before}' (row "
                          f"{first_line[person_id]}) and '{written}' (row {line})",
                          "one person holds one post a month; a move takes effect from the "
                          "next month")
                return None
        if person_id in first_line:
            self.fail(line, record.columns.get(self.id_column, 0), person_id,
                      f"person '{person_id}' appears twice ({'records' if self.is_json else 'rows'}"
                      f" {first_line[person_id]} and {line})", "keep one row per person")
            return None
        first_line[person_id] = line
        person = self.scheme.people.get(person_id)
        post = self.post_of(record, person_id, person)
        if post is None:
            return None
        values: dict[str, Value] = {}
        plain, columns, position = _PLAIN.fullmatch, self.columns, self.position
        for field_id, column in self.needed_columns(post):
            text = cells.get(column, "") if column is not None else ""
            if column is not None and field_id in columns and plain(text):
                number = values[field_id] = float(text)  # the usual case, inline
                columns[field_id][position] = number
                continue
            value = self.value(record, person_id, post, field_id)
            if value is not None:
                values[field_id] = value
        name = cells.get(self.name_column, "").strip() if self.name_column else ""
        if person is not None and name and person.name != person.id and name != person.name:
            self.warn(line, f"person '{person_id}' is called '{name}' here but "
                      f"'{person.name}' in the scheme", "check that the row is the right person")
        return Row(person_id, name or (person.name if person else person_id), post.id,
                   values, line)

    def needed_columns(self, post: Post) -> list[tuple[str, str | None]]:
        """The fields a person on ``post`` reports, each with the column that holds it."""
        if post.id not in self.fields_by_post:
            self.fields_by_post[post.id] = [(f, self.field_columns.get(f))
                                            for f in self.scheme.fields_for(post)]
        return self.fields_by_post[post.id]

    def post_of(self, record: _Record, person_id: str, person: Person | None) -> Post | None:
        posts = self.scheme.posts
        written = record.cells.get(self.post_column, "").strip() if self.post_column else ""
        column = record.columns.get(self.post_column or "", 0)
        if person is not None:
            held = person.post_in(self.month) if self.month else person.post
            when = f" in {month_id(self.year, self.month)}" if self.month else ""
            if held is None:
                self.fail(record.line, record.columns.get(self.id_column or "", 0), person_id,
                          f"person '{person_id}' has a row for "
                          f"{month_id(self.year, self.month)}, but holds no post then in the "
                          "scheme", f"check the months under people.{person_id}.posts")
                return None
            if written and written != held:
                self.fail(record.line, column, f"{person_id}.post",
                          f"person '{person_id}' is on post '{held}'{when} in the scheme but "
                          f"'{written}' in the data", "correct one of them")
                return None
            return posts[held]
        twin = self.twins.get(_normalised(person_id))
        if twin is not None:
            self.fail(record.line, record.columns.get(self.id_column or "", 0), person_id,
                      f"person '{person_id}' is not in the scheme, but '{twin}' is",
                      f"write the id exactly as '{twin}' (check case, leading zeros and "
                      "invisible characters)")
            return None
        if not written:
            self.fail(record.line, record.columns.get(self.id_column or "", 0), person_id,
                      f"unknown person '{person_id}': not in the scheme's people, and no post "
                      "is given for them", "add them under people: in the scheme, or fill in "
                      "a 'post' column")
            return None
        if written not in posts:
            self.fail(record.line, column, f"{person_id}.post", f"unknown post '{written}'",
                      did_you_mean(written, posts))
            return None
        return posts[written]

    def value(self, record: _Record, person_id: str, post: Post, field_id: str) -> Value | None:
        scheme_field = self.scheme.fields[field_id]
        if scheme_field.raters is not None:
            return self.rated(record, person_id, field_id)
        column = self.field_columns.get(field_id)
        if column is None:
            if field_id not in self.missing_reported:
                self.missing_reported.add(field_id)
                label = f" ({scheme_field.label})" if scheme_field.label != field_id else ""
                self.fail(1, 0, "", f"missing column '{field_id}'{label}, needed by post "
                          f"'{post.id}' (first: person '{person_id}')",
                          "add the column, headed by the field's id or label")
            return None
        text = record.cells.get(column, "").strip()
        if scheme_field.type == "number" and _PLAIN.fullmatch(text):  # the usual case
            number = float(text)
            self.columns[field_id][self.position] = number
            return number
        col = record.columns.get(column, 0)
        path = f"{person_id}.{field_id}"
        if not text:
            self.fail(record.line, col, path, f"no value for '{column}'",
                      "enter 0 if there were none" if scheme_field.type == "number"
                      else "enter the rating")
            return None
        if scheme_field.type == "rating":
            scale = self.scheme.scales.get(scheme_field.scale or "")
            levels = list(scale.levels) if scale else []
            if text not in levels:
                self.fail(record.line, col, path, f"rating '{text}' is not on the scale "
                          f"'{scheme_field.scale}'", did_you_mean(text, levels))
                return None
            self.ratings[field_id][self.position] = text
            return text
        parsed = parse_number(text)
        if parsed is None:
            self.fail(record.line, col, path, f"expected a number, found '{text}'",
                      "write digits only, e.g. 1380000 or 1,380,000; no units or % signs")
        else:
            self.columns[field_id][self.position] = parsed
        return parsed


    @property
    def year(self) -> int:
        return self.scheme.calendar.year if self.scheme.calendar else 0

    def rated(self, record: _Record, person_id: str, field_id: str) -> float | None:
        """A field rated by several raters: their columns combined as the scheme says."""
        spec = self.scheme.fields[field_id]
        assert spec.raters is not None
        groups = self.rater_columns.get(field_id, {})
        ratings: dict[str, list[float]] = {}
        missing = [g for g, weight in spec.raters.weights.items()
                   if weight != 0 and not groups.get(g)]
        for group in missing:
            if f"{field_id}@{group}" not in self.missing_reported:  # once a file, not a row
                self.missing_reported.add(f"{field_id}@{group}")
                self.fail(1, 0, "", f"missing column '{field_id}@{group}' for the rater "
                          f"'{group}' of field '{field_id}' (first: person '{person_id}')",
                          f"head a column {field_id}@{group}; for several raters, "
                          f"{field_id}@{group}1, {field_id}@{group}2, ...")
        if missing:
            return None
        for group in spec.raters.weights:
            for column in groups.get(group, []):
                text = record.cells.get(column, "").strip()
                if not text:
                    continue  # a rater who did not rate; a group with nobody is an error
                number = parse_number(text)
                if number is None:
                    self.fail(record.line, record.columns.get(column, 0),
                              f"{person_id}.{field_id}", f"expected a rating (a number) in "
                              f"'{column}', found '{text}'", "write digits only, e.g. 4")
                    return None
                ratings.setdefault(group, []).append(number)
        try:
            value = combine(ratings, spec.raters, spec.convert)
        except RatingError as exc:
            conversion = spec.convert
            hint = f"ratings run from {show(conversion.low)} to {show(conversion.high)}" \
                if conversion is not None and "outside" in str(exc) \
                else "fill in the rating, or give the rater no weight"
            self.fail(record.line, 0, f"{person_id}.{field_id}", str(exc), hint)
            return None
        self.columns[field_id][self.position] = value
        return value


def _rater_columns(scheme: Scheme, header: list[str], by_label: dict[str, str]
                   ) -> dict[str, dict[str, list[str]]]:
    """For each rated field, its rater groups and their columns (teamwork@peer1, ...)."""
    out: dict[str, dict[str, list[str]]] = {}
    for column in header:
        if "@" not in column:
            continue
        name, _, rater = column.rpartition("@")
        field_id = name if name in scheme.fields else by_label.get(name)
        spec = scheme.fields.get(field_id or "")
        if spec is None or spec.raters is None:
            continue
        group = rater if rater in spec.raters.weights else rater.rstrip("0123456789")
        if group in spec.raters.weights:
            out.setdefault(spec.id, {}).setdefault(group, []).append(column)
    return out


def _normalised(person_id: str) -> str:
    """An id as a near-miss sees it: no case, width, invisible characters or leading zeros."""
    text = unicodedata.normalize("NFKC", person_id)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Zs"))
    return text.casefold().lstrip("0")


def _pick(header: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.lower(): h for h in header}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None
