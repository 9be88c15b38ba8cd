"""The figures as SQL that runs where the records already are: each source a table of the
database (named as the source unless mapped), read as text and typed as the files are, and
each field's query as DuckDB runs it, printed in any of sqlglot's dialects. Only constructs
every dialect has (or sqlglot rewrites): month numbers, not date formats; the first or last
record of a month by a window (ROW_NUMBER), not an ordered aggregate."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ..model import FieldSource, Scheme
from ..year.periods import Period
from . import sql
from .duck import _query, raw_select, typed_select
from .figures import own_fields, rows_of

#: The dialects ``appraise sql`` prints (sqlglot's names).
DIALECTS = ("duckdb", "postgres", "spark", "trino")


def typed_name(source: str) -> str:
    """The name the typed records of ``source`` go by inside a query."""
    return f"typed_{source}"


def typed_records(scheme: Scheme, source: str, table: str) -> Any:
    """A source's records from its table: every column read as text, then typed (numbers
    DECIMAL, dates DATE, booleans), dated records only of the scheme's year."""
    e = sql.exp()
    record = scheme.records[source]
    raw = raw_select(table_of(table), record).subquery(sql.ident("raw"))
    typed = typed_select("raw", record).from_(raw)
    if record.date is not None and scheme.calendar is not None:
        year = scheme.calendar.year
        day = e.Cast(this=e.Cast(this=sql.column(record.date, "raw"), to=e.DataType.build(
            "VARCHAR")), to=e.DataType.build("DATE"))
        typed = typed.where(e.and_(day >= sql.literal(date(year, 1, 1)),
                                   day < sql.literal(date(year + 1, 1, 1))))
    return typed


def table_of(name: str) -> Any:
    """A table by its name, ``catalog.schema.table`` or ``schema.table`` as the parts."""
    e = sql.exp()
    parts = [sql.ident(p) for p in name.split(".")]
    return e.Table(this=parts[-1], db=parts[-2] if len(parts) > 1 else None,
                   catalog=parts[-3] if len(parts) > 2 else None)


def _alone(spec: FieldSource) -> bool:
    return spec.first_of is not None or spec.per is not None or spec.rater is not None \
        or spec.how in ("first", "last")


def queries(scheme: Scheme, period: Period) -> Iterable[tuple[Any, list[str]]]:
    """Each field query over the typed records and the fields its columns are: person,
    month (a number), then (for a rated field) the rater, then the figures; the plain fields
    of a source and person path together, the others each alone."""
    tables = {name: typed_name(name) for name in scheme.records}
    plain: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for name, spec in scheme.derived.items():
        if _alone(spec):
            yield _monthly(_ordered(scheme, tables, period, name) if spec.how in (
                "first", "last") else _query(scheme, tables, period, [name], portable=True)), [name]
        else:
            plain.setdefault((spec.source, spec.by), []).append(name)
    for names in plain.values():
        yield _monthly(_query(scheme, tables, period, names, portable=True)), names


def _monthly(query: Any) -> Any:
    """The query with its month a number (strftime is DuckDB's and SQLite's alone)."""
    e = sql.exp()

    def change(node: Any) -> Any:
        if isinstance(node, e.Anonymous) and str(node.this).lower() == "strftime":
            return e.Month(this=node.expressions[0])
        return node
    return query.transform(change)


def _ordered(scheme: Scheme, tables: dict[str, str], period: Period, name: str) -> Any:
    """A first or last field: the value of the month's first (last) record by date, then
    key, of those its filter lets through, picked by ROW_NUMBER."""
    e = sql.exp()
    spec = scheme.derived[name]
    source = scheme.records[spec.source]
    assert spec.of is not None
    body = _query(scheme, tables, period, [name], portable=True)
    picked = body.args["expressions"][:2 + (spec.rater is not None)]
    keys = [e.column(str(p.alias)) for p in picked]
    desc = spec.how == "last"
    rank = e.Window(this=e.RowNumber(), partition_by=[p.this.copy() for p in picked],
                    order=e.Order(expressions=[
                        e.Ordered(this=sql.column(str(source.date), "r"), desc=desc),
                        e.Ordered(this=sql.column(source.key, "r"), desc=desc)]))
    inner = body.copy()
    inner.set("group", None)
    inner.set("expressions", [*(p.copy() for p in picked), e.alias_(sql.translate(spec.of),
                                                                    "value"),
                              e.alias_(rank, "n")])
    if spec.where is not None:
        inner = inner.where(sql.translate(spec.where))
    return e.select(*keys, e.Max(this=e.column("value"))).from_(inner.subquery("o")).where(
        e.column("n").eq(1)).group_by(*keys)


def script(scheme: Scheme, period: Period, dialect: str, tables: Mapping[str, str],
           source_of: str, raters: Mapping[str, int] | None = None,
           slots_table: str | None = None) -> str:
    """One statement that works out every field of ``period`` from the tables: the monthly
    data file's rows (id, name, post, period and the fields), with a comment on each part.
    A field rated by several is a column for each rater: one of each of the field's rater
    groups, or ``raters[group]`` of it numbered (peer1, peer2, ...). Each person's post in
    each month is written into the statement, or read from ``slots_table`` (a table of
    :func:`slots_csv`'s rows: for a large company, whose statement would be megabytes)."""
    e = sql.exp()
    ctes: list[tuple[str, Any, str]] = []
    for name in scheme.records:
        ctes.append((typed_name(name), typed_records(scheme, name, tables[name]),
                     f"the records of {name}, from the table {tables[name]}, typed"))
    columns: list[tuple[str, str, str]] = []  # (column, field, part)
    for i, (query, names) in enumerate(queries(scheme, period)):
        part = f"figures_{i + 1}"
        spec = scheme.derived[names[0]]
        ctes.append((part, _named(query, names, scheme, dialect), "the figures of " + ", ".join(
            names) + _how(spec)))
        if spec.rater is None:
            columns += [(n, n, part) for n in names]
            continue
        named = rater_names(scheme, names[0], raters or {})
        ctes.append((f"ratings_{i + 1}", _pivot(part, names[0], named),
                     f"{names[0]}: a column for each rater"))
        columns += [(f"{names[0]}@{r}", names[0], f"ratings_{i + 1}") for r in named]
    order = list(scheme.fields)
    columns.sort(key=lambda c: order.index(c[1]))
    people = rows_of(scheme, period)
    needs = {post: own_fields(scheme, post) for _p, post, _m in people}
    ctes.append(("slots", _slots(scheme, people) if slots_table is None else _slots_from(
        slots_table), "each person on a post, each month of " + period.id + (
        "" if slots_table is None else f", from the table {slots_table}")))
    final = e.select(*(e.alias_(sql.column(c, "s"), c, quoted=True)
                       for c in ("id", "name", "post", "period"))).from_(
        e.Table(this=sql.ident("slots"), alias=e.TableAlias(this=sql.ident("s"))))
    for part in sorted({part for _c, _n, part in columns}):
        final = final.join(e.Table(this=sql.ident(part), alias=e.TableAlias(
            this=sql.ident(part))), on=e.and_(
            sql.column("person", part).eq(sql.column("id", "s")),
            sql.column("month", part).eq(sql.column("month", "s"))), join_type="LEFT")
    for column, name, part in columns:
        value = sql.column(column, part)
        if scheme.derived[name].how in ("count", "count_distinct", "sum"):
            value = e.Coalesce(this=value, expressions=[e.Cast(this=e.Literal.number(0),
                                                               to=e.DataType.build(sql.DECIMAL))])
        posts = sorted(p for p, fields in needs.items() if name in fields)
        value = e.Case(ifs=[e.If(this=sql.column("post", "s").isin(*posts), true=value)]) \
            if posts else e.Null()
        final = final.select(e.alias_(value, column, quoted=True))
    final = final.order_by(sql.column("month", "s"), sql.column("n", "s"))
    head = (f"-- Appraise: the figures of {period.id} worked out from the records, for the "
            f"scheme {source_of} ({dialect}).\n-- Each source is read from its table; the "
            "result is the monthly data file (appraise score --data).\n")
    return head + _with(ctes, final, dialect) + ";\n"


def rater_names(scheme: Scheme, name: str, raters: Mapping[str, int]) -> list[str]:
    """The raters of a field rated by several, as the data file's columns name them."""
    spec = scheme.fields[name].raters
    out: list[str] = []
    for group in (spec.weights if spec is not None else {}):
        count = raters.get(group, 1)
        out += [group] if count == 1 else [f"{group}{k}" for k in range(1, count + 1)]
    return out


def _pivot(part: str, name: str, named: list[str]) -> Any:
    """The figures of a rated field, a row per rater, as a column per rater."""
    e = sql.exp()
    return e.select("person", "month", *(e.alias_(e.Max(this=e.Case(ifs=[e.If(
        this=sql.column("rater").eq(e.Literal.string(r)), true=sql.column(name))])),
        f"{name}@{r}", quoted=True) for r in named)).from_(e.Table(this=sql.ident(
            part))).group_by("person", "month")


def _how(spec: FieldSource) -> str:
    if spec.first_of is not None:
        return " (only each first record of " + ".".join(spec.first_of) + ")"
    if spec.per is not None:
        return f" (each {'.'.join(spec.per)} with at least {spec.at_least} records)"
    return ""


def average(total: Any, count: Any, dialect: str) -> Any:
    """The mean to six places, half up (away from zero), exactly: PostgreSQL, Spark and
    Trino divide DECIMALs exactly enough to round; DuckDB divides them as binary floats
    (95.000001 / 2 would be 47.5, not 47.500001), so there the total in millionths, doubled,
    plus the count, is divided as integers by twice the count."""
    e = sql.exp()
    if dialect != "duckdb":
        return e.Round(this=e.Div(this=total, expression=count),
                       decimals=e.Literal.number(6))
    doubled = e.Cast(this=e.Mul(this=e.Abs(this=total.copy()), expression=e.Literal.number(
        2_000_000)), to=e.DataType.build("HUGEINT"))
    halves = e.IntDiv(this=e.Paren(this=e.Add(this=doubled, expression=count.copy())),
                      expression=e.Paren(this=e.Mul(this=e.Literal.number(2),
                                                    expression=count.copy())))
    signed = e.Mul(this=e.func("sign", total.copy()), expression=halves)
    millionth = e.Cast(this=e.Literal.string("0.000001"), to=e.DataType.build(sql.DECIMAL))
    return e.Cast(this=e.Mul(this=e.Cast(this=signed, to=e.DataType.build("DECIMAL(38, 0)")),
                             expression=millionth), to=e.DataType.build(sql.DECIMAL))


def _named(query: Any, names: list[str], scheme: Scheme, dialect: str) -> Any:
    """The query's figure columns named as the fields (an average as its sum and count)."""
    e = sql.exp()
    out = []
    keys = 2 + (scheme.derived[names[0]].rater is not None)
    figures = iter(query.args["expressions"][keys:])
    for name in names:
        first = next(figures)
        if scheme.derived[name].how == "average":
            count = next(figures)
            first = e.Case(ifs=[e.If(this=_unaliased(count).neq(0), true=average(
                _unaliased(first), _unaliased(count), dialect))])
        out.append(e.alias_(_unaliased(first), name, quoted=True))
    named = query.copy()
    named.set("expressions", [*query.args["expressions"][:keys], *out])
    return named


def _unaliased(node: Any) -> Any:
    e = sql.exp()
    return node.this.copy() if isinstance(node, e.Alias) else node.copy()


SLOT_COLUMNS = ("id", "name", "post", "period", "month", "n")


def slots_csv(scheme: Scheme, period: Period) -> Iterable[str]:
    """The CSV of each person on a post in each month of ``period`` (:data:`SLOT_COLUMNS`: the
    month as a number, n the row's place in the data file), to load as the slots table."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SLOT_COLUMNS)
    for n, (person, post, month) in enumerate(rows_of(scheme, period)):
        writer.writerow([person, scheme.people[person].name, post, month, int(month[5:]), n])
        if out.tell() > 1 << 20:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def _slots_from(table: str) -> Any:
    """The slots from their table, the month and n read as numbers (loaded as text or not)."""
    e = sql.exp()
    return e.select(*(sql.column(c) if c not in ("month", "n") else e.alias_(e.Cast(
        this=sql.column(c), to=e.DataType.build("INT")), c, quoted=True)
        for c in SLOT_COLUMNS)).from_(table_of(table))


def _slots(scheme: Scheme, people: list[tuple[str, str, str]]) -> Any:
    e = sql.exp()
    rows = [e.Tuple(expressions=[e.Literal.string(p), e.Literal.string(
        scheme.people[p].name), e.Literal.string(post), e.Literal.string(m),
        e.Literal.number(int(m[5:])), e.Literal.number(n)])
        for n, (p, post, m) in enumerate(people)]
    values = e.Values(expressions=rows, alias=e.TableAlias(this=sql.ident("v"), columns=[
        sql.ident(c) for c in ("id", "name", "post", "period", "month", "n")]))
    return e.select(e.Star()).from_(values)


def _with(ctes: list[tuple[str, Any, str]], final: Any, dialect: str) -> str:
    """``WITH`` each part, each under a comment, then the final query, in ``dialect``."""
    parts = [f"-- {' '.join(comment.splitlines())}\n{_q(name, dialect)} AS (\n  "
             f"{query.sql(dialect)}\n)" for name, query, comment in ctes]  # one line each:
    # a table's name given with a line break in it ends no comment early
    return "WITH\n" + ",\n".join(parts) + "\n" + str(final.sql(dialect))


def _q(name: str, dialect: str) -> str:
    return str(sql.ident(name).sql(dialect))
