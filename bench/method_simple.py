"""Method (a), the obvious implementation: ``simpleeval.simple_eval`` for every formula of
every person, and each scoring rule as a plain Python function.

This is what one writes first with the mandated package: loop over people, loop over
their scorecard, evaluate the formula text, apply the rule, add up.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

from common import (
    WEIGHTLESS,
    Scores,
    bonus_base_for,
    direction,
    settle,
    shown,
    sorted_bands,
    target_for,
)
from simpleeval import simple_eval

Target = tuple[float, float | None]


def _div(a: float, b: float, default: float) -> float:
    return default if b == 0 else a / b


FUNCTIONS: dict[str, Callable[..., float]] = {
    "abs": abs, "min": min, "max": max, "div": _div,
    "clamp": lambda x, low, high: min(max(x, low), high),
    "round": lambda x, places=0: float(shown(x, int(places))),
    "floor": lambda x: float(math.floor(settle(x))),
    "ceil": lambda x: float(math.ceil(settle(x))),
    "sqrt": math.sqrt,
}


def _limit(points: float, rule: dict[str, Any], cap_key: str = "cap",
           floor: float | None = None) -> float:
    cap = rule.get(cap_key)
    floor = rule.get("floor", floor)
    if cap is not None and points > cap:
        points = cap
    if floor is not None and points < floor:
        points = floor
    return float(points)


def _achievement(value: float, base: float) -> float:
    return value / base * 100


def _measure(rule: dict[str, Any], value: float, target: Target | None) -> float:
    if rule.get("on", "value") == "achievement":
        assert target is not None
        return _achievement(value, target[0])
    return value


def linear(rule: dict[str, Any], way: str, value: float, target: Target | None) -> float:
    assert target is not None
    base = target[0]
    if rule.get("basis", "achievement") == "achievement":
        gain = _achievement(value - base, abs(base))
    else:
        gain = value - base
    if way == "lower_is_better":
        gain = -gain
    elif way == "closest_to_target":
        gain = -abs(gain)
    at_target = rule.get("at_target", 100)
    raw = at_target + gain * (rule["above"] if gain >= 0 else rule["below"])
    return _limit(raw, rule)


def ratio(rule: dict[str, Any], way: str, value: float, target: Target | None) -> float:
    assert target is not None
    base = target[0]
    share = base / value * 100 if way == "lower_is_better" else _achievement(value, base)
    return _limit(share * rule.get("factor", 1), rule)


def two_level(rule: dict[str, Any], way: str, value: float, target: Target | None) -> float:
    assert target is not None
    base, stretch = target[0], target[1] if target[1] is not None else target[0]
    by_achievement = rule.get("basis", "achievement") == "achievement"
    if settle(value) >= stretch:
        over = _achievement(value, stretch) - 100 if by_achievement else value - stretch
        raw = rule["stretch_points"] + over * rule.get("above", 0)
    elif settle(value) >= base:
        share = (value - base) / (stretch - base)
        raw = rule["base_points"] + share * (rule["stretch_points"] - rule["base_points"])
    else:
        short = 100 - _achievement(value, base) if by_achievement else base - value
        raw = rule["base_points"] - short * rule.get("below", 0)
    return _limit(raw, rule)


def bands(rule: dict[str, Any], way: str, value: float, target: Target | None) -> float:
    s = settle(_measure(rule, value, target))
    upper = rule.get("closed", "lower") == "upper"
    for band in sorted_bands(rule):
        low, high = band.get("min"), band.get("max")
        if upper:
            inside = (low is None or s > low) and (high is None or s <= high)
        else:
            inside = (low is None or s >= low) and (high is None or s < high)
        if inside:
            return float(band["points"])
    raise ValueError(f"value {value} is outside every band")


def threshold(rule: dict[str, Any], way: str, value: float, target: Target | None) -> float:
    s = settle(_measure(rule, value, target))
    if rule.get("at_least") is not None:
        met = s >= rule["at_least"]
    elif rule.get("at_most") is not None:
        met = s <= rule["at_most"]
    else:
        assert target is not None
        edge = 100.0 if rule.get("on", "value") == "achievement" else target[0]
        met = s <= edge if way == "lower_is_better" else s >= edge
    return float(rule.get("points", 100) if met else rule.get("otherwise", 0))


def lower_is_better(rule: dict[str, Any], way: str, value: float,
                    target: Target | None) -> float:
    assert target is not None
    base, full = target[0], rule.get("points", 100)
    if settle(value) <= base:
        return _limit(full, rule, floor=0)
    if rule.get("basis", "value") == "achievement":
        over = _achievement(value, base) - 100
    else:
        over = value - base
    return _limit(full - over * rule["per_unit_over"], rule, floor=0)


def piecewise(rule: dict[str, Any], way: str, value: float, target: Target | None) -> float:
    x = _measure(rule, value, target)
    table = [(float(p["value"]), float(p["points"])) for p in rule["table"]]
    s = settle(x)
    if s <= table[0][0]:
        raw = table[0][1]
    elif s >= table[-1][0]:
        raw = table[-1][1]
    else:
        for (a, pa), (b, pb) in pairwise(table):
            if a <= s <= b:
                raw = pa + (s - a) * (pb - pa) / (b - a)
                break
    return _limit(raw, rule)


def count(rule: dict[str, Any], way: str, value: float, target: Target | None) -> float:
    events = settle(value)
    if events < 0 or events != int(events):
        raise ValueError(f"the number of events is {value}")
    return _limit(events * rule["per_event"], rule, cap_key="max_points")


def veto(rule: dict[str, Any], way: str, value: float, target: Target | None) -> float:
    return 1.0 if settle(value) > 0 else 0.0


def formula(rule: dict[str, Any], way: str, value: float, target: Target | None) -> float:
    names = {"value": value}
    if target is not None:
        names["target"] = target[0]
        if target[1] is not None:
            names["stretch"] = target[1]
        names["achievement"] = _achievement(value, target[0])
    raw = simple_eval(rule["points"], names=names, functions=FUNCTIONS)
    return _limit(float(raw), rule)


RULES: dict[str, Callable[[dict[str, Any], str, float, Target | None], float]] = {
    "linear": linear, "ratio": ratio, "two_level": two_level, "bands": bands,
    "threshold": threshold, "lower_is_better": lower_is_better, "piecewise": piecewise,
    "deduction": count, "bonus": count, "veto": veto, "formula": formula,
}


def score(doc: dict[str, Any], rows: Sequence[Any]) -> Scores:
    """Score every row, person by person."""
    indicators, posts, cards = doc["indicators"], doc["posts"], doc["scorecards"]
    people = doc.get("people") or {}
    grades = doc["grades"]
    ratings = {k: {level: float(v["points"]) for level, v in s["levels"].items()}
               for k, s in doc.get("scales", {}).items()}
    totals: list[float] = []
    letters: list[str] = []
    bonuses: list[float | None] = []
    for row in rows:
        post = posts[row.post]
        person = people.get(row.person)
        weighted_sum = deductions = extra = 0.0
        veto_effect = None
        for item in cards[post["scorecard"]]["items"]:
            name = item["indicator"]
            indicator = indicators[name]
            rule = indicator["rule"]
            kind = rule["kind"]
            if kind == "rating":
                table = dict(ratings[rule["scale"]], **(rule.get("points") or {}))
                points = float(table[row.values[indicator["formula"].strip()]])
            else:
                value = float(simple_eval(indicator["formula"], names=row.values,
                                          functions=FUNCTIONS))
                goal = target_for(doc, person, post, name)
                points = RULES[kind](rule, direction(indicator), value, goal)
            if kind not in WEIGHTLESS:
                weighted_sum += points * float(item["weight"]) / 100
            elif kind == "deduction":
                deductions += points
            elif kind == "bonus":
                extra += points
            elif points:
                effect = rule.get("effect", "zero_total")
                veto_effect = effect if veto_effect in (None, "lowest_grade") else veto_effect
        total = weighted_sum - deductions + extra
        if veto_effect == "zero_total":
            total = 0.0
        grade = grades[-1]
        if veto_effect is None:
            on_show = float(shown(total))
            grade = next(g for g in grades if g.get("min") is None or on_show >= g["min"])
        base = bonus_base_for(doc, person, post)
        totals.append(total)
        letters.append(str(grade["grade"]))
        bonuses.append(None if base is None else float(grade["coefficient"]) * base)
    return Scores(totals, letters, bonuses)
