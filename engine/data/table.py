"""A data file's cells as columns (:class:`Table`), filled a block of rows at a time
(:class:`Columns`; :mod:`.split` and :mod:`.arrowcsv` split the text). The columns a
reader names (its number fields') are read as numbers while their cells are fresh, and
only the text of a cell that is not a plain number, or that the reader's check picks out,
is kept. Nothing here knows the scheme."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, pairwise, repeat
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from .cells import PLAIN
from .records import Record, csv_header

T = TypeVar("T")
Bools = NDArray[np.bool_]
Floats = NDArray[np.float64]
Check = Callable[[Floats], Bools]
"""Which of a column's values a reader will want the text of (a figure out of range)."""

MEMO = 1 << 12  # the texts a column keeps one of each of
# Thousands separators (.cells.GROUPED) with at most 15 decimals: such a number is 0 or at
# least 1e-15, never one a float takes for 0; a longer one is read on its own, and said.
GROUPED_BULK = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d{1,15})?")


@dataclass
class Numbers:
    """A column read as numbers: each cell's value where it is a plain number
    (:func:`plain_numbers`), and the text of every cell that is not, or that the
    column's check picked out, but a blank one (a cell neither fine nor kept is blank)."""

    values: Floats
    fine: Bools
    texts: dict[int, str]

    def take(self, rows: Sequence[int]) -> Numbers:
        where = np.asarray(rows, dtype=np.intp)
        kept = np.fromiter(self.texts, dtype=np.intp, count=len(self.texts))
        at = np.searchsorted(where, kept)
        inside = at < len(where)
        inside[inside] = where[at[inside]] == kept[inside]
        return Numbers(self.values[where], self.fine[where],
                       {int(k): self.texts[int(r)] for k, r in zip(at[inside], kept[inside],
                                                                    strict=True)})


@dataclass
class Table:
    """The rows of a data file, column by column."""

    header: list[str]
    cells: dict[str, Sequence[str]]  # each named column's cells, in row order, as written
    lines: Sequence[int]  # the line each row starts on (a JSON file: the record's number)
    positions: dict[str, int]  # each name's 1-based column ({} for JSON, which has none)
    numbers: dict[str, Numbers] = field(default_factory=dict)  # the columns read as numbers

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str | None) -> Sequence[str]:
        """The cells of column ``name``; blanks for a column the file does not have."""
        assert name not in self.numbers, "a column read as numbers keeps only some texts"
        found = self.cells.get(name) if name is not None else None
        return found if found is not None else ("",) * len(self)

    def blank(self, name: str, rows: Sequence[int]) -> Bools:
        """Whether each of ``rows`` is blank in column ``name``."""
        read = self.numbers.get(name)
        if read is None:
            cells = pick(self.column(name), rows)
            return np.fromiter(map(operator.not_, map(str.strip, cells)), dtype=bool,
                               count=len(cells))
        where = np.asarray(rows, dtype=np.intp)
        out = ~read.fine[where]  # a number is not blank; a cell that is not, may be
        for j in np.flatnonzero(out).tolist():
            out[j] = not read.texts.get(int(where[j]), "").strip()
        return out

    def record(self, i: int) -> Record:
        """Row ``i`` as the row-by-row reader sees it, for a cell that needs its words
        (of a column read as numbers: the text kept, if any)."""
        cells = {name: cells[i] for name, cells in self.cells.items()}
        for name, numbers in self.numbers.items():
            if i in numbers.texts:
                cells[name] = numbers.texts[i]
            elif not numbers.fine[i]:
                cells[name] = ""
        return Record(cells, self.lines[i], self.positions)

    def take(self, rows: Sequence[int]) -> Table:
        """The rows ``rows`` (ascending) alone."""
        return Table(self.header, {k: pick(c, rows) for k, c in self.cells.items()},
                     pick(self.lines, rows), self.positions,
                     {k: n.take(rows) for k, n in self.numbers.items()})


def pick(cells: Sequence[T], rows: Sequence[int]) -> Sequence[T]:
    """The items ``rows`` (ascending, none twice) of ``cells``, at C speed: ``cells``
    itself when that is all of them."""
    if len(rows) == len(cells):
        return cells
    if len(rows) == 0:
        return []
    if len(rows) == 1:
        return [cells[rows[0]]]
    return list(operator.itemgetter(*rows)(cells))


def plain_numbers(texts: Sequence[str]) -> tuple[Bools, Floats]:
    """Which of ``texts`` the row-by-row reader takes at once, as plain numbers, and their
    values (NaN or infinite for the others): ``float`` of each, exactly as it parses one.

    A column of whole numbers is settled in two passes: ``float`` of every cell, then a
    look at all its characters at once. Digits alone are plain up to 15 of them, and a
    longer run of digits is read by the per-cell path into the very same float (Decimal,
    then float: both round the number once), unless it is too large for one. Any other
    column is matched cell by cell: the plain-number pattern, or, for a cell with a comma,
    that of thousands separators (1,380,000), which the per-cell path reads as the number
    without them (Decimal, then float, again)."""
    n = len(texts)
    try:
        values = np.fromiter(map(float, texts), np.float64, count=n)
    except ValueError:  # a cell float cannot read: blank, text, 1,380,000
        values = None
    if values is not None and "".join(texts).isdecimal():
        return np.isfinite(values), values
    filled = np.fromiter(map(bool, texts), dtype=bool, count=n)
    if values is None and not filled.all():  # blank cells, none a number: the rest alone
        where = np.flatnonzero(filled)
        fine, values = np.zeros(n, dtype=bool), np.full(n, np.nan)
        fine[where], values[where] = plain_numbers(pick(texts, where.tolist()))
        return fine, values
    comma = np.fromiter(map(operator.contains, texts, repeat(",")), dtype=bool, count=n)
    fine = np.zeros(n, dtype=bool)
    if values is None:
        values = np.full(n, np.nan)
    for written, pattern in ((~comma, PLAIN), (comma, GROUPED_BULK)):
        where = np.flatnonzero(written)
        cells = pick(texts, where.tolist())
        matched = np.fromiter(map(bool, map(pattern.fullmatch, cells)), dtype=bool,
                              count=len(where))
        if pattern is GROUPED_BULK:  # 1,380,000: read without the separators, as per cell
            cells = list(map(operator.methodcaller("replace", ",", ""), cells))
        found = np.fromiter(map(float, compress(cells, matched)), np.float64,
                            count=int(matched.sum()))
        fine[where[matched][np.isfinite(found)]] = True  # 999,...,999 may be too large
        values[where[matched]] = found
    values[~fine] = np.nan
    return fine, values


def json_table(header: list[str], found: list[Record]) -> Table:
    """The records of a JSON file as columns; a key a record lacks is a blank cell."""
    return Table(header, {h: [r.cells.get(h, "") for r in found] for h in header},
                 [r.line for r in found], {})


class Columns:
    """The columns of a CSV file, filled a block of rows at a time."""

    def __init__(self, name: str, header: list[str],
                 checks: Callable[[list[str]], Mapping[str, Check]] | None) -> None:
        self.header, self.positions = csv_header(name, header)
        self.width = len(self.header)
        self.checks = checks(self.header) if checks else {}
        self.named = [(j, h) for j, h in enumerate(self.header) if h]
        self.texts: dict[str, list[str]] = {h: [] for _, h in self.named
                                            if h not in self.checks}
        self.values: dict[str, list[Floats]] = {h: [] for h in self.checks}
        self.fine: dict[str, list[Bools]] = {h: [] for h in self.checks}
        self.kept: dict[str, dict[int, str]] = {h: {} for h in self.checks}
        self.lines: list[Sequence[int]] = []
        self.count = 0
        self.memo: dict[str, dict[str, str]] = {}

    def add(self, columns: list[Sequence[str]], lines: Sequence[int]) -> None:
        """A block of rows, as columns (every column of the header's, blank rows too)."""
        blank = _blank(columns)
        if blank:
            columns, lines = [without(c, blank) for c in columns], without(lines, blank)
        for j, name in self.named:
            cells = columns[j]
            if name in self.texts:
                self.texts[name].extend(self.shared(name, cells))
                continue
            fine, values = plain_numbers(cells)
            with np.errstate(invalid="ignore"):
                keep = ~fine | self.checks[name](values)
            self.values[name].append(values)
            self.fine[name].append(fine)
            where = np.flatnonzero(keep)
            texts = pick(cells, where.tolist())
            written = np.fromiter(map(bool, texts), dtype=bool, count=len(texts))
            if not written.all():  # a blank cell is known by being neither fine nor kept
                where, texts = where[written], list(compress(texts, written))
            self.kept[name].update(zip((where + self.count).tolist(), texts, strict=True))
        self.lines.append(lines)
        self.count += len(lines)

    def shared(self, name: str, cells: Sequence[str]) -> Sequence[str]:
        """``cells``, each text that repeats (a post, a period) made one object: a column
        of a few values then takes a pointer a row, and is read as fast as it is walked."""
        memo = self.memo.setdefault(name, {})
        # the first rows tell a column of ids or names (every text new) without a set of all
        # of them: at 12,000,000 rows, some 10 s a column
        if len(memo) > MEMO or len(set(cells[:MEMO])) * 4 > min(len(cells), MEMO) \
                or len(set(cells)) * 4 > len(cells):
            return cells
        return list(map(memo.setdefault, cells, cells))

    def table(self) -> Table:
        lines = _joined(self.lines)
        numbers = {h: Numbers(np.concatenate(self.values[h]) if self.values[h] else
                              np.zeros(0), np.concatenate(self.fine[h]) if self.fine[h] else
                              np.zeros(0, dtype=bool), self.kept[h]) for h in self.checks}
        return Table(self.header, {h: self.texts[h] for h in self.texts}, lines,
                     self.positions, numbers)


def _joined(pieces: list[Sequence[int]]) -> Sequence[int]:
    """The lines of the blocks, one after the other (a range, if no row was left out)."""
    ranges = [p for p in pieces if isinstance(p, range)]
    if len(ranges) == len(pieces) and all(
            a.stop == b.start for a, b in pairwise(ranges)):
        return range(ranges[0].start, ranges[-1].stop) if ranges else range(0)
    return list(chain.from_iterable(pieces))


def _blank(columns: list[Sequence[str]]) -> list[int]:
    """The rows of blank cells only: their first cell is blank, and so is the rest."""
    if not columns:
        return []
    first = map(operator.not_, map(str.strip, columns[0]))
    return [k for k in compress(range(len(columns[0])), first)
            if not any(c[k].strip() for c in columns)]


def without(cells: Sequence[T], rows: list[int]) -> Sequence[T]:
    """``cells`` less the items ``rows``."""
    kept = np.ones(len(cells), dtype=bool)
    kept[rows] = False
    return pick(cells, np.flatnonzero(kept).tolist())
