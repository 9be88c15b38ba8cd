"""What reading a data file gives: a period's rows (:class:`Actuals`), or each month's
(:class:`Monthly`). A plain period keeps its rows as columns (:class:`Rows`): the ids,
names, posts and lines as lists, the figures as arrays, and a :class:`Row` is made only
when one is asked for."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

from ..diagnostics import Diagnostic

Value = float | str


@dataclass(frozen=True)
class Row:
    """One person's figures for the period."""

    person: str
    name: str
    post: str
    values: dict[str, Value]
    line: int


class Rows(Sequence[Row]):
    """A period's rows, kept as columns; each :class:`Row` is made when asked for.

    ``fields`` gives, for each post, the fields a row on it holds: those its card needs.
    (A row of a plain period gives no unit's figures: a unit is scored only in a scheme
    kept by month.)"""

    def __init__(self, people: Sequence[str], names: Sequence[str], posts: Sequence[str],
                 lines: Sequence[int], columns: Mapping[str, NDArray[np.float64]],
                 ratings: Mapping[str, NDArray[np.object_]],
                 fields: Mapping[str, Sequence[str]]) -> None:
        self.people, self.names, self.posts, self.lines = people, names, posts, lines
        self.columns, self.ratings, self.fields = columns, ratings, fields

    def __len__(self) -> int:
        return len(self.people)

    @overload
    def __getitem__(self, i: int) -> Row: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[Row, ...]: ...

    def __getitem__(self, i: int | slice) -> Row | tuple[Row, ...]:
        if isinstance(i, slice):
            return tuple(self[k] for k in range(*i.indices(len(self))))
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("row index out of range")
        row = object.__new__(_Kept)  # its figures worked out when first read
        row.__dict__.update(person=self.people[i], name=self.names[i], post=self.posts[i],
                            line=self.lines[i], _kept=(self, i))
        return row

    def __iter__(self) -> Iterator[Row]:
        return (self[i] for i in range(len(self)))

    def values(self, i: int) -> dict[str, Value]:
        """Row ``i``'s figures, field by field, as the row-by-row reader gives them."""
        out: dict[str, Value] = {}
        for name in self.fields[self.posts[i]]:
            rating = self.ratings.get(name)
            out[name] = rating[i] if rating is not None else float(self.columns[name][i])
        return out


class _Kept(Row):
    """A row of :class:`Rows`: the same as the :class:`Row` of its figures, which are
    worked out from the columns when first read (a reporter that asks a row for its post
    alone makes no dictionary)."""

    def __getattr__(self, name: str) -> Any:
        if name != "values":
            raise AttributeError(name)
        rows, i = self.__dict__["_kept"]
        values = rows.values(i)
        object.__setattr__(self, "values", values)
        return values

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Row):
            return NotImplemented
        return (self.person, self.name, self.post, self.values, self.line) == \
            (other.person, other.name, other.post, other.values, other.line)

    def __repr__(self) -> str:
        return repr(Row(self.person, self.name, self.post, self.values, self.line))


class Positions(Mapping[str, int]):
    """Each person's row, the dictionary made when it is first looked in (scoring looks
    only for the scheme's people, and a period of people known only from the data may
    never look)."""

    def __init__(self, people: Sequence[str]) -> None:
        self.people = people
        self._found: dict[str, int] | None = None

    @property
    def found(self) -> dict[str, int]:
        if self._found is None:
            self._found = dict(zip(self.people, range(len(self.people)), strict=True))
        return self._found

    def __getitem__(self, person: str) -> int:
        return self.found[person]

    def __iter__(self) -> Iterator[str]:
        return iter(self.found)

    def __len__(self) -> int:
        return len(self.people)


@dataclass(frozen=True)
class Actuals:
    """A period's data, checked against the scheme."""

    file: str
    fingerprint: str
    period: str | None
    rows: Sequence[Row]
    warnings: list[Diagnostic] = field(default_factory=list)
    columns: dict[str, NDArray[np.float64]] = field(default_factory=dict, repr=False)
    """Each number field for every row, in row order (NaN where a row has none)."""
    ratings: dict[str, NDArray[np.object_]] = field(default_factory=dict, repr=False)
    """Each rating field for every row, in row order (None where a row has none)."""
    index: Mapping[str, int] = field(default_factory=dict, repr=False)
    """Each person's row."""


@dataclass(frozen=True)
class Monthly:
    """A data file kept by month: each month's rows, checked against the scheme."""

    file: str
    fingerprint: str
    months: dict[int, Actuals]  # month (1..12) -> that month's rows
    warnings: list[Diagnostic] = field(default_factory=list)
