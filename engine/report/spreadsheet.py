"""CSV for spreadsheets: rows as RFC 4180 writes them, and text that Excel, WPS or
LibreOffice never takes for a formula.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a tab, a carriage return or a NUL) as a formula: a person's name written as
``=HYPERLINK("http://...", "点击")`` in a scheme or a data file would run on the
computer of whoever opens the results. So every cell of text a scheme or a data file
wrote (ids, names, labels, periods, grades) goes through :func:`text`, which puts an
apostrophe before such a cell; :func:`row` quotes every cell that starts with one. The
spreadsheet shows the text, apostrophe and all, and runs nothing. The numbers the engine
wrote (points, totals, money, a negative gap) are never touched: they stay numbers.

A long output is written a column at a time: :func:`text_cells` makes a whole column of
text what :func:`text` and :func:`row` make of each cell, and :func:`lines` joins the
columns into rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
_QUOTED = frozenset(',"\r\n')  # a cell holding one of these is quoted (RFC 4180)
# In a column's cells joined by line feeds: a cell that would be quoted or escaped.
_TOUCHED = re.compile(r"""[,"\r]|(?:^|\n)[=+\-@\t\r\0']""")


def text(value: str) -> str:
    """``value`` as a cell of text, with an apostrophe in front when it starts as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def row(cells: Iterable[object]) -> str:
    """One line of CSV: each cell as it is (None as empty), quoted where RFC 4180 asks and
    wherever it starts with an apostrophe, so that no reader drops or misreads it."""
    return ",".join(map(_field, cells)) + "\n"


def _field(cell: object) -> str:
    field = "" if cell is None else cell if isinstance(cell, str) else str(cell)
    if field.startswith("'") or not _QUOTED.isdisjoint(field):
        field = '"' + field.replace('"', '""') + '"'
    return field


def text_cells(values: Sequence[str]) -> list[str]:
    """Each text of a column as :func:`row` writes ``text(value)``: as it is, unless it starts
    as a formula or holds what CSV quotes. One search over the column finds whether any
    cell does; only then is each cell looked at, and only those that need it are changed."""
    cells = list(values)
    joined = "\n".join(cells)
    if joined.count("\n") == max(len(cells) - 1, 0) and _TOUCHED.search(joined) is None:
        return cells
    return [_field(text(c)) if c.startswith(FORMULA_STARTS) or c.startswith("'")
            or not _QUOTED.isdisjoint(c) else c for c in cells]


def lines(columns: Sequence[Sequence[str]]) -> str:
    """Rows of CSV from columns of cells written already (:func:`text_cells`, numbers)."""
    if not columns or not columns[0]:
        return ""
    return "\n".join(map(",".join, zip(*columns, strict=True))) + "\n"
