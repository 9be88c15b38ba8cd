"""A table made to fit a terminal's width: columns the reader can do without left out,
long names shortened, in an order the table gives, until the table fits.

Only for a table shown on a terminal (the command knows): in a pipe or a file a table
keeps its full width, byte for byte. Widths count East Asian wide characters as two
columns, as the table's alignment does (:func:`.layout.width`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..diagnostics import visible
from ..i18n import _, language
from .layout import width

GAP = 2  # spaces between two columns, as render_columns writes them
SHORTEST = 6  # a shortened column keeps at least this many columns (or its heading's)
ELLIPSIS = "…"  # what ends a shortened cell


@dataclass
class Fitted:
    """The table's columns that fit, and what was done to make them fit."""

    header: list[str]
    columns: list[list[str]]
    right: list[bool]
    left_out: list[str] = field(default_factory=list)
    shortened: list[str] = field(default_factory=list)

    def note(self, room: int) -> str:
        """The footer that says what the reader does not see, and how to see it."""
        out = ""
        if self.left_out:
            out += _("Not shown, to fit {columns} columns: {names}").format(
                columns=room, names=_listed(self.left_out)) + "\n"
        if self.shortened:
            out += _("Shortened (…), to fit {columns} columns: {names}").format(
                columns=room, names=_listed(self.shortened)) + "\n"
        if out:
            out += _("To see every column whole: a wider terminal, COLUMNS=200, or "
                     "--format csv") + "\n"
        return out


def fit(header: Sequence[str], columns: Sequence[Sequence[str]], right: Sequence[bool],
        room: int, steps: Sequence[tuple[str, int]]) -> Fitted:
    """The table of ``columns`` under ``header`` within ``room`` columns: each step, in
    order, until it fits: ``("drop", i)`` leaves column ``i`` out, ``("shorten", i)``
    cuts column ``i``'s long cells (to no less than :data:`SHORTEST`). Columns no step
    names are always kept; a table that still does not fit is as narrow as the steps make
    it (the terminal wraps the rest)."""
    cells = [[visible(h), *(visible(c) for c in column)]
             for h, column in zip(header, columns, strict=True)]
    sizes = [max(map(width, column)) for column in cells]
    kept = list(range(len(header)))
    done = Fitted([], [], [])

    def total() -> int:
        return sum(sizes[i] for i in kept) + GAP * (len(kept) - 1)

    for action, i in steps:
        excess = total() - room
        if excess <= 0:
            break
        if i not in kept:
            continue
        if action == "drop":
            kept.remove(i)
            done.left_out.append(header[i])
            if header[i] in done.shortened:  # shortened first, then still too wide
                done.shortened.remove(header[i])
            continue
        floor = max(SHORTEST, width(cells[i][0]))
        cap = max(floor, sizes[i] - excess)
        if cap < sizes[i]:
            cells[i] = [cells[i][0], *(_cut(c, cap) for c in cells[i][1:])]
            sizes[i] = max(map(width, cells[i]))
            done.shortened.append(header[i])
    done.header = [cells[i][0] for i in kept]
    done.columns = [cells[i][1:] for i in kept]
    done.right = [right[i] for i in kept]
    return done


def _listed(names: Sequence[str]) -> str:
    """Column headings in a list, as the run's language lists words (、 in Chinese)."""
    return ("、" if language() == "zh" else ", ").join(names)


def _cut(text: str, cap: int) -> str:
    """``text`` in no more than ``cap`` columns, ending in :data:`ELLIPSIS` when cut."""
    if width(text) <= cap:
        return text
    while text and width(text) + width(ELLIPSIS) > cap:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS
