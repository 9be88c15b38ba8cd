"""Records that count for no one: those a field would count in the period but whose ``by:``
(or, for a rated field, ``rater:``) is blank, through a reference or on the record itself.
No figure can hold them, so each source and path is a warning naming how many there are
and the first of their keys, worked out by the same SQL as the figures (the files' DuckDB,
a database) or by the reference in Python."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..diagnostics import Diagnostic
from ..formula.records import ColumnPath
from ..i18n import _
from ..model import Scheme
from ..year.periods import Period
from . import sql
from .figures import written

#: The keys a warning names; the count says how many more there are.
NAMED = 3


@dataclass(frozen=True)
class Group:
    """Fields of one source that name whom a record counts for (by:) or who rated it
    (rater:) along the same path, and take first records of the same thing, if any: one
    question for all of them."""

    source: str
    path: ColumnPath
    first_of: ColumnPath | None
    fields: tuple[str, ...]


def groups(scheme: Scheme) -> list[Group]:
    """The fields from records, grouped by source, path (``by``, and ``rater`` for a rated
    field) and ``first_of``, in the scheme's order."""
    found: dict[tuple[Any, ...], list[str]] = {}
    for name, spec in scheme.derived.items():
        for path in (spec.by,) + ((spec.rater,) if spec.rater is not None else ()):
            found.setdefault((spec.source, path, spec.first_of), []).append(name)
    return [Group(source, path, first_of, tuple(names))
            for (source, path, first_of), names in found.items()]


def query(scheme: Scheme, group: Group, tables: dict[str, str], period: Period,
          firsts: Any | None = None) -> Any:
    """The first :data:`NAMED` keys of the group's records in ``period`` that a field's
    filter lets through and whose path is blank, each with the count of all of them;
    ``firsts``, the query of the records that may count when the fields take first
    records."""
    e = sql.exp()
    source = scheme.records[group.source]
    specs = [scheme.derived[name] for name in group.fields]
    key = sql.column(source.key, "r")
    body: Any = e.Table(this=sql.ident(tables[source.id]), alias=e.TableAlias(
        this=sql.ident("r")))
    if firsts is not None:
        body = firsts.subquery(sql.ident("r"))
    made = e.select(e.alias_(key, "k"), e.alias_(e.Window(this=e.Count(this=e.Star())), "n")
                    ).from_(body)
    paths = {group.path}.union(*(s.paths for s in specs))
    for table, on in sql.joins(scheme.records, source.id, paths, tables):
        made = made.join(table, on=on, join_type="LEFT")
    date = sql.column(str(source.date), "r")
    made = made.where(e.Month(this=date).isin(*(e.Literal.number(m) for m in period.months)))
    made = made.where(sql.at(group.path).is_(e.Null()))
    if all(s.where is not None for s in specs):
        made = made.where(e.or_(*(sql.translate(s.where) for s in specs if s.where)))
    return made.order_by(key).limit(NAMED)


def warning(scheme: Scheme, group: Group, period: Period, file: str,
            rows: Iterable[tuple[Any, ...]]) -> Diagnostic | None:
    """The warning for the rows of :func:`query` (key, count), or None when there are
    none."""
    found = list(rows)
    if not found:
        return None
    count = int(found[0][1])
    keys = ", ".join(written(row[0]) if isinstance(row[0], Decimal) else str(row[0])
                     for row in found) + (", ..." if count > len(found) else "")
    blank = ".".join(group.path)
    fields = ", ".join(group.fields)
    said = (_("1 record of {source} in {period} has a blank {path}: it counts for no one in "
              "{fields} ({keys})") if count == 1 else
            _("{count} records of {source} in {period} have a blank {path}: they count for no "
              "one in {fields} (the first: {keys})"))
    return Diagnostic(file, 0, 0, "warning", f"records.{group.source}", said.format(
        count=count, source=group.source, period=period.id, path=blank, fields=fields,
        keys=keys), _hint(scheme, group))


def _hint(scheme: Scheme, group: Group) -> str:
    """How to give such records someone: on the records themselves, or (for a path through
    a reference) on the records they name."""
    path = ".".join(group.path)
    if len(group.path) == 1:
        return _("fill in {path} on those records, or take them out of the file if they are "
                 "no one's").format(path=path)
    target = str(scheme.records[group.source].columns[group.path[0]].refers)
    return _("fill in {path}: each record's {first}, and {rest} on the record of {target} it "
             "names; or take them out of the file if they are no one's").format(
        path=path, first=group.path[0], rest=".".join(group.path[1:]), target=target)


__all__ = ["NAMED", "Group", "groups", "query", "warning"]
