"""The typed scheme: what a validated YAML scheme means, with formulas and rules bound."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from .numbers import RoundingMode
from .rules import Direction, Rule, Target
from .sandbox import Formula

Perspective = Literal["financial", "customer", "internal_process", "learning_and_growth"]
Aggregate = Literal["sum", "average", "last"]

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
class Person:
    id: str
    name: str
    post: str
    targets: dict[str, Target] = field(default_factory=dict)
    bonus_base: Decimal | None = None


@dataclass(frozen=True)
class Grade:
    grade: str
    label: str
    min: float | None
    coefficient: Decimal


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
        needed: list[str] = []
        for item in self.scorecards[post.scorecard].items:
            for name in sorted(self.indicators[item.indicator].formula.names):
                if name not in needed:
                    needed.append(name)
        return needed
