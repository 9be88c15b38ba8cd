"""Reading a data file row by row: a :class:`Row` per person, each cell checked on its own.

This is how each month of a scheme kept by month is read, and the reference that the
column-at-a-time reading of a plain period (:mod:`.bulk`) is held equal to: the same
rows, figures, warnings and errors."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..model import Scheme
from .actuals import Row, Value
from .cells import PLAIN
from .reading import Reading
from .records import Record
from .texts import row_texts


class RowReader(Reading):
    """Reads the records of one file against the scheme, a row at a time."""

    def __init__(self, file: str, scheme: Scheme, columns: list[str], is_json: bool) -> None:
        super().__init__(file, scheme, columns, is_json)
        self.first_post: dict[str, str] = {}
        self.columns: dict[str, NDArray[np.float64]] = {}
        self.ratings: dict[str, NDArray[np.object_]] = {}
        self.index: dict[str, int] = {}
        self.position = 0

    def period_rows(self, found: list[Record], period: str | None
                    ) -> tuple[list[Row], str | None]:
        """The rows of the period asked for (or the file's one period)."""
        if self.header.id is None:
            return [], period
        found, period = self.select_period(found, period)
        if not found and not self.errors:
            self.no_rows(period)
        self.identities.expect(found)
        rows = self.read(found)[0]
        self.warnings += self.identities.newcomer_warnings(self.file, self.is_json)
        if found and not self.errors:  # who is missing, once the rows themselves are right
            self.errors += self.identities.absent(self.file, period)
        return rows, period

    def month_rows(self, found: list[Record]) -> list[Row]:
        """One month's rows of a file kept by month."""
        self.first_post = {}
        if self.header.id is None:  # said once, for the file
            return []
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
        self.ratings.update({f: np.full(len(found), None, dtype=object) for f, _ in self.texts})
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
        column = self.header.period
        periods = sorted({r.cells.get(column, "").strip() for r in records})
        if period is None:
            if len(periods) > 1:
                self.several_periods(periods)
                return [], None
            return records, periods[0] if periods else None
        chosen = [r for r in records if r.cells.get(column, "").strip() == period]
        if not chosen and records:
            self.no_period(period, periods)
        return chosen, period

    def row(self, record: Record, first_line: dict[str, int]) -> Row | None:
        assert self.header.id is not None
        line, cells = record.line, record.cells
        person_id = cells.get(self.header.id, "").strip()
        if not person_id:
            self.no_id(line, record.columns.get(self.header.id, 0))
            return None
        if person_id in first_line and self.month:
            written = cells.get(self.header.post, "").strip() if self.header.post else ""
            before = self.first_post.get(person_id, "")
            if written and before and written != before:
                self.two_posts(line, record.columns.get(self.header.post or "", 0),
                               person_id, before, first_line[person_id], written)
                return None
        if person_id in first_line:
            self.twice(line, record.columns.get(self.header.id, 0), person_id,
                       first_line[person_id])
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
        for field_id, text in row_texts(self.texts, cells).items():
            values[field_id] = self.ratings[field_id][position] = text
        name = cells.get(self.header.name, "").strip() if self.header.name else ""
        if person is not None and name and person.name != person.id and name != person.name:
            self.name_differs(line, person_id, name, person.name)
        return Row(person_id, name or (person.name if person else person_id), post.id,
                   values, line)
