"""The typed scheme: what a validated YAML scheme means, with formulas and rules bound."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from ..formula.sandbox import Formula
from ..numbers import RoundingMode
from ..rules.base import Direction, Rule, Target

if TYPE_CHECKING:
    from ..year.cascade import Allocation

Perspective = Literal["financial", "customer", "internal_process", "learning_and_growth"]
Aggregate = Literal["sum", "average", "last", "weighted_average"]
Combine = Literal["sum", "average"]
SplitMethod = Literal["even", "shares", "explicit"]
QuotaRounding = Literal["half_up", "down", "up"]

PERSPECTIVE_LABELS: dict[str, str] = {
    "financial": "财务 Financial",
    "customer": "客户 Customer",
    "internal_process": "内部流程 Internal process",
    "learning_and_growth": "学习与成长 Learning and growth",
}


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    unit: str = ""
    definition: str = ""
    type: Literal["number", "rating"] = "number"
    scale: str | None = None
    aggregate: Aggregate = "sum"
    weight: str | None = None
    """The field whose monthly values weigh a weighted_average (e.g. surveys answered)."""
    combine: Combine = "sum"
    """How the members' figures make a unit's: summed (amounts) or averaged (scores)."""
    raters: Raters | None = None
    convert: Conversion | None = None


@dataclass(frozen=True)
class Raters:
    """Several raters score one field; their ratings are combined with weights."""

    weights: dict[str, Decimal]  # rater group -> weight in percent
    drop_extremes: bool = False  # in a group of three or more, drop one highest and one lowest


@dataclass(frozen=True)
class Conversion:
    """A linear change of scale, e.g. a 1-5 rating to 0-100 points."""

    low: float
    high: float
    to_low: float
    to_high: float


@dataclass(frozen=True)
class ScaleLevel:
    points: float
    label: str = ""
    description: str = ""


@dataclass(frozen=True)
class Scale:
    id: str
    label: str
    levels: dict[str, ScaleLevel]


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    perspective: Perspective | None
    type: Literal["quantitative", "qualitative"]
    direction: Direction
    unit: str
    formula: Formula
    rule: Rule
    target: Target | None = None
    description: str = ""
    scope: Literal["own", "unit"] = "own"
    """'unit': scored on the holder's unit, from its members' figures and the unit's target."""
    members: Literal["equal", "bonus_base"] | None = None
    """Set: the value is the average total of the members of the holder's unit."""

    @property
    def external(self) -> bool:
        """Scored from other people's figures or results, not the holder's own row."""
        return self.scope == "unit" or self.members is not None

    @property
    def rating_field(self) -> str | None:
        """The rating field a rating rule scores, or None for a numeric indicator."""
        return next(iter(self.formula.names)) if self.rule.kind == "rating" else None


@dataclass(frozen=True)
class ScorecardItem:
    indicator: str
    weight: Decimal | None


@dataclass(frozen=True)
class Scorecard:
    id: str
    label: str
    items: tuple[ScorecardItem, ...]


@dataclass(frozen=True)
class Unit:
    id: str
    label: str
    kind: str | None
    parent: str | None
    head: str | None


@dataclass(frozen=True)
class Post:
    id: str
    label: str
    unit: str
    scorecard: str
    targets: dict[str, Target] = field(default_factory=dict)
    bonus_base: Decimal | None = None


@dataclass(frozen=True)
class Assignment:
    """A person on a post for a run of months (1..12) of the calendar year."""

    post: str
    first: int = 1
    last: int = 12


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    post: str  # the latest post
    targets: dict[str, Target] = field(default_factory=dict)
    bonus_base: Decimal | None = None
    assignments: tuple[Assignment, ...] = ()

    def post_in(self, month: int) -> str | None:
        """The post held in ``month``; None when the person was not employed then."""
        if not self.assignments:
            return self.post
        return next((a.post for a in self.assignments if a.first <= month <= a.last), None)


@dataclass(frozen=True)
class Calendar:
    year: int
    missing_months: Literal["error", "zero"] = "error"


@dataclass(frozen=True)
class Split:
    """How a unit's target goes to its children: evenly, by shares (%), or by amounts."""

    method: SplitMethod
    values: dict[str, Fraction] = field(default_factory=dict)


@dataclass(frozen=True)
class Cascade:
    """A yearly target set at the top and split down the organisation and over the months."""

    id: str
    label: str
    indicators: tuple[str, ...]
    unit: str
    target: Fraction
    phasing: tuple[Fraction, ...]  # twelve monthly weights that add up to 1
    splits: dict[str, Split]
    stretch: Fraction | None = None  # stretch goal as a multiple of the base
    on_gap: Literal["error", "warning"] = "error"


@dataclass(frozen=True)
class Calibration:
    """Forced distribution (强制分布): grade quotas within each unit of a kind."""

    within: str  # a unit kind, or "company"
    at_most: dict[str, Decimal]  # grade -> at most this % hold the grade or better
    at_least: dict[str, Decimal]  # grade -> at least this % hold the grade or worse
    rounding: QuotaRounding = "half_up"
    min_size: int = 5


@dataclass(frozen=True)
class Grade:
    grade: str
    label: str
    min: float | None
    coefficient: Decimal

    @property
    def named(self) -> str:
        """As a table shows it: 'B 良好', or just 'B' when the label adds nothing."""
        return self.grade if self.label == self.grade else f"{self.grade} {self.label}"


@dataclass(frozen=True)
class Rounding:
    points: int = 2
    money: int = 2
    mode: RoundingMode = "half_up"


@dataclass(frozen=True)
class Scheme:
    """A validated scheme, compiled: every formula parsed and every rule bound once."""

    file: str
    fingerprint: str
    name: str
    label: str
    currency: str
    bonus_base: Decimal | None
    rounding: Rounding
    scales: dict[str, Scale]
    grades: tuple[Grade, ...]
    fields: dict[str, Field]
    indicators: dict[str, Indicator]
    scorecards: dict[str, Scorecard]
    units: dict[str, Unit]
    posts: dict[str, Post]
    people: dict[str, Person]
    calendar: Calendar | None = None
    cascades: dict[str, Cascade] = field(default_factory=dict)
    calibration: Calibration | None = None
    pools: dict[str, Decimal] = field(default_factory=dict)
    """Yearly bonus pool by unit; a period's pool is its share of the months."""

    def target_for(self, person: Person | None, post: Post, indicator: str) -> Target | None:
        """The target that applies: the person's, else the post's, else the indicator's."""
        if person is not None and indicator in person.targets:
            return person.targets[indicator]
        if indicator in post.targets:
            return post.targets[indicator]
        return self.indicators[indicator].target

    def bonus_base_for(self, person: Person | None, post: Post) -> Decimal | None:
        if person is not None and person.bonus_base is not None:
            return person.bonus_base
        return post.bonus_base if post.bonus_base is not None else self.bonus_base

    def fields_for(self, post: Post) -> list[str]:
        """The data fields a person on ``post`` must report, in scorecard order."""
        if post.id not in self._fields_by_post:
            self._fields_by_post[post.id] = self._fields_for(post)
        return list(self._fields_by_post[post.id])

    def _fields_for(self, post: Post) -> list[str]:
        needed: list[str] = []
        for item in self.scorecards[post.scorecard].items:
            indicator = self.indicators[item.indicator]
            if indicator.external:
                continue
            for name in sorted(indicator.formula.names):
                weight = self.fields[name].weight if name in self.fields \
                    and self.calendar is not None else None  # weighs months, if any
                for wanted in (name, weight):
                    if wanted is not None and wanted not in needed:
                        needed.append(wanted)
        return needed

    def cascade_of(self, indicator: str) -> Cascade | None:
        return self._cascade_by_indicator.get(indicator)

    @cached_property
    def _cascade_by_indicator(self) -> dict[str, Cascade]:
        out: dict[str, Cascade] = {}
        for cascade in self.cascades.values():
            for name in cascade.indicators:
                out.setdefault(name, cascade)
        return out

    @cached_property
    def _fields_by_post(self) -> dict[str, list[str]]:
        return {}

    @cached_property
    def allocations(self) -> dict[str, Allocation]:
        """Every cascade worked out over the organisation (once, however often asked)."""
        from ..year.cascade import allocate_all  # the cascade is built on this model

        return allocate_all(self)

    def head_of(self, post: str) -> str | None:
        """The unit whose head ``post`` is, if any."""
        return self._heads.get(post)

    def children_of(self, unit: str) -> list[str]:
        return self._children.get(unit, [])

    def subtree(self, unit: str) -> list[str]:
        """``unit`` and every unit under it, parents before children."""
        out, seen = [unit], {unit}
        for current in out:  # a cycle (reported by validation) is walked once
            for child in self._children.get(current, []):
                if child not in seen:
                    seen.add(child)
                    out.append(child)
        return out

    def depth(self, unit: str) -> int:
        depth, current = 0, self.units[unit].parent
        while current is not None and depth <= len(self.units):
            depth, current = depth + 1, self.units[current].parent
        return depth

    @cached_property
    def _heads(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for unit in self.units.values():
            if unit.head is not None:
                out.setdefault(unit.head, unit.id)
        return out

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for unit in self.units.values():
            if unit.parent is not None and unit.parent in self.units:
                out.setdefault(unit.parent, []).append(unit.id)
        return out
