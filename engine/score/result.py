"""The one result of a period, for every scheme: what reporters read, and nothing else.

A scheme without a calendar is the one-period case of a scheme kept by month: each
person has one segment (their row, on their post), and everything else is the same.
Numbers are full precision; money is exact until it is paid, then in cents.

The numbers are kept as columns, as the scorer made them (:class:`Batch`, :class:`People`);
:class:`PersonResult`, :class:`SegmentResult` and :class:`Item` are views made when asked
for, from what the scorer kept: nothing here scores again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from ..diagnostics import AppraiseError, Diagnostic, did_you_mean
from ..model import Grade, Indicator, Scheme
from ..numbers import money
from ..rules import Column, Outcome, Role, Step, StepColumns, Target, achievement
from ..year.calibration import Move
from ..year.periods import Period
from ..year.pools import Pool

Floats = NDArray[np.float64]
Value = float | str


@dataclass(frozen=True)
class Given:
    """An item scored from other people: a unit's result, or the members' average."""

    points: float
    value: float
    target: Target | None
    step: Step
    inputs: Mapping[str, Value] = field(default_factory=dict)


@dataclass
class Piece:
    """One scorecard item for the people of a batch who hold that card, as columns."""

    indicator: Indicator
    weight: Decimal | None
    who: NDArray[np.intp]  # rows of the batch, ascending
    value: Column
    base: Floats
    stretch: Floats
    points: Floats
    steps: StepColumns | Sequence[Step]
    given: Sequence[Given] | None = None  # for items scored from other people
    exact: dict[int, tuple[Value, Outcome]] = field(default_factory=dict)
    """Rows (positions in ``who``) the reference path scored: their value and outcome."""

    def step(self, k: int) -> Step:
        if k in self.exact:
            return self.exact[k][1].step
        steps = self.steps
        return steps.at(k) if isinstance(steps, StepColumns) else steps[k]

    def value_at(self, k: int) -> Value:
        if k in self.exact:
            return self.exact[k][0]
        value = self.value[k]
        return value if isinstance(value, str) else float(value)


class Figures(Protocol):
    """A row to score: a person on a post, with the figures of their period there."""

    @property
    def person(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def post(self) -> str: ...

    @property
    def values(self) -> Mapping[str, Value]: ...

    @property
    def line(self) -> int: ...


@dataclass
class Batch:
    """Segments scored together (all of a plain period, or one level of the organisation)."""

    scheme: Scheme
    rows: Sequence[Figures]
    inputs: Mapping[str, Column]  # each field for every row: floats, or levels for ratings
    pieces: dict[tuple[str, str], Piece]  # (scorecard, indicator) -> its columns
    weighted_sum: Floats
    deductions: Floats
    bonuses: Floats
    total: Floats
    veto: list[str | None]
    post_index: NDArray[np.intp] = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    """Each row's post, as an index into the scheme's posts."""

    def __len__(self) -> int:
        return len(self.rows)

    @cached_property
    def person(self) -> list[str]:
        return [r.person for r in self.rows]

    @cached_property
    def name(self) -> list[str]:
        return [r.name for r in self.rows]

    @cached_property
    def post(self) -> list[str]:
        return [r.post for r in self.rows]

    @cached_property
    def line(self) -> list[int]:
        return [r.line for r in self.rows]

    def items(self, i: int) -> tuple[Item, ...]:
        """Row ``i``'s scorecard, item by item, as the scorer left it."""
        scheme = self.scheme
        card = scheme.scorecards[scheme.posts[self.post[i]].scorecard]
        out = []
        for entry in card.items:
            piece = self.pieces[(card.id, entry.indicator)]
            k = int(np.searchsorted(piece.who, i))
            out.append(self.item(piece, i, k))
        return tuple(out)

    def item(self, piece: Piece, i: int, k: int) -> Item:
        """Row ``i``'s item of ``piece`` (``k``: the row's position in ``piece.who``)."""
        indicator, value = piece.indicator, piece.value_at(k)
        points = float(piece.points[k])
        if piece.given is not None:
            given = piece.given[k]
            target, inputs = given.target, given.inputs
        else:
            base, stretch = float(piece.base[k]), float(piece.stretch[k])
            target = None if np.isnan(base) else Target(base, None if np.isnan(stretch)
                                                         else stretch)
            inputs = {name: _cell(self.inputs[name][i]) for name in indicator.formula.names}
        reached = None
        if target is not None and isinstance(value, float) and target.base != 0:
            reached = achievement(value, target.base)
        weighted = points * float(piece.weight) / 100 if piece.weight is not None else None
        return Item(indicator, value, inputs, target, reached, points, piece.step(k),
                    piece.weight, weighted)


def _cell(value: Any) -> Value:
    return value if isinstance(value, str) else float(value)


@dataclass(frozen=True)
class Item:
    """One scorecard item of one person: value, target, points, weight and the step."""

    indicator: Indicator
    value: Value
    inputs: Mapping[str, Value]  # the figures the formula read
    target: Target | None
    achievement: float | None
    points: float
    step: Step
    weight: Decimal | None
    weighted: float | None

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def role(self) -> Role:
        return self.indicator.rule.role

    @property
    def rule(self) -> str:
        return self.indicator.rule.kind


@dataclass(frozen=True)
class SegmentResult:
    """A person's months on one post within the period (a plain period: their row)."""

    post: str
    unit: str
    months: tuple[int, ...]
    batch: Batch = field(repr=False, compare=False)
    row: int = 0

    @property
    def weighted_sum(self) -> float:
        return float(self.batch.weighted_sum[self.row])

    @property
    def deductions(self) -> float:
        return float(self.batch.deductions[self.row])

    @property
    def bonuses(self) -> float:
        return float(self.batch.bonuses[self.row])

    @property
    def total(self) -> float:
        return float(self.batch.total[self.row])

    @property
    def veto(self) -> str | None:
        return self.batch.veto[self.row]

    @cached_property
    def items(self) -> tuple[Item, ...]:
        return self.batch.items(self.row)


@dataclass(frozen=True)
class UnitResult:
    """A unit's result on an indicator scored on the unit."""

    unit: str
    head: str  # the person whose card holds it
    indicator: str
    value: float
    target: Target | None
    points: float
    months: tuple[int, ...]


@dataclass(frozen=True)
class People:
    """Everybody's result as columns, in the order of the data (first row of each person)."""

    person: Sequence[str]
    name: Sequence[str]
    post: Sequence[str]  # the latest post
    unit: Sequence[str]  # the latest post's unit
    months: NDArray[np.intp]  # months on posts in the period (a plain period: 1)
    segments: Sequence[Sequence[SegmentResult]]
    weighted_sum: Floats
    deductions: Floats
    bonuses: Floats
    total: Floats
    veto: Sequence[str | None]
    scored_grade: NDArray[np.intp]  # an index into the scheme's grades, before calibration
    grade: NDArray[np.intp]  # after calibration
    bonus: Sequence[Fraction | None]  # coefficient × bonus base (× months / 12), exact
    paid: Sequence[int | None]  # in units of the last place of money (cents), after pools
    pool: Sequence[str | None]
    rank: NDArray[np.intp]
    rank_of: NDArray[np.intp]
    company_rank: NDArray[np.intp]
    company_of: NDArray[np.intp]
    group: Sequence[str]  # the calibration group
    line: Sequence[int]

    def __len__(self) -> int:
        return len(self.person)


@dataclass(frozen=True)
class PersonResult:
    """One person's result for the period: a view of row ``index`` of :class:`People`."""

    result: Result = field(repr=False)
    index: int

    def _col(self, name: str) -> Any:
        return getattr(self.result.columns, name)[self.index]

    person = property(lambda self: self._col("person"))
    name = property(lambda self: self._col("name"))
    post = property(lambda self: self._col("post"))
    unit = property(lambda self: self._col("unit"))
    veto = property(lambda self: self._col("veto"))
    pool = property(lambda self: self._col("pool"))
    group = property(lambda self: self._col("group"))
    line = property(lambda self: self._col("line"))

    @property
    def months(self) -> int:
        return int(self._col("months"))

    @property
    def segments(self) -> tuple[SegmentResult, ...]:
        return tuple(self._col("segments"))

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item of every post held, in order."""
        return tuple(item for segment in self.segments for item in segment.items)

    @property
    def weighted_sum(self) -> float:
        return float(self._col("weighted_sum"))

    @property
    def deductions(self) -> float:
        return float(self._col("deductions"))

    @property
    def bonuses(self) -> float:
        return float(self._col("bonuses"))

    @property
    def total(self) -> float:
        return float(self._col("total"))

    @property
    def grade_of(self) -> Grade:
        """The grade after calibration, with its label and coefficient."""
        return self.result.scheme.grades[int(self._col("grade"))]

    @property
    def grade(self) -> str:
        return self.grade_of.grade

    @property
    def grade_label(self) -> str:
        return self.grade_of.label

    @property
    def scored_grade(self) -> str:
        """The grade the total earned, before calibration moved it."""
        return self.result.scheme.grades[int(self._col("scored_grade"))].grade

    @property
    def coefficient(self) -> Decimal:
        return self.grade_of.coefficient

    @property
    def bonus_exact(self) -> Fraction | None:
        """Coefficient × bonus base (× months / 12 with a calendar), before any pool."""
        found: Fraction | None = self._col("bonus")
        return found

    @property
    def paid(self) -> int | None:
        """What is paid, in units of the last place of money (cents)."""
        found: int | None = self._col("paid")
        return found

    @property
    def bonus(self) -> Decimal | None:
        """What is paid, to the cent: the bonus, or the person's share of their pool."""
        paid: int | None = self._col("paid")
        return None if paid is None else money(paid, self.result.scheme.rounding.money)

    @property
    def rank(self) -> int:
        return int(self._col("rank"))

    @property
    def rank_of(self) -> int:
        return int(self._col("rank_of"))

    @property
    def company_rank(self) -> int:
        return int(self._col("company_rank"))

    @property
    def company_of(self) -> int:
        return int(self._col("company_of"))


@dataclass(frozen=True)
class Result:
    """A period's results for the whole organisation."""

    scheme: Scheme
    period: Period | None  # None: a scheme without a calendar
    period_id: str | None  # as the data or --period named it
    file: str
    fingerprint: str
    columns: People = field(repr=False)
    """Everybody's result as columns (what reporters read); :attr:`people` as objects."""
    units: tuple[UnitResult, ...] = ()
    moves: tuple[Move, ...] = ()
    uncalibrated: tuple[tuple[str, int], ...] = ()  # groups too small for quotas, and size
    pools: tuple[Pool, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()
    batches: tuple[Batch, ...] = field(default=(), repr=False)
    """The scorer's columns: every item of every segment, as it scored them."""

    @property
    def by_month(self) -> bool:
        """A period of a scheme kept by month (ranks in the company, months, calibration)."""
        return self.period is not None

    @property
    def people(self) -> Sequence[PersonResult]:
        """Each person's result, in the order of the data, made when asked for."""
        return _People(self)

    @cached_property
    def _index(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.columns.person)}

    def person(self, person_id: str) -> PersonResult:
        """One person's result; :class:`AppraiseError` naming what is wrong if there is none."""
        found = self._index.get(person_id)
        if found is not None:
            return PersonResult(self, found)
        if self.period is not None and person_id in self.scheme.people:
            raise AppraiseError([Diagnostic(
                self.file, 0, 0, "error", "", f"person '{person_id}' holds no post in "
                f"{self.period.id}", f"see people.{person_id} in the scheme")])
        where = f" for {self.period.id}" if self.period is not None else ""
        raise AppraiseError([Diagnostic(
            self.file, 0, 0, "error", "", f"person '{person_id}' is not in the data{where}",
            did_you_mean(person_id, list(self._index)))])


class _People(Sequence[PersonResult]):
    def __init__(self, result: Result) -> None:
        self.result = result

    def __len__(self) -> int:
        return len(self.result.columns)

    def __getitem__(self, i: int) -> PersonResult:  # type: ignore[override]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return PersonResult(self.result, i % len(self))

    def __iter__(self) -> Iterator[PersonResult]:
        return (PersonResult(self.result, i) for i in range(len(self)))
