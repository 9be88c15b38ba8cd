"""Reading a plain period a column at a time: the ids, posts and figures of every row
checked and converted in bulk, with no record or :class:`Row` made per person.

Each check runs over a whole column: the ids against the scheme's people (dictionaries
built once), a column of figures against the plain-number pattern, then ``float`` of each
cell, then the field's range as array comparisons. A cell or row the bulk check does not
pass (a blank, 1,380,000, a twin's id, a figure out of range) goes to the code that reads
a row on its own (:mod:`.rowwise`, :mod:`.cells`, :mod:`.identity`), which gives the value
or the message, word for word, that the row-by-row reader gives.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from itertools import compress, repeat

import numpy as np
from numpy.typing import NDArray

from ..model import Scheme
from .actuals import Positions, Rows
from .figures import Part, numbers, out_of_range, read_fields
from .header import read_header
from .identity import NAMED
from .reading import Reading
from .table import Bools, Check, Floats, Table, pick
from .texts import read_texts


class ColumnReader(Reading):
    """Reads a plain period's table against the scheme, a column at a time."""

    def __init__(self, file: str, scheme: Scheme, columns: list[str], is_json: bool) -> None:
        super().__init__(file, scheme, columns, is_json)
        self.columns: dict[str, Floats] = {}
        self.ratings: dict[str, NDArray[np.object_]] = {}
        self.index: Mapping[str, int] = {}
        self.on = list(scheme.posts.values())
        self.called: dict[str, str] | None = None  # each scheme person's name
        self.fields: dict[str, tuple[list[str], list[str]]] = {}  # see Rows.fields

    def period_rows(self, table: Table, period: str | None) -> tuple[Rows, str | None]:
        """The rows of the period asked for (or the file's one period)."""
        if self.header.id is None:
            return self.read(table), period
        table, period = self.select_period(table, period)
        if not len(table) and not self.errors:
            self.no_rows(period)
        rows = self.read(table)
        self.warnings += self.identities.newcomer_warnings(self.file, self.is_json)
        if len(table) and not self.errors:  # who is missing, once the rows themselves are right
            self.errors += self.identities.absent(self.file, period)
        return rows, period

    def read(self, table: Table) -> Rows:
        """The rows of ``table``: a plain period's, or one month's of a file kept by month."""
        if self.header.id is None:
            return _rows(self, table.take([]), [], [], np.zeros(0, dtype=np.intp))
        ids = list(map(str.strip, table.column(self.header.id)))
        present = set(ids)
        self.identities.expect_ids(present, self.month)
        valid, posts = self.who(table, ids, len(present) == len(ids) and "" not in present)
        self.figures(table, ids, valid, posts)
        self.warnings += self.posts.blanks(self.file)
        return _rows(self, table, ids, valid, posts)

    def select_period(self, table: Table, period: str | None) -> tuple[Table, str | None]:
        if self.header.period is None:
            return table, period
        written = list(map(str.strip, table.column(self.header.period)))
        periods = sorted(set(written))
        if period is None:
            if len(periods) > 1:
                self.several_periods(periods)
                return table.take([]), None
            return table, periods[0] if periods else None
        chosen = list(compress(range(len(table)), map(period.__eq__, written)))
        if not chosen and len(table):
            self.no_period(period, periods)
        return (table if len(chosen) == len(table) else table.take(chosen)), period

    def who(self, table: Table, ids: list[str], unique: bool
            ) -> tuple[Sequence[int], NDArray[np.intp]]:
        """The rows that are somebody's on a post (ascending), and each one's post (an index
        into the scheme's posts); every other row has its problem filed. ``unique``: no id
        is blank or twice."""
        header, scheme, n = self.header, self.scheme, len(ids)
        at = table.positions.get(header.id or "", 0)
        code = {p: k for k, p in enumerate(scheme.posts)}
        written = list(map(str.strip, table.column(header.post)))
        said = np.fromiter(map(code.get, written, repeat(-2)), dtype=np.intp, count=n)
        said[np.fromiter(map(operator.not_, written), dtype=bool, count=n)] = -1
        mine = np.fromiter(map(self.held(code).get, ids, repeat(-3)), dtype=np.intp, count=n)
        first, later = (np.ones(n, dtype=bool), []) if unique else _first_rows(ids)
        known = mine != -3  # a scheme person (-4: holding no post this month)
        fine = np.where(known, (mine >= 0) & ((said == -1) | (said == mine)), said >= 0) & first
        strangers = np.flatnonzero(fine & ~known)
        fine[strangers[self.identities.doubtful(pick(ids, strangers.tolist()))]] = False
        post = np.where(known, mine, said)
        named = dict(self.identities.newcomers)
        for k in np.flatnonzero(first & ~fine).tolist():  # one by one, with their words
            found = self.identities.post_of(table.record(k), ids[k], scheme.people.get(ids[k]),
                                            self.month)
            if found is not None:
                fine[k], post[k] = True, code[found.id]
        self.identities.newcomers = named
        for k, before in later:
            if before < 0:
                self.no_id(table.lines[k], at)
            else:
                self.again(table, k, ids[k], before, post[before] if fine[before] else -1)
        self.met(ids, table, at, written, np.flatnonzero(fine & ~known).tolist())
        self.names(table, ids, np.flatnonzero(fine & known).tolist())
        valid: Sequence[int] = range(n) if fine.all() else np.flatnonzero(fine).tolist()
        return valid, post[fine]

    def held(self, code: dict[str, int]) -> dict[str, int]:
        """The post each scheme person holds, as an index into the scheme's posts."""
        return {p.id: code[p.post] for p in self.scheme.people.values()}

    def again(self, table: Table, k: int, person_id: str, first: int, post: int) -> None:
        """Row ``k``, for the person of the earlier row ``first`` (on ``post``, an index
        into the scheme's posts, if that row is right)."""
        at = table.positions.get(self.header.id or "", 0)
        self.twice(table.lines[k], at, person_id, table.lines[first])

    def met(self, ids: list[str], table: Table, at: int, written: list[str],
            new: list[int]) -> None:
        """The people known only from the data: the first few by name, the rest counted."""
        self.identities.newcomers = {ids[k]: (table.lines[k], at, written[k])
                                     for k in new[:NAMED]}
        self.identities.unnamed = len(new) - len(self.identities.newcomers)

    def names(self, table: Table, ids: list[str], known: list[int]) -> None:
        """A warning for each scheme person the data calls by another name."""
        if self.header.name is None or not known:
            return
        people = self.scheme.people
        written = pick(table.column(self.header.name), known)
        for k, name in zip(known, map(str.strip, written), strict=True):
            person = people[ids[k]]
            if name and person.name != person.id and name != person.name:
                self.name_differs(table.lines[k], ids[k], name, person.name)

    def figures(self, table: Table, ids: list[str], valid: Sequence[int],
                held: NDArray[np.intp]) -> None:
        """Every field of every valid row, a column at a time: ``self.columns`` and
        ``self.ratings`` in the order of ``valid``."""
        rows = Part(self.cells, self.on, table, ids, valid, np.arange(len(valid)), held)
        self.columns, self.ratings = read_fields(self.scheme, self.header, rows)
        self.ratings.update(read_texts([(f, pick(table.column(c), valid)) for f, c in self.texts],
                                       len(valid)))
        self.units(rows)

    def units(self, rows: Part) -> None:
        """The figures of the units above each row's post that its card lacks: a blank is
        kept for the warning of :meth:`PostColumns.blanks`; the rest checked and converted
        as a row's own figures. A field at a time, over the rows of every post that gives
        it."""
        table = rows.table
        used = np.flatnonzero(np.bincount(rows.posts, minlength=len(self.on))).tolist()
        wanted: dict[str, tuple[str, list[int]]] = {}  # field -> its column, the posts
        for k in used:
            for field_id, column in self.posts.for_units(self.on[k]):
                if column is not None:
                    wanted.setdefault(field_id, (column, []))[1].append(k)
        for field_id, (column, posts) in wanted.items():
            part = rows if len(posts) == len(used) else \
                rows.part(np.flatnonzero(np.isin(rows.posts, posts)))
            blank = table.blank(column, part.rows)
            at = table.positions.get(column, 0)
            for j in np.flatnonzero(blank).tolist():  # in row order, for the first few named
                row = part.rows[j]
                self.posts.blank(part.post(j).id, field_id, table.lines[row], at,
                                 part.ids[row])
            given = np.flatnonzero(~blank)
            for k in np.unique(part.posts[given]).tolist():
                self.posts.given(self.on[k].id, field_id)
            if len(given):
                numbers(part.part(given), self.scheme.fields[field_id], column,
                        self.columns[field_id])


def _rows(reader: ColumnReader, table: Table, ids: list[str], valid: Sequence[int],
          posts: NDArray[np.intp]) -> Rows:
    """The valid rows, kept as columns."""
    scheme, header = reader.scheme, reader.header
    on = list(scheme.posts)
    people = ids if len(valid) == len(ids) else pick(ids, valid)
    if reader.called is None:  # the same for every month of a file kept by month
        reader.called = {p.id: p.name for p in scheme.people.values()}
    called = reader.called
    names: Sequence[str] = list(map(called.get, people, people)) if called else people
    if header.name is not None:
        written = map(str.strip, pick(table.column(header.name), valid))
        names = [w or n for w, n in zip(written, names, strict=True)]
    fields = {}
    for k in np.flatnonzero(np.bincount(posts, minlength=len(on))).tolist():
        post = scheme.posts[on[k]]
        if post.id not in reader.fields:
            reader.fields[post.id] = (scheme.fields_for(post), [
                f for f, column in reader.posts.for_units(post) if column])
        fields[post.id] = reader.fields[post.id]
    reader.index = Positions(people)
    lines = table.lines if len(valid) == len(ids) else pick(table.lines, valid)
    return Rows(people, names, list(map(on.__getitem__, posts.tolist())), lines,
                reader.columns, reader.ratings, fields, [f for f, _ in reader.texts])


def number_columns(scheme: Scheme) -> Callable[[list[str]], dict[str, Check]]:
    """Given a CSV's header, the columns to read as numbers while it is split (each plain
    number field's), each with its field's range: the figures out of it keep their text
    for their message."""
    def checks(columns: list[str]) -> dict[str, Check]:
        header = read_header(scheme, columns)
        special = {header.id, header.name, header.post, header.period}
        out: dict[str, Check] = {}
        for field_id, column in header.fields.items():
            spec = scheme.fields[field_id]
            if spec.type == "number" and spec.raters is None and column not in special:
                out[column] = partial(out_of_range, spec)
        return out
    return checks


def _first_rows(ids: list[str]) -> tuple[Bools, list[tuple[int, int]]]:
    """Whether each row is the first of its id; and each other row, with the first row of
    its id (-1 for a row without one)."""
    first = np.zeros(len(ids), dtype=bool)
    seen: dict[str, int] = {}
    later = []
    for k, person_id in enumerate(ids):
        if not person_id:
            later.append((k, -1))
        elif person_id in seen:
            later.append((k, seen[person_id]))
        else:
            seen[person_id], first[k] = k, True
    return first, later
