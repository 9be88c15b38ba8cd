"""Calibration and money: forced distribution of grades, and bonus pools to the cent.

Forced distribution (强制分布) works on a group ranked best first. A quota is a
percentage of the group's size made a number of people by the scheme's quota
rounding (half up unless it says down or up), so in a group of 4, "at most 20%
A" allows round(0.8) = 1 A. Quotas only ever move people down, in this order:

1. ``at_most {A: 20}``: beyond the first q people holding A or better in the
   ranking, each drops to the grade below. Grades are done best first, so a
   person dropped from A to B is counted again for "at most x% B or better".
2. ``at_least {C: 10}``: while fewer than q people hold C or worse, the lowest
   ranked person still above C drops to C.

Bonus pools are shared out to the cent: each person's exact share is rounded
half up; if the rounded shares miss the pool by a few cents, each missing cent
goes to the person whose share was rounded down the most (each surplus cent is
taken from the person whose share was rounded up the most); ties go to the
better ranked. So the shares always add up to the pool exactly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

from ..model.scheme import Calibration, QuotaRounding, Scheme


@dataclass(frozen=True)
class Move:
    """A person moved by a quota: from which grade to which, and why."""

    person: str
    group: str
    position: int  # in the group's ranking, 1 = best
    of: int
    before: str
    after: str
    reason: str


def quota(size: int, percent: Decimal, rounding: QuotaRounding) -> int:
    """How many people ``percent`` of a group of ``size`` is, rounded as the scheme says."""
    exact = Fraction(size) * Fraction(percent) / 100
    if rounding == "down":
        return math.floor(exact)
    if rounding == "up":
        return math.ceil(exact)
    return math.floor(exact + Fraction(1, 2))


def force_distribution(group: str, ranked: Sequence[str], grades: dict[str, int],
                       names: Sequence[str], calibration: Calibration
                       ) -> tuple[dict[str, int], list[Move]]:
    """Apply the quotas to ``ranked`` (best first); grades are indexes into ``names``."""
    size = len(ranked)
    out = {person: grades[person] for person in ranked}
    moves: list[Move] = []
    how = {"half_up": "rounded half up", "down": "rounded down", "up": "rounded up"}
    lowest = len(names) - 1

    def move(position: int, to: int, reason: str) -> None:
        person = ranked[position]
        moves.append(Move(person, group, position + 1, size, names[out[person]], names[to],
                          reason))
        out[person] = to

    for index, name in enumerate(names):
        if name not in calibration.at_most or index == lowest:
            continue
        percent = calibration.at_most[name]
        allowed = quota(size, percent, calibration.rounding)
        holders = [i for i, person in enumerate(ranked) if out[person] <= index]
        for position in holders[allowed:]:
            move(position, index + 1, f"at most {_pct(percent)} of {size} may be {name} or "
                 f"better: {allowed} ({how[calibration.rounding]}); ranked {position + 1}")
    for index in range(len(names) - 1, -1, -1):
        name = names[index]
        if name not in calibration.at_least:
            continue
        percent = calibration.at_least[name]
        needed = quota(size, percent, calibration.rounding)
        have = sum(1 for person in ranked if out[person] >= index)
        for position in range(size - 1, -1, -1):
            if have >= needed:
                break
            if out[ranked[position]] < index:
                move(position, index, f"at least {_pct(percent)} of {size} must be {name} or "
                     f"worse: {needed} ({how[calibration.rounding]}); ranked {position + 1}")
                have += 1
    return out, moves


@lru_cache(maxsize=65536)  # most people share a handful of amounts
def to_cents(value: Fraction, places: int) -> int:
    """``value`` in units of the last place, rounded half up (away from zero at a half)."""
    scaled = value * Fraction(10) ** places
    whole = math.floor(abs(scaled) + Fraction(1, 2))
    return whole if scaled >= 0 else -whole


def money(units: int, places: int) -> Decimal:
    return Decimal(units).scaleb(-places).quantize(Decimal(1).scaleb(-places),
                                                   rounding=ROUND_HALF_UP)


def share_pool(exact: Sequence[Fraction], pool: Fraction, places: int) -> list[int]:
    """Each share of ``pool`` in proportion to ``exact`` (listed best ranked first), in cents.

    The pool is first rounded half up to the cent; the shares add up to it exactly. When
    nobody has a bonus to scale (everybody graded at coefficient 0), nothing is paid.
    """
    total = sum(exact, Fraction(0))
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


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"


# -- a whole organisation --------------------------------------------------------------


def calibration_group(scheme: Scheme, unit: str) -> str:
    """The group a person of ``unit`` is calibrated in: the unit of the calibrated kind
    at or above theirs; the top unit for 'company'; their own unit if there is none."""
    calibration = scheme.calibration
    if calibration is None:
        return unit
    if calibration.within == "company":
        return next(u.id for u in scheme.units.values() if u.parent is None)
    current: str | None = unit
    while current is not None:
        if scheme.units[current].kind == calibration.within:
            return current
        current = scheme.units[current].parent
    return unit


def calibrate_groups(scheme: Scheme, order: Sequence[str], ranking: Sequence[int],
                     units: Sequence[str], grades: Sequence[int]
                     ) -> tuple[list[int], list[Move], list[tuple[str, int]], list[str]]:
    """Quotas applied group by group: grades after, the moves, groups too small, groups.

    ``order`` names the people, ``ranking`` lists their indexes best first, ``units`` and
    ``grades`` (indexes into the scheme's grades) are in the order of ``order``.
    """
    calibration = scheme.calibration
    groups = [calibration_group(scheme, u) for u in units]
    if calibration is None:
        return list(grades), [], [], groups
    names = [g.grade for g in scheme.grades]
    final = list(grades)
    moves: list[Move] = []
    small: list[tuple[str, int]] = []
    members: dict[str, list[int]] = {}
    for k in ranking:
        members.setdefault(groups[k], []).append(k)
    for group, chosen in members.items():
        ranked = [order[k] for k in chosen]
        if len(ranked) < calibration.min_size:
            small.append((group, len(ranked)))
            continue
        index = {order[k]: k for k in chosen}
        moved, found = force_distribution(group, ranked, {p: grades[index[p]] for p in ranked},
                                          names, calibration)
        for person, grade in moved.items():
            final[index[person]] = grade
        moves.extend(found)
    return final, moves, small, groups


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
        pools.append(Pool(unit, to_cents(amount, places), sum(wanted, Fraction(0)), len(chosen)))
    return paid, pools, pool_of


def money_text(units: int | None, places: int) -> str:
    """Cents as an amount with thousands separators: 1,234.50 ('' for none)."""
    return "" if units is None else f"{money(units, places):,}"
