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
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..data import Counts
from ..diagnostics import AppraiseError, Diagnostic, did_you_mean
from ..i18n import _
from ..model import Grade, Scheme
from ..numbers import money
from ..rules import Target
from ..year.calibration import Move
from ..year.periods import Period
from ..year.pools import Pool
from .awards import AwardResult, Standing
from .batch import Batch, Floats, Item, SegmentResult


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
class Totals:
    """Everybody's totals as columns, in the order of the data (first row of each person),
    before grades, ranks and money."""

    person: Sequence[str]
    name: Sequence[str]
    post: Sequence[str]  # the latest post
    unit: Sequence[str]  # the latest post's unit
    segments: Sequence[Sequence[SegmentResult]]
    weighted_sum: Floats
    deductions: Floats
    bonuses: Floats
    total: Floats
    veto: Sequence[str | None]
    line: Sequence[int]
    months: NDArray[np.intp]  # months on posts in the period (a plain period: 1)
    gated: Mapping[int, frozenset[str]]
    """People (by index) on whom a gate with an effect acted: the effects, over posts."""

    def __len__(self) -> int:
        return len(self.person)


@dataclass(frozen=True)
class People(Totals):
    """Everybody's result as columns: the totals, then grades, ranks and money."""

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


@dataclass(frozen=True)
class PersonResult:
    """One person's result for the period: a view of row ``index`` of :class:`People`."""

    result: Result = field(repr=False)
    index: int

    def _col(self, name: str) -> Any:
        return getattr(self.result.columns, name)[self.index]

    @property
    def person(self) -> str:
        """The person's id."""
        found: str = self._col("person")
        return found

    @property
    def name(self) -> str:
        """As the data (or the scheme) names them."""
        found: str = self._col("name")
        return found

    @property
    def post(self) -> str:
        """The latest post held in the period."""
        found: str = self._col("post")
        return found

    @property
    def unit(self) -> str:
        """The latest post's unit, where the person is ranked."""
        found: str = self._col("unit")
        return found

    @property
    def veto(self) -> str | None:
        """'zero_total' or 'lowest_grade' when a one-vote veto struck."""
        found: str | None = self._col("veto")
        return found

    @property
    def gates(self) -> tuple[str, ...]:
        """The labels of the gates that applied, on every post held, in the card's order."""
        found: dict[str, None] = {}
        for segment in self.segments:
            found.update(dict.fromkeys(g.label for g in segment.batch.gates_hit(segment.row)))
        return tuple(found)

    @property
    def pool(self) -> str | None:
        """The unit whose bonus pool paid the person, if any."""
        found: str | None = self._col("pool")
        return found

    @property
    def group(self) -> str:
        """The group the person was calibrated in."""
        found: str = self._col("group")
        return found

    @property
    def line(self) -> int:
        """Where the person's (first) row is in the data."""
        found: int = self._col("line")
        return found


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
    awards: tuple[AwardResult, ...] = ()
    """Each award of the scheme: its groups, winners and everybody's standing."""
    counted: Counts | None = field(default=None, repr=False)
    """The other schemes' subjects its ``count`` fields counted, by owner."""

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

    def standings(self, person_id: str) -> list[tuple[AwardResult, Standing]]:
        """The awards ``person_id`` was ranked in, with their standing in each."""
        return [(a, a.standings[person_id]) for a in self.awards
                if person_id in a.standings]

    def person(self, person_id: str) -> PersonResult:
        """One person's result; :class:`AppraiseError` naming what is wrong if there is none."""
        found = self._index.get(person_id)
        if found is not None:
            return PersonResult(self, found)
        if self.period is not None and person_id in self.scheme.people:
            raise AppraiseError([Diagnostic(
                self.file, 0, 0, "error", "", _("person '{person}' holds no post in "
                                                "{period}").format(person=person_id,
                                                                   period=self.period.id),
                _("see people.{person} in the scheme").format(person=person_id))])
        said = _("person '{person}' is not in the data for {period}") if self.period is not None \
            else _("person '{person}' is not in the data")
        raise AppraiseError([Diagnostic(
            self.file, 0, 0, "error", "", said.format(
                person=person_id, period=self.period.id if self.period else ""),
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
