"""The organisation: units, posts and people, and the tree of units, written once.

:class:`Tree` answers every question asked of the organisation (children, the chain
up to the top, a unit and everything under it, depth, who heads what, the unit of a
kind above a unit) for the builder, the cascade, scoring, calibration and pools. A
cycle of units (reported when the scheme is validated) is walked once, never forever.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ..rules import Target


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


class Tree:
    """The tree of units, as the scheme's ``parent`` and ``head`` keys draw it."""

    def __init__(self, units: Mapping[str, Unit]) -> None:
        self.units = units
        self.roots = [u.id for u in units.values() if u.parent is None]
        self._children: dict[str, list[str]] = {}
        self._heads: dict[str, str] = {}
        for unit in units.values():
            if unit.parent is not None and unit.parent in units:
                self._children.setdefault(unit.parent, []).append(unit.id)
            if unit.head is not None:
                self._heads.setdefault(unit.head, unit.id)
        self._depth: dict[str, int] = {}

    def children(self, unit: str) -> list[str]:
        return self._children.get(unit, [])

    def subtree(self, unit: str) -> list[str]:
        """``unit`` and every unit under it, parents before children."""
        out, seen = [unit], {unit}
        for current in out:
            for child in self._children.get(current, []):
                if child not in seen:
                    seen.add(child)
                    out.append(child)
        return out

    def chain(self, unit: str) -> list[str]:
        """``unit`` and the units above it, up to the top (or round a cycle once)."""
        out: list[str] = []
        current: str | None = unit
        while current is not None and current in self.units and current not in out:
            out.append(current)
            current = self.units[current].parent
        return out

    def depth(self, unit: str) -> int:
        if unit not in self._depth:
            self._depth[unit] = len(self.chain(unit)) - 1
        return self._depth[unit]

    def head_of(self, post: str) -> str | None:
        """The unit whose head ``post`` is, if any."""
        return self._heads.get(post)

    def nearest(self, unit: str, kind: str) -> str | None:
        """The unit of ``kind`` at or above ``unit``, if any."""
        return next((u for u in self.chain(unit) if self.units[u].kind == kind), None)
