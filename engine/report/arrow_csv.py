"""A large period's score CSV written by Arrow (pyarrow, in C++), for :mod:`.as_csv`: each
block's columns made arrays of cells and joined into rows there, and the rows' UTF-8 bytes
written as they are: the very bytes :class:`.as_csv.TextCells` writes, without a Python
string per cell.

Points and money are whole numbers of their last place (cents): Arrow writes the digits
and puts in the sign and the decimal point, which is what ``"%.2f"`` writes of the amount
(:meth:`.layout.Points.texts`) and :func:`.layout.money_texts` writes of the cents. Points
too large for a double to hold to the last place (2**52 units and up) are written one by
one, as :class:`.layout.Points` writes them, and a column of money too large for Arrow's
integers is written by :func:`.layout.money_texts`. Each column of text is made cells by
:func:`.spreadsheet.text_cells` (one search over the column) before Arrow takes it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..model import Scheme
from ..scoring.columns import Floats, round_column
from .layout import Points, money_texts
from .spreadsheet import text_cells

TEXT = pa.large_string()  # a block's rows may pass 2 GiB: a long name of a unit, repeated
NOTHING, MINUS, COMMA, LINE_FEED = (pa.scalar(c, TEXT) for c in ("", "-", ",", "\n"))


class ArrowCells:
    """A block's columns as Arrow arrays of cells, and its rows as UTF-8 bytes."""

    def __init__(self, scheme: Scheme) -> None:
        self.points_of, self.places = Points(scheme), scheme.rounding.money

    def cells(self, values: Sequence[str]) -> list[str]:
        return text_cells(values)

    def texts(self, values: Sequence[str]) -> pa.Array:
        return pa.array(text_cells(values), TEXT)

    def same(self, cell: str, n: int) -> pa.Scalar:
        return pa.scalar(cell, TEXT)

    def points(self, column: Floats) -> pa.Array:
        """As :meth:`.layout.Points.texts` writes ``column``: '' for NaN."""
        x = np.asarray(column, dtype=np.float64)
        units = round_column(x, self.points_of.places, self.points_of.mode)
        exact = np.abs(units) < 2 ** 52  # NaN is not
        whole = pa.array(np.where(exact, units, 0).astype(np.int64), mask=~exact)
        cells = _digits(whole, self.points_of.places)
        odd = ~exact & ~np.isnan(x)
        if odd.any():
            written = [str(self.points_of(v)) for v in x[odd].tolist()]
            cells = pc.replace_with_mask(cells, pa.array(odd), pa.array(written, TEXT))
        return pc.fill_null(cells, NOTHING)

    def money(self, units: Sequence[int | None]) -> pa.Array:
        """As :func:`.layout.money_texts` writes ``units``: '' for None."""
        try:
            cells = _digits(pa.array(units, pa.int64()), self.places)
        except (OverflowError, pa.ArrowException):  # beyond 64 bits: each distinct amount
            cells = pa.array(money_texts(units, self.places), TEXT)
        return pc.fill_null(cells, NOTHING)

    def numbers(self, column: np.ndarray) -> pa.Array:
        return pc.cast(pa.array(column, pa.int64()), TEXT)

    def chosen(self, cells: list[str], which: np.ndarray) -> pa.Array:
        return pc.take(pa.array(cells, TEXT), pa.array(which, pa.int64()))

    def rows(self, columns: list[object]) -> bytes:
        """The rows, each cell after a comma but the first, each row ended by a line feed."""
        rows = pc.binary_join_element_wise(*columns, COMMA)
        rows = pc.binary_join_element_wise(rows, NOTHING, LINE_FEED)  # a row, \n, nothing
        _, offsets, data = rows.buffers()
        start, end = np.frombuffer(offsets, dtype=np.int64)[[rows.offset,
                                                             rows.offset + len(rows)]].tolist()
        written: bytes = data.slice(start, end - start).to_pybytes()
        return written


def _digits(units: pa.Array, places: int) -> pa.Array:
    """Whole numbers of the last place as amounts with ``places`` decimals: -5 as -0.05."""
    text = pc.cast(pc.abs_checked(units), TEXT)
    if places:  # at least a digit before the point: 5 as 005, then 0.05
        padded = pc.ascii_lpad(text, places + 1, "0")
        text = pc.binary_replace_slice(padded, -places, -places, ".")
    negative = pc.less(units, 0)
    if not pc.any(negative).as_py():
        return text
    return pc.if_else(negative, pc.binary_join_element_wise(MINUS, text, NOTHING), text)
