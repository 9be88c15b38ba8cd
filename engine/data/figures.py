"""A field's cells read a column at a time, for :mod:`.bulk`: the plain-number pattern
over the column, ``float`` of each cell, the field's range as array comparisons; the
cells that do not pass read one by one by :class:`.cells.Cells`, which gives the value or
the message the row-by-row reader gives."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress

import numpy as np
from numpy.typing import NDArray

from ..model import Field, Post, Scale
from .cells import Cells
from .raters import RatingError, combine
from .table import Bools, Floats, Table, pick, plain_numbers


def numbers(cells: Part, spec: Field, column: str, out: Floats) -> None:
    """A number field's cells: plain numbers in range at once, the others one by one."""
    read = cells.table.numbers.get(column)
    if read is None:
        fine, values = plain_numbers(pick(cells.table.column(column), cells.rows))
    elif len(cells.rows) == len(read.values):
        fine, values = read.fine.copy(), read.values
    else:
        where = np.asarray(cells.rows, dtype=np.intp)
        fine, values = read.fine[where], read.values[where]
    if not spec.as_written:
        with np.errstate(invalid="ignore"):
            fine &= ~out_of_range(spec, values)
            if spec.convert is not None:
                values = spec.convert.of(values)  # type: ignore[arg-type,assignment]
    out[cells.where[fine]] = values[fine]
    for j in np.flatnonzero(~fine).tolist():
        value = cells.slow(j, spec.id)
        if isinstance(value, float):
            out[cells.where[j]] = value

def levels(cells: Part, spec: Field, scale: Scale | None, column: str,
           out: NDArray[np.object_]) -> None:
    """A rating field's cells: each one of the scale's levels, or said one by one."""
    levels = set(scale.levels) - {""} if scale else set()
    written = list(map(str.strip, pick(cells.table.column(column), cells.rows)))
    fine = np.fromiter(map(levels.__contains__, written), dtype=bool, count=len(written))
    out[cells.where[fine]] = pick(written, np.flatnonzero(fine).tolist())
    for j in np.flatnonzero(~fine).tolist():
        value = cells.slow(j, spec.id)
        if value is not None:
            out[cells.where[j]] = value

def rated(cells: Part, spec: Field, groups: dict[str, list[str]], out: Floats) -> None:
    """A field rated by several raters: each rater's column read at once, then each
    row's ratings combined; a row with a rating that is not plain, in range and
    combinable is read on its own."""
    assert spec.raters is not None
    if any(w != 0 and not groups.get(g) for g, w in spec.raters.weights.items()):
        cells.slow(0, spec.id)  # a rater's column missing: said once, for the first row
        return
    n, read = len(cells.rows), []
    doubtful = np.zeros(n, dtype=bool)
    for group in spec.raters.weights:
        for column in groups.get(group, []):
            written = list(map(str.strip, pick(cells.table.column(column), cells.rows)))
            fine, values = plain_numbers(written)
            with np.errstate(invalid="ignore"):
                fine &= ~out_of_range(spec, values)
            given = np.fromiter(map(bool, written), dtype=bool, count=n)
            doubtful |= given & ~fine
            read.append((group, given.tolist(), values.tolist()))
    for j in range(n):
        ratings: dict[str, list[float]] = {}
        for group, given, values in read if not doubtful[j] else ():
            if given[j]:
                ratings.setdefault(group, []).append(values[j])
        value: float | str | None = None
        with suppress(RatingError):
            value = None if doubtful[j] else combine(ratings, spec.raters, spec.convert)
        if value is None:
            value = cells.slow(j, spec.id)
        if isinstance(value, float):
            out[cells.where[j]] = value


def out_of_range(spec: Field, values: Floats) -> Bools:
    """Where :func:`.values.problem` finds something wrong with a value (NaN: anywhere)."""
    bad = np.zeros(len(values), dtype=bool)
    if spec.min is not None:
        bad |= values < spec.min
    if spec.max is not None:
        bad |= values > spec.max
    if spec.integer:
        bad |= np.floor(values) != values
    conversion = spec.convert
    if spec.raters is None and conversion is not None:
        bad |= (values < conversion.low) | (values > conversion.high)
    return bad


class Part:
    """The rows of one field (or one post) being read: their positions among the valid
    rows, their rows of the table, and each one's post."""

    def __init__(self, cells: Cells, on: list[Post], table: Table, ids: list[str],
                 valid: Sequence[int], where: NDArray[np.intp], posts: NDArray[np.intp]
                 ) -> None:
        self.cells, self.on, self.table, self.ids, self.valid = cells, on, table, ids, valid
        self.where, self.posts = where, posts  # positions, and each one's post
        self.rows = valid if len(where) == len(valid) else pick(valid, where.tolist())

    def part(self, chosen: NDArray[np.intp]) -> Part:
        return Part(self.cells, self.on, self.table, self.ids, self.valid, self.where[chosen],
                    self.posts[chosen])

    def post(self, j: int) -> Post:
        return self.on[int(self.posts[j])]

    def slow(self, j: int, field_id: str) -> float | str | None:
        """The ``j``-th cell read on its own, as the row-by-row reader reads it."""
        k = self.rows[j]
        return self.cells.figure(self.table.record(k), self.ids[k], self.post(j), field_id)
