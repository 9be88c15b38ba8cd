"""The figures worked out inside a database (``--records postgresql://...`` or
``duckdb:///file.duckdb``): each source a table named as the source, the checks of bad records
that SQL can make (a missing key, a key on several records, a reference to an unknown record or
person, a date outside the year) named by table and key, then the field queries of
:mod:`.warehouse`, in the database's own dialect."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..diagnostics import AppraiseError, Diagnostic, without_password
from ..i18n import _
from ..model import RecordSource, Scheme
from ..year.periods import Period, month_id
from . import sql, warehouse
from .duck import raw_select, store_rows
from .figures import Cell, people_known

shown = without_password  # a URL as messages name it: without its password

SCHEMES = ("postgresql://", "postgres://", "duckdb://")
#: The most bad records one check lists.
MOST = 100


def is_database(records: str) -> bool:
    """Whether ``--records`` names a database rather than a folder of files."""
    return str(records).startswith(SCHEMES)


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


def db_figures(scheme: Scheme, url: str, period: Period) -> dict[tuple[str, str, str], Cell]:
    """(field, person, month) to each figure, worked out by the database at ``url``;
    :class:`AppraiseError` naming the missing tables or columns, or the bad records."""
    con, dialect, error = _connect(url)
    try:
        _tables(con, scheme, url, error)
        problems = [d for name, source in scheme.records.items()
                    for d in _bad(con, scheme, url, dialect, name, source)]
        if problems:
            raise AppraiseError(problems[:MOST])
        year = period.year
        out: dict[tuple[str, str, str], Cell] = {}
        for query, names in warehouse.queries(scheme, period):
            for cte in scheme.records:
                query = query.with_(sql.ident(warehouse.typed_name(cte)),
                                    as_=warehouse.typed_records(scheme, cte, cte))
            store_rows(out, scheme.derived, names, con.execute(query.sql(dialect)).fetchall(),
                       lambda month: month_id(year, int(month)))
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


__all__ = ["db_figures", "is_database", "shown"]
