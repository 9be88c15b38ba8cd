"""Calibration: the forced distribution (强制分布) of grades within groups.

Forced distribution (强制分布) works on a group ranked best first. A quota is a
percentage of the group's size made a number of people by the scheme's quota
rounding (half up unless it says down or up), so in a group of 4, "at most 20%
A" allows round(0.8) = 1 A. Quotas only ever move people down, in this order:

1. ``at_most {A: 20}``: beyond the first q people holding A or better in the
   ranking, each drops to the grade below. Grades are done best first, so a
   person dropped from A to B is counted again for "at most x% B or better".
2. ``at_least {C: 10}``: while fewer than q people hold C or worse, the lowest
   ranked person still above C drops to C.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..i18n import _
from ..model import Calibration, QuotaRounding, Scheme
from ..numbers import percent


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
    how = {"half_up": _("rounded half up"), "down": _("rounded down"), "up": _("rounded up")}
    lowest = len(names) - 1

    def move(position: int, to: int, reason: str) -> None:
        person = ranked[position]
        moves.append(Move(person, group, position + 1, size, names[out[person]], names[to],
                          reason))
        out[person] = to

    for index, name in enumerate(names):
        if name not in calibration.at_most or index == lowest:
            continue
        share = calibration.at_most[name]
        allowed = quota(size, share, calibration.rounding)
        holders = [i for i, person in enumerate(ranked) if out[person] <= index]
        for position in holders[allowed:]:
            move(position, index + 1, _(
                "at most {share} of {size} may be {grade} or better: {allowed} ({rounding}); "
                "ranked {rank}").format(share=percent(share), size=size, grade=name,
                                        allowed=allowed, rounding=how[calibration.rounding],
                                        rank=position + 1))
    for index in range(len(names) - 1, -1, -1):
        name = names[index]
        if name not in calibration.at_least:
            continue
        share = calibration.at_least[name]
        needed = quota(size, share, calibration.rounding)
        have = sum(1 for person in ranked if out[person] >= index)
        for position in range(size - 1, -1, -1):
            if have >= needed:
                break
            if out[ranked[position]] < index:
                move(position, index, _(
                    "at least {share} of {size} must be {grade} or worse: {needed} "
                    "({rounding}); ranked {rank}").format(
                    share=percent(share), size=size, grade=name, needed=needed,
                    rounding=how[calibration.rounding], rank=position + 1))
                have += 1
    return out, moves


# -- a whole organisation --------------------------------------------------------------


def calibration_group(scheme: Scheme, unit: str) -> str:
    """The group a person of ``unit`` is calibrated in: the unit of the calibrated kind
    at or above theirs; the top unit for 'company'; their own unit if there is none."""
    calibration = scheme.calibration
    if calibration is None:
        return unit
    if calibration.within == "company":
        return scheme.tree.roots[0]
    return scheme.tree.nearest(unit, calibration.within) or unit


def calibrate_groups(scheme: Scheme, order: Sequence[str], ranking: Sequence[int],
                     units: Sequence[str], grades: Sequence[int]
                     ) -> tuple[list[int], list[Move], list[tuple[str, int]], list[str]]:
    """Quotas applied group by group: grades after, the moves, groups too small, groups.

    ``order`` names the people, ``ranking`` lists their indexes best first, ``units`` and
    ``grades`` (indexes into the scheme's grades) are in the order of ``order``.
    """
    calibration = scheme.calibration
    if calibration is None:  # everybody is in their own unit's group, and nobody moves
        return list(grades), [], [], list(units)
    group_of = {u: calibration_group(scheme, u) for u in set(units)}
    groups = list(map(group_of.__getitem__, units))
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


