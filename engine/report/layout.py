"""What every reporter shares: columns of text laid out for a terminal, numbers rounded
the scheme's way, months and periods named as HR writes them, people in report order.

Numbers are rounded in reporters, and only there: points at the scheme's points
precision, money at its money precision, half up unless the scheme says otherwise.
Output is deterministic: the same scheme and data give the same bytes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

import numpy as np

from ..diagnostics import visible
from ..model import Scheme
from ..numbers import money_text, round_to, units_text
from ..scoring import Result
from ..scoring.columns import Floats, round_column
from ..year.periods import Period, month_id


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    if text.isascii():
        return len(text)
    return _wide_width(text)


@lru_cache(maxsize=65536)  # labels and names repeat down a long table
def _wide_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def render_table(header: Sequence[str], rows: Sequence[Sequence[object]],
                 right: Sequence[bool]) -> str:
    columns = [[str(c) for c in column] for column in zip(*rows, strict=True)] if rows \
        else [[] for _ in header]
    return render_columns(header, columns, right)


def render_columns(header: Sequence[str], columns: Sequence[Sequence[str]],
                   right: Sequence[bool]) -> str:
    """The table of ``columns`` (each a list of cells) under ``header``, each column as wide
    as its widest cell, ``right`` ones aligned right; control characters shown as escapes."""
    sized = [_padded([visible(h), *_visible_cells(c)], r)
             for h, c, r in zip(header, columns, right, strict=True)]
    lines = [line.rstrip() for line in map("  ".join, zip(*(c for _, c in sized), strict=True))]
    lines.insert(1, "  ".join("-" * size for size, _ in sized))
    return "\n".join(lines) + "\n"


def _visible_cells(cells: Sequence[str]) -> Sequence[str]:
    """Each cell as :func:`visible` shows it: one look at the column when all are printable."""
    return cells if "".join(cells).isprintable() else [visible(c) for c in cells]


def _padded(cells: list[str], right: bool) -> tuple[int, list[str]]:
    """The column's width, and its cells filled with spaces to it."""
    if "".join(cells).isascii():  # a column a character each: what str.ljust counts
        size = max(map(len, cells))
        return size, [c.rjust(size) for c in cells] if right else [c.ljust(size) for c in cells]
    widths = [width(c) for c in cells]
    size = max(widths)
    return size, [" " * (size - w) + c if right else c + " " * (size - w)
                  for c, w in zip(cells, widths, strict=True)]


class Points:
    """Points rounded the scheme's way: one number, or a whole column at once."""

    def __init__(self, scheme: Scheme) -> None:
        self.places, self.mode = scheme.rounding.points, scheme.rounding.mode

    def __call__(self, value: float) -> Decimal:
        return round_to(value, self.places, self.mode)

    def texts(self, column: Floats) -> list[str]:
        """Each value of ``column`` as :meth:`__call__` writes it ('' for NaN: no points).

        Units of the last place below 2**52 are whole numbers a double holds exactly; one
        division gives the double nearest the rounded amount, nearer to it than half a unit
        of the last place, so formatting that double to ``places`` decimals gives the
        amount's very digits. Above (and for NaN), each value is written one by one.
        """
        x = np.asarray(column, dtype=np.float64)
        units = round_column(x, self.places, self.mode)
        with np.errstate(over="ignore", invalid="ignore"):
            amounts = units / 10 ** self.places
        exact = np.abs(units) < 2 ** 52
        if exact.all():
            return formatted(f"%.{self.places}f", amounts.tolist())
        out = np.full(len(x), "", dtype=object)  # NaN: no points, left blank
        where = np.flatnonzero(exact)
        out[where] = np.array(formatted(f"%.{self.places}f", amounts[where].tolist()),
                              dtype=object)
        for i in np.flatnonzero(~exact & ~np.isnan(x)).tolist():
            out[i] = str(self(float(x[i])))
        texts: list[str] = out.tolist()
        return texts

    def numbers(self, column: Floats) -> list[float]:
        """Each value of ``column`` rounded, as a float (for JSON): ``float(self(value))``."""
        out: list[float] = self.amounts(column).tolist()
        return out

    def amounts(self, column: Floats) -> Floats:
        """:meth:`numbers` as a column.

        Units below 2**53 are whole numbers a double holds exactly, so one division gives
        the nearest double to the rounded amount; above, the amount is rounded one by one.
        """
        units = round_column(np.asarray(column, dtype=np.float64), self.places, self.mode)
        with np.errstate(over="ignore", invalid="ignore"):
            out: Floats = units / 10 ** self.places
        for i in np.flatnonzero(np.abs(units) >= 2 ** 53).tolist():
            out[i] = float(self(float(column[i])))
        return out


def formatted(form: str, values: list[float]) -> list[str]:
    """Each value put through ``form`` (which writes no line feed), in one go."""
    if not values:
        return []
    return ((form + "\n") * len(values) % tuple(values)).split("\n")[:-1]


def money_texts(units: Sequence[int | None], places: int, thousands: bool = False
                ) -> list[str]:
    """Amounts in units of their last place (cents) as :func:`~appraise.numbers.money`
    writes them, each distinct amount once ('' for None); ``thousands``: separated, as
    :func:`~appraise.numbers.money_text` writes them. A column of bonuses repeats a
    handful of amounts."""
    made = {u: "" if u is None else money_text(u, places) if thousands
            else units_text(u, places) for u in set(units)}
    return list(map(made.__getitem__, units))


_TO = {"en": " to ", "zh": " 至 "}


def months_text(period: Period, months: Sequence[int], language: str = "en") -> str:
    """Months as HR writes them: 2026-03, 2026-01 to 2026-03, or 2026-01, 2026-03."""
    ids = [month_id(period.year, m) for m in months]
    if len(ids) == 1:
        return ids[0]
    if list(months) == list(range(months[0], months[-1] + 1)):
        return ids[0] + _TO.get(language, _TO["en"]) + ids[-1]
    return ", ".join(ids)  # a post left and taken up again


def period_text(result: Result, language: str = "en") -> str | None:
    """The period as a title names it: 2026-Q1 (2026-01 to 2026-03), or the data's."""
    period = result.period
    if period is None or len(period) == 1:
        return result.period_id
    return f"{period.id} ({months_text(period, period.months, language)})"
