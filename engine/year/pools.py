"""Bonus pools: a unit's pool shared out among its people, to the cent.

Each person's exact share is rounded half up; if the rounded shares miss the pool by a
few cents, each missing cent goes to the person whose share was rounded down the most
(each surplus cent is taken from the person whose share was rounded up the most);
ties go to the better ranked. So the shares always add up to the pool exactly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..model import Scheme
from ..numbers import to_cents


def share_pool(exact: Sequence[Fraction], pool: Fraction, places: int) -> list[int]:
    """Each share of ``pool`` in proportion to ``exact`` (listed best ranked first), in cents.

    The pool is first rounded half up to the cent; the shares add up to it exactly. When
    nobody has a bonus to scale (everybody graded at coefficient 0), nothing is paid.
    """
    total = exact_sum(exact)
    if total == 0 or not exact:
        return [0] * len(exact)
    pool_units = to_cents(pool, places)
    # Most people share one of a few amounts: each distinct amount is worked out once.
    rounded: dict[Fraction, tuple[int, Fraction]] = {}
    for share in set(exact):
        wanted = share * pool_units / total  # in cents, exact
        cents = to_cents(wanted, 0)
        rounded[share] = (cents, wanted - cents)
    leftover = {r for _, r in rounded.values()}
    rank = {r: k for k, r in enumerate(sorted(leftover))}  # remainders, smallest first
    out = [rounded[share][0] for share in exact]
    missing = pool_units - sum(out)
    order = range(len(exact))
    if missing > 0:  # to those rounded down the most; ties to the better ranked
        chosen = sorted(order, key=lambda i: (-rank[rounded[exact[i]][1]], i))[:missing]
        for i in chosen:
            out[i] += 1
    elif missing < 0:  # from those rounded up the most; ties from the lower ranked
        chosen = sorted(order, key=lambda i: (rank[rounded[exact[i]][1]], -i))[:-missing]
        for i in chosen:
            out[i] -= 1
    return out


@dataclass(frozen=True)
class Pool:
    """A unit's bonus pool for the period, and what it was shared among."""

    unit: str
    amount: int  # the period's pool, in units of the last place of money (cents)
    wanted: Fraction  # the bonuses before scaling
    people: int


def pay_pools(scheme: Scheme, months: int, order: Sequence[str], ranking: Sequence[int],
              units: Sequence[str], bonus: Sequence[Fraction | None]
              ) -> tuple[list[int | None], list[Pool], dict[str, str]]:
    """Each person's pay in cents: their bonus, or their share of their unit's pool.

    A yearly pool gives a period of ``months`` its share of the months; people are in
    the pool of the unit they (their latest post) are in, or of a unit above it.
    """
    places = scheme.rounding.money
    paid: list[int | None] = [to_cents(b, places) if b is not None else None for b in bonus]
    pools: list[Pool] = []
    pool_of: dict[str, str] = {}
    pool_of_unit = {inside: unit for unit in scheme.pools for inside in scheme.subtree(unit)}
    members: dict[str, list[int]] = {unit: [] for unit in scheme.pools}
    for k in ranking:
        if units[k] in pool_of_unit and bonus[k] is not None:
            members[pool_of_unit[units[k]]].append(k)
    for unit, yearly in scheme.pools.items():
        chosen = members[unit]
        amount = Fraction(yearly) * months / 12
        wanted = [b for k in chosen if (b := bonus[k]) is not None]
        for k, share in zip(chosen, share_pool(wanted, amount, places), strict=True):
            paid[k] = share
            pool_of[order[k]] = unit
        pools.append(Pool(unit, to_cents(amount, places), exact_sum(wanted), len(chosen)))
    return paid, pools, pool_of


def exact_sum(values: Sequence[Fraction]) -> Fraction:
    """The sum of ``values``, exact: each distinct amount (most people share a handful)
    times how many have it."""
    return sum((share * count for share, count in Counter(values).items()), Fraction(0))


