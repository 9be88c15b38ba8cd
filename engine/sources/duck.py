"""The figures worked out by DuckDB over the record files in place: each source a view
(every value read as text, then typed: numbers as DECIMAL, never a binary float), one
quick query per source that finds whether any record is bad (the reference reader then
names each one by row and column), and one query per source and period for its fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import partial
from pathlib import Path as FilePath
from typing import Any, TypeVar

from ..diagnostics import Diagnostic
from ..model import FieldSource, RecordSource, Scheme
from ..year.periods import Period
from . import blank, sql
from .figures import Cell, average, people_known
from .files import duck_file, plainly, run, unreadable, where
from .read import check_header, raw_rows
from .reference import read_all

_INTEGERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER",
             "UBIGINT"}
#: What a Parquet date column may be typed: a DATE, or a timestamp with no time zone (its day).
_DAYS = {"DATE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS"}
T = TypeVar("T")
_PATTERNS = {"number": r"-?[0-9]{1,24}(\.[0-9]{1,6})?", "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}"}


def duck_figures(scheme: Scheme, folder: str | FilePath, period: Period,
                 warnings: list[Diagnostic] | None = None) -> dict[tuple[str, str, str], Cell]:
    """(field, person, month) to the figure, for each derived field, as DuckDB works it out;
    :class:`AppraiseError` naming every bad record if any is; in ``warnings``, the records
    that count for no one (:mod:`.blank`)."""

    def collect(con: Any, tables: dict[str, str], at: list[RecordSource]
                ) -> dict[tuple[str, str, str], Cell]:
        out: dict[tuple[str, str, str], Cell] = {}
        for query, names in _queries(scheme, tables, period):
            at[0] = scheme.records[scheme.derived[names[0]].source]  # named if DuckDB fails
            store_rows(out, scheme.derived, names, con.execute(query.sql("duckdb")).fetchall(),
                       str)
        if warnings is not None:
            warnings.extend(no_ones_of(con, scheme, tables, period, folder))
        return out

    return over_records(scheme, folder, collect)


def no_ones_of(con: Any, scheme: Scheme, tables: dict[str, str], period: Period,
               folder: str | FilePath) -> list[Diagnostic]:
    """:func:`no_ones` on the connection of :func:`over_records`, each named by its file."""
    return no_ones(scheme, tables, period, lambda made: con.execute(made.sql(
        "duckdb")).fetchall(), lambda source: where(folder, source))


def over_records(scheme: Scheme, folder: str | FilePath,
                 work: Callable[[Any, dict[str, str], list[RecordSource]], T]) -> T:
    """``work(connection, tables, at)`` on a DuckDB connection where each source of
    ``folder`` is a typed view (``tables``: source to view) and every record has been found
    good; ``at[0]`` is the source a failing query is named by. :class:`AppraiseError`
    naming every bad record if any is, or the file DuckDB could not read. A CSV that
    Python reads and DuckDB's sniffer does not (line ends mixed) is given to DuckDB again
    as the rows Python read."""
    import duckdb  # only a scheme that draws on records needs it

    e = sql.exp()
    # DuckDB draws a progress bar on standard output for a query of seconds: into the data
    # file written there (appraise figures > file.csv), and never in the reader's language
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    tables = {name: f"_rec_{i}" for i, name in enumerate(scheme.records)}
    at = [next(iter(scheme.records.values()))]  # the source being read, for a message
    year = scheme.calendar.year if scheme.calendar else 0
    with run():
        try:
            for table, values in people_known(scheme).items():
                con.execute(e.Create(this=e.Table(this=sql.ident(f"_{table}")), kind="TABLE",
                                     expression=e.select(e.alias_(e.Unnest(expressions=[
                                         e.Placeholder(this="1")]), "id"))).sql("duckdb"),
                            [sorted(values)])
            natives: list[set[str]] = []
            for i, (name, source) in enumerate(scheme.records.items()):
                at[0] = source  # named if DuckDB cannot read it
                names = check_header(folder, source)
                read = read_call(duck_file(folder, source, partial(_records, folder, source)),
                                 source)
                kept = _native(con, read, source)
                con.execute(_view(f"_raw_{i}", read, source, kept))
                if len(con.execute(e.select(e.Star()).from_(read).limit(0).sql("duckdb")
                                   ).description or ()) > len(names):
                    read_all(scheme, folder, year)  # a row with more cells than the header
                con.execute(_typed(tables[name], f"_raw_{i}", source))
                natives.append(kept)
            bad = 0
            for i, at[0] in enumerate(scheme.records.values()):
                bad += _bad(con, scheme, f"_raw_{i}", at[0], natives[i])
            if bad:
                read_all(scheme, folder, year)
            return work(con, tables, at)
        except (duckdb.InterruptException, KeyboardInterrupt):
            raise KeyboardInterrupt from None  # Ctrl-C: stop, as anywhere else
        except RuntimeError as exc:  # how DuckDB's Python client says a query was stopped
            if str(exc) == "Query interrupted":
                raise KeyboardInterrupt from None
            raise
        except duckdb.Error as exc:  # a file DuckDB cannot read as the scheme says
            read_all(scheme, folder, year)  # names the row
            if not plainly():  # a CSV Python reads and DuckDB's sniffer does not (line
                con.close()  # ends mixed): DuckDB is given the rows as Python read them
                return over_records(scheme, folder, work)
            raise unreadable(where(folder, at[0]), at[0], str(exc).splitlines()[0]) from None
        finally:
            con.close()


def _records(folder: str | FilePath, source: RecordSource) -> Iterator[dict[str, str]]:
    """The records of ``source`` as Python's reader reads them, as text."""
    return (cells for _row, cells in raw_rows(folder, source))


def read_call(file: str, source: RecordSource) -> Any:
    e = sql.exp()
    if source.file.endswith(".parquet"):
        return e.Anonymous(this="read_parquet", expressions=[e.Literal.string(file)])
    options = {"header": e.Boolean(this=True), "all_varchar": e.Boolean(this=True),
               "delim": e.Literal.string(","), "quote": e.Literal.string('"'),
               "escape": e.Literal.string('"'), "null_padding": e.Boolean(this=True)}
    return e.Anonymous(this="read_csv", expressions=[e.Literal.string(file), *(
        e.EQ(this=e.column(k), expression=v) for k, v in options.items())])


def _view(name: str, read: Any, source: RecordSource, kept: set[str]) -> str:
    e = sql.exp()
    made: str = e.Create(this=e.Table(this=sql.ident(name)), kind="VIEW",
                         expression=raw_select(read, source, kept)).sql("duckdb")
    return made


def raw_select(read: Any, source: RecordSource, kept: set[str] | frozenset[str] = frozenset()
               ) -> Any:
    """Every declared column of a source's file, as text (those in ``kept`` as the file
    types them: see :func:`_native`)."""
    e = sql.exp()
    return e.select(*(e.alias_(sql.column(c) if c in kept else e.Cast(
        this=sql.column(c), to=e.DataType.build("VARCHAR")), c, quoted=True)
        for c in source.columns)).from_(read)


def _native(con: Any, read: Any, source: RecordSource) -> set[str]:
    """The number and date columns of a Parquet file whose own type says what the text
    check would: a DATE (or a timestamp with no time zone, read as its day), an integer, a
    DECIMAL of at most 24 integer digits and 6 decimals. They are read as they are (no text
    to parse, no pattern to match: at 100 million records the casts to text and back and
    the patterns were most of a run)."""
    if not source.file.endswith(".parquet"):
        return set()
    e = sql.exp()
    found = con.execute(e.Describe(this=e.select(e.Star()).from_(read)).sql("duckdb")
                        ).fetchall()
    types = {str(row[0]): str(row[1]) for row in found}
    out = set()
    for column in source.columns.values():
        kind = types.get(column.name, "")
        if (column.type == "date" and kind in _DAYS) or (column.type == "number" and (
                kind in _INTEGERS or _decimal_fits(kind))):
            out.add(column.name)
    return out


def _decimal_fits(kind: str) -> bool:
    if not (kind.startswith("DECIMAL(") and kind.endswith(")")):
        return False
    precision, _comma, scale = kind[8:-1].partition(",")
    return int(scale) <= 6 and int(precision) - int(scale) <= 24


def _typed(name: str, raw: str, source: RecordSource) -> str:
    e = sql.exp()
    made: str = e.Create(this=e.Table(this=sql.ident(name)), kind="VIEW", expression=(
        typed_select(raw, source))).sql("duckdb")
    return made


def typed_select(raw: str, source: RecordSource) -> Any:
    """Each column of ``raw`` as its type: numbers DECIMAL, dates DATE, booleans."""
    e = sql.exp()
    parts = []
    for column in source.columns.values():
        value = sql.column(column.name)
        if column.type == "number":
            value = e.Cast(this=value, to=e.DataType.build(sql.DECIMAL))
        elif column.type == "date":
            value = e.Cast(this=value, to=e.DataType.build("DATE"))
        elif column.type == "boolean":
            value = e.EQ(this=e.Lower(this=value), expression=e.Literal.string("true"))
        parts.append(e.alias_(value, column.name, quoted=True))
    return e.select(*parts).from_(e.Table(this=sql.ident(raw)))


def _bad(con: Any, scheme: Scheme, raw: str, source: RecordSource, kept: set[str]) -> int:
    """How many records of ``source`` break a rule (0 for a good file; a repeated key
    counts once per repeat): one scan that aggregates, the keys counted distinct (not a
    window over them), the columns in ``kept`` not matched against a pattern."""
    e = sql.exp()
    key = sql.column(source.key)
    tests = [e.Is(this=key, expression=e.Null())]
    for column in source.columns.values():
        value = sql.column(column.name)
        if column.type in _PATTERNS and column.name not in kept:
            tests.append(e.and_(value.is_(e.Null()).not_(), e.Not(this=e.RegexpFullMatch(
                this=value, expression=e.Literal.string(_PATTERNS[column.type])))))
        if column.type == "date":
            day = e.TryCast(this=value, to=e.DataType.build("DATE"))
            year = scheme.calendar.year if scheme.calendar else 0
            tests.append(e.and_(value.is_(e.Null()).not_(), e.or_(day.is_(e.Null()), e.Year(
                this=day).neq(year))))
        if column.name == source.date:
            tests.append(value.is_(e.Null()))
        if column.type == "boolean":
            tests.append(e.and_(value.is_(e.Null()).not_(), e.Lower(this=value).isin(
                "true", "false").not_()))
        if column.refers is not None:
            target = f"_{column.refers}" if column.refers in ("people", "units") \
                else "_raw_" + str(list(scheme.records).index(column.refers))
            on = "id" if column.refers in ("people", "units") \
                else scheme.records[column.refers].key
            tests.append(e.and_(value.is_(e.Null()).not_(), e.Not(this=e.In(
                this=value, query=e.select(sql.column(on)).from_(e.Table(this=sql.ident(
                    target))).subquery()))))
    bad = e.Filter(this=e.Count(this=e.Star()), expression=e.Where(this=e.or_(*tests)))
    repeats = e.Sub(this=e.Count(this=key), expression=e.Count(this=e.Distinct(
        expressions=[key])))
    found = e.select(e.Add(this=bad, expression=repeats)).from_(e.Table(this=sql.ident(raw)))
    return int(con.execute(found.sql("duckdb")).fetchall()[0][0])  # the result finished


def _queries(scheme: Scheme, tables: dict[str, str], period: Period
             ) -> Iterable[tuple[Any, list[str]]]:
    """Each query and the fields its columns are, in order: the plain fields of a source
    together (by whom they count), each field that picks first records or counts groups
    alone."""
    plain: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for name, spec in scheme.derived.items():
        if spec.first_of is None and spec.per is None and spec.rater is None:
            plain.setdefault((spec.source, spec.by), []).append(name)
        else:
            yield _query(scheme, tables, period, [name]), [name]
    for names in plain.values():
        yield _query(scheme, tables, period, names), names


def _query(scheme: Scheme, tables: dict[str, str], period: Period, names: list[str],
           portable: bool = False) -> Any:
    """The query of ``names`` (fields of one source and path) over ``period``'s months; for
    another database than DuckDB (``portable``), in constructs every dialect has."""
    e = sql.exp()
    specs = [scheme.derived[n] for n in names]
    first = specs[0]
    source = scheme.records[first.source]
    paths = set().union(*(s.paths for s in specs))
    date = sql.column(str(source.date), "r")
    month = e.func("strftime", date, e.Literal.string("%Y-%m"))
    body: Any = e.Table(this=sql.ident(tables[source.id]), alias=e.TableAlias(
        this=sql.ident("r")))
    if first.first_of is not None:
        body = _firsts(scheme, tables, source, first, portable).subquery(sql.ident("r"))
    query = e.select(e.alias_(sql.at(first.by), "person"), e.alias_(month, "month")).from_(body)
    for table, on in sql.joins(scheme.records, source.id, paths, tables):
        query = query.join(table, on=on, join_type="LEFT")
    months = [e.Literal.number(m) for m in period.months]
    query = query.where(e.Month(this=date).isin(*months))
    if first.per is not None:
        condition = first.where and sql.translate(first.where)
        inner = query.select(e.alias_(sql.at(first.per), "grp"), e.alias_(
            e.Count(this=e.Star()), "n")).where(sql.at(first.per).is_(e.Null()).not_())
        if condition is not None:
            inner = inner.where(condition)
        inner = inner.group_by(e.Literal.number(1), e.Literal.number(2), e.Literal.number(3))
        return e.select("person", "month", e.Count(this=e.Star())).from_(inner.subquery(
            "g")).where(e.column("n") >= first.at_least).group_by("person", "month")
    if first.rater is not None:
        query = query.select(e.alias_(sql.at(first.rater), "rater"))
    for spec in specs:
        condition = sql.translate(spec.where) if spec.where else e.Boolean(this=True)
        query = query.select(*sql.aggregate(spec, source, condition))
    return query.group_by(*(e.Literal.number(n) for n in range(1, 3 + (first.rater
                                                                      is not None))))


def _firsts(scheme: Scheme, tables: dict[str, str], source: RecordSource,
            spec: FieldSource, portable: bool = False) -> Any:
    """The first record (by date, then key) of each value of ``spec.first_of``: the keys
    of the firsts found by one grouping (the least of date and key in each group; keys are
    unique), the records picked by their key. A window that numbers every record of the
    year in its group sorts them all: at 100 million records, four times as long. DuckDB
    takes the least of a struct; another database (``portable``) numbers them in a window,
    which every dialect has."""
    e = sql.exp()
    assert spec.first_of is not None

    def records() -> Any:
        return e.Table(this=sql.ident(tables[source.id]), alias=e.TableAlias(this=sql.ident(
            "r")))

    if portable:
        rank = e.Window(this=e.RowNumber(), partition_by=[sql.at(spec.first_of)],
                        order=e.Order(expressions=[
                            e.Ordered(this=sql.column(str(source.date), "r")),
                            e.Ordered(this=sql.column(source.key, "r"))]))
        keys = e.select(sql.column(source.key, "r")).from_(records())
        for table, on in sql.joins(scheme.records, source.id, {spec.first_of}, tables):
            keys = keys.join(table, on=on, join_type="LEFT")
        keys = keys.where(sql.at(spec.first_of).is_(e.Null()).not_()).qualify(rank.eq(1))
    else:
        least = e.Struct(expressions=[
            e.PropertyEQ(this=e.to_identifier("d"),
                         expression=sql.column(str(source.date), "r")),
            e.PropertyEQ(this=e.to_identifier("k"), expression=sql.column(source.key, "r"))])
        keys = e.select(e.Bracket(this=e.Min(this=least),
                                  expressions=[e.Literal.string("k")])).from_(records())
        for table, on in sql.joins(scheme.records, source.id, {spec.first_of}, tables):
            keys = keys.join(table, on=on, join_type="LEFT")
        keys = keys.where(sql.at(spec.first_of).is_(e.Null()).not_()).group_by(
            sql.at(spec.first_of))
    return e.select(e.column(e.Star(), "r")).from_(records()).where(e.In(
        this=sql.column(source.key, "r"), query=keys.subquery()))


def no_ones(scheme: Scheme, tables: dict[str, str], period: Period,
            run: Callable[[Any], list[Any]], file: Callable[[RecordSource], str],
            portable: bool = False) -> list[Diagnostic]:
    """A warning for each group of fields whose records in ``period`` are blank where they
    name whom they count for (:mod:`.blank`), each query ``run`` where the records are. For
    fields that take first records, the cheap question (any such record at all?) first: the
    firsts are a grouping of the whole year."""
    out = []
    for group in blank.groups(scheme):
        source = scheme.records[group.source]
        rows = run(blank.query(scheme, group, tables, period))
        if rows and group.first_of is not None:
            spec = scheme.derived[group.fields[0]]
            rows = run(blank.query(scheme, group, tables, period, _firsts(
                scheme, tables, source, spec, portable)))
        said = blank.warning(scheme, group, period, file(source), rows)
        if said is not None:
            out.append(said)
    return out


def store_rows(out: dict[tuple[str, str, str], Cell], derived: dict[str, FieldSource],
               names: list[str], rows: list[Any], month_of: Callable[[Any], str]) -> None:
    """A field query's rows (person, month, then for a rated field the rater, then the
    figures) into ``out``, each month named by ``month_of``; a rater's row without a rater
    is no figure."""
    rated = derived[names[0]].rater is not None
    for row in rows:
        person, month, *cells = row
        if person is None:
            continue  # records for no one: each group of them a warning (no_ones)
        named = names
        if rated:
            rater, *cells = cells
            if rater is None:
                continue
            named = [names[0].split("@")[0] + f"@{rater}"]
        _store(out, derived, named, str(person), month_of(month), cells)


def _store(out: dict[tuple[str, str, str], Cell], derived: dict[str, FieldSource],
           names: list[str], person: str, month: str, cells: list[Any]) -> None:
    values = iter(cells)
    for name in names:
        spec = derived[name.split("@")[0]]
        value = next(values)
        if spec.how == "average":
            count = next(values)
            out[(name, person, month)] = average(Decimal(value), count) if count else None
        elif value is not None:
            out[(name, person, month)] = Decimal(value)
