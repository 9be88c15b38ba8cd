"""From segments to people: totals over posts, grades, ranks, calibration and money.

- A person's total is their posts' totals weighed by their months there (a plain period:
  their one row's). A one-vote veto in any month on any post zeroes (or sinks) it all.
- The **grade** is read from the total as shown; the **rank** (1, 2, 2, 4) is by the
  shown total within the unit of the person's latest post, and across the company.
- **Calibration** (:mod:`appraise.year.calibration`) moves grades down within groups.
- **Money** is exact: coefficient × bonus base, × months / 12 with a calendar (the base
  is then yearly), summed over posts; paid in cents, or as a share of a pool
  (:mod:`appraise.year.pools`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from ..model import Scheme
from ..numbers import add_up, to_cents
from ..year.calibration import Move, calibrate_groups
from ..year.pools import Pool, pay_pools
from .columns import grade_column, rank_column, round_column
from .result import Floats, People, SegmentResult


@dataclass(frozen=True)
class Totals:
    """Everybody's totals, before grades, ranks and money."""

    person: Sequence[str]
    name: Sequence[str]
    post: Sequence[str]  # the latest post
    unit: Sequence[str]  # the latest post's unit
    segments: Sequence[Sequence[SegmentResult]]
    weighted_sum: Floats
    deductions: Floats
    bonuses: Floats
    total: Floats
    veto: Sequence[str | None]
    line: Sequence[int]
    months: np.ndarray  # months on posts in the period; 1 each in a plain period


def combine(parts: list[SegmentResult]) -> tuple[float, float, float, float, str | None]:
    """A person's weighted sum, deductions, bonuses and total over posts, weighed by months."""
    effects = {p.veto for p in parts if p.veto}
    veto = "zero_total" if "zero_total" in effects else ("lowest_grade" if effects else None)
    if len(parts) == 1:
        only = parts[0]
        return only.weighted_sum, only.deductions, only.bonuses, only.total, veto
    months = float(sum(len(p.months) for p in parts))

    def weighed(values: list[float]) -> float:
        return add_up([v * len(p.months) for v, p in zip(values, parts, strict=True)]) / months

    total = weighed([p.total for p in parts])
    return (weighed([p.weighted_sum for p in parts]), weighed([p.deductions for p in parts]),
            weighed([p.bonuses for p in parts]), 0.0 if veto == "zero_total" else total, veto)


class Money:
    """Coefficient × bonus base × the share of the base a period pays, exact, made once
    per distinct amount (most people share a handful)."""

    def __init__(self, scheme: Scheme, by_month: bool) -> None:
        self.scheme, self.by_month = scheme, by_month
        self.made: dict[tuple[Decimal, Decimal, int], Fraction] = {}

    def bonus(self, person: str, posts: Sequence[tuple[str, int]], grade: int
              ) -> Fraction | None:
        """The bonus of ``person`` graded ``grade`` for ``posts`` (each with its months)."""
        scheme = self.scheme
        coefficient = scheme.grades[grade].coefficient
        shares = []
        for post, months in posts:
            base = scheme.bonus_base_for(scheme.people.get(person), scheme.posts[post])
            if base is None:
                return None
            key = (coefficient, base, months)
            if key not in self.made:
                amount = Fraction(coefficient) * Fraction(base)
                self.made[key] = amount * months / 12 if self.by_month else amount
            shares.append(self.made[key])
        return shares[0] if len(shares) == 1 else sum(shares, Fraction(0))


def settle_people(scheme: Scheme, totals: Totals, months_in_period: int | None
                  ) -> tuple[People, list[Move], list[tuple[str, int]], list[Pool]]:
    """Grades, ranks, calibration and money for everybody; ``months_in_period`` is None
    for a plain period."""
    n = len(totals.person)
    order, units, posts = totals.person, totals.unit, totals.post
    vetoed = np.array([v is not None for v in totals.veto], dtype=bool)
    scored = grade_column(scheme, totals.total, vetoed)
    places, mode = scheme.rounding.points, scheme.rounding.mode
    shown = round_column(totals.total, places, mode)
    unit_index = {u: k for k, u in enumerate(scheme.units)}
    rank, rank_of = rank_column(np.array([unit_index[u] for u in units], dtype=np.intp), shown)
    company, company_of = rank_column(np.zeros(n, dtype=np.intp), shown)
    ranking: list[int] = []
    if scheme.calibration is not None or scheme.pools:  # best first: shown total, weighted
        shown_weighted = round_column(totals.weighted_sum, places, mode)
        ranking = sorted(range(n), key=lambda k: (-shown[k], -shown_weighted[k], order[k]))
    final, moves, small, groups = calibrate_groups(scheme, order, ranking, units,
                                                   scored.tolist())
    money = Money(scheme, months_in_period is not None)
    if months_in_period is None:  # a plain period: one post each, its base the period's
        bonus = [money.bonus(order[k], ((posts[k], 1),), final[k]) for k in range(n)]
    else:
        bonus = [money.bonus(order[k], [(s.post, len(s.months)) for s in totals.segments[k]],
                             final[k]) for k in range(n)]
    places_money = scheme.rounding.money
    if scheme.pools:
        paid, pools, pool_of = pay_pools(scheme, months_in_period or 0, order, ranking, units,
                                         bonus)
        pool = [pool_of.get(p) for p in order]
    else:
        paid = [to_cents(b, places_money) if b is not None else None for b in bonus]
        pools, pool = [], [None] * n
    people = People(
        order, totals.name, posts, units, totals.months, totals.segments,
        totals.weighted_sum, totals.deductions, totals.bonuses, totals.total, totals.veto,
        scored, np.array(final, dtype=np.intp), bonus, paid, pool, rank, rank_of, company,
        company_of, groups, totals.line)
    return people, moves, small, pools
