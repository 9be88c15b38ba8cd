"""Bonus pools: a unit's pool shared out among its people, to the cent.

Each person's exact share is rounded half up; if the rounded shares miss the pool by a
few cents, each missing cent goes to the person whose share was rounded down the most
(each surplus cent is taken from the person whose share was rounded up the most);
ties go to the better ranked. So the shares always add up to the pool exactly.
"""

from __future__ import annotations

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
    values, which = distinct(exact)
    total = _summed(values, which)
    if total == 0 or not exact:
        return [0] * len(exact)
    pool_units = to_cents(pool, places)
    # Most people share one of a few amounts: each distinct amount is worked out once.
    rounded: list[tuple[int, Fraction]] = []
    for share in values:
        wanted = share * pool_units / total  # in cents, exact
        cents = to_cents(wanted, 0)
        rounded.append((cents, wanted - cents))
    leftover = {r for _, r in rounded}
    rank = {r: k for k, r in enumerate(sorted(leftover))}  # remainders, smallest first
    by_rank = [rank[r] for _, r in rounded]
    out = [rounded[k][0] for k in which]
    missing = pool_units - sum(out)
    order = range(len(exact))
    if missing > 0:  # to those rounded down the most; ties to the better ranked
        chosen = sorted(order, key=lambda i: (-by_rank[which[i]], i))[:missing]
        for i in chosen:
            out[i] += 1
    elif missing < 0:  # from those rounded up the most; ties from the lower ranked
        chosen = sorted(order, key=lambda i: (by_rank[which[i]], -i))[:-missing]
        for i in chosen:
            out[i] -= 1
    return out


def distinct(amounts: Sequence[Fraction]) -> tuple[list[Fraction], list[int]]:
    """The distinct amounts, and which of them each one is: each object looked at once
    (a Fraction's hash is slow, and people who share an amount share its object)."""
    values: dict[Fraction, int] = {}
    seen: dict[int, int] = {}
    which = []
    for amount in amounts:
        k = seen.get(id(amount))
        if k is None:
            k = seen[id(amount)] = values.setdefault(amount, len(values))
        which.append(k)
    return list(values), which


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
    cents: dict[int, int] = {}  # by the amount's object: most people share a few
    paid: list[int | None] = [
        None if b is None else cents[id(b)] if id(b) in cents
        else cents.setdefault(id(b), to_cents(b, places)) for b in bonus]
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
    return _summed(*distinct(values))


def _summed(found: Sequence[Fraction], which: list[int]) -> Fraction:
    """The sum of the amounts ``found[k]`` for each ``k`` of ``which``: each times its count."""
    return sum((share * count for share, count in zip(found, _counts(which, len(found)),
                                                      strict=True)), Fraction(0))


def _counts(which: list[int], n: int) -> list[int]:
    counts = [0] * n
    for k in which:
        counts[k] += 1
    return counts


