"""What the sheets of an Excel workbook of results share: valid and unique sheet names, the
formats of their numbers, their headings in the run's language, and the writing of a sheet
of rows, each cell of text written as text (never a formula) and each number as a number.

Excel refuses a sheet name longer than 31 characters (counted as UTF-16 does: a character
beyond the basic plane counts two), one holding ``[]:*?/\\``, one beginning or ending with
an apostrophe, a blank one, the name ``History`` (which it keeps for itself), and two names
that differ only in case. :class:`SheetNames` makes any label such a name: the characters
replaced, the label cut, and a number added to a name taken already.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from ..model import Scheme
from .layout import width

MAX_NAME = 31  # UTF-16 code units in a sheet name
CREATED = datetime(2000, 1, 1)  # a workbook's date: the same results give the same bytes
_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
MAX_WIDTH = 50  # characters: a column no wider than this, however long its cells
WIDTH_SAMPLE = 2000  # rows looked at to size a column

# The kinds of column and how each cell of one is written: text, points (to the scheme's
# places), money (thousands, its places), a whole number, any other number, a percentage.
TEXT, POINTS, MONEY, WHOLE, GENERAL, PERCENT, VALUE = \
    "text", "points", "money", "whole", "general", "percent", "value"  # value: text or a number


def write_workbook(path: str, properties: dict[str, str], fill: Callable[[Any], None],
                   constant_memory: bool = False) -> None:
    """A workbook at ``path`` that ``fill`` makes, with these ``properties`` (its title...):
    text never a formula, a number or a link (a cell is what the results hold), an infinite
    figure Excel's error value, the date fixed (the same results give the same bytes).
    OSError when it cannot be written; the caller removes what a failure leaves."""
    import xlsxwriter  # type: ignore[import-untyped]
    from xlsxwriter.exceptions import FileCreateError  # type: ignore[import-untyped]

    workbook = xlsxwriter.Workbook(path, {
        "constant_memory": constant_memory, "strings_to_numbers": False,
        "strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": True})
    try:
        workbook.set_properties({**properties, "created": CREATED})
        fill(workbook)
    except BaseException:
        workbook.fileclosed = True  # nothing to close: the caller removes the file
        raise
    try:
        workbook.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args else exc
        raise cause if isinstance(cause, OSError) else OSError(str(cause)) from None


def _units(name: str) -> int:
    return len(name.encode("utf-16-le")) // 2


def _cut(name: str, size: int) -> str:
    """``name`` cut to at most ``size`` UTF-16 code units, never within a character."""
    while _units(name) > size:
        name = name[:-1]
    return name


class SheetNames:
    """Names of sheets, each valid and unique (ignoring case) in one workbook."""

    def __init__(self) -> None:
        self.taken: set[str] = {"history"}  # Excel keeps History for itself

    def name(self, label: str, fallback: str = "Sheet") -> str:
        """``label`` as a sheet name no other sheet of the workbook has."""
        cleaned = _BAD.sub("_", label).strip().strip("'").strip()
        base = _cut(cleaned, MAX_NAME).strip() or _cut(_BAD.sub("_", fallback), MAX_NAME)
        chosen, n = base, 1
        while chosen.casefold() in self.taken:
            n += 1
            suffix = f" ({n})"
            chosen = _cut(base, MAX_NAME - len(suffix)).rstrip().rstrip("'") + suffix
        self.taken.add(chosen.casefold())
        return chosen


def formats(workbook: Any, scheme: Scheme) -> dict[str, Any]:
    """The workbook's formats of cells: a heading, and a format for each kind of column."""
    points, money = scheme.rounding.points, scheme.rounding.money
    return {
        "heading": workbook.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                        "bg_color": "#DDEBF7", "border": 1}),
        TEXT: workbook.add_format({"num_format": "@"}),
        POINTS: workbook.add_format({"num_format": "0." + "0" * points if points else "0"}),
        MONEY: workbook.add_format({"num_format": "#,##0." + "0" * money if money
                                    else "#,##0"}),
        WHOLE: workbook.add_format({"num_format": "0"}),
        GENERAL: workbook.add_format({"num_format": "General"}),
        VALUE: workbook.add_format({"num_format": "General"}),
        PERCENT: workbook.add_format({"num_format": "0." + "0" * points + "%" if points
                                      else "0%"}),
    }


Column = Sequence[Any]  # a column's cells: str, float or int, None (or NaN) for a blank


class Sheet:
    """A sheet of rows under one row of headings: the header frozen, every column filtered
    and sized to its cells; cells written in rows one after another (as Excel's constant
    memory mode asks)."""

    def __init__(self, workbook: Any, name: str, headings: Sequence[str],
                 kinds: Sequence[str], styles: dict[str, Any], frozen: int = 0) -> None:
        self.sheet = workbook.add_worksheet(name)
        self.kinds, self.styles, self.row = list(kinds), styles, 1
        self.widths = [width(h) for h in headings]
        self.sized = False
        for c, heading in enumerate(headings):
            self.sheet.write_string(0, c, heading, styles["heading"])
        self.sheet.freeze_panes(1, frozen)
        self.writers: list[Callable[[int, int, Any], object]] = [
            self._writer(kind) for kind in kinds]

    def _writer(self, kind: str) -> Callable[[int, int, Any], object]:
        sheet, style = self.sheet, self.styles[kind]

        def text(row: int, col: int, value: Any) -> object:
            return sheet.write_string(row, col, value, style) if value else None

        def number(row: int, col: int, value: Any) -> object:
            if isinstance(value, str):  # a number the CSV's columns hold as its text
                value = float(value) if value else None
            if value is None or (isinstance(value, float) and math.isnan(value)):
                return None
            return sheet.write_number(row, col, value, style)

        def either(row: int, col: int, value: Any) -> object:
            return text(row, col, value) if isinstance(value, str) else number(row, col, value)

        return text if kind == TEXT else either if kind == VALUE else number

    def rows(self, columns: Sequence[Column], picked: Sequence[int] | None = None) -> None:
        """The rows of ``columns`` (all of the same length), or only those ``picked``."""
        rows = range(len(columns[0])) if picked is None else picked
        if not self.sized:
            self._size(columns, rows)
        writers = list(enumerate(zip(self.writers, columns, strict=True)))
        row = self.row
        for r in rows:
            for c, (write, cells) in writers:
                write(row, c, cells[r])
            row += 1
        self.row = row

    def _size(self, columns: Sequence[Column], rows: Sequence[int]) -> None:
        """Each column as wide as its heading and its widest cell among the first rows."""
        sample = list(rows[:WIDTH_SAMPLE])
        if not sample:
            return
        self.sized = True
        for c, cells in enumerate(columns):
            self.widths[c] = max(self.widths[c], *(_shown(cells[r]) for r in sample))

    def close(self) -> None:
        """The widths, and the filter over the header and every row written."""
        for c, (size, kind) in enumerate(zip(self.widths, self.kinds, strict=True)):
            self.sheet.set_column(c, c, min(size, MAX_WIDTH) + 2, self.styles[kind])
        self.sheet.autofilter(0, 0, max(self.row - 1, 0), len(self.kinds) - 1)


def _shown(value: Any) -> int:
    """About how many characters wide a cell shows ``value``."""
    if isinstance(value, str):
        return width(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 0
    return len(f"{value:,.2f}")


KINDS = {  # the kind of each column of the score CSV that is not text, by its id
    "weighted_sum": POINTS, "deductions": POINTS, "bonuses": POINTS, "total": POINTS,
    "coefficient": GENERAL, "bonus": MONEY, "bonus_before_pool": MONEY, "rank": WHOLE,
    "rank_of": WHOLE, "months": WHOLE, "company_rank": WHOLE, "company_of": WHOLE,
    "depth": WHOLE, "target": MONEY, "stretch": MONEY, "children": MONEY, "gap": MONEY,
}


def kind_of(name: str) -> str:
    """The kind of the CSV's column ``name``: an indicator's or a section's points, an
    award's place, one of :data:`KINDS`, else text (a name, a grade, an evidence text)."""
    kind = name.partition(":")[0]
    return POINTS if kind in ("points", "section") else WHOLE if kind == "award" else \
        KINDS.get(name, TEXT)


def column_headings(names: list[str], scheme: Scheme, labels: bool) -> list[str]:
    """The CSV's columns ``names`` headed as ``--headers`` says: by their ids (as the CSV),
    or by their ``labels`` (the scheme's and the run's language, as the CSV's labels)."""
    if not labels:
        return names
    from .headers import labelled

    return labelled(names, scheme)
