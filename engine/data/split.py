"""A CSV text split into the columns of a :class:`.table.Table`: a file without quotes
whose every line holds the header's number of cells (the usual file) by ``str.split``, a
block of lines at a time, or by Arrow's reader (:mod:`.arrowcsv`) when it is large; any
other by the CSV module, a few hundred rows at a time. The problems of the file's shape
(the header, a row of the wrong length, a quote never closed) are the same, word for
word, as :mod:`.records` gives."""

from __future__ import annotations

import csv
import gc
import io
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import islice

import numpy as np

from ..diagnostics import AppraiseError, Diagnostic
from .records import csv_rows, csv_text, width_error
from .table import Check, Columns, Table, without

# Characters of a CSV split at a time, and rows the CSV module reads at a time: a few
# hundred rows, whose cells are read as numbers while they are still in the cache.
BLOCK = 1 << 15
BLOCK_ROWS = 1 << 9
ARROW_FROM = 1 << 22  # bytes from which a CSV file without quotes is split by Arrow


def file_table(name: str, content: bytes,
               checks: Callable[[list[str]], Mapping[str, Check]] | None = None) -> Table:
    """A CSV data file as columns (:func:`csv_table`); a file of ``ARROW_FROM`` bytes or
    more split by Arrow, if it can."""
    if len(content) >= ARROW_FROM:
        from .arrowcsv import arrow_file  # a large file: worth loading Arrow for
        table = arrow_file(name, content, checks)
        if table is not None:
            return table
    return csv_table(name, csv_text(name, content), checks)


def csv_table(name: str, text: str,
              checks: Callable[[list[str]], Mapping[str, Check]] | None = None) -> Table:
    """A CSV text as columns: its header, and its rows less the blank ones. ``checks``
    names, given the header, the columns to read as numbers, each with its check."""
    if '"' not in text:
        if "\r" in text:  # a line ends at \r, \n or \r\n, as the CSV module reads it
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        table = _split(name, text, checks)
        if table is not None:
            return table
    with _paused():
        return _module(name, text, checks)


def _split(name: str, text: str, checks: Callable[[list[str]], Mapping[str, Check]] | None
           ) -> Table | None:
    """A CSV text without quotes whose every line has the header's number of cells (the
    usual file), split a block of lines at a time. None for any other, and for a header
    in error: the CSV module reads those, and says what is wrong first as it would."""
    end = text.find("\n")
    end = len(text) if end < 0 else end
    limit = csv.field_size_limit()
    if end > limit:  # a name past the CSV module's limit, maybe: it says so
        return None
    try:
        columns = Columns(name, text[:end].split(","), checks)
    except AppraiseError:
        return None
    commas = columns.width - 1
    stop = len(text) - 1 if text.endswith("\n") else len(text)
    line, start = 2, end + 1
    while start <= stop and end < stop:
        end = text.find("\n", min(start + BLOCK, stop), stop)
        end = stop if end < 0 else end
        block = text[start:end]
        lines = block.split("\n")
        if any(map(commas.__ne__, map(operator.methodcaller("count", ","), lines))) \
                or (len(block) > limit and max(map(len, lines)) > limit):
            return None
        cells = block.replace("\n", ",").split(",")
        del block, lines
        columns.add([cells[j::columns.width] for j in range(columns.width)],
                    range(line, line + len(cells) // columns.width))
        line, start = line + len(cells) // columns.width, end + 1
    return columns.table()


def _module(name: str, text: str, checks: Callable[[list[str]], Mapping[str, Check]] | None
            ) -> Table:
    """A CSV text read by the CSV module, a block of rows at a time."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        first = next(reader, [])
        try:
            columns = Columns(name, first, checks)
        except AppraiseError:
            for _ in reader:  # a quote never closed is said first
                pass
            raise
        errors, start = [], reader.line_num + 1
        while True:
            rows, lines = [], []
            for cells in islice(reader, BLOCK_ROWS):
                rows.append(cells)
                lines.append(start)
                start = reader.line_num + 1
            if not rows:
                break
            odd, wrong = _odd(name, rows, lines, columns.width)
            errors += wrong
            if errors:
                continue
            if odd:
                rows, lines = list(without(rows, odd)), list(without(lines, odd))
            columns.add([list(map(operator.itemgetter(j), rows))
                         for j in range(columns.width)], lines)
    except csv.Error:
        csv_rows(name, text)  # raises the error, naming the line it is on
        raise
    if errors:
        raise AppraiseError(errors)
    return columns.table()


def _odd(name: str, body: Sequence[list[str]], starts: Sequence[int], width: int
         ) -> tuple[list[int], list[Diagnostic]]:
    """The rows of another length than the header's, each blank (an empty line) and to be
    left out, and an error for any that is not blank."""
    lengths = np.fromiter(map(len, body), dtype=np.intp, count=len(body))
    odd = np.flatnonzero(lengths != width).tolist()
    return odd, [width_error(name, starts[k], body[k], width) for k in odd
                 if any(c.strip() for c in body[k])]


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
