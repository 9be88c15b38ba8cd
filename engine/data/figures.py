"""A field's cells read a column at a time, for :mod:`.bulk`: the plain-number pattern
over the column, ``float`` of each cell, the field's range as array comparisons; the
cells that do not pass read one by one by :class:`.cells.Cells`, which gives the value or
the message the row-by-row reader gives."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from ..model import Field, Post, Scale, Scheme
from .cells import Cells
from .header import Header
from .raters import combine_columns
from .table import Bools, Floats, Table, pick, plain_numbers


def read_fields(scheme: Scheme, header: Header, rows: Part
                ) -> tuple[dict[str, Floats], dict[str, NDArray[np.object_]]]:
    """Every field of ``rows``, a column at a time: the number and rating fields as
    columns (NaN or None where a row has none)."""
    m, held = len(rows.where), rows.posts
    columns = {f.id: np.full(m, np.nan) for f in scheme.fields.values() if f.type == "number"}
    ratings = {f.id: np.full(m, None, dtype=object) for f in scheme.fields.values()
               if f.type == "rating"}
    used = np.flatnonzero(np.bincount(held, minlength=len(rows.on))).tolist()
    needs = {k: set(scheme.fields_for(rows.on[k])) for k in used}
    for field_id, spec in scheme.fields.items():
        needing = [k for k in used if field_id in needs[k]]
        if not needing:
            continue
        cells = rows if len(needing) == len(used) else \
            rows.part(np.flatnonzero(np.isin(held, needing)))
        column = header.fields.get(field_id)
        if spec.raters is not None:
            rated(cells, spec, header.raters.get(field_id, {}), columns[field_id])
        elif column is None:  # the missing column, said once: for the first row
            cells.slow(0, field_id)
        elif spec.type == "rating":
            levels(cells, spec, scheme.scales.get(spec.scale or ""), column, ratings[field_id])
        else:
            numbers(cells, spec, column, columns[field_id])
    return columns, ratings


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
    """A field rated by several raters: each rater's column read at once and the ratings
    combined as columns (:func:`.raters.combine_columns`); a row with a rating that is not
    plain and in range, or that cannot be combined, is read on its own."""
    raters = spec.raters
    assert raters is not None
    if any(w != 0 and not groups.get(g) for g, w in raters.weights.items()):
        cells.slow(0, spec.id)  # a rater's column missing: said once, for the first row
        return
    n = len(cells.rows)
    doubtful = np.zeros(n, dtype=bool)
    given: dict[str, Floats] = {}
    for group in raters.weights:
        columns = []
        for column in groups.get(group, []):
            written = list(map(str.strip, pick(cells.table.column(column), cells.rows)))
            fine, values = plain_numbers(written)
            with np.errstate(invalid="ignore"):
                fine &= ~out_of_range(spec, values)
            rated = np.fromiter(map(bool, written), dtype=bool, count=n)
            doubtful |= rated & ~fine
            columns.append(np.where(rated, values, np.nan))
        given[group] = np.column_stack(columns) if columns else np.full((n, 0), np.nan)
    total, unsure = combine_columns(given, raters, spec.convert)
    doubtful |= unsure
    out[cells.where[~doubtful]] = total[~doubtful]
    for j in np.flatnonzero(doubtful).tolist():
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
