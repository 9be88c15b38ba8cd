"""Awards by rank (奖项): each award's groups ranked best first, and who wins.

A person is ranked in an award when nothing keeps them out: their latest post is one
the award is for (any, unless it names some), that post's card holds what it ranks on
(an indicator's value, settled; or the total as shown), a one-vote veto did not strike,
and, ranked within a kind of unit, they are at or under a unit of that kind. Places are
competition ranks (1, 2, 2, 4). ``top: n`` gives n places in each group, ``top_percent``
that share of the group's size, rounded as calibration's quotas are. People tied at the
cut all win (``ties: share``) or none of them does (``ties: none``). An award given
``every: month`` is ranked on each month of the period scored as that month alone.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from ..model import Award, Scheme
from ..numbers import settle
from ..year.calibration import quota
from .batch import Floats, SegmentResult
from .columns import round_column


@dataclass(frozen=True)
class Standing:
    """One person's place in an award's group."""

    person: str
    group: str  # the unit the group is; "" for the company
    place: int  # 1 = best; people tied share a place
    of: int  # the people ranked in the group
    value: float  # what they were ranked on, as it is compared
    tied: int  # the people at this place, the person included
    won: bool


@dataclass(frozen=True)
class AwardGroup:
    """An award in one group: its size, the places it gives, the cut and the winners."""

    group: str  # the unit; "" for the company
    size: int
    places: int  # top, or top_percent of the size rounded
    winners: tuple[str, ...]  # best first


@dataclass(frozen=True)
class AwardResult:
    """An award over the period: each group, and each ranked person's standing."""

    award: Award
    groups: tuple[AwardGroup, ...]
    standings: dict[str, Standing]  # by person, for those ranked
    month: str | None = None  # the month an award given every month was ranked on


def rank_awards(scheme: Scheme, awards: Sequence[Award], persons: Sequence[str],
                units: Sequence[str], segments: Sequence[Sequence[SegmentResult]],
                total: Floats, veto: Sequence[str | None], month: str | None = None
                ) -> tuple[AwardResult, ...]:
    """``awards`` over everybody (columns in the order of the data); ``month``: the month
    they are ranked on, for awards given every month."""
    if not awards:
        return ()
    places, mode = scheme.rounding.points, scheme.rounding.mode
    shown = (round_column(total, places, mode) / 10.0 ** places).tolist()
    return tuple(_one(scheme, award, persons, units, segments, shown, veto, month)
                 for award in awards)


def _one(scheme: Scheme, award: Award, persons: Sequence[str], units: Sequence[str],
         segments: Sequence[Sequence[SegmentResult]], shown: list[float],
         veto: Sequence[str | None], month: str | None) -> AwardResult:
    members: dict[str, list[tuple[float, str]]] = {}
    posts = set(award.posts) if award.posts is not None else None
    for k, person in enumerate(persons):
        latest = segments[k][-1]
        if veto[k] is not None or (posts is not None and latest.post not in posts):
            continue
        group = _group(scheme, award, units[k])
        value = shown[k] if award.on_total else _value(scheme, award.by, latest)
        if group is None or value is None:
            continue
        members.setdefault(group, []).append((value, person))
    groups, standings = [], {}
    order = {u: i for i, u in enumerate(scheme.units)}
    for group in sorted(members, key=lambda g: order.get(g, -1)):
        ranked = sorted(members[group], key=lambda e: (e[0] if award.lowest_first else -e[0],
                                                       e[1]))
        size = len(ranked)
        given = award.top if award.top is not None else \
            quota(size, award.top_percent or Decimal(0), award.rounding)
        winners = []
        place, ties = 1, Counter(value for value, _ in ranked)
        for i, (value, person) in enumerate(ranked):
            if i and value != ranked[i - 1][0]:
                place = i + 1
            tied = ties[value]
            won = place <= given and (award.ties == "share" or place + tied - 1 <= given)
            standings[person] = Standing(person, group, place, size, value, tied, won)
            if won:
                winners.append(person)
        groups.append(AwardGroup(group, size, given, tuple(winners)))
    return AwardResult(award, tuple(groups), standings, month if award.every_month else None)


def _group(scheme: Scheme, award: Award, unit: str) -> str | None:
    """The group a person of ``unit`` is ranked in; None: none (no unit of the kind)."""
    if award.within == "company":
        return ""
    if award.within == "unit":
        return unit
    return scheme.tree.nearest(unit, award.within)


def _value(scheme: Scheme, indicator: str, segment: SegmentResult) -> float | None:
    """The indicator's value on the segment's card, settled; None if the card does not
    hold it or the value is not a number."""
    card = scheme.posts[segment.post].scorecard
    piece = segment.batch.pieces.get((card, indicator))
    if piece is None:
        return None
    k = int(np.searchsorted(piece.who, segment.row))
    if k >= len(piece.who) or piece.who[k] != segment.row:
        return None
    value = piece.value_at(k)
    if isinstance(value, str) or not math.isfinite(value):
        return None
    return settle(value)
