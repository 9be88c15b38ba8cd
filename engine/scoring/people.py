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

from collections.abc import Mapping, Sequence
from dataclasses import fields
from decimal import Decimal
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from ..model import Scheme
from ..numbers import add_up, to_cents
from ..year.calibration import Move, calibrate_groups
from ..year.pools import Pool, pay_pools
from .batch import SegmentResult
from .columns import grade_column, rank_column, round_column
from .result import People, Totals


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
    """Coefficient × bonus base × the share of the base a period pays, exact, and in cents;
    each distinct amount is made once (most people share a handful)."""

    def __init__(self, scheme: Scheme, by_month: bool) -> None:
        self.scheme, self.by_month = scheme, by_month
        self.places = scheme.rounding.money
        self.made: dict[tuple[int, Decimal, int], tuple[Fraction, int]] = {}
        self.post_base = {p.id: scheme.bonus_base_for(None, p) for p in scheme.posts.values()}

    def base(self, person: str, post: str) -> Decimal | None:
        found = self.scheme.people.get(person)
        if found is not None and found.bonus_base is not None:
            return found.bonus_base
        return self.post_base[post]

    def pay(self, person: str, posts: Sequence[tuple[str, int]], grade: int
            ) -> tuple[Fraction | None, int | None]:
        """The exact bonus of ``person`` graded ``grade`` for ``posts`` (each with its
        months), and the same in cents; None for both without a bonus base."""
        shares = []
        for post, months in posts:
            base = self.base(person, post)
            if base is None:
                return None, None
            key = (grade, base, months)
            if key not in self.made:
                amount = Fraction(self.scheme.grades[grade].coefficient) * Fraction(base)
                if self.by_month:
                    amount = amount * months / 12
                self.made[key] = (amount, to_cents(amount, self.places))
            shares.append(self.made[key])
        if len(shares) == 1:
            return shares[0]
        exact = sum((share for share, _ in shares), Fraction(0))
        return exact, to_cents(exact, self.places)

    def one_post_each(self, index: Mapping[str, int], posts: NDArray[np.intp],
                      grades: Sequence[int]) -> list[tuple[Fraction | None, int | None]]:
        """:meth:`pay` for people on one post each (``posts``: indexes into the scheme's
        posts; ``index``: each person's position), worked out once per grade and post, and
        for each person with a bonus base of their own."""
        names = list(self.scheme.posts)
        key = np.asarray(grades, dtype=np.intp) * len(names) + posts
        unique, inverse = np.unique(key, return_inverse=True)
        table = []
        for k in unique.tolist():
            grade, post = divmod(k, len(names))
            table.append(self.pay("", ((names[post], 1),), grade))
        out = [table[k] for k in inverse.reshape(-1).tolist()]
        for person in self.scheme.people.values():
            k = index.get(person.id)
            if person.bonus_base is not None and k is not None:
                out[k] = self.pay(person.id, ((names[int(posts[k])], 1),), grades[k])
        return out


def _without_gated(money: Money, person: str, segments: Sequence[SegmentResult], grade: int,
                   paid: tuple[Fraction | None, int | None]
                   ) -> tuple[Fraction | None, int | None]:
    """A person's pay for the posts where no gate took the bonus away (a plain period:
    nothing); None still for a person without a bonus base."""
    if paid[0] is None:
        return paid
    kept = [(s.post, len(s.months)) for s in segments
            if "no_bonus" not in s.batch.effects.get(s.row, ())]
    return money.pay(person, kept, grade) if kept else (Fraction(0), 0)


def best_first(shown: NDArray[np.float64], weighted: NDArray[np.float64],
               order: Sequence[str]) -> list[int]:
    """Everybody's index, best first: by shown total, then shown weighted sum (both
    highest first), then id; a stable sort on the three, as Python's sort of the three
    would give (which takes over where a NaN leaves no order)."""
    n = len(order)
    if np.isnan(shown).any() or np.isnan(weighted).any():
        return sorted(range(n), key=lambda k: (-shown[k], -weighted[k], order[k]))
    by_id = np.empty(n, dtype=np.intp)
    by_id[sorted(range(n), key=order.__getitem__)] = np.arange(n)
    found: list[int] = np.lexsort((by_id, -weighted, -shown)).tolist()
    return found


def settle_people(scheme: Scheme, totals: Totals, months_in_period: int | None,
                  plain: tuple[Mapping[str, int], NDArray[np.intp]] | None = None
                  ) -> tuple[People, list[Move], list[tuple[str, int]], list[Pool]]:
    """Grades, ranks, calibration and money for everybody; ``months_in_period`` is None
    for a plain period, whose people's positions and posts (as indexes) ``plain`` gives."""
    n = len(totals.person)
    order, units = totals.person, totals.unit
    vetoed = np.array([v is not None for v in totals.veto], dtype=bool)
    for k, effects in totals.gated.items():  # a gate's lowest grade, as a veto's
        vetoed[k] |= "lowest_grade" in effects
    scored = grade_column(scheme, totals.total, vetoed)
    places, mode = scheme.rounding.points, scheme.rounding.mode
    shown = round_column(totals.total, places, mode)
    unit_index = {u: k for k, u in enumerate(scheme.units)}
    if plain is not None:  # the unit of each post, read through the posts' indexes
        posts_unit = np.array([unit_index[p.unit] for p in scheme.posts.values()], dtype=np.intp)
        in_unit = posts_unit[plain[1]]
    else:
        in_unit = np.array([unit_index[u] for u in units], dtype=np.intp)
    rank, rank_of = rank_column(in_unit, shown)
    company, company_of = rank_column(np.zeros(n, dtype=np.intp), shown)
    ranking: list[int] = []
    if scheme.calibration is not None or scheme.pools:  # best first: shown total, weighted
        shown_weighted = round_column(totals.weighted_sum, places, mode)
        ranking = best_first(shown, shown_weighted, order)
    final, moves, small, groups = calibrate_groups(scheme, order, ranking, units,
                                                   scored.tolist())
    money = Money(scheme, months_in_period is not None)
    if plain is not None:  # a plain period: one post each, its base the period's
        pays = money.one_post_each(*plain, final)
    else:
        pays = [money.pay(order[k], [(s.post, len(s.months)) for s in totals.segments[k]],
                          final[k]) for k in range(n)]
    for k, effects in totals.gated.items():
        if "no_bonus" in effects:
            pays[k] = _without_gated(money, order[k], totals.segments[k], final[k], pays[k])
    bonus = [exact for exact, _ in pays]
    paid: list[int | None] = [cents for _, cents in pays]
    pools: list[Pool] = []
    pool: list[str | None] = [None] * n
    if scheme.pools:
        paid, pools, pool_of = pay_pools(scheme, months_in_period or 0, order, ranking, units,
                                         bonus)
        pool = [pool_of.get(p) for p in order]
    people = People(**{f.name: getattr(totals, f.name) for f in fields(Totals)},
                    scored_grade=scored, grade=np.array(final, dtype=np.intp), bonus=bonus,
                    paid=paid, pool=pool, rank=rank, rank_of=rank_of, company_rank=company,
                    company_of=company_of, group=groups)
    return people, moves, small, pools
