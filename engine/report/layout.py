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
from ..numbers import round_to, units_text
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


def render_table(header: Sequence[str], rows: Sequence[Sequence[str]],
                 right: Sequence[bool]) -> str:
    table = [[visible(str(c)) for c in row] for row in [header, *rows]]
    widths = [[width(c) for c in row] for row in table]
    sizes = [max(w[i] for w in widths) for i in range(len(header))]
    lines = []
    for row, row_widths in zip(table, widths, strict=True):
        cells = [" " * (size - w) + c if r else c + " " * (size - w)
                 for c, w, size, r in zip(row, row_widths, sizes, right, strict=True)]
        lines.append("  ".join(cells).rstrip())
        if len(lines) == 1:
            lines.append("  ".join("-" * size for size in sizes))
    return "\n".join(lines) + "\n"


class Points:
    """Points rounded the scheme's way: one number, or a whole column at once."""

    def __init__(self, scheme: Scheme) -> None:
        self.places, self.mode = scheme.rounding.points, scheme.rounding.mode

    def __call__(self, value: float) -> Decimal:
        return round_to(value, self.places, self.mode)

    def texts(self, column: Floats) -> list[str]:
        """Each value of ``column`` as :meth:`__call__` would write it."""
        return [units_text(u, self.places)
                for u in round_column(column, self.places, self.mode).tolist()]

    def numbers(self, column: Floats) -> list[float]:
        """Each value of ``column`` rounded, as a float (for JSON): ``float(self(value))``.

        Units below 2**53 are whole numbers a double holds exactly, so one division gives
        the nearest double to the rounded amount; above, the amount is rounded one by one.
        """
        units = round_column(column, self.places, self.mode)
        out: list[float] = (units / 10 ** self.places).tolist()
        for i in np.flatnonzero(np.abs(units) >= 2 ** 53).tolist():
            out[i] = float(self(float(column[i])))
        return out


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
