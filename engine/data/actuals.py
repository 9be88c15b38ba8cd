"""What reading a data file gives: a period's rows (:class:`Actuals`), or each month's
(:class:`Monthly`). A plain period keeps its rows as columns (:class:`Rows`): the ids,
names, posts and lines as lists, the figures as arrays, and a :class:`Row` is made only
when one is asked for."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

import numpy as np
from numpy.typing import NDArray

from ..diagnostics import Diagnostic

if TYPE_CHECKING:
    from .earlier import Earlier

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

    ``fields`` gives, for each post, the fields a row on it holds (those its card needs,
    each always there) and those it may hold (its units' figures, there unless blank)."""

    def __init__(self, people: Sequence[str], names: Sequence[str], posts: Sequence[str],
                 lines: Sequence[int], columns: Mapping[str, NDArray[np.float64]],
                 ratings: Mapping[str, NDArray[np.object_]],
                 fields: Mapping[str, tuple[Sequence[str], Sequence[str]]],
                 texts: Sequence[str] = ()) -> None:
        self.people, self.names, self.posts, self.lines = people, names, posts, lines
        self.columns, self.ratings, self.fields = columns, ratings, fields
        self.texts = texts  # the text fields the file has: in ``ratings``, None where blank
        self._plans: dict[str, tuple[list[tuple[str, Any]], list[tuple[str, Any]]]] = {}

    def __len__(self) -> int:
        return len(self.people)

    @overload
    def __getitem__(self, i: int) -> Row: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[Row, ...]: ...

    def __getitem__(self, i: int | slice) -> Row | tuple[Row, ...]:
        if isinstance(i, slice):
            return tuple(self[k] for k in range(*i.indices(len(self))))
        return self.row(self.people[i], self.names[i], self.posts[i], self.lines[i],
                        i if i >= 0 else i + len(self))

    def __iter__(self) -> Iterator[Row]:
        row = self.row
        for i, (person, name, post, line) in enumerate(zip(
                self.people, self.names, self.posts, self.lines, strict=True)):
            yield row(person, name, post, line, i)

    def row(self, person: str, name: str, post: str, line: int, i: int) -> Row:
        """Row ``i``: its figures worked out when first read."""
        made = object.__new__(_Kept)
        made.__dict__.update({"person": person, "name": name, "post": post, "line": line,
                              "_kept": (self, i)})
        return made

    def values(self, i: int) -> dict[str, Value]:
        """Row ``i``'s figures, field by field, as the row-by-row reader gives them."""
        needed, optional = self.plan(self.posts[i])
        out: dict[str, Value] = {name: item(i) for name, item in needed}
        for name, item in optional:
            number = item(i)
            if not math.isnan(number):
                out[name] = number
        for name in self.texts:
            text = self.ratings[name][i]
            if text is not None:
                out[name] = text
        return out

    def plan(self, post: str) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
        """For a row on ``post``: each field it holds, and how to read one row's value of it
        (a Python float or text, as the row-by-row reader gives them)."""
        if post not in self._plans:
            needed, optional = self.fields[post]
            self._plans[post] = (
                [(f, (self.ratings[f] if f in self.ratings else self.columns[f]).item)
                 for f in needed], [(f, self.columns[f].item) for f in optional])
        return self._plans[post]


class _Kept(Row):
    """A row of :class:`Rows`: the same as the :class:`Row` of its figures, which are
    worked out from the columns when first read (a reporter that asks a row for its post
    alone makes no dictionary)."""

    def __getattr__(self, name: str) -> Any:
        if name != "values":
            raise AttributeError(name)
        rows, i = self.__dict__["_kept"]
        values = self.__dict__["values"] = rows.values(i)
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
    earlier: tuple[Earlier, ...] = ()
    """The figures of months before the period's, for formulas that read a field over
    earlier months: the data file's rows of the year before, then a history file's."""
