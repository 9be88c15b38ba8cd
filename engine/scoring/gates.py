"""Gates (门槛): conditions on a person's own results that cap an item or the total, or
take away the bonus, the total or the grade.

Every gate of a card is checked on the results before any gate acts (the items' values,
targets and points as the rules gave them), then they act in one order: item caps, the
weighted total, total caps, the effects on the total and grade, the bonus. A person's
gates are worked out a column at a time (:func:`gate_columns`) or one person at a time
(:func:`gate_trace`, the reference), with the same operations in the same order; a read
the columns cannot make (a target of 0, or none) is left to the reference, which words it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..formula import EvaluationError
from ..formula.conditions import Condition
from ..i18n import _
from ..model import Gate, Indicator, Scorecard
from ..rules import Outcome, Target
from .batch import Flags, Floats, GateColumns, Piece
from .reference import PersonError, Traced


def achieved(indicator: Indicator, value: float, target: float) -> float:
    """The value as a percentage of the target, as the rules work it out: the target over
    the value for a lower-is-better indicator (a value of 0 does best of all)."""
    if target == 0:
        raise EvaluationError(_("'{indicator}' has a target of 0, and achievement divides by "
                                "it").format(indicator=indicator.id),
                              _("give '{indicator}' a target other than 0").format(
                                  indicator=indicator.id))
    if target != target:
        raise EvaluationError(_("'{indicator}' has no target").format(indicator=indicator.id),
                              _("give '{indicator}' a target, under the indicator or the "
                                "post").format(indicator=indicator.id))
    if indicator.direction == "lower_is_better":
        return float("inf") if value == 0 else target / value * 100
    return value / target * 100


def read_result(function: str, indicator: Indicator, value: Any, points: float,
                target: Target | None) -> float:
    """What a condition's ``function(indicator)`` reads of one person's item: its points
    (before any gate), value, target or achievement; raises EvaluationError."""
    if function == "points":
        return points
    number = float(value)
    if function == "value":
        return number
    base = target.base if target is not None else float("nan")
    if function == "target":
        if base != base:
            raise EvaluationError(_("'{indicator}' has no target").format(indicator=indicator.id),
                                  _("give '{indicator}' a target for this person").format(
                                      indicator=indicator.id))
        return base
    return achieved(indicator, number, base)


def condition_columns(condition: Condition, pieces: Mapping[str, Piece],
                      raw: Mapping[str, Floats] | None = None) -> tuple[Flags, Flags]:
    """Whether ``condition`` holds for each row of the pieces (a card's items, over the
    same rows), and the rows the columns cannot answer for; ``raw``: the points of capped
    items before their caps, which ``points()`` reads."""
    n = len(next(iter(pieces.values())).who)

    def read(function: str, name: str) -> tuple[Floats, Flags]:
        piece = pieces[name]
        if function == "points":
            found = raw.get(name) if raw else None
            return piece.points if found is None else found, np.zeros(n, dtype=bool)
        value = np.asarray(piece.value, dtype=np.float64)
        if function == "value":
            return value, np.zeros(n, dtype=bool)
        base = piece.target_columns()[0]
        if function == "target":
            return base, np.isnan(base)
        with np.errstate(all="ignore"):
            if piece.indicator.direction == "lower_is_better":
                found = np.where(value == 0, np.inf, base / np.where(value == 0, 1.0, value)
                                 * 100)
            else:
                found = value / base * 100
        return found, (base == 0) | np.isnan(base)

    return condition.column(read, n)


def gate_columns(card: Scorecard, pieces: Mapping[str, Piece], who: NDArray[np.intp]
                 ) -> tuple[GateColumns, Flags]:
    """Every gate of ``card`` for its rows ``who`` (each piece's rows), and the rows the
    columns cannot answer for."""
    bad = np.zeros(len(who), dtype=bool)
    hits = []
    for gate in card.gates:
        held, wrong = condition_columns(gate.when, pieces)
        hits.append(held)
        bad |= wrong
    gated = GateColumns(card, who, hits)
    for gate, held in zip(card.gates, hits, strict=True):
        if gate.cap_indicator is None or not held.any():
            continue
        assert gate.cap_points is not None
        piece = pieces[gate.cap_indicator]
        gated.raw.setdefault(gate.cap_indicator, piece.points.copy())
        piece.points[held & (piece.points > gate.cap_points)] = gate.cap_points
    return gated, bad


def gate_trace(card: Scorecard, traced: Sequence[Traced]) -> tuple[list[Traced], list[bool]]:
    """The reference: one person's traced card with the gates' caps applied, and whether
    each gate held (a target read is the one each item was scored against); raises
    :class:`PersonError` for a gate that cannot be checked."""
    by_id = {t.indicator.id: t for t in traced}

    def read(function: str, name: str) -> float:
        item = by_id[name]
        return read_result(function, item.indicator, item.value, item.outcome.points,
                           item.target)

    hits = []
    for gate in card.gates:
        try:
            hits.append(gate.when.holds(read))
        except EvaluationError as exc:
            first = gate.when.reads[0][1] if gate.when.reads else ""
            raise PersonError(first, _("cannot check gate '{gate}': {problem}").format(
                gate=gate.label, problem=exc), exc.hint) from None
    out = list(traced)
    for gate, held in zip(card.gates, hits, strict=True):
        if held and gate.cap_indicator is not None:
            assert gate.cap_points is not None
            k = next(j for j, t in enumerate(out) if t.indicator.id == gate.cap_indicator)
            if out[k].outcome.points > gate.cap_points:
                out[k] = replace(out[k], outcome=Outcome(gate.cap_points, out[k].outcome.step))
    return out, hits


def gated_total(gates: Sequence[Gate], hits: Sequence[bool], total: float) -> float:
    """The reference: a total after the caps and effects of the gates that held."""
    for gate, held in zip(gates, hits, strict=True):
        if held and gate.cap_total is not None and total > gate.cap_total:
            total = gate.cap_total
    if any(held and gate.effect == "zero_total" for gate, held in zip(gates, hits, strict=True)):
        total = 0.0
    return total


def gate_totals(gated: GateColumns, total: Floats) -> dict[int, frozenset[str]]:
    """The column form of :func:`gated_total` on the batch's ``total`` (in place), and each
    gated row's effects (the rows of ``gated.who`` where an effect gate held)."""
    who = gated.who
    mine = total[who]
    zero = np.zeros(len(who), dtype=bool)
    for gate, held in zip(gated.card.gates, gated.hits, strict=True):
        if gate.cap_total is not None:
            mine = np.where(held & (mine > gate.cap_total), gate.cap_total, mine)
        if gate.effect == "zero_total":
            zero |= held
    total[who] = np.where(zero, 0.0, mine)
    effects: dict[int, frozenset[str]] = {}
    for gate, held in zip(gated.card.gates, gated.hits, strict=True):
        if gate.effect is None:
            continue
        for k in np.flatnonzero(held).tolist():
            i = int(who[k])
            effects[i] = effects.get(i, frozenset()) | {gate.effect}
    return effects
