"""Method (c): hand-written NumPy for the synthetic scheme, the practical limit.

The formulas are written by hand as array expressions (one per indicator of
``synthetic.INDICATORS``); the rules, targets, weights and grades come from the loaded
scheme. People are grouped by scorecard and every indicator is computed for a whole
group at once. Settled comparisons become plain ones against edges found once
(``common.edge_at_least`` and friends), so band and grade outcomes are exact.

The one approximation: a piecewise rule interpolates from the settled value, and
settling a whole column is done here with ``log10`` and ``round`` rather than by
formatting each number to 12 digits; the two can differ in the last bit, which the
settling of the total before output absorbs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain, pairwise
from operator import itemgetter
from typing import Any

import numpy as np
from common import (
    WEIGHTLESS,
    Scores,
    bonus_base_for,
    direction,
    edge_above,
    edge_at_least,
    edge_shown_at_least,
    sorted_bands,
    target,
)
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Columns = dict[str, Floats]


def _div(a: Floats, b: Floats, default: float) -> Floats:
    zero = b == 0
    return np.where(zero, default, a / np.where(zero, 1.0, b))


# The formulas of synthetic.INDICATORS, by hand, in the same order of operations.
FORMULAS: dict[str, Callable[[Columns], Floats]] = {
    "revenue_achievement": lambda f: f["revenue"],
    "revenue_two_level": lambda f: f["revenue"],
    "new_customer_count": lambda f: f["new_customers"],
    "collection_rate": lambda f: f["cash_collected"] / f["revenue"] * 100,
    "sales_cost_rate": lambda f: f["sales_cost"] / f["revenue"] * 100,
    "satisfaction": lambda f: f["satisfaction"],
    "key_visit_rate": lambda f: np.minimum(f["key_visits"] / f["key_customers_due"] * 100, 100),
    "plan_timeliness": lambda f: _div(f["plans_on_time"], f["plans_due"], 1) * 100,
    "expense_variance": lambda f: (f["expense"] - f["budget"]) / f["budget"] * 100,
    "report_accuracy": lambda f: (1 - f["reports_wrong"] / f["reports_submitted"]) * 100,
    "growth_rate": lambda f: (f["revenue"] - f["revenue_last"]) / f["revenue_last"] * 100,
    "retention": lambda f: (f["customers_end"] - f["new_customers"]) / f["customers_start"]
    * 100,
    "complaint_count": lambda f: f["complaints"],
    "cycle_time": lambda f: f["cycle_days"],
    "plan_accuracy": lambda f: (1 - np.abs(f["planned_qty"] - f["actual_qty"])
                                / f["planned_qty"]) * 100,
    "margin_achievement": lambda f: f["gross_margin"],
    "market_share": lambda f: f["revenue"] / f["market_revenue"] * 100,
    "order_value": lambda f: _div(f["revenue"], f["orders"], 0),
    "budget_usage": lambda f: f["expense"] / f["budget"] * 100,
    "wasted_expense_rate": lambda f: f["wasted_expense"] / f["sales_cost"] * 100,
    "file_completeness": lambda f: f["files_complete"] / f["customers_served"] * 100,
    "training": lambda f: f["training_hours"],
    "lead_achievement": lambda f: f["leads"],
    "tickets_resolved": lambda f: f["tickets_closed"],
    "contract_errors": lambda f: f["contract_errors"],
    "safety_incidents": lambda f: f["safety_incidents"],
    "awards": lambda f: f["awards"],
    "violations": lambda f: f["violations"],
    "compliance_breach": lambda f: f["compliance_breach"],
}

# The points formulas of the formula rules, by hand: (value, target) -> points.
POINTS: dict[str, Callable[[Floats, Any], Floats]] = {
    "report_accuracy": lambda v, t: np.where(v >= 100, 100.0,
                                             np.maximum(0, 100 - (100 - v) * 20)),
    "margin_achievement": lambda v, t: np.where(
        v >= t * 0.5, np.minimum(np.maximum(v / t * 100, 0), 130), 0.0),
}

RATINGS = {"teamwork", "skills"}


def _settled(x: Floats) -> Floats:
    """x to 12 significant digits, for a whole column (see the module's note)."""
    magnitude = np.floor(np.log10(np.maximum(np.abs(x), 1e-9)))
    scale = 10.0 ** (11 - magnitude)
    return np.where(np.abs(x) < 1e-9, 0.0, np.round(x * scale) / scale)


def _edges(edge: Callable[[float], float], values: Floats) -> Floats:
    """Per-person edges, for targets that differ from person to person."""
    unique, inverse = np.unique(values, return_inverse=True)
    return np.array([edge(float(u)) for u in unique])[inverse]


def _limit(raw: Floats, cap: Any, floor: Any) -> Floats:
    if cap is not None:
        raw = np.minimum(raw, cap)
    if floor is not None:
        raw = np.maximum(raw, floor)
    return raw


def _measure(rule: dict[str, Any], v: Floats, t: Floats | None) -> Floats:
    return v / t * 100 if rule.get("on", "value") == "achievement" else v


def rule_points(name: str, indicator: dict[str, Any], v: Floats, t: Floats | None,
                s: Floats | None) -> Floats:
    """An indicator's points for a column of values ``v`` with targets ``t``, ``s``."""
    rule, way = indicator["rule"], direction(indicator)
    kind, cap, floor = rule["kind"], rule.get("cap"), rule.get("floor")
    if kind == "linear":
        assert t is not None
        gain = (v - t) / np.abs(t) * 100 if rule.get("basis", "achievement") == "achievement" \
            else v - t
        if way == "lower_is_better":
            gain = -gain
        elif way == "closest_to_target":
            gain = -np.abs(gain)
        at = rule.get("at_target", 100)
        return _limit(np.where(gain >= 0, at + gain * rule["above"], at + gain * rule["below"]),
                      cap, floor)
    if kind == "ratio":
        assert t is not None
        share = t / v * 100 if way == "lower_is_better" else v / t * 100
        return _limit(share * rule.get("factor", 1), cap, floor)
    if kind == "two_level":
        assert t is not None and s is not None
        bp, sp = rule["base_points"], rule["stretch_points"]
        if rule.get("basis", "achievement") == "achievement":
            over, short = v / s * 100 - 100, 100 - v / t * 100
        else:
            over, short = v - s, t - v
        raw = np.where(v >= _edges(edge_at_least, s), sp + over * rule.get("above", 0),
                       np.where(v >= _edges(edge_at_least, t),
                                bp + (v - t) / (s - t) * (sp - bp),
                                bp - short * rule.get("below", 0)))
        return _limit(raw, cap, floor)
    if kind == "bands":
        x = _measure(rule, v, t)
        edge = edge_above if rule.get("closed", "lower") == "upper" else edge_at_least
        ordered = sorted_bands(rule)
        points = np.full(len(v), float(ordered[0]["points"]))
        for band in ordered[1:]:
            points = np.where(x >= edge(band["min"]), float(band["points"]), points)
        return points
    if kind == "threshold":
        x = _measure(rule, v, t)
        if rule.get("at_least") is not None:
            met = x >= edge_at_least(rule["at_least"])
        elif rule.get("at_most") is not None:
            met = x < edge_above(rule["at_most"])
        else:
            assert t is not None
            edges = np.full(len(v), 100.0) if rule.get("on", "value") == "achievement" else t
            met = x < _edges(edge_above, edges) if way == "lower_is_better" \
                else x >= _edges(edge_at_least, edges)
        return np.where(met, float(rule.get("points", 100)), float(rule.get("otherwise", 0)))
    if kind == "lower_is_better":
        assert t is not None
        full, floor = rule.get("points", 100), rule.get("floor", 0)
        over = v / t * 100 - 100 if rule.get("basis", "value") == "achievement" else v - t
        return np.where(v < _edges(edge_above, t), _limit(np.full(len(v), float(full)), cap,
                                                          floor),
                        _limit(full - over * rule["per_unit_over"], cap, floor))
    if kind == "piecewise":
        x = _measure(rule, v, t)
        table = [(float(p["value"]), float(p["points"])) for p in rule["table"]]
        settled = _settled(x)
        points = np.full(len(v), table[-1][1])
        for (a, pa), (b, pb) in reversed(list(pairwise(table))):
            points = np.where(settled <= b, pa + (settled - a) * (pb - pa) / (b - a), points)
        points = np.where(x < edge_above(table[0][0]), table[0][1], points)
        points = np.where(x >= edge_at_least(table[-1][0]), table[-1][1], points)
        return _limit(points, cap, floor)
    if kind in ("deduction", "bonus"):
        return _limit(v * rule["per_event"], rule.get("max_points"), None)
    if kind == "veto":
        return (v >= edge_above(0.0)).astype(np.float64)
    if kind == "formula":
        return _limit(POINTS[name](v, t), cap, floor)
    raise NotImplementedError(kind)


class _Period:
    """The rows once through Python: figures, post codes and who has personal settings."""

    def __init__(self, doc: dict[str, Any], rows: Sequence[Any],
                 columns: Columns | None = None) -> None:
        self.doc = doc
        self.columns = columns
        self.posts = list(doc["posts"])
        code = {post: i for i, post in enumerate(self.posts)}
        self.values = [row.values for row in rows]
        self.post = np.array([code[row.post] for row in rows], dtype=np.intp)
        people = doc.get("people") or {}
        self.personal = [(i, people[row.person]) for i, row in enumerate(rows)
                         if row.person in people]

    def per_post(self, value: Callable[[dict[str, Any]], Any]) -> Floats:
        """A per-post setting as a column over every person."""
        return np.array([value(self.doc["posts"][p]) for p in self.posts],
                        dtype=np.float64)[self.post]


def _targets(period: _Period, name: str) -> tuple[Floats, Floats] | None:
    """Base and stretch per person: personal, else the post's, else the indicator's."""
    doc = period.doc
    default = doc["indicators"][name].get("target")

    def part(which: int) -> Callable[[dict[str, Any]], float]:
        def get(post: dict[str, Any]) -> float:
            raw = post.get("targets", {}).get(name, default)
            value = None if raw is None else target(raw)[which]
            return np.nan if value is None else value
        return get

    base, stretch = period.per_post(part(0)), period.per_post(part(1))
    for i, person in period.personal:
        if name in person.get("targets", {}):
            base[i], own = target(person["targets"][name])
            stretch[i] = np.nan if own is None else own
    return base, stretch


@dataclass
class _Group:
    """The people on one scorecard, their figures as columns."""

    members: NDArray[np.intp]
    columns: Columns
    ratings: dict[str, NDArray[np.str_]]


def _extract(period: _Period, card: str, members: NDArray[np.intp]) -> _Group:
    indicators = period.doc["indicators"]
    fields: list[str] = []
    rated: list[str] = []
    for item in period.doc["scorecards"][card]["items"]:
        for field in _fields(indicators[item["indicator"]]["formula"]):
            if field not in fields and field not in rated:
                (rated if field in RATINGS else fields).append(field)
    m = len(members)
    picked = [period.values[i] for i in members.tolist()]
    ratings = {f: np.array([v[f] for v in picked]) for f in rated}
    if period.columns is not None:  # the reader's columns, for everybody: take the group
        return _Group(members, {f: period.columns[f][members] for f in fields}, ratings)
    # Straight into one array, never a list of tuples: no garbage for the collector.
    table = np.fromiter(chain.from_iterable(map(itemgetter(*fields), picked)),
                        dtype=np.float64, count=m * len(fields)).reshape(m, len(fields))
    return _Group(members, {field: table[:, j] for j, field in enumerate(fields)}, ratings)


def _score_card(period: _Period, card: str, group: _Group
                ) -> tuple[Floats, NDArray[np.intp]]:
    doc = period.doc
    items = doc["scorecards"][card]["items"]
    indicators = doc["indicators"]
    members, columns, ratings = group.members, group.columns, group.ratings
    m = len(members)
    weighted, deductions, extras = np.zeros(m), np.zeros(m), np.zeros(m)
    zero, vetoed = np.zeros(m, dtype=bool), np.zeros(m, dtype=bool)
    for item in items:
        name = item["indicator"]
        indicator = indicators[name]
        rule = indicator["rule"]
        kind = rule["kind"]
        if kind == "rating":
            worth = {k: float(x["points"]) for k, x in doc["scales"][rule["scale"]]["levels"]
                     .items()}
            worth.update(rule.get("points") or {})
            levels, which = np.unique(ratings[indicator["formula"].strip()],
                                      return_inverse=True)
            points = np.array([worth[str(level)] for level in levels])[which]
        else:
            goal = _targets(period, name) if _needs_target(indicator) else None
            t, s = (goal[0][members], goal[1][members]) if goal else (None, None)
            points = rule_points(name, indicator, FORMULAS[name](columns), t, s)
        if kind not in WEIGHTLESS:
            weighted = weighted + points * float(item["weight"]) / 100
        elif kind == "deduction":
            deductions = deductions + points
        elif kind == "bonus":
            extras = extras + points
        else:
            hit = points > 0
            vetoed |= hit
            if rule.get("effect", "zero_total") == "zero_total":
                zero |= hit
    total = np.where(zero, 0.0, weighted - deductions + extras)
    grades = doc["grades"]
    grade = np.full(m, len(grades) - 1, dtype=np.intp)
    for index in range(len(grades) - 2, -1, -1):
        grade = np.where(total >= edge_shown_at_least(float(grades[index]["min"])), index, grade)
    return total, np.where(vetoed, len(grades) - 1, grade)


def _needs_target(indicator: dict[str, Any]) -> bool:
    rule = indicator["rule"]
    kind = rule["kind"]
    if kind in ("linear", "ratio", "two_level", "lower_is_better", "formula"):
        return True
    if kind == "threshold" and rule.get("at_least") is None and rule.get("at_most") is None:
        return True
    return bool(rule.get("on") == "achievement")


def _fields(formula: str) -> list[str]:
    from synthetic import formula_names

    return formula_names(formula)


def score(doc: dict[str, Any], rows: Sequence[Any], split: dict[str, float] | None = None,
          columns: Columns | None = None) -> Scores:
    """Score everybody, one scorecard at a time, whole columns at once.

    The figures come from the rows, or from ``columns`` (each number field for every
    row, as a data reader may give them). ``split``, if given, receives the seconds
    spent getting the columns ready and the seconds spent computing.
    """
    start = time.perf_counter()
    period = _Period(doc, rows, columns)
    cards = sorted(doc["scorecards"])
    card_of = np.array([cards.index(doc["posts"][p]["scorecard"]) for p in period.posts])
    card = card_of[period.post]
    groups = {name: _extract(period, name, members) for k, name in enumerate(cards)
              if len(members := np.flatnonzero(card == k))}
    middle = time.perf_counter()
    n = len(rows)
    totals, grades = np.empty(n), np.empty(n, dtype=np.intp)
    for name, group in groups.items():
        totals[group.members], grades[group.members] = _score_card(period, name, group)
    base = period.per_post(lambda post: bonus_base_for(doc, None, post))
    for i, person in period.personal:
        base[i] = bonus_base_for(doc, person, doc["posts"][rows[i].post])
    coefficients = np.array([float(g["coefficient"]) for g in doc["grades"]])
    letters = np.array([str(g["grade"]) for g in doc["grades"]])
    result = Scores(totals, letters[grades], coefficients[grades] * base)
    if split is not None:
        split["columns"] = middle - start
        split["kernels"] = time.perf_counter() - middle
    return result
