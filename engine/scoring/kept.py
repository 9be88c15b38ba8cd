"""People on one post for the whole period, a column at a time.

Each month's rows stay the columns the reader made (:class:`Rows`). A person who holds
one post in every month of the period, as nearly everybody does, is one segment, found
by their row in each month; their figures are rolled up over the months a field at a
time, with the operations of :meth:`RollUp.roll_up` in the same order (a sum added month
by month from 0.0, an average that sum over the months that have the figure, the last
month that has it, a weighted average's two sums), so that every figure is the same to
the bit. Anybody else (who moves, joins, leaves or misses a month) takes the person-by-
person path of :class:`Months`, which is also the reference these columns are held to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import repeat
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..data import Row, Rows
from ..model import Scheme
from ..rules import Column
from .batch import Value

Bools = NDArray[np.bool_]
TEXTS_JOINED_BY = "；"
"""Between the different texts of a segment's months (得分依据 of January；of March)."""
Ints = NDArray[np.intp]


class Kept:
    """The months of everybody in a period by month, and the segments of those on one post
    throughout, as columns.

    ``order`` holds everybody to be scored, in the order the person-by-person path meets
    them (the months' rows in month order, then the scheme's people with no row);
    ``at[j, p]`` is person ``p``'s row in month ``j`` (-1: none); ``whole[p]`` says that
    ``p`` is on one post every month. The segments of those are numbered in ``order``'s
    order: ``of[k]`` is segment ``k``'s person, ``post[k]`` its post (an index into the
    scheme's posts)."""

    def __init__(self, scheme: Scheme, months: Sequence[Rows], order: list[str]) -> None:
        self.scheme, self.months = scheme, months
        self.names = list(scheme.posts)
        code = {p: k for k, p in enumerate(self.names)}
        self.codes = [np.fromiter(map(code.__getitem__, rows.posts), dtype=np.intp,
                                  count=len(rows)) for rows in months]
        self.order = order
        n = len(self.order)
        self.at = np.full((len(months), n), -1, dtype=np.intp)
        post = np.full((len(months), n), -1, dtype=np.intp)
        for j, rows in enumerate(months):
            if rows.people == order[:len(rows)]:  # the months' rows often come in one order
                self.at[j, :len(rows)] = np.arange(len(rows))
            else:
                row = dict(zip(rows.people, range(len(rows)), strict=True))
                self.at[j] = np.fromiter(map(row.get, order, repeat(-1)), dtype=np.intp,
                                         count=n)
            here = self.at[j] >= 0
            post[j, here] = self.codes[j][self.at[j, here]]
        self.whole = (self.at >= 0).all(axis=0) & (post == post[:1]).all(axis=0) \
            if len(months) else np.zeros(n, dtype=bool)
        self.of = np.flatnonzero(self.whole)
        self.rows_at = self.at[:, self.of]  # each segment's row in each month
        self.post = post[0, self.of] if len(months) else np.zeros(0, dtype=np.intp)
        self.rolled: dict[str, tuple[Column, Bools, Bools]] = {}
        self._kinds: dict[str, Ints] = {}  # each field, by post: held, unless blank, never
        self._cards: dict[str, Bools] = {}
        self._card_fields: list[str] | None = None

    def __len__(self) -> int:
        return len(self.of)

    def firsts(self) -> tuple[list[str], list[str], list[int]]:
        """Each segment's name (its first month's row's), post, and line (the first month's
        that has one)."""
        first = self.months[0]
        names = list(map(first.names.__getitem__, self.rows_at[0].tolist()))
        line = np.zeros(len(self), dtype=np.int64)
        for j in reversed(range(len(self.months))):
            lines = np.asarray(self.months[j].lines, dtype=np.int64)[self.rows_at[j]]
            line = np.where(lines != 0, lines, line)
        return names, list(map(self.names.__getitem__, self.post.tolist())), line.tolist()

    def rows(self, k: int) -> list[Row]:
        """Segment ``k``'s row of each month, made when asked for."""
        return [rows[int(self.rows_at[j, k])] for j, rows in enumerate(self.months)]

    def values(self, k: int, fields: Sequence[str]) -> dict[str, Value]:
        """Segment ``k``'s figures (and texts), as :meth:`RollUp.roll_up` gives them."""
        out: dict[str, Value] = {}
        for name in [*fields, *self.scheme.texts]:
            values, present, _ = self.roll(name)
            if present[k]:
                value = values[k]
                out[name] = value if isinstance(value, str) else float(value)
        return out

    def kind(self, j: int, name: str) -> Ints:
        """For each row of month ``j``, whether it holds ``name``: 2 always (its card's),
        1 unless blank (a unit's figure), 0 never (by its post: a post's fields are the
        same every month)."""
        if name not in self._kinds:
            table = np.zeros(len(self.names), dtype=np.intp)
            code = {p: k for k, p in enumerate(self.names)}
            fields = {post: found for rows in self.months for post, found in rows.fields.items()}
            for post, (needed, optional) in fields.items():
                table[code[post]] = 2 if name in needed else 1 if name in optional else 0
            self._kinds[name] = table
        found: Ints = self._kinds[name][self.codes[j]]
        return found

    def month(self, j: int, name: str) -> tuple[Column, Bools]:
        """Month ``j``'s ``name`` for every segment, and whether its row holds it."""
        rows, at = self.months[j], self.rows_at[j]
        if self.scheme.fields[name].type == "text":  # any row may hold one, unless blank
            texts = rows.ratings.get(name)
            cells = texts[at] if texts is not None else np.full(len(at), None, dtype=object)
            return cells, cells != None  # noqa: E711
        column = rows.ratings[name] if name in rows.ratings else rows.columns[name]
        kind = self.kind(j, name)[at]
        cells = column[at]
        if cells.dtype == object:
            return cells, (kind == 2) | ((kind == 1) & (cells != None))  # noqa: E711
        return cells, (kind == 2) | ((kind == 1) & ~np.isnan(cells))

    def roll(self, name: str) -> tuple[Column, Bools, Bools]:
        """``name`` rolled up over the months for every segment: the figures, whether a
        segment has one, and (a weighted average's) whether its weights add up to 0."""
        if name not in self.rolled:
            with np.errstate(all="ignore"):
                self.rolled[name] = _roll(self, name)
        return self.rolled[name]

    def card(self, fail: Callable[[int, str], None]) -> None:
        """Roll up every field of the segments' cards; ``fail(k, name)`` for a segment whose
        weights of ``name`` add up to 0."""
        for name in self.card_fields():
            _, _, zero = self.roll(name)
            bad = zero & self.on_card(name)
            for k in np.flatnonzero(bad).tolist():
                fail(k, name)

    def card_fields(self) -> list[str]:
        """The fields of the segments' cards."""
        if self._card_fields is None:
            posts = self.scheme.posts
            found: dict[str, None] = {}
            for k in np.unique(self.post).tolist():
                found.update(dict.fromkeys(self.scheme.fields_for(posts[self.names[k]])))
            self._card_fields = list(found)
        return self._card_fields

    def on_card(self, name: str) -> Bools:
        """Whether each segment's card holds ``name``."""
        if name not in self._cards:
            posts = self.scheme.posts
            table = np.array([name in self.scheme.fields_for(posts[p]) for p in self.names],
                             dtype=bool)
            self._cards[name] = table[self.post]
        return self._cards[name]


def _roll(self: Kept, name: str) -> tuple[Column, Bools, Bools]:
    """``name`` rolled up over the months (:meth:`Kept.roll`)."""
    spec, n, months = self.scheme.fields[name], len(self), range(len(self.months))
    count = np.zeros(n, dtype=np.intp)
    zero = np.zeros(n, dtype=bool)
    if spec.type == "text":
        said: list[list[str]] = [[] for _ in range(n)]
        for j in months:  # each segment's texts in month order, a text said before dropped
            cells, here = self.month(j, name)
            for k in np.flatnonzero(here).tolist():
                if cells[k] not in said[k]:
                    said[k].append(cells[k])
        texts: Column = np.full(n, None, dtype=object)
        texts[:] = [joined(some) if some else None for some in said]
        return texts, texts != None, zero  # noqa: E711
    if spec.type == "rating" or spec.aggregate in ("first", "last"):
        found: Column = np.full(n, None, dtype=object) if spec.type == "rating" \
            else np.full(n, np.nan)
        for j in months:  # the last month that has one; or the first
            cells, here = self.month(j, name)
            found = np.where(here & (count == 0) if spec.aggregate == "first" else here,
                             cells, found)
            count += here
        return found, count > 0, zero
    total = np.zeros(n)
    if spec.aggregate in ("sum", "average"):
        for j in months:
            cells, here = self.month(j, name)
            total = np.where(here, total + cells, total)
            count += here
        if spec.aggregate == "average":
            total = total / count
        return total, count > 0, zero
    weights = np.zeros(n)
    for j in months:  # weighted: sum(value × weight) / sum(weight), each from 0.0
        cells, here = self.month(j, name)
        weight, weighed = self.month(j, spec.weight or "")
        weight = np.where(weighed, weight, 0.0).astype(np.float64)
        total = np.where(here, total + cells * weight, total)
        weights = np.where(here, weights + weight, weights)
        count += here
    zero = (count > 0) & (weights == 0)
    return total / weights, (count > 0) & ~zero, zero


def inputs(self: Kept, chosen: Sequence[Any]) -> dict[str, Column]:
    """Every field for the segments ``chosen``, as ``score_batch`` makes them from their
    figures (NaN, or None for a rating, where a segment has none)."""
    n = len(chosen)
    ks = np.fromiter((s.kept for s in chosen), dtype=np.intp, count=n)
    mine = np.flatnonzero(ks >= 0)
    others = np.flatnonzero(ks < 0).tolist()
    cards = set(self.card_fields())
    out: dict[str, Column] = {}
    texts = set(self.scheme.texts)
    for name, spec in self.scheme.fields.items():
        column: Column = np.full(n, None, dtype=object) if spec.type != "number" \
            else np.full(n, np.nan)
        if name in cards or name in texts:
            values, present, _ = self.roll(name)
            at = ks[mine]
            take = present[at] & (self.on_card(name)[at] if name in cards else True)
            column[mine[take]] = values[at[take]]
        for i in others:
            value = chosen[i].values.get(name)
            column[i] = value if spec.type != "number" or isinstance(value, float) \
                else np.nan
        out[name] = column
    return out


def joined(texts: Sequence[Value]) -> str:
    """A segment's texts of its months (:meth:`RollUp.roll_up`), in month order, each
    said once: a text repeated month after month adds nothing."""
    return TEXTS_JOINED_BY.join(dict.fromkeys(map(str, texts)))


def add_up_column(values: NDArray[np.float64]) -> float:
    """:func:`numbers.add_up` of a column: left to right from 0.0 (``np.add.accumulate``
    adds one after another, where ``np.sum`` adds pairwise)."""
    if not len(values):
        return 0.0
    return float(np.add.accumulate(np.concatenate(([0.0], values)))[-1])
