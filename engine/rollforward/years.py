"""The scheme's year, and the texts that move with it to the new year.

The year of a scheme is its ``calendar: year``; without a calendar, the year its ``name``
or ``label`` names (huadong_sales_2026, 2026年度). What moves: the calendar's year; that
year wherever the scheme's own ``name`` and ``label`` write it, as a number of its own
(2026, 2026年度, huadong_sales_2026; not 20260 or 12026); and people's ``posts``: a
person who changed post or joined in the year holds their last post all the new year
(``posts: [{post: beijing_rep}]``), and the months of one who left before its end move by
as many years as the scheme does, listed for HR. Nothing else is changed: other texts
that still name the old year are listed for HR to read, and comments are never touched.
"""

from __future__ import annotations

import re

from ..i18n import _
from ..model import Scheme
from .source import Path, Source
from .targets import Change, Kept

_YEAR = re.compile(r"(?<![0-9])(19|20)[0-9]{2}(?![0-9])")
_MONTH = re.compile(r"([0-9]{4})(-(0[1-9]|1[0-2]))")
_MOVED_TEXTS: tuple[Path, ...] = (("name",), ("label",))


def year_of(scheme: Scheme) -> tuple[int | None, str]:
    """The scheme's year and where it was read (``calendar``, ``name``, ``label``)."""
    if scheme.calendar is not None:
        return scheme.calendar.year, _("its calendar")
    for where, text in (("name", scheme.name), ("label", scheme.label)):
        years = [int(m.group()) for m in _YEAR.finditer(text)]
        if years:
            return max(years), _("its name") if where == "name" else _("its label")
    return None, ""


def year_changes(source: Source, year: int, to: int) -> list[Change]:
    """The calendar's year, the year in the name and label, and people's months, moved."""
    changes: list[Change] = []
    calendar = source.scalars.get(("calendar", "year"))
    if calendar is not None and calendar.number == year:
        changes.append(Change(("calendar", "year"), calendar.line, source.written(calendar),
                              str(to), span=calendar.span))
    own = re.compile(rf"(?<![0-9]){year}(?![0-9])")
    for path in _MOVED_TEXTS:
        scalar = source.scalars.get(path)
        if scalar is not None:
            old = source.written(scalar)
            new = own.sub(str(to), old)
            if new != old:
                changes.append(Change(path, scalar.line, old, new, span=scalar.span))
    return changes


def post_changes(scheme: Scheme, source: Source, year: int, to: int
                 ) -> tuple[list[Change], list[Kept]]:
    """The posts people held through the year's end, held all the new year: a person who
    changed post (or joined) in the year holds the last post from January; one who left
    before its end keeps their months, moved, and is listed."""
    changes: list[Change] = []
    left: list[Kept] = []
    for pid, person in scheme.people.items():
        path: Path = ("people", pid, "posts")
        if not person.assignments or path not in source.sequences:
            continue
        last = max(person.assignments, key=lambda a: a.first)
        start, end = source.sequences[path]
        if last.last == 12:
            old = ", ".join(f"{a.post} {_months(a.first, a.last, year)}"
                            for a in person.assignments)
            held = f"[{{post: {last.post}}}]"
            changes.append(Change(path, source.line_at(start), old,
                                  _("{posts} (all {year})").format(posts=held, year=to),
                                  span=(start, end), spliced=_in_place_of(source, path, start,
                                                                          end, held)))
            continue
        for key, scalar in source.scalars.items():
            if key[:3] == path and len(key) == 5 and key[4] in ("from", "until"):
                old = source.written(scalar)
                new = _MONTH.sub(lambda m: f"{int(m.group(1)) + to - year:04d}{m.group(2)}",
                                 old)
                if new != old:
                    changes.append(Change(key, scalar.line, old, new, span=scalar.span))
        left.append(Kept(path, source.line_at(start), "", _(
            "left in {left}: the new scheme has them until {until}, as written; take them out "
            "of people: if they are gone").format(left=f"{year}-{last.last:02d}",
                                                  until=f"{to}-{last.last:02d}")))
    return changes, left


def _in_place_of(source: Source, path: Path, start: int, end: int, held: str) -> str:
    """``held`` written where a post history was (from its first item to its end), after
    the comment lines within it, kept as they were; indented under the ``posts:`` key where
    the history's items were written at the key's own column (an indentless list)."""
    text = source.text
    line_start = text.rfind("\n", 0, start) + 1
    column = start - line_start
    key = source.mappings.get(path[:2])
    own_line = text[line_start:start].strip() == ""
    pad = ""
    if own_line and key is not None and column <= key.column - 1:
        pad = " " * (key.column + 1 - column)  # items at the key's column: under it instead
        column = key.column + 1
    comments = [line.strip() for line in text[start:end].splitlines()[1:]
                if line.strip().startswith("#")]
    if not comments or not own_line:
        return pad + held
    indent = " " * column
    return pad + "".join(f"{comment}\n{indent}" for comment in comments) + held


def _months(first: int, last: int, year: int) -> str:
    if first == 1 and last == 12:
        return _("all year")
    if first == 1:
        return _("until {month}").format(month=f"{year}-{last:02d}")
    if last == 12:
        return _("from {month}").format(month=f"{year}-{first:02d}")
    return _("{first} to {last}").format(first=f"{year}-{first:02d}", last=f"{year}-{last:02d}")


def still_naming(source: Source, year: int, changed: set[Path]) -> list[Kept]:
    """The texts (values, not comments) left unchanged that still write the old year."""
    own = re.compile(rf"(?<![0-9]){year}(?![0-9])")
    return [Kept(path, scalar.line, source.written(scalar),
                 _("still names {year}").format(year=year))
            for path, scalar in source.scalars.items()
            if not any(path[:k] in changed for k in range(1, len(path) + 1))
            and scalar.number is None and own.search(scalar.value)]
