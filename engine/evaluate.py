"""Scoring a period: a compiled scheme and a period's actuals to per-person results.

Everything is computed at full precision; results carry full-precision numbers,
and reporters round them (half up, at the scheme's precision) when they show
them. The trace a person sees in ``appraise explain`` is recorded while
scoring, so the explanation and the score can never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from .data import Actuals, Row
from .diagnostics import AppraiseError, Diagnostic
from .model import Grade, Indicator, Scheme
from .numbers import round_to
from .rules import Outcome, RatingRule, Role, Target, VetoRule, achievement, show
from .sandbox import EvaluationError


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator for one person: value, target, rule, points and weight."""

    indicator: str
    label: str
    perspective: str | None
    rule: str
    role: Role
    formula: str
    substituted: str
    value: float | str
    unit: str
    target: Target | None
    achievement: float | None
    points: float
    detail: str
    weight: Decimal | None
    weighted: float | None


@dataclass(frozen=True)
class PersonResult:
    """One person's appraisal for the period."""

    person: str
    name: str
    post: str
    post_label: str
    unit: str
    unit_label: str
    indicators: tuple[IndicatorResult, ...]
    weighted_sum: float
    deductions: float
    bonuses: float
    veto: str | None
    total: float
    grade: str
    grade_label: str
    coefficient: Decimal
    bonus_base: Decimal | None
    bonus: float | None
    rank: int
    rank_of: int
    line: int


@dataclass(frozen=True)
class PeriodResult:
    """A whole period's results, in the order of the data file."""

    scheme: Scheme
    actuals: Actuals
    people: tuple[PersonResult, ...]

    def person(self, person_id: str) -> PersonResult:
        for person in self.people:
            if person.person == person_id:
                return person
        raise AppraiseError([Diagnostic(
            self.actuals.file, 0, 0, "error", "", f"person '{person_id}' is not in the data",
            _closest(person_id, [p.person for p in self.people]))])


def _closest(word: str, choices: list[str]) -> str:
    from .diagnostics import did_you_mean

    return did_you_mean(word, choices)


def score_period(scheme: Scheme, actuals: Actuals) -> PeriodResult:
    """Score every person in ``actuals``; raise :class:`AppraiseError` listing every failure."""
    errors: list[Diagnostic] = []
    scored = []
    for row in actuals.rows:
        try:
            scored.append(_score_person(scheme, row))
        except _PersonError as exc:
            errors.append(Diagnostic(actuals.file, row.line, 0, "error",
                                     f"{row.person}.{exc.indicator}", exc.message, exc.hint))
    if errors:
        raise AppraiseError(errors)
    ranks = _rank(scheme, scored)
    people = tuple(replace(p, rank=ranks[p.person][0], rank_of=ranks[p.person][1])
                   for p in scored)
    return PeriodResult(scheme, actuals, people)


class _PersonError(Exception):
    def __init__(self, indicator: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.indicator, self.message, self.hint = indicator, message, hint


def _score_person(scheme: Scheme, row: Row) -> PersonResult:
    post = scheme.posts[row.post]
    person = scheme.people.get(row.person)
    results = []
    for item in scheme.scorecards[post.scorecard].items:
        indicator = scheme.indicators[item.indicator]
        target = scheme.target_for(person, post, indicator.id)
        try:
            result = _score_indicator(indicator, row, target, item.weight)
        except EvaluationError as exc:
            raise _PersonError(indicator.id, f"cannot score '{indicator.id}': {exc}",
                               _hint_for(str(exc))) from None
        results.append(result)
    weighted_sum = sum(r.weighted for r in results if r.weighted is not None)
    deductions = sum(r.points for r in results if r.role == "deduction")
    bonuses = sum(r.points for r in results if r.role == "bonus")
    total = weighted_sum - deductions + bonuses
    veto = _veto(scheme, results)
    if veto == "zero_total":
        total = 0.0
    grade = _grade(scheme, total, veto is not None)
    base = scheme.bonus_base_for(person, post)
    bonus = float(grade.coefficient * base) if base is not None else None
    unit = scheme.units[post.unit]
    return PersonResult(
        person=row.person, name=row.name, post=post.id, post_label=post.label,
        unit=unit.id, unit_label=unit.label, indicators=tuple(results),
        weighted_sum=weighted_sum, deductions=deductions, bonuses=bonuses,
        veto=veto, total=total, grade=grade.grade, grade_label=grade.label,
        coefficient=grade.coefficient, bonus_base=base, bonus=bonus, rank=0, rank_of=0,
        line=row.line,
    )


def _hint_for(message: str) -> str:
    if "division by zero" in message or "divides by" in message:
        return "check the figures: a divisor in the formula is 0 for this person"
    if "outside every band" in message:
        return "add a band that covers this value"
    return ""


def _score_indicator(indicator: Indicator, row: Row, target: Target | None,
                     weight: Decimal | None) -> IndicatorResult:
    formula = indicator.formula
    inputs = {name: row.values[name] for name in sorted(formula.names)}
    rule = indicator.rule
    value: float | str
    if isinstance(rule, RatingRule):
        value = str(inputs[next(iter(formula.names))])
        outcome: Outcome = rule.score_rating(value)
        substituted = value
    else:
        numbers = {k: float(v) for k, v in inputs.items()}
        value = formula.evaluate(numbers)
        outcome = rule.score(value, target)
        substituted = formula.substitute({k: show(v) for k, v in numbers.items()})
    reached = None
    if target is not None and isinstance(value, float) and target.base != 0:
        reached = achievement(value, target.base)
    weighted = outcome.points * float(weight) / 100 if weight is not None else None
    return IndicatorResult(
        indicator=indicator.id, label=indicator.label, perspective=indicator.perspective,
        rule=rule.kind, role=rule.role, formula=formula.text, substituted=substituted,
        value=value, unit=indicator.unit, target=target, achievement=reached,
        points=outcome.points, detail=outcome.detail, weight=weight, weighted=weighted,
    )


def _veto(scheme: Scheme, results: list[IndicatorResult]) -> str | None:
    effects = [
        rule.effect for r in results
        if r.role == "veto" and r.points
        and isinstance(rule := scheme.indicators[r.indicator].rule, VetoRule)
    ]
    if not effects:
        return None
    return "zero_total" if "zero_total" in effects else "lowest_grade"


def _grade(scheme: Scheme, total: float, vetoed: bool) -> Grade:
    grades = scheme.grades
    if vetoed:
        return grades[-1]
    # Graded on the total as shown, as ranks are: a person shown 95.00 is graded at 95.
    shown = float(round_to(total, scheme.rounding.points, scheme.rounding.mode))
    for grade in grades:
        if grade.min is None or shown >= grade.min:
            return grade
    return grades[-1]


def _rank(scheme: Scheme, people: list[PersonResult]) -> dict[str, tuple[int, int]]:
    """Rank within each unit by the total as shown; equal shown totals share a rank."""
    by_unit: dict[str, list[tuple[Decimal, str]]] = defaultdict(list)
    places, mode = scheme.rounding.points, scheme.rounding.mode
    for person in people:
        by_unit[person.unit].append((round_to(person.total, places, mode), person.person))
    ranks: dict[str, tuple[int, int]] = {}
    for members in by_unit.values():
        members.sort(key=lambda m: -m[0])
        rank, previous = 0, None
        for position, (shown, person_id) in enumerate(members, 1):
            if shown != previous:
                rank, previous = position, shown
            ranks[person_id] = (rank, len(members))
    return ranks
