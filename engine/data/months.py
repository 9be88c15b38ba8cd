"""Reading a file kept by month a column at a time: the rows split by the month their
period cell names, then each month read as a plain period is (:mod:`.bulk`), with what a
month adds: the post each scheme person holds that month, one post a person a month, the
figures of the units above each row's post, and the people known only from the data
counted once over the months. The row-by-row reader (:mod:`.rowwise`) is the reference.
"""

from __future__ import annotations

import numpy as np

from ..model import Scheme
from ..year.periods import parse_month
from .bulk import ColumnReader
from .earlier import absolute, earlier_year
from .identity import NAMED
from .table import Table, pick


class MonthReader(ColumnReader):
    """Reads a table of monthly rows against the scheme, a month and a column at a time."""

    def __init__(self, file: str, scheme: Scheme, columns: list[str], is_json: bool) -> None:
        super().__init__(file, scheme, columns, is_json)
        self.seen: set[str] = set()  # the people known only from the data, over the months
        self.steady: dict[str, int] | None = None
        self.earlier: list[tuple[int, int]] = []  # the year before's rows: (month, row)

    def months(self, table: Table) -> dict[int, list[int]]:
        """The rows of each month, by their period cells; a cell that is not a month of
        the scheme's year is an error."""
        year = self.year
        column = self.header.period
        if column is None:
            self.no_period_column()
            return {}
        written = list(map(str.strip, table.column(column)))
        month = {}
        before: dict[str, int] = {}  # the year before's months, for previous() and last_year()
        for text in set(written):
            found = parse_month(text)
            month[text] = found[1] if found is not None and found[0] == year else 0
            if found is not None and earlier_year(self.scheme, found[0]):
                month[text], before[text] = -1, absolute(*found)
        which = np.fromiter(map(month.__getitem__, written), dtype=np.intp,
                            count=len(written))
        at = table.positions.get(column, 0)
        for k in np.flatnonzero(which == 0).tolist():
            self.not_a_month(table.lines[k], at, written[k])
        self.earlier = [(before[written[k]], k) for k in np.flatnonzero(which < 0).tolist()]
        return {int(m): np.flatnonzero(which == m).tolist()
                for m in np.unique(which[which > 0]).tolist()}

    def held(self, code: dict[str, int]) -> dict[str, int]:
        """The post each scheme person holds this month (-4: none): those on one post all
        year looked up once for the file."""
        people = self.scheme.people.values()
        if self.steady is None:
            self.steady = {p.id: code[p.post] for p in people if not p.assignments}
        out = dict(self.steady)
        for person in people if len(out) < len(people) else ():
            if person.assignments:
                post = person.post_in(self.month)
                out[person.id] = code[post] if post is not None else -4
        return out

    def again(self, table: Table, k: int, person_id: str, first: int, post: int) -> None:
        """A second row of a person in a month: on another post than the first row's, or
        twice."""
        header, line = self.header, table.lines[k]
        written = table.column(header.post)[k].strip() if header.post else ""
        before = self.on[post].id if post >= 0 else ""
        if not (written and before and written != before):
            super().again(table, k, person_id, first, post)
            return
        self.two_posts(line, table.positions.get(header.post or "", 0), person_id, before,
                       table.lines[first], written)

    def met(self, ids: list[str], table: Table, at: int, written: list[str],
            new: list[int]) -> None:
        """The people known only from the data this month: named in the order first met,
        over the months, and counted once."""
        named = self.identities.newcomers
        for k in new:
            if len(named) >= NAMED:
                break
            named.setdefault(ids[k], (table.lines[k], at, written[k]))
        self.seen.update(pick(ids, new))
        self.identities.unnamed = len(self.seen) - len(named)
