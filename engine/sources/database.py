"""The figures worked out inside a database (``--records postgresql://...`` or
``duckdb:///file.duckdb``): each source a table named as the source, the checks of bad records
that SQL can make (a missing key, a key on several records, a reference to an unknown record or
person, a date outside the year) named by table and key, then the field queries of
:mod:`.warehouse`, in the database's own dialect."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from ..diagnostics import AppraiseError, Diagnostic, without_password
from ..formula.records import type_word
from ..i18n import _
from ..model import RecordSource, Scheme
from ..year.periods import Period, month_id
from . import sql, warehouse
from .duck import no_ones, raw_select, store_rows
from .figures import Cell, people_known
from .read import _HINTS

shown = without_password  # a URL as messages name it: without its password

#: The most bad records one check lists.
MOST = 100


def _connect(url: str) -> tuple[Any, str, type[Exception]]:
    """The connection, its dialect and the error its driver raises."""
    try:
        if url.startswith("duckdb://"):
            import duckdb

            path = url[len("duckdb://"):].lstrip("/")
            con = duckdb.connect("/" + path if url.startswith("duckdb:////") else path,
                                 read_only=True)
            con.execute("SET enable_progress_bar = false")  # else drawn on standard output
            return con, "duckdb", duckdb.Error
        import psycopg

        return psycopg.connect(url, autocommit=True, connect_timeout=10), "postgres", \
            psycopg.Error
    except Exception as exc:  # any driver's failure to connect is the same to the person
        raise _problem(url, _("cannot connect to the database: {reason}").format(
            reason=_reason(exc)), _("check the URL, and that the database server is running "
                                     "and lets you in")) from None


def _reason(exc: Exception) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def _problem(url: str, message: str, hint: str, path: str = "") -> AppraiseError:
    return AppraiseError([Diagnostic(shown(url), 0, 0, "error", path, message, hint)])


def db_figures(scheme: Scheme, url: str, period: Period,
               warnings: list[Diagnostic] | None = None) -> dict[tuple[str, str, str], Cell]:
    """(field, person, month) to each figure, worked out by the database at ``url``;
    :class:`AppraiseError` naming the missing tables or columns, or the bad records; in
    ``warnings``, the records that count for no one."""
    con, dialect, error = _connect(url)
    try:
        _tables(con, scheme, url, error)
        problems = [d for name, source in scheme.records.items()
                    for d in _bad(con, scheme, url, dialect, name, source)]
        if problems:
            raise AppraiseError(problems[:MOST])
        year = period.year
        out: dict[tuple[str, str, str], Cell] = {}
        def run(query: Any) -> list[Any]:
            for cte in scheme.records:
                query = query.with_(sql.ident(warehouse.typed_name(cte)),
                                    as_=warehouse.typed_records(scheme, cte, cte))
            return list(con.execute(query.sql(dialect)).fetchall())

        for query, names in warehouse.queries(scheme, period):
            store_rows(out, scheme.derived, names, run(query),
                       lambda month: month_id(year, int(month)))
        if warnings is not None:
            warnings += no_ones(scheme, {n: warehouse.typed_name(n) for n in scheme.records},
                                period, run, lambda _source: shown(url), portable=True)
        return out
    except error as exc:
        raise _problem(url, _("the database could not work out the figures: {reason}").format(
            reason=_reason(exc)), _("check that each table holds the columns the scheme "
                                     "declares, of their types")) from None
    finally:
        con.close()


def _tables(con: Any, scheme: Scheme, url: str, error: type[Exception]) -> None:
    """Each source's table is there with every declared column; else name what is not."""
    e = sql.exp()
    problems = []
    for name, source in scheme.records.items():
        try:
            found = con.execute(e.select(e.Star()).from_(e.Table(this=sql.ident(name))).limit(
                0).sql("postgres")).description or ()
        except error:
            problems.append(Diagnostic(shown(url), 0, 0, "error", f"records.{name}", _(
                "the database has no table '{table}'").format(table=name), _(
                "records are read from a table named as their source: create it, or load "
                "the records into it")))
            continue
        have = {str(d[0]) for d in found}
        problems += [Diagnostic(shown(url), 0, 0, "error", f"records.{name}", _(
            "the table '{table}' has no column '{column}'").format(table=name, column=c), _(
            "the table must hold every column declared under records.{source}.columns"
        ).format(source=source.id)) for c in source.columns if c not in have]
    if problems:
        raise AppraiseError(problems)


def _bad(con: Any, scheme: Scheme, url: str, dialect: str, name: str,
         source: RecordSource) -> list[Diagnostic]:
    """The bad records of one table that SQL can find, each named by its key."""
    e = sql.exp()
    raw = raw_select(e.Table(this=sql.ident(name)), source).subquery(sql.ident("t"))
    key = sql.column(source.key, "t")
    out: list[Diagnostic] = []

    def rows(query: Any) -> list[tuple[Any, ...]]:
        return list(con.execute(query.limit(MOST).sql(dialect)).fetchall())

    def said(message: str, hint: str) -> None:
        out.append(Diagnostic(shown(url), 0, 0, "error", f"records.{name}", message, hint))

    (missing,), = con.execute(e.select(e.Count(this=e.Star())).from_(raw.copy()).where(
        key.is_(e.Null())).sql(dialect)).fetchall()
    if missing:
        said(_("{count} records of the table '{table}' have no {key}").format(
            count=missing, table=name, key=source.key), _("give each record its key"))
    for value, count in rows(e.select(key, e.Count(this=e.Star())).from_(raw.copy()).where(
            key.is_(e.Null()).not_()).group_by(key).having(e.Count(this=e.Star()) > 1
                                                          ).order_by(key)):
        said(_("{key} '{value}' is the key of {count} records of the table '{table}'").format(
            key=source.key, value=value, count=count, table=name), _(
            "a key names one record: keep one, or give the others their own keys"))
    if _mistyped(rows, said, raw, key, name, source):
        return out  # the checks below cast the values: the database would stop at the first
    known = people_known(scheme)
    for column in source.columns.values():
        value = sql.column(column.name, "t")
        if column.refers is not None:
            if column.refers in known:
                ids = sorted(known[column.refers]) or [""]
                among: Any = e.select(e.column("id")).from_(e.Values(expressions=[
                    e.Tuple(expressions=[e.Literal.string(i)]) for i in ids], alias=e.TableAlias(
                    this=sql.ident("k"), columns=[sql.ident("id")])))
                what = _("a person of the scheme") if column.refers == "people" else _(
                    "a unit of the scheme")
            else:
                target = scheme.records[column.refers]
                among = e.select(e.Cast(this=sql.column(target.key), to=e.DataType.build(
                    "VARCHAR"))).from_(e.Table(this=sql.ident(column.refers)))
                what = _("a record of '{table}'").format(table=column.refers)
            unknown = e.Not(this=e.In(this=value, query=among.subquery()))
            for record, found in rows(e.select(key, value).from_(raw.copy()).where(e.and_(
                    value.is_(e.Null()).not_(), unknown)).order_by(key)):
                said(_("{table} '{record}': {column} '{value}' is not {what}").format(
                    table=name, record=record, column=column.name, value=found, what=what), _(
                    "correct it, or add the missing entry"))
        if column.name == source.date and scheme.calendar is not None:
            year = scheme.calendar.year
            day = e.Cast(this=value, to=e.DataType.build("DATE"))
            outside = e.or_(day < sql.literal(date(year, 1, 1)),
                            day >= sql.literal(date(year + 1, 1, 1)))
            for record, found in rows(e.select(key, value).from_(raw.copy()).where(e.and_(
                    value.is_(e.Null()).not_(), outside)).order_by(key)):
                said(_("{table} '{record}': {column} {value} is not in {year}").format(
                    table=name, record=record, column=column.name, value=found, year=year), _(
                    "the records are of the scheme's year: leave the others out of the table"
                    " or correct the date"))
    return out


def _mistyped(rows: Callable[[Any], list[tuple[Any, ...]]], said: Callable[[str, str], None],
              raw: Any, key: Any, name: str, source: RecordSource) -> bool:
    """Name each record whose number, date or true/false, as text, is not one (as the files'
    reader would), rather than let the database stop at the first cast with its own words;
    whether any was found. A date of the right shape that is no day (2026-02-30) is left to
    the database."""
    e = sql.exp()
    found = False
    for column in source.columns.values():
        if column.type not in _SHAPES:
            continue
        value = sql.column(column.name, "t")
        wrong = e.Lower(this=value).isin("true", "false").not_() if column.type == "boolean" \
            else e.RegexpLike(this=value, expression=e.Literal.string(_SHAPES[column.type])
                              ).not_()
        for record, text in rows(e.select(key, value).from_(raw.copy()).where(e.and_(
                value.is_(e.Null()).not_(), wrong)).order_by(key)):
            found = True
            said(_("{table} '{record}': {column} '{value}' is not {type}").format(
                table=name, record=record, column=column.name, value=text,
                type=type_word(column.type)), _HINTS[column.type]())
    return found


#: What a number and a date look like as text (as the files' reader takes them); a date
#: column of the database's own TIMESTAMP type reads as a date and a time of day: its day.
_SHAPES = {"number": r"^-?[0-9]{1,24}(\.[0-9]{1,6})?$",
           "date": r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
                   r"( [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?)?$", "boolean": ""}


__all__ = ["db_figures", "shown"]
