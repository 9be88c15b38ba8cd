"""The monthly data file written by DuckDB itself, for record files: the slots (each person
on a post in each month, in the scheme's order) joined with each field query's results on
(person, month), every figure formatted in SQL as :func:`.figures.written` writes it and
each row one line of text; the lines come back as Arrow, whose buffer of characters is the
file. No Python object is made per figure: at a million people the year is twelve million
rows of several figures each, which the dict of :func:`.duck.duck_figures` and the file
written cell by cell could not hold.

It gives the same text, byte for byte, as :func:`.figures.data_file` over the dict route
(tests/test_columnar.py holds the two equal), which the reference, ``explain --records`` and
records in a database still take."""

from __future__ import annotations

import csv
import io
from pathlib import Path as FilePath
from typing import Any

from ..diagnostics import Diagnostic
from ..model import Scheme
from ..year.periods import Period
from . import sql
from .duck import _queries, no_ones_of, over_records
from .figures import columns, own_fields

#: (person, month) to the columns of figures the records give them in a month they hold no
#: post (they cannot go in the file: each a warning).
OffPost = dict[tuple[str, str], list[str]]
_INTEGER = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
            "UINTEGER", "UBIGINT")
_DEFAULT_ZERO = ("count", "count_distinct", "sum")


def data_text(scheme: Scheme, folder: str | FilePath, period: Period,
              blanks: list[Diagnostic]) -> tuple[bytes, OffPost] | None:
    """The data file of ``period`` (UTF-8) and the figures left out for want of a post, the
    records that count for no one in ``blanks``; None when a query gives a column of a type
    this route does not write (the dict route then does: a person, month or rater that is
    not text, a figure that is not a number)."""

    def work(con: Any, tables: dict[str, str], at: list[Any]) -> tuple[bytes, OffPost] | None:
        posts = _slots(con, scheme, period)
        results = []
        for k, (query, names) in enumerate(_queries(scheme, tables, period)):
            at[0] = scheme.records[scheme.derived[names[0]].source]  # named if DuckDB fails
            con.execute(f"CREATE TEMP TABLE _res_{k} AS {query.sql('duckdb')}")
            kinds = [str(row[1]) for row in con.execute(f"DESCRIBE _res_{k}").fetchall()]
            result = _Result(scheme, k, names, kinds)
            if not result.fits:
                return None
            results.append(result)
        made = _lines(con, scheme, posts, results), _off_post(con, results)
        blanks.extend(no_ones_of(con, scheme, tables, period, folder))
        return made

    return over_records(scheme, folder, work)


def _csv(text: str) -> str:
    """``text`` as one cell of Python's csv module (minimal quoting, "\\r\\n" lines)."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _slots(con: Any, scheme: Scheme, period: Period) -> dict[str, int]:
    """The tables the lines are made of: _who (p: each person's number, id, and the first
    two cells of their lines), _post (q, the post's cell), _month (m, the month's id) and
    _slot (seq: the line's place, p, q, m): :func:`.figures.rows_of`, as columns."""
    import numpy as np
    import pyarrow as pa

    people = list(scheme.people.values())
    posts: dict[str, int] = {}
    fixed = np.array([posts.setdefault(p.post, len(posts)) if p.post is not None else -1
                      for p in people], dtype=np.int32)
    moving = [i for i, p in enumerate(people) if p.assignments]
    numbers, codes, months = [], [], []
    for m, month in enumerate(period.months):
        held = fixed.copy()
        for i in moving:
            post = people[i].post_in(month)
            held[i] = posts.setdefault(post, len(posts)) if post is not None else -1
        on = np.flatnonzero(held >= 0).astype(np.int32)
        numbers.append(on)
        codes.append(held[on])
        months.append(np.full(len(on), m, dtype=np.int32))
    p = np.concatenate(numbers) if numbers else np.zeros(0, np.int32)
    tables = {
        "_who": pa.table({"p": pa.array(np.arange(len(people), dtype=np.int32)),
                          "id": [x.id for x in people],
                          "head": [_csv(x.id) + "," + _csv(x.name) for x in people]}),
        "_post": pa.table({"q": pa.array(np.arange(len(posts), dtype=np.int32)),
                           "text": [_csv(post) for post in posts]}),
        "_month": pa.table({"m": pa.array(np.arange(len(period.months), dtype=np.int32)),
                            "id": list(period.month_ids)}),
        "_slot": pa.table({"seq": pa.array(np.arange(len(p), dtype=np.int64)), "p": p,
                           "q": np.concatenate(codes) if codes else p,
                           "m": np.concatenate(months) if months else p}),
    }
    for name, table in tables.items():
        con.register(f"{name}_arrow", table)
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
        con.unregister(f"{name}_arrow")
    return posts


class _Result:
    """One field query's result table (_res_K): its figures formatted as text, keyed by
    the line they go in (_key_K: seq, and for a rated field the rater)."""

    def __init__(self, scheme: Scheme, k: int, names: list[str], kinds: list[str]) -> None:
        self.k, self.names = k, names
        self.derived = [scheme.derived[n] for n in names]
        self.rated = self.derived[0].rater is not None
        skip = 3 if self.rated else 2
        self.cells: list[str] = []  # each name's formatted figure, as SQL
        self.nonzero: list[str] = []  # each name's "a figure, and not zero", as SQL
        at, fits = skip, kinds[:skip] == ["VARCHAR"] * skip
        for spec in self.derived:
            if spec.how == "average":
                fits = fits and _decimal(kinds[at]) is not None and kinds[at + 1] in _INTEGER
                scale = _decimal(kinds[at]) or 0
                self.cells.append(_average(f"c{at}", f"c{at + 1}", scale))
                self.nonzero.append(f"(c{at + 1} > 0 AND {_rounded(f'c{at}', f'c{at + 1}', scale)}"
                                    " <> 0)")
                at += 2
            else:
                fits = fits and (kinds[at] in _INTEGER or _decimal(kinds[at]) is not None)
                self.cells.append(_number(f"c{at}", kinds[at]))
                self.nonzero.append(f"(c{at} IS NOT NULL AND c{at} <> 0)")
                at += 1
        self.fits = fits and at == len(kinds)
        self.width = len(kinds)

    def renamed(self) -> str:
        """_res_K's columns named c0, c1, ... (person, month, [rater,] figures)."""
        return f"_res_{self.k} AS r ({', '.join(f'c{i}' for i in range(self.width))})"


def _decimal(kind: str) -> int | None:
    """The scale of a DECIMAL type; None for another type."""
    if not (kind.startswith("DECIMAL(") and kind.endswith(")")):
        return None
    return int(kind[8:-1].partition(",")[2])


def _number(cell: str, kind: str) -> str:
    """A number as written by hand: no trailing zeros after the point, nor the point."""
    text = f"CAST({cell} AS VARCHAR)"
    if not _decimal(kind):
        return text
    return f"rtrim(rtrim({text}, '0'), '.')"


def _rounded(total: str, count: str, scale: int) -> str:
    """The mean in millionths, half up (away from zero, as Decimal's ROUND_HALF_UP), by
    integer arithmetic on the total's digits: no binary float, no rounding on the way."""
    digits = f"CAST(replace(CAST({total} AS VARCHAR), '.', '') AS HUGEINT)"
    up, down = 10 ** max(0, 6 - scale), 10 ** max(0, scale - 6)
    above = f"({digits} * {up})"
    under = f"(CAST({count} AS HUGEINT) * {down})"
    return (f"(sign({above}) * ((2 * abs({above}) + {under}) // (2 * {under})))")


def _average(total: str, count: str, scale: int) -> str:
    """:func:`.figures.average` written: six places at most, its trailing zeros dropped."""
    mean = _rounded(total, count, scale)
    whole = f"CAST(abs({mean}) // 1000000 AS VARCHAR)"
    part = f"rtrim(lpad(CAST(abs({mean}) % 1000000 AS VARCHAR), 6, '0'), '0')"
    return (f"CASE WHEN {count} > 0 THEN (CASE WHEN {mean} < 0 THEN '-' ELSE '' END) || "
            f"{whole} || (CASE WHEN {part} = '' THEN '' ELSE '.' || {part} END) END")


def _literal(text: str) -> str:
    found: str = sql.exp().Literal.string(text).sql("duckdb")
    return found


def _keyed(con: Any, result: _Result) -> list[tuple[str, str]]:
    """_key_K: result K's figures as text, by the line they go in; its columns: (name of the
    data file's column, the field it is of)."""
    on_slot = ("JOIN _who w ON w.id = r.c0 JOIN _month mo ON mo.id = r.c1 "
               "JOIN _slot s ON s.p = w.p AND s.m = mo.m")
    if not result.rated:
        made = [f"{cell} AS f{i}" for i, cell in enumerate(result.cells)]
        con.execute(f"CREATE TEMP TABLE _key_{result.k} AS SELECT s.seq, {', '.join(made)} "
                    f"FROM {result.renamed()} {on_slot}")
        return [(name, name) for name in result.names]
    # a rater's column when they gave a figure (an average: a row, its figure or none),
    # as the dict route has it: a blank sum of a rater is no column of 0s
    figure = "" if result.derived[0].how == "average" else " AND r.c3 IS NOT NULL"
    raters = [str(row[0]) for row in con.execute(
        f"SELECT DISTINCT r.c2 FROM {result.renamed()} {on_slot} WHERE r.c2 IS NOT NULL"
        f"{figure}").fetchall()]
    field = result.names[0].split("@")[0]
    ordered = sorted(raters)  # put in the data file's order by _lines
    made = [f"max(f) FILTER (WHERE rater = {_literal(rater)}) AS f{i}"
            for i, rater in enumerate(ordered)]
    con.execute(f"CREATE TEMP TABLE _key_{result.k} AS SELECT seq{''.join(', ' + m for m in made)}"
                f" FROM (SELECT s.seq, r.c2 AS rater, {result.cells[0]} AS f FROM "
                f"{result.renamed()} {on_slot} WHERE r.c2 IS NOT NULL) GROUP BY seq")
    return [(f"{field}@{rater}", field) for rater in ordered]


def _lines(con: Any, scheme: Scheme, posts: dict[str, int], results: list[_Result]
           ) -> bytes:
    """The data file: its header, then each slot's line, made and ordered by DuckDB."""
    needs: dict[str, set[int]] = {}
    for post, q in posts.items():
        for name in own_fields(scheme, post):
            needs.setdefault(name, set()).add(q)
    cells = []
    joins = []
    named = []
    for result in results:
        made = _keyed(con, result)
        joins.append(f"LEFT JOIN _key_{result.k} t{result.k} ON t{result.k}.seq = s.seq")
        for i, (column, field) in enumerate(made):
            default = "'0'" if scheme.derived[field].how in _DEFAULT_ZERO else "''"
            named.append(column)
            figure = f"coalesce(t{result.k}.f{i}, {default})"
            on = needs.get(field, set())
            cells.append((column, figure if len(on) == len(posts) else "''" if not on else
                          f"CASE WHEN s.q IN ({', '.join(map(str, sorted(on)))}) THEN {figure} "
                          "ELSE '' END"))
    order = columns(scheme, {(column, "", ""): None for column in named})
    by_name = dict(cells)
    parts = ["w.head", "po.text", "mo.id", *(by_name[c] for c in order)]
    line = " || ',' || ".join(parts) + " || chr(13) || chr(10)"
    query = (f"SELECT {line} AS line FROM _slot s JOIN _who w ON w.p = s.p "
             f"JOIN _post po ON po.q = s.q JOIN _month mo ON mo.m = s.m {' '.join(joins)} "
             "ORDER BY s.seq")
    head = io.StringIO()
    csv.writer(head, lineterminator="\r\n").writerow(["id", "name", "post", "period", *order])
    return head.getvalue().encode("utf-8") + _joined(con.sql(query).to_arrow_reader(1_000_000))


def _joined(batches: Any) -> bytes:
    """The lines of a one-column Arrow stream of text, end to end: the characters buffer of
    each batch (the lines already end in "\\r\\n"), not a Python string per line."""
    import numpy as np
    import pyarrow as pa

    out: list[Any] = []
    for batch in batches:
        lines = batch.column(0)
        if not (pa.types.is_string(lines.type) or pa.types.is_large_string(lines.type)):
            lines = lines.cast(pa.large_string())
        _valid, offsets, chars = lines.buffers()
        ends = np.frombuffer(offsets, dtype=np.int32 if pa.types.is_string(lines.type)
                             else np.int64)
        out.append(memoryview(chars)[ends[lines.offset]:ends[lines.offset + len(lines)]])
    return b"".join(out)


def _off_post(con: Any, results: list[_Result]) -> OffPost:
    """The figures of people in months they hold no post (a person of the scheme, a figure
    not zero), as :func:`.table` leaves them out."""
    parts = []
    for result in results:
        off = (f"FROM {result.renamed()} JOIN _who w ON w.id = r.c0 JOIN _month mo ON "
               "mo.id = r.c1 LEFT JOIN _slot s ON s.p = w.p AND s.m = mo.m WHERE s.seq IS NULL")
        for name, nonzero in zip(result.names, result.nonzero, strict=True):
            column = f"{_literal(name.split('@')[0] + '@')} || r.c2" if result.rated \
                else _literal(name)
            parts.append(f"SELECT r.c0, r.c1, {column} {off} AND {nonzero}"
                         + (" AND r.c2 IS NOT NULL" if result.rated else ""))
    found: OffPost = {}
    if parts:
        for person, month, column in con.execute(" UNION ALL ".join(parts)).fetchall():
            found.setdefault((str(person), str(month)), []).append(str(column))
    return found


__all__ = ["OffPost", "data_text"]
