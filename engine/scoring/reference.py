"""The reference path: one person's scorecard, one value at a time, every step kept.

The column path (:mod:`.evaluate`) scores everybody at once with the very same
operations and hands this path anybody it cannot score exactly; the equivalence tests
hold the two equal to the bit, steps included.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..formula import EvaluationError, Formula
from ..i18n import _
from ..model import Indicator, Post, Scheme
from ..numbers import Weight, show
from ..rules import Outcome, Rule, Target
from .batch import Given, Scaling, Value


class PersonError(Exception):
    """A person who cannot be scored: which indicator, why, and what to check."""

    def __init__(self, indicator: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.indicator, self.message, self.hint = indicator, message, hint


@dataclass(frozen=True)
class Traced:
    """One item of a scorecard, scored on the reference path."""

    indicator: Indicator
    weight: Weight | None
    value: Value
    outcome: Outcome
    section: str | None = None
    target: Target | None = None
    """The target the item was scored against, worked out for the person."""

    @property
    def weighted(self) -> float | None:
        if self.weight is None:
            return None
        return self.outcome.points * float(self.weight) / 100


def score_one(indicator: Indicator, values: Mapping[str, Value], target: Target | None,
              rule: Rule | None = None) -> tuple[Value, Outcome]:
    """One indicator's value from the figures, and its points by ``rule`` (the indicator's
    own unless given, scaled to the months); raises EvaluationError."""
    formula, rule = indicator.formula, rule or indicator.rule
    field = indicator.rating_field
    if field is not None:
        rating = values.get(field)
        if not isinstance(rating, str):
            raise EvaluationError(_("no rating given"))
        return rating, rule.score(rating, target)
    value = formula.evaluate({name: float(values[name]) for name in formula.inputs})
    outcome = rule.score(value, target)
    if not math.isfinite(outcome.points):
        raise EvaluationError(_("its {kind} rule gives points that are not a finite "
                                "number").format(kind=rule.kind))
    return value, outcome


def worked_target(indicator: Indicator, target: Target | None,
                  values: Mapping[str, Value]) -> Target | None:
    """``target`` with its formulas worked out from the person's figures, and held to what
    the rule needs of it (a target it divides by above 0, a stretch above the base); raises
    EvaluationError."""
    if target is None or not target.formulas:
        return target
    numbers = {k: v for k, v in values.items() if isinstance(v, float)}
    found = target.worked_out(numbers)
    rule = indicator.rule
    levels = [(False, target.formula, found.base)]
    if found.stretch is not None:
        levels.append((True, target.stretch_formula, found.stretch))
    for stretch, formula, number in levels:
        shown = formula.working(numbers, number) if formula is not None else show(number)
        if rule.divides_by_target and number <= 0:
            said = {(False, True): _("its target {shown} is 0, but its {kind} rule divides by "
                                     "the target"),
                    (False, False): _("its target {shown} is negative, but its {kind} rule "
                                      "divides by the target"),
                    (True, True): _("its stretch goal {shown} is 0, but its {kind} rule "
                                    "divides by the target"),
                    (True, False): _("its stretch goal {shown} is negative, but its {kind} "
                                     "rule divides by the target")}[stretch, number == 0]
            raise EvaluationError(said.format(shown=shown, kind=rule.kind),
                                  _figures_hint(formula))
    if found.stretch is not None and not found.stretch > found.base:
        formula = target.stretch_formula or target.formula
        raise EvaluationError(_("its stretch goal {stretch} is not above its base "
                                "{base}").format(stretch=show(found.stretch),
                                                 base=show(found.base)), _figures_hint(formula))
    return found


def _figures_hint(formula: Formula | None) -> str:
    own = ", ".join(repr(n) for n in sorted(formula.names - formula.team)) \
        if formula is not None else ""
    team = ", ".join(repr(n) for n in sorted(formula.team)) if formula is not None else ""
    said = _("check the figures of {own} for this person and {team} of the members of their "
             "unit: {rule}") if own and team else \
        _("check the figures of {own} for this person: {rule}") if own else \
        _("check the figures of {team} of the members of their unit: {rule}") if team else \
        "{rule}"
    return said.format(own=own, team=team, rule=_(
        "a target the rule divides by must be above 0, and a stretch goal above the base"))


def trace(scheme: Scheme, post: Post, values: Mapping[str, Value],
          targets: Mapping[str, Target], given: Mapping[str, Given],
          scaling: Mapping[str, Scaling] | None = None) -> Iterator[Traced]:
    """Every item of the post's scorecard; raises :class:`PersonError`.

    ``targets`` are the person's own (theirs, or their cascade share); the post's and the
    indicator's fill in the rest. ``given`` are the items scored from other people;
    ``scaling`` the rules scaled to the person's months.
    """
    scaling = scaling or {}
    for item in scheme.scorecards[post.scorecard].items:
        indicator = scheme.indicators[item.indicator]
        if indicator.external:
            found = given[indicator.id]
            yield Traced(indicator, item.weight, found.value, Outcome(found.points, found.step),
                         item.section, found.target)
            continue
        target = targets.get(indicator.id) or scheme.target_for(None, post, indicator.id)
        try:
            target = worked_target(indicator, target, values)
            scaled = scaling.get(indicator.id)
            value, outcome = score_one(indicator, values, target,
                                       scaled.rule if scaled is not None else None)
        except EvaluationError as exc:
            raise PersonError(indicator.id, _("cannot score '{indicator}': {problem}").format(
                indicator=indicator.id, problem=exc), exc.hint) from None
        yield Traced(indicator, item.weight, value, outcome, item.section, target)
