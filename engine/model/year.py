"""What a scheme says about the year: the calendar, the cascade of targets, calibration,
and the cascade worked out over the organisation (its :class:`Allocation`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from ..rules import Per

SplitMethod = Literal["even", "shares", "explicit"]
QuotaRounding = Literal["half_up", "down", "up"]


@dataclass(frozen=True)
class Calendar:
    year: int
    missing_months: Literal["error", "zero"] = "error"
    targets_per: Per | None = None
    """The period fixed targets and thresholds are written for, unless one says otherwise."""


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


Months = tuple[Fraction, ...]  # twelve monthly amounts
ZERO: Months = (Fraction(0),) * 12


@dataclass(frozen=True)
class Node:
    """A unit, or a person's time in a unit, with its monthly targets in a cascade."""

    kind: str  # "unit" or "person"
    id: str
    label: str
    unit: str  # the unit itself, or the unit the person is in
    depth: int
    method: str  # how the node splits to its children ("" for a person)
    months: Months
    active: frozenset[int] = frozenset(range(1, 13))  # the months a person is in the unit
    children: tuple[str, ...] = ()  # node keys

    @property
    def key(self) -> str:
        return node_key(self.kind, self.id, self.unit)

    def target(self, months: Iterable[int]) -> Fraction:
        return sum((self.months[m - 1] for m in months), Fraction(0))


def node_key(kind: str, name: str, unit: str) -> str:
    """How the allocation files a node: a unit by itself, a person by the unit they are in
    (a person who moved has one node in each unit)."""
    return f"{kind}:{name}@{unit}"


@dataclass
class Problem:
    """Something wrong with a cascade, at a path of the scheme."""

    path: tuple[str | int, ...]
    message: str
    hint: str = ""
    severity: str = "error"
    at_key: bool = False


@dataclass
class Allocation:
    """A cascade worked out: every node's monthly targets, in tree order."""

    cascade: Cascade
    nodes: dict[str, Node] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _sums: dict[tuple[int, tuple[int, ...]], Fraction] = field(default_factory=dict, repr=False)

    def unit(self, unit: str) -> Node | None:
        """The unit's node; None when the cascade does not reach it."""
        return self.nodes.get(node_key("unit", unit, unit))

    def unit_target(self, unit: str, months: Iterable[int]) -> Fraction | None:
        node = self.unit(unit)
        return node.target(months) if node else None

    def person_target(self, person: str, unit: str, months: tuple[int, ...]) -> Fraction | None:
        node = self.nodes.get(node_key("person", person, unit))
        if node is None:
            return None
        key = (id(node.months), months)  # people split evenly share their months' tuple
        if key not in self._sums:
            self._sums[key] = node.target(months)
        return self._sums[key]

    def children_target(self, node: Node, months: Iterable[int]) -> Fraction:
        chosen = tuple(months)
        return sum((self.nodes[k].target(chosen) for k in node.children), Fraction(0))


