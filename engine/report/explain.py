"""``explain``: every step of one person's score, in words or as JSON.

What HR shows an employee who asks "why?": each indicator's value (and the formula with
the figures put in), target, rule step, points and weight; the totals; the grade and any
calibration move; the bonus; the rank. For a scheme kept by month, each post held in the
period is explained in turn and the total weighed by months.
"""

from __future__ import annotations

import json
from fractions import Fraction

from ..model import PERSPECTIVE_LABELS
from ..numbers import money_text, show, to_cents
from ..score import Item, PersonResult, Result, SegmentResult
from .as_json import item_json, step_json
from .layout import Points, months_text, period_text
from .words import fill, words

FORMAT = 1  # of explain --format json


def explain_text(result: Result, person: PersonResult) -> str:
    scheme, points = result.scheme, Points(result.scheme)
    post = scheme.posts[person.post]
    lines = [f"{person.name} ({person.person}) — {post.label}, {scheme.units[person.unit].label}",
             f"Scheme: {scheme.label} ({scheme.fingerprint[:19]})"]
    if when := period_text(result):
        lines.append(f"Period: {when}")
    lines.append("")
    segments = person.segments
    several = len(segments) > 1
    for segment in segments:
        if several:
            assert result.period is not None
            lines += [f"On {scheme.posts[segment.post].label} for "
                      f"{months_text(result.period, segment.months)} ({len(segment.months)} "
                      f"of {person.months} months):", ""]
        lines += steps(points, segment)
        lines.append(f"Total{' on this post' if several else ''}: {points(segment.total)}")
        if result.by_month:
            lines.append("")
    if several and person.veto == "zero_total":
        lines.append(f"Total: {points(person.total)} (a one-vote veto on one post zeroes the "
                     "whole period)")
    elif several:
        parts = " + ".join(f"{points(s.total)} × {len(s.months)}" for s in segments)
        lines.append(f"Total, weighed by months: ({parts}) / {person.months} = "
                     f"{points(person.total)}")
    grade = person.grade_of
    lines.append(f"Grade: {grade.named} (coefficient {grade.coefficient})")
    for move in (m for m in result.moves if m.person == person.person):
        lines.append(f"  calibrated from {move.before} to {move.after}: {move.reason}")
    if person.bonus is not None:
        lines.append(_bonus_line(result, person))
    rank = f"Rank in {scheme.units[person.unit].label}: {person.rank} of {person.rank_of}"
    if result.by_month:
        rank += f"; in the company: {person.company_rank} of {person.company_of}"
    lines.append(rank)
    return "\n".join(lines) + "\n"


def steps(points: Points, segment: SegmentResult) -> list[str]:
    """Each item, step by step, then the weighted sum and what adjusts it."""
    lines: list[str] = []
    for n, item in enumerate(segment.items, 1):
        lines += [*_item(points, n, item), ""]
    lines.append(f"Weighted sum: {points(segment.weighted_sum)}")
    if segment.deductions:
        lines.append(f"Deductions:  -{points(segment.deductions)}")
    if segment.bonuses:
        lines.append(f"Bonus items: +{points(segment.bonuses)}")
    if segment.veto == "zero_total":
        lines.append("Veto: a one-vote veto event sets the total to 0 and the grade to the "
                     "lowest")
    elif segment.veto == "lowest_grade":
        lines.append("Veto: a one-vote veto event forces the lowest grade")
    return lines


def _item(points: Points, n: int, item: Item) -> list[str]:
    indicator = item.indicator
    perspective = PERSPECTIVE_LABELS.get(indicator.perspective or "", "")
    head = f"{n}. {indicator.label} ({indicator.id})" + (f" — {perspective}" if perspective
                                                         else "")
    if indicator.members is not None:  # points worked out from other people's totals
        return [head, f"   value:   {words(item.step)}",
                f"   points:  {points(item.points)} × weight {item.weight}% = "
                f"{points(item.weighted or 0)}"]
    lines = [head]
    value = item.value if isinstance(item.value, str) else show(item.value)
    unit = "" if not indicator.unit or isinstance(item.value, str) else \
        indicator.unit if indicator.unit == "%" else f" {indicator.unit}"
    formula = indicator.formula
    if formula.text.strip().isidentifier():
        lines.append(f"   value:   {formula.text} = {value}{unit}")
    else:
        shown = fill(formula.template, {k: v for k, v in item.inputs.items()})
        lines.append(f"   formula: {formula.text} = {shown} = {value}{unit}")
    if item.target is not None:
        reached = f" (achievement {points(item.achievement)}%)" \
            if item.achievement is not None else ""
        lines.append(f"   target:  {item.target}{reached}")
    lines.append(f"   rule:    {item.rule}: {words(item.step)}")
    if item.role == "weighted" and item.weight is not None and item.weighted is not None:
        lines.append(f"   points:  {points(item.points)} × weight {item.weight}% = "
                     f"{points(item.weighted)}")
    elif item.role == "deduction":
        lines.append(f"   deducts: {points(item.points)} points from the total")
    elif item.role == "bonus":
        lines.append(f"   adds:    {points(item.points)} points to the total")
    return lines


def _bonus_line(result: Result, person: PersonResult) -> str:
    scheme = result.scheme
    places = scheme.rounding.money
    grade = person.grade_of
    bases = []
    for segment in person.segments:
        base = scheme.bonus_base_for(scheme.people.get(person.person),
                                     scheme.posts[segment.post])
        shown = money_text(to_cents(Fraction(base), places), places) if base is not None \
            else ""
        bases.append(shown + (f" × {len(segment.months)}/12" if result.by_month else ""))
    line = f"Bonus: {grade.coefficient} × " + (bases[0] if len(bases) == 1
                                                else f"({' + '.join(bases)})")
    if person.pool is not None:
        pool = next(x for x in result.pools if x.unit == person.pool)
        exact = person.bonus_exact or 0
        line += f" = {money_text(to_cents(Fraction(exact), places), places)}, scaled to the " \
                f"pool of {scheme.units[person.pool].label} ({money_text(pool.amount, places)} " \
                f"for {money_text(to_cents(pool.wanted, places), places)} of bonuses)"
    return line + f" = {money_text(person.paid, places)} {scheme.currency}"


def explain_json(result: Result, person: PersonResult) -> str:
    """The same as data: each item with its step (its kind, numbers and words)."""
    points = Points(result.scheme)
    payload = {
        "format": FORMAT, "period": result.period_id, "person": person.person,
        "name": person.name, "post": person.post, "unit": person.unit,
        "total": float(points(person.total)), "grade": person.grade,
        "segments": [{
            "post": s.post, "unit": s.unit, "total": float(points(s.total)),
            "items": [{**item_json(points, item), "step": step_json(item.step),
                       "words": words(item.step)} for item in s.items],
        } for s in person.segments],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
