"""The records behind a person's figures (``explain --records``): for each field from
records, the records the person's figure was worked out from in the period (their key,
date and the columns the field reads), or, for many, their count and a DuckDB query that
lists them all, runnable as it is printed (the files read in place)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

from ..i18n import _
from ..model import FieldSource, RecordSource, Scheme
from ..year.periods import Period
from . import sql
from .duck import raw_select, read_call, typed_select
from .files import duck_file, is_workbook, run, where

#: The most records shown under a field; beyond it, the count and the query.
SHOWN = 20


@dataclass(frozen=True)
class Made:
    """The records one figure was worked out from."""

    field: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    count: int
    query: str
    converted: tuple[str, ...] = ()  # the files the query reads saved as CSV UTF-8


def made_of(scheme: Scheme, folder: str | FilePath, period: Period, person: str,
            shown: int = SHOWN) -> list[Made]:
    """For each field from records, in the scheme's order, the records behind ``person``'s
    figure in ``period`` (those its filter lets through; a field counted per customer lists
    the records of every customer, and one that takes first records, the first ones)."""
    import duckdb  # only a scheme that draws on records needs it

    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")  # else drawn on standard output
    with run():
        try:
            out = []
            for name in scheme.fields:
                spec = scheme.derived.get(name)
                if spec is None:
                    continue
                query, columns = _listing(scheme, folder, period, person, spec,
                                          lambda each: duck_file(folder, each))
                text = query.sql("duckdb")
                shown_query, _columns = _listing(scheme, folder, period, person, spec,
                                                 lambda each: _as_csv(folder, each))
                converted = tuple(sorted({_as_csv(folder, each) for each in scheme.records
                                          .values() if duck_file(folder, each) != where(
                                              folder, each) and _as_csv(folder, each)
                                          in shown_query.sql("duckdb")}))
                counted = con.execute(f"SELECT count(*) FROM ({text})").fetchone()
                count = int(counted[0]) if counted else 0
                rows = con.execute(query.limit(shown).sql("duckdb")).fetchall()
                out.append(Made(name, columns, tuple(tuple(_cell(v) for v in row)
                                                     for row in rows), count,
                                shown_query.sql("duckdb"), converted))
            return out
        finally:
            con.close()


def _as_csv(folder: str | FilePath, source: RecordSource) -> str:
    """The file a printed query reads for ``source``: a workbook as the CSV UTF-8 file Excel
    saves of it (orders.xlsx: orders.csv), any other file as it is named."""
    file = where(folder, source)
    return file[:-len(".xlsx")] + ".csv" if is_workbook(source) else file


def _cell(value: Any) -> str:
    from .figures import written

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "normalize"):
        return written(value)
    return str(value)


def _listing(scheme: Scheme, folder: str | FilePath, period: Period, person: str,
             spec: FieldSource, files: Callable[[RecordSource], str]
             ) -> tuple[Any, tuple[str, ...]]:
    """The query that lists the records behind one figure, the sources as its WITH, each
    read from the file ``files`` names."""
    from .duck import _firsts

    e = sql.exp()
    source = scheme.records[spec.source]
    tables = {name: f"_rec_{i}" for i, name in enumerate(scheme.records)}
    key, date = sql.column(source.key, "r"), sql.column(str(source.date), "r")
    used = sorted({".".join(p) for p in spec.paths} - {source.key, str(source.date)})
    columns = (source.key, str(source.date), *used)
    body: Any = e.Table(this=sql.ident(tables[source.id]), alias=e.TableAlias(
        this=sql.ident("r")))
    if spec.first_of is not None:
        body = _firsts(scheme, tables, source, spec).subquery(sql.ident("r"))
    query = e.select(e.alias_(key, source.key, quoted=True), e.alias_(
        date, str(source.date), quoted=True), *(e.alias_(sql.at(tuple(p.split("."))), p,
                                                         quoted=True) for p in used)
                     ).from_(body)
    for table, on in sql.joins(scheme.records, source.id, set(spec.paths), tables):
        query = query.join(table, on=on, join_type="LEFT")
    query = query.where(sql.at(spec.by).eq(e.Literal.string(person))).where(
        e.Month(this=date).isin(*(e.Literal.number(m) for m in period.months)))
    if spec.where is not None:
        query = query.where(sql.translate(spec.where))
    query = query.order_by(date, key)
    needed = {source.id}
    for path in spec.paths:
        current = source.id
        for step in path[:-1]:
            current = str(scheme.records[current].columns[step].refers)
            needed.add(current)
    for i, (name, each) in enumerate(scheme.records.items()):
        if name not in needed:
            continue
        query = query.with_(sql.ident(f"_raw_{i}"), as_=raw_select(
            read_call(files(each), each), each)).with_(
            sql.ident(tables[name]), as_=typed_select(f"_raw_{i}", each))
    return query, columns


def listing(made: list[Made], folder: str, period: str, shown: int = SHOWN) -> str:
    """The records behind the figures, as text under the explanation."""
    lines = ["", _("Records behind the figures ({folder}, {period}):").format(
        folder=folder, period=period)]
    for found in made:
        if not found.count:
            lines.append(_("  {field}: no record").format(field=found.field))
            continue
        lines.append((_("  {field}: {count} records") if found.count > 1 else
                      _("  {field}: 1 record")).format(field=found.field, count=found.count))
        table = [found.columns, *found.rows]
        widths = [max(len(row[i]) for row in table) for i in range(len(found.columns))]
        lines += ["    " + "  ".join(cell.ljust(w) for cell, w in zip(
            row, widths, strict=True)).rstrip() for row in table]
        if found.count > len(found.rows):
            lines.append(_("    ... the first {shown}; this DuckDB query lists all {count}:"
                           ).format(shown=len(found.rows), count=found.count))
            lines.append("    " + found.query)
            if found.converted:
                lines.append(_("    (it reads {files}: save the records in Excel as 'CSV UTF-8' "
                               "under that name first)").format(files=", ".join(
                                   found.converted)))
    return "\n".join(lines) + "\n"
