"""A data file's cells as columns of text, read in bulk: the CSV parsed at once and turned
into one sequence of cells per column, with the line each row starts on. Nothing here
knows the scheme; the problems of the file's shape (the header, a row of the wrong
length, a quote never closed) are the same, word for word, as :mod:`.records` gives."""

from __future__ import annotations

import csv
import gc
import io
import operator
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import compress
from typing import TypeVar

import numpy as np

from ..diagnostics import AppraiseError
from .records import Record, csv_header, csv_rows, width_error

T = TypeVar("T")


@dataclass
class Table:
    """The rows of a data file, column by column."""

    header: list[str]
    cells: dict[str, Sequence[str]]  # each named column's cells, in row order, as written
    lines: Sequence[int]  # the line each row starts on (a JSON file: the record's number)
    numbers: dict[str, int]  # each name's 1-based column ({} for JSON, which has none)

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str | None) -> Sequence[str]:
        """The cells of column ``name``; blanks for a column the file does not have."""
        found = self.cells.get(name) if name is not None else None
        return found if found is not None else ("",) * len(self)

    def record(self, i: int) -> Record:
        """Row ``i`` as the row-by-row reader sees it: for a cell that needs its words."""
        return Record({name: cells[i] for name, cells in self.cells.items()}, self.lines[i],
                      self.numbers)

    def take(self, rows: Sequence[int]) -> Table:
        """The rows ``rows`` (ascending) alone."""
        return Table(self.header, {k: pick(c, rows) for k, c in self.cells.items()},
                     pick(self.lines, rows), self.numbers)


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


def json_table(header: list[str], found: list[Record]) -> Table:
    """The records of a JSON file as columns; a key a record lacks is a blank cell."""
    return Table(header, {h: [r.cells.get(h, "") for r in found] for h in header},
                 [r.line for r in found], {})


def csv_table(name: str, text: str) -> Table:
    """A CSV text as columns: its header, and its rows less the blank ones."""
    unquoted = _unquoted(text)
    columns: list[Sequence[str]]
    body: Sequence[list[str]]
    if unquoted is not None:
        first, columns, starts = unquoted
        header, numbers = csv_header(name, first)
    else:
        with _paused():
            rows, lines = _parsed(name, text)
            header, numbers = csv_header(name, rows[0] if rows else [])
            body, starts = rows[1:], lines[1:]
            del rows
            odd = _odd(name, body, starts, len(header))
            if odd:
                body, starts = _without(body, odd), _without(starts, odd)
            columns = [list(map(operator.itemgetter(j), body)) for j in range(len(header))]
            del body
    blank = _blank(columns)
    if blank:
        columns, starts = [_without(c, blank) for c in columns], _without(starts, blank)
    return Table(header, {h: columns[i] for i, h in enumerate(header) if h}, starts, numbers)


def _unquoted(text: str) -> tuple[list[str], list[Sequence[str]], Sequence[int]] | None:
    """A CSV text without quotes whose every line has the header's number of cells (the
    usual file), split at once: its header, its columns and the line of each row. None
    for any other, which the CSV module reads."""
    if '"' in text:
        return None
    if "\r" in text:  # a line ends at \r, \n or \r\n, as the CSV module reads it
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if len(lines) > 1 and not lines[-1]:
        lines.pop()
    commas = lines[0].count(",")
    if any(map(commas.__ne__, map(operator.methodcaller("count", ","), lines))) \
            or max(map(len, lines)) > csv.field_size_limit():
        return None
    width, rows = commas + 1, len(lines) - 1
    del lines
    first, _, rest = text.partition("\n")
    cells = rest.replace("\n", ",").split(",") if rows else []
    del cells[rows * width:]  # the empty cell after a last line break
    return first.split(","), [cells[j::width] for j in range(width)], range(2, rows + 2)


def _parsed(name: str, text: str) -> tuple[list[list[str]], Sequence[int]]:
    """The rows of a CSV text and the line each starts on. Without a quote, each row is
    one line (a blank line too: an empty row); with one, a cell may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        if '"' not in text:
            rows = list(reader)
            return rows, range(1, len(rows) + 1)
        rows, lines, start = [], [], 1
        for cells in reader:
            rows.append(cells)
            lines.append(start)
            start = reader.line_num + 1
        return rows, lines
    except csv.Error:
        csv_rows(name, text)  # raises the error, naming the line it is on
        raise


def _odd(name: str, body: Sequence[list[str]], starts: Sequence[int], width: int) -> list[int]:
    """The rows of another length than the header's, each blank (an empty line) and to be
    left out; an error for any that is not blank."""
    lengths = np.fromiter(map(len, body), dtype=np.intp, count=len(body))
    odd = np.flatnonzero(lengths != width).tolist()
    errors = [width_error(name, starts[k], body[k], width) for k in odd
              if any(c.strip() for c in body[k])]
    if errors:
        raise AppraiseError(errors)
    return odd


def _blank(columns: list[Sequence[str]]) -> list[int]:
    """The rows of blank cells only: their first cell is blank, and so is the rest."""
    if not columns:
        return []
    first = map(operator.not_, map(str.strip, columns[0]))
    return [k for k in compress(range(len(columns[0])), first)
            if not any(c[k].strip() for c in columns)]


def _without(cells: Sequence[T], rows: list[int]) -> Sequence[T]:
    """``cells`` less the items ``rows``."""
    kept = np.ones(len(cells), dtype=bool)
    kept[rows] = False
    return pick(cells, np.flatnonzero(kept).tolist())


@contextmanager
def _paused() -> Iterator[None]:
    """No garbage collection while the CSV module makes a list for each row: none of them
    can be garbage, and collecting would only walk them over and over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
