"""``score --format json``: the period as data, one person per line.

One shape for every scheme (format 2): the period, the units' results, calibration moves
and pools (empty for a plain period), then each person with their totals, grades, rank,
money, each scorecard item (with the post it was scored on) and each post's segment.
An item's ``step`` is the rule's step as data: its kind, its numbers at full precision,
and the limit that bounded the points; ``appraise explain`` puts it into words.
"""

from __future__ import annotations

import json
from typing import Any

from ..numbers import money, settle, to_cents
from ..rules import Expression, Interval, Step, Target
from ..score import Item, PersonResult, Result
from ..year.periods import month_id
from .layout import Points
from .table import pool_payments

FORMAT = 2  # of score --format json: 2 since one shape serves every scheme


def step_json(step: Step) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": step.kind}
    for key, value in step.values.items():
        if isinstance(value, Interval):
            out[key] = {"min": value.low, "max": value.high, "closed": value.closed,
                        "label": value.label}
        else:
            out[key] = value.template if isinstance(value, Expression) else value
    if step.limit is not None:
        out["limited_by"] = step.limit
    if step.within is not None:
        out["unit"] = step.within
    return out


def target_json(target: Target | None) -> dict[str, float] | None:
    if target is None:
        return None
    out = {"base": settle(target.base)}
    if target.stretch is not None:
        out["stretch"] = settle(target.stretch)
    return out


def item_json(points: Points, item: Item) -> dict[str, Any]:
    indicator = item.indicator
    return {
        "indicator": indicator.id, "label": indicator.label,
        "perspective": indicator.perspective, "rule": item.rule, "role": item.role,
        "value": item.value if isinstance(item.value, str) else settle(item.value),
        "unit": indicator.unit, "target": target_json(item.target),
        "achievement": None if item.achievement is None else float(points(item.achievement)),
        "points": float(points(item.points)),
        "weight": None if item.weight is None else float(item.weight),
        "weighted": None if item.weighted is None else float(points(item.weighted)),
        "formula": indicator.formula.text,
    }


def score_json(result: Result) -> str:
    """JSON with one person per line: quick to write (the C encoder) and to diff."""
    scheme, points = result.scheme, Points(result.scheme)
    places = scheme.rounding.money
    period = result.period
    paid = pool_payments(result)
    payload = {
        "format": FORMAT,
        "scheme": {"name": scheme.name, "label": scheme.label, "file": scheme.file,
                   "fingerprint": scheme.fingerprint},
        "data": {"file": result.file, "fingerprint": result.fingerprint},
        "period": result.period_id,
        "months": [month_id(period.year, m) for m in period.months] if period else None,
        "currency": scheme.currency,
        "rounding": {"points": scheme.rounding.points, "money": scheme.rounding.money,
                     "mode": scheme.rounding.mode},
        "warnings": [d.as_dict() for d in result.warnings],
        "units": [{"unit": u.unit, "head": u.head, "indicator": u.indicator,
                   "months": [month_id(period.year, m) for m in u.months] if period else [],
                   "value": settle(u.value), "target": target_json(u.target),
                   "points": float(points(u.points))} for u in result.units],
        "calibration": [{"person": m.person, "group": m.group, "position": m.position,
                         "of": m.of, "from": m.before, "to": m.after, "reason": m.reason}
                        for m in result.moves],
        "uncalibrated": [{"group": g, "size": n} for g, n in result.uncalibrated],
        "pools": [{"unit": p.unit, "people": p.people,
                   "bonuses_before": float(money(to_cents(p.wanted, places), places)),
                   "pool": float(money(p.amount, places)),
                   "paid": float(money(paid.get(p.unit, 0), places))} for p in result.pools],
    }
    head = json.dumps(payload, ensure_ascii=False)[:-1]
    rows = ",\n".join(json.dumps(_person(result, points, p), ensure_ascii=False)
                      for p in result.people)
    return f'{head}, "people": [\n{rows}\n]}}\n'


def _person(result: Result, points: Points, p: PersonResult) -> dict[str, Any]:
    scheme = result.scheme
    places = scheme.rounding.money
    period = result.period
    grade = p.grade_of
    segments = p.segments
    base = scheme.bonus_base_for(scheme.people.get(p.person), scheme.posts[p.post])
    exact = p.bonus_exact
    items = []
    for s in segments:
        for item in s.items:
            items.append({**item_json(points, item), "post": s.post,
                          "step": step_json(item.step)})
    return {
        "person": p.person, "name": p.name, "post": p.post, "unit": p.unit,
        "months": p.months if period is not None else None,
        "weighted_sum": float(points(p.weighted_sum)),
        "deductions": float(points(p.deductions)), "bonuses": float(points(p.bonuses)),
        "veto": p.veto, "total": float(points(p.total)),
        "grade_scored": p.scored_grade, "grade": grade.grade, "grade_label": grade.label,
        "coefficient": float(grade.coefficient),
        "bonus_base": None if base is None else float(base),
        "bonus_before_pool": None if exact is None
        else float(money(to_cents(exact, places), places)),
        "bonus": None if p.bonus is None else float(p.bonus),
        "pool": p.pool, "rank": p.rank, "rank_of": p.rank_of,
        "company_rank": p.company_rank, "company_of": p.company_of,
        "calibration_group": p.group,
        "indicators": items,
        "segments": [{
            "post": s.post, "unit": s.unit,
            "months": [month_id(period.year, m) for m in s.months] if period else [],
            "weighted_sum": float(points(s.weighted_sum)),
            "deductions": float(points(s.deductions)), "bonuses": float(points(s.bonuses)),
            "veto": s.veto, "total": float(points(s.total)),
        } for s in segments],
    }
