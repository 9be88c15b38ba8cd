"""A large CSV data file split into columns by Arrow's CSV reader (pyarrow, in C++ and
on every core), for :mod:`.split`: a file without quotes, each of whose lines holds the
header's number of cells, so that row ``k`` is line ``k + 2``. Arrow reads the file's
bytes (checking that they are UTF-8) and takes every cell as text; a number column's
cells written as plain ASCII numbers are parsed by Arrow at once, into the very double
``float`` gives (both round the decimal once, to the nearest), and every other cell of
it is read as :func:`.table.plain_numbers` reads it. The result is the table
:class:`.table.Columns` makes, cell for cell; a file Arrow declines (a row of another
length, an empty line, a cell past the CSV module's limit, bytes that are not UTF-8) is
left to :mod:`.split`, which says what is wrong as it always has."""

from __future__ import annotations

import csv
import operator
from collections.abc import Callable, Mapping
from itertools import compress

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as arrow_csv

from ..diagnostics import AppraiseError
from ..load import beyond
from .records import MAX_DATA_BYTES, is_scheme
from .table import Check, Columns, Table, plain_numbers

# The plain-number pattern of .cells, in ASCII digits (\d of Python's re is any digit).
ASCII_PLAIN = r"^[-+]?[0-9]{1,15}(\.[0-9]{1,15})?$"


def arrow_file(name: str, content: bytes,
               checks: Callable[[list[str]], Mapping[str, Check]] | None) -> Table | None:
    """A CSV data file's bytes as columns, never decoded whole in Python (Arrow checks
    that they are UTF-8), or None to read it the usual way: a file :func:`.records.csv_text`
    would refuse or must look into (too large, a workbook, a first line that is blank, a
    comment or a YAML key), a file with a quote, or one Arrow declines."""
    if beyond(content, MAX_DATA_BYTES) or content.startswith(b"PK\x03\x04"):
        return None
    body = content[3:] if content.startswith(b"\xef\xbb\xbf") else content
    if b'"' in body:
        return None
    if b"\r" in body:  # a line ends at \r, \n or \r\n, as the CSV module reads it
        body = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    end = body.find(b"\n")
    try:
        head = body[:end].decode("utf-8") if end >= 0 else ""
    except UnicodeDecodeError:
        return None
    if not head.strip() or head.strip().startswith("#") or is_scheme(name, head) \
            or len(head) > csv.field_size_limit():
        return None
    return _arrow_table(name, head, body[end + 1:].rstrip(b"\n"), checks)


def _arrow_table(name: str, head: str, body: bytes,
                 checks: Callable[[list[str]], Mapping[str, Check]] | None) -> Table | None:
    """The rows ``body`` under the header ``head`` as columns."""
    if not body or b"\n\n" in body:  # an empty line inside: a row's line would slip
        return None
    if body.startswith(b"\xef\xbb\xbf"):  # Arrow would drop the first cell's U+FEFF
        return None
    try:
        columns = Columns(name, head.split(","), checks)
    except AppraiseError:
        return None
    width = columns.width
    try:
        read = arrow_csv.read_csv(
            pa.py_buffer(body),
            read_options=arrow_csv.ReadOptions(column_names=[str(j) for j in range(width)]),
            parse_options=arrow_csv.ParseOptions(quote_char=False, ignore_empty_lines=False),
            convert_options=arrow_csv.ConvertOptions(
                column_types={str(j): pa.string() for j in range(width)}))
    except (pa.ArrowInvalid, ValueError):  # a row of another length, or not UTF-8
        return None
    del body
    limit = csv.field_size_limit()
    if width < 2 or read.num_rows == 0 or any(
            pc.max(pc.binary_length(c)).as_py() > limit for c in read.columns):
        return None
    read, lines = _without_blank_rows(read)
    for j, header in columns.named:
        cells = read.column(j)
        if header in columns.texts:
            columns.texts[header] = list(columns.shared(header, cells.to_pylist()))
            continue
        values, fine, kept = _numbers(cells, columns.checks[header])
        columns.values[header], columns.fine[header] = [values], [fine]
        columns.kept[header] = kept
    columns.lines, columns.count = [lines], read.num_rows
    return columns.table()


def _without_blank_rows(read: pa.Table) -> tuple[pa.Table, range | list[int]]:
    """The rows of ``read`` less those of blank cells only, and the line each one is on."""
    first = read.column(0).to_pylist()
    maybe = list(compress(range(len(first)), map(operator.not_, map(str.strip, first))))
    if not maybe:
        return read, range(2, 2 + read.num_rows)
    rows = read.take(pa.array(maybe, type=pa.int64())).to_pylist()
    blank = [k for k, row in zip(maybe, rows, strict=True)
             if not any(c.strip() for c in row.values())]
    if not blank:
        return read, range(2, 2 + read.num_rows)
    keep = np.ones(read.num_rows, dtype=bool)
    keep[blank] = False
    return read.filter(pa.array(keep)), (np.flatnonzero(keep) + 2).tolist()


def _numbers(cells: pa.ChunkedArray, check: Check
             ) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
    """A number column: each cell's value, whether it is a plain number, and the text of
    each written cell that is not, or that ``check`` picks out (as Columns.add keeps)."""
    n = len(cells)
    plain = pc.match_substring_regex(cells, ASCII_PLAIN)
    fine = plain.to_numpy(zero_copy_only=False).astype(bool)
    values = np.full(n, np.nan)
    if fine.any():
        values[fine] = pc.cast(pc.filter(cells, plain), pa.float64()).to_numpy(
            zero_copy_only=False)
    written = pc.greater(pc.binary_length(cells), 0).to_numpy(zero_copy_only=False)
    rest = np.flatnonzero(~fine & written)
    if len(rest):  # 1e5, ５, a 16-digit number, a word: as the usual split reads each
        fine[rest], values[rest] = plain_numbers(_texts(cells, rest))
    with np.errstate(invalid="ignore"):
        keep = (~fine | check(values)) & written
    where = np.flatnonzero(keep)
    return values, fine, dict(zip(where.tolist(), _texts(cells, where), strict=True))


def _texts(cells: pa.ChunkedArray, rows: np.ndarray) -> list[str]:
    found: list[str] = pc.take(cells, pa.array(rows, type=pa.int64())).to_pylist()
    return found
