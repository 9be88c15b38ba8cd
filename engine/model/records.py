"""Records a scheme draws its figures from (``records:``), and fields defined by an
aggregation over them (a field's ``from:``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..formula.records import ColumnPath, RecordExpr

How = Literal["count", "count_distinct", "sum", "min", "max", "first", "last", "average"]
#: The aggregations a field may take over records, in the order the schema lists them.
HOWS: tuple[How, ...] = ("count", "count_distinct", "sum", "min", "max", "first", "last",
                         "average")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    """text, number, date or boolean."""
    refers: str | None = None
    """Another source (whose key the value is), or ``people`` or ``units`` of the scheme."""


@dataclass(frozen=True)
class RecordSource:
    """A named table of records: its file under ``--records``, its key, its columns, and
    the date column that places a record in a month (None: it is not placed, as a table of
    customers is not); for a workbook, the sheet (None: the first one shown)."""

    id: str
    file: str
    key: str
    columns: dict[str, Column]
    date: str | None = None
    line: int = 0
    sheet: str | None = None


@dataclass(frozen=True)
class FieldSource:
    """A field as an aggregation over a source's records, for each person and month.

    ``by``: the path from a record to the person it counts for (``salesperson``,
    ``customer.owner``). ``first_of``: only the first record (by date, then key) of each
    value of this path counts, over all the year's records, before ``where``. ``per`` and
    ``at_least``: count the values of ``per`` that have at least that many records."""

    source: str
    how: How
    of: RecordExpr | None
    where: RecordExpr | None
    by: ColumnPath
    first_of: ColumnPath | None = None
    per: ColumnPath | None = None
    at_least: int = 1
    rater: ColumnPath | None = None
    """For a field rated by several (raters:): the column naming who rated (self, manager,
    peer1, ...): each rater's figure is its own column of the data file (teamwork@peer1)."""
    paths: frozenset[ColumnPath] = field(default_factory=frozenset)
    """Every column path the figure reads (of, where, by, first_of, per)."""
