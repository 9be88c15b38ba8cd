"""A batch of segments as the scorer left it: every scorecard item as a column (its
values, targets, points and steps), and the views of one row (:class:`Item`,
:class:`SegmentResult`) made from those columns when asked for."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from ..formula.functions import team_key
from ..model import Evidence, Gate, Indicator, Scheme, Scorecard, Section
from ..numbers import Weight
from ..rules import PER_MONTHS, Column, Outcome, Role, Rule, Step, StepColumns, Target, achievement

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]
Value = float | str


@dataclass(frozen=True)
class Given:
    """An item scored from other people: a unit's result, or the members' average."""

    points: float
    value: float
    target: Target | None
    step: Step
    inputs: Mapping[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class Scaling:
    """A total's fixed target, or its rule's numbers, written for one period (a month, a
    quarter, a half, the year) and scaled to the months scored: as explain shows it."""

    months: int  # the months scored (a part-year person's own)
    written: Target | None  # the target as written, when it was scaled
    per: str | None  # the period the target is written for
    target: Target | None  # ... and scaled
    rule_per: str | None  # the period the rule's numbers are written for
    rule: Rule | None  # ... and the rule with them scaled

    def factor(self, per: str) -> Fraction:
        return Fraction(self.months, PER_MONTHS[per])


@dataclass
class Piece:
    """One scorecard item for the people of a batch who hold that card, as columns.

    The scorer keeps each row's value and points; the targets and the rule's steps are
    worked out again from those when asked for (an explanation, the JSON), by the column
    path, a whole column or a block of it at a time: the same operations on the same
    values give the same steps, and a period that is only tabled never holds them.
    """

    indicator: Indicator
    weight: Weight | None
    who: NDArray[np.intp]  # rows of the batch, ascending
    value: Column
    points: Floats
    targets: Callable[[], tuple[Floats, Floats]]
    """The base and stretch target of every row of the batch (not only ``who``)."""
    given: Sequence[Given] | None = None  # for items scored from other people
    variants: Sequence[tuple[Rule, NDArray[np.intp]]] = ()
    """Rules scaled to the months of some rows (positions in ``who``); the rest use the
    indicator's own."""
    exact: dict[int, tuple[Value, Outcome]] = field(default_factory=dict)
    """Rows (positions in ``who``) the reference path scored: their value and outcome."""
    evidence: Evidence | None = None
    """The text fields the card shows beside the item (得分依据, 备注)."""

    def target_columns(self, lo: int = 0, hi: int | None = None) -> tuple[Floats, Floats]:
        """Base and stretch of the piece's rows ``lo`` to ``hi`` (positions in ``who``)."""
        if self.given is not None:
            given = self.given[lo:hi]
            return (np.array([g.target.base if g.target else np.nan for g in given]),
                    np.array([g.target.stretch if g.target and g.target.stretch is not None
                              else np.nan for g in given]))
        base, stretch = self.targets()
        who = self.who[lo:hi]
        return base[who], stretch[who]

    def steps(self, lo: int = 0, hi: int | None = None) -> StepColumns | Sequence[Step]:
        """The steps of the piece's rows ``lo`` to ``hi``, by the column path."""
        if self.given is not None:
            return [g.step for g in self.given[lo:hi]]
        base, stretch = self.target_columns(lo, hi)
        with np.errstate(all="ignore"):
            steps = self.indicator.rule.columns(self.value[lo:hi], base, stretch).steps
            if not self.variants:
                return steps
            end = len(self.who) if hi is None else hi
            out = [steps.at(k) for k in range(end - lo)]
            for rule, where in self.variants:
                inside = where[(where >= lo) & (where < end)] - lo
                found = rule.columns(self.value[lo:end][inside], base[inside],
                                     stretch[inside]).steps
                for j, k in enumerate(inside.tolist()):
                    out[k] = found.at(j)
        return out

    @cached_property
    def _all_steps(self) -> StepColumns | Sequence[Step]:
        return self.steps()

    def step(self, k: int) -> Step:
        if k in self.exact:
            return self.exact[k][1].step
        steps = self._all_steps
        return steps.at(k) if isinstance(steps, StepColumns) else steps[k]

    def value_at(self, k: int) -> Value:
        if k in self.exact:
            return self.exact[k][0]
        value = self.value[k]
        return value if isinstance(value, str) else float(value)


@dataclass
class GateColumns:
    """A card's gates over the rows of a batch that hold the card (``who``)."""

    card: Scorecard
    who: NDArray[np.intp]
    hits: list[Flags]  # for each gate, whether it held, by position in ``who``
    raw: dict[str, Floats] = field(default_factory=dict)
    """The points of each capped item before its cap, by position in ``who``."""

    def hit(self, k: int) -> tuple[Gate, ...]:
        """The gates that held at position ``k``."""
        return tuple(g for g, held in zip(self.card.gates, self.hits, strict=True)
                     if held[k])


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
    scaling: Mapping[int, Mapping[str, Scaling]] = field(default_factory=dict)
    """Rows whose targets or rules were scaled to their months: how, by indicator."""
    team_members: Mapping[str, NDArray[np.intp]] = field(default_factory=dict)
    """Each row's members counted in ``team_average(f)``, by field (the averages are
    among the inputs)."""
    section_scores: dict[tuple[str, str], Floats] = field(default_factory=dict)
    """(scorecard, section) -> each row's section score (Σ points × weight / 100); 0 for
    rows on other cards."""
    gates: dict[str, GateColumns] = field(default_factory=dict)
    """The gates of each card with gates, over the rows that hold it."""
    effects: dict[int, frozenset[str]] = field(default_factory=dict)
    """Rows where a gate with an effect held: its effects (no_bonus, zero_total, ...)."""

    def gates_hit(self, i: int) -> tuple[Gate, ...]:
        """The gates that held for row ``i``, in the card's order."""
        scheme = self.scheme
        gated = self.gates.get(scheme.posts[self.rows[i].post].scorecard)
        if gated is None:
            return ()
        return gated.hit(int(np.searchsorted(gated.who, i)))

    def __len__(self) -> int:
        return len(self.rows)

    def items(self, i: int) -> tuple[Item, ...]:
        """Row ``i``'s scorecard, item by item, as the scorer left it."""
        scheme = self.scheme
        card = scheme.scorecards[scheme.posts[self.rows[i].post].scorecard]
        out = []
        for entry in card.items:
            piece = self.pieces[(card.id, entry.indicator)]
            k = int(np.searchsorted(piece.who, i))
            out.append(self.item(piece, i, k, entry.section))
        return tuple(out)

    def sections(self, i: int) -> tuple[SectionScore, ...]:
        """Row ``i``'s section scores, section by section (none if its card has none)."""
        scheme = self.scheme
        card = scheme.scorecards[scheme.posts[self.rows[i].post].scorecard]
        return tuple(SectionScore(s, float(self.section_scores[(card.id, s.id)][i]))
                     for s in card.sections)

    def item(self, piece: Piece, i: int, k: int, section: str | None = None) -> Item:
        """Row ``i``'s item of ``piece`` (``k``: the row's position in ``piece.who``)."""
        indicator, value = piece.indicator, piece.value_at(k)
        points = float(piece.points[k])
        team: Mapping[str, tuple[float, int]] = {}
        if piece.given is not None:
            given = piece.given[k]
            target, inputs = given.target, given.inputs
        else:
            bases, stretches = piece.targets()
            base, stretch = float(bases[i]), float(stretches[i])
            target = None if np.isnan(base) else Target(base, None if np.isnan(stretch)
                                                         else stretch)
            inputs = {name: _cell(self.inputs[name][i]) for name in indicator.formula.names}
            extra = indicator.formula.team_keys
            written = self.written_target(i, indicator.id) \
                if self.scheme.has_formula_targets else None
            if target is not None and written is not None and written.formulas:
                target = replace(target, formula=written.formula,
                                 stretch_formula=written.stretch_formula)
                extra = extra | written.inputs
            for name in sorted(extra - inputs.keys()):
                inputs[name] = _cell(self.inputs[name][i])
            averaged = indicator.formula.team | (written.team if written is not None
                                                 and target is not None else frozenset())
            team = self.team(i, averaged) if averaged else {}
        reached = None
        if target is not None and isinstance(value, float) and target.base != 0:
            reached = achievement(value, target.base)
        weighted = points * float(piece.weight) / 100 if piece.weight is not None else None
        texts = {role: self.inputs[name][i] for role, name in piece.evidence.fields} \
            if piece.evidence is not None else {}
        return Item(indicator, value, inputs, target, reached, points, piece.step(k),
                    piece.weight, weighted, self.scaling.get(i, {}).get(indicator.id), team,
                    section, piece.evidence, texts.get("basis"), texts.get("note"))

    def written_target(self, i: int, indicator: str) -> Target | None:
        """Row ``i``'s target as the scheme writes it (a formula, say), if it has one."""
        scheme, row = self.scheme, self.rows[i]
        return scheme.target_for(scheme.people.get(row.person), scheme.posts[row.post],
                                 indicator)

    def team(self, i: int, fields: frozenset[str]) -> dict[str, tuple[float, int]]:
        """Row ``i``'s team averages of ``fields``, each with the members counted."""
        return {f: (float(self.inputs[team_key(f)][i]), int(self.team_members[f][i]))
                for f in sorted(fields) if f in self.team_members}


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
    weight: Weight | None
    weighted: float | None
    scaling: Scaling | None = None
    team: Mapping[str, tuple[float, int]] = field(default_factory=dict)
    """Each field ``team_average(f)`` read: the average and the members counted."""
    section: str | None = None
    """The section the item is in: ``weighted`` is then its share of the section's score."""
    evidence: Evidence | None = None
    """The text fields the card shows beside the item; their texts (None: blank):"""
    basis: str | None = None
    note: str | None = None

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
class SectionScore:
    """A section of a person's scorecard and its score (a sub-score)."""

    section: Section
    score: float

    @property
    def weighted(self) -> float:
        """What the section adds to the weighted sum."""
        return float(self.section.weight) * self.score / 100


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

    @cached_property
    def sections(self) -> tuple[SectionScore, ...]:
        return self.batch.sections(self.row)
