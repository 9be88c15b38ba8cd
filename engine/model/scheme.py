"""The typed scheme: what a validated YAML scheme means, with formulas and rules bound."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from ..formula import Formula
from ..rules import Target
from .awards import Award
from .organisation import Person, Post, Tree, Unit
from .parts import (
    Field,
    Grade,
    Indicator,
    PerspectiveSpec,
    Rounding,
    Scale,
    Scorecard,
    Subject,
    shown_texts,
)
from .records import FieldSource, RecordSource
from .year import Allocation, Calendar, Calibration, Cascade


@dataclass(frozen=True)
class Feed:
    """A scheme whose subjects this one counts (``subjects: {customers: {scheme: ...}}``):
    scored for the same period, each subject counted for its owner."""

    name: str
    file: str  # as the scheme writes it
    scheme: Scheme


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
    language: str | None = None
    """The language the scheme names (``zh`` or ``en``), if it names one."""
    description: str = ""
    """Free text about the scheme (who it covers, when it applies), as written."""
    allocations: dict[str, Allocation] = field(default_factory=dict, compare=False)
    """Every cascade worked out over the organisation, once, when the scheme is built."""
    awards: dict[str, Award] = field(default_factory=dict)
    """Awards by rank, in the order the scheme writes them."""
    perspectives: dict[str, PerspectiveSpec] = field(default_factory=dict)
    """The scheme's own perspectives, if it declares them (else the balanced scorecard's)."""
    subject: Subject | None = None  # what it appraises when not people, e.g. customers
    feeds: dict[str, Feed] = field(default_factory=dict)
    """Other schemes whose subjects its ``count`` fields count (``subjects:``)."""
    records: dict[str, RecordSource] = field(default_factory=dict)
    """The record sources it declares (``records:``), by name."""
    derived: dict[str, FieldSource] = field(default_factory=dict)
    """The fields defined by an aggregation over records (``from:``), by field."""

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
            read = sorted(indicator.formula.fields)
            read += sorted(self._target_fields.get((post.id, indicator.id), set()) - set(read))
            for name in read:
                weight = self.fields[name].weight if name in self.fields \
                    and self.calendar is not None else None  # weighs months, if any
                for wanted in (name, weight):
                    if wanted is not None and wanted not in needed:
                        needed.append(wanted)
        return needed

    def unit_fields_for(self, post: Post) -> list[str]:
        """The fields of the units ``post`` is in (its own and those above it) scored with
        ``scope: unit`` that its own card does not hold: a member's rows give them for the
        unit's figures when they have them."""
        return _unit_fields(self, post)

    @cached_property
    def looked_back(self) -> tuple[str, ...]:
        """The fields some indicator or target reads over earlier months
        (``previous(revenue)``, ``last_year(revenue)``), with the weights of those averaged
        by weight: what the rows of months before the period are read for."""
        found: dict[str, None] = {}
        formulas = [i.formula for i in self.indicators.values()] + self.target_formulas()
        for formula in formulas:
            for name in sorted(formula.looks_back):
                field = self.fields.get(name[name.index("(") + 1:-1])
                if field is not None:
                    found.update(dict.fromkeys(f for f in (field.id, field.weight) if f))
        return tuple(found)

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
    def _target_fields(self) -> dict[tuple[str, str], set[str]]:
        return _target_fields(self)

    @cached_property
    def team_fields(self) -> list[str]:
        """The fields some formula takes the team's average of (``team_average(f)``)."""
        found: set[str] = set()
        for indicator in self.indicators.values():
            found |= indicator.formula.team
        for formulas in self.target_formulas():
            found |= formulas.team
        return sorted(found)

    @cached_property
    def texts(self) -> list[str]:
        """The text fields read when the data has them: those a card shows, and the one
        naming each subject's owner."""
        shown = shown_texts(self.fields, self.scorecards)
        owner = self.subject.owner if self.subject is not None else None
        return shown if owner is None or owner in shown else [*shown, owner]

    @cached_property
    def has_formula_targets(self) -> bool:
        """Whether any target is written as a formula (else none is worked out per person)."""
        return bool(self.target_formulas())

    def target_formulas(self) -> list[Formula]:
        """Every target written as a formula: the indicators', the posts' and the people's."""
        targets = [i.target for i in self.indicators.values() if i.target is not None]
        targets += [t for post in self.posts.values() for t in post.targets.values()]
        targets += [t for person in self.people.values() for t in person.targets.values()]
        return [f for t in targets for f in t.formulas]

    @cached_property
    def tree(self) -> Tree:
        """The organisation's tree of units (children, heads, subtree, depth)."""
        return Tree(self.units)

    def head_of(self, post: str) -> str | None:
        """The unit whose head ``post`` is, if any."""
        return self.tree.head_of(post)

    def subtree(self, unit: str) -> list[str]:
        """``unit`` and every unit under it, parents before children."""
        return self.tree.subtree(unit)

    def depth(self, unit: str) -> int:
        return self.tree.depth(unit)


def _unit_fields(scheme: Scheme, post: Post) -> list[str]:
    own, found = set(scheme.fields_for(post)), []
    unit = scheme.units.get(post.unit)
    seen: set[str] = set()
    while unit is not None and unit.id not in seen:
        seen.add(unit.id)
        head = scheme.posts.get(unit.head or "")
        card = scheme.scorecards.get(head.scorecard) if head else None
        for item in card.items if card else ():
            indicator = scheme.indicators[item.indicator]
            if indicator.scope != "unit":
                continue
            for name in sorted(indicator.formula.fields):
                weight = scheme.fields[name].weight if name in scheme.fields else None
                for wanted in (name, weight):
                    if wanted is not None and wanted not in own and wanted not in found:
                        found.append(wanted)
        unit = scheme.units.get(unit.parent or "")
    return found


def _target_fields(scheme: Scheme) -> dict[tuple[str, str], set[str]]:
    """The fields targets written as formulas read, by (post, indicator): the
    indicator's, the post's, and those of the people who hold the post."""
    out: dict[tuple[str, str], set[str]] = {}
    held: list[tuple[str, dict[str, Target]]] = [(p.id, p.targets)
                                                 for p in scheme.posts.values()]
    held += [(post, person.targets) for person in scheme.people.values() if person.targets
             for post in {person.post, *(a.post for a in person.assignments)}]
    for post, targets in held:
        for name, target in targets.items():
            for formula in target.formulas:
                out.setdefault((post, name), set()).update(formula.fields)
    for indicator in scheme.indicators.values():
        for formula in indicator.target.formulas if indicator.target else ():
            for post in scheme.posts:
                out.setdefault((post, indicator.id), set()).update(formula.fields)
    return out
