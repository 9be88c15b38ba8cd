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

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from ..model import Award, Scheme
from ..numbers import settle
from ..year.calibration import quota
from .batch import Batch, Floats
from .columns import round_column

Latest = tuple[Batch, int]  # a person's latest segment: its batch, and its row there


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
                posts: Sequence[str], units: Sequence[str], latest: Sequence[Latest],
                total: Floats, veto: Sequence[str | None], month: str | None = None
                ) -> tuple[AwardResult, ...]:
    """``awards`` over everybody (columns in the order of the data: ``posts`` and
    ``units`` the latest post's, ``latest`` each person's latest segment as a batch and
    its row there); ``month``: the month ranked on, for awards given every month."""
    if not awards:
        return ()
    places, mode = scheme.rounding.points, scheme.rounding.mode
    shown = round_column(total, places, mode) / 10.0 ** places
    vetoed = np.array([v is not None for v in veto], dtype=bool).reshape(-1)
    held = np.asarray(posts, dtype=object).reshape(-1)
    found: list[AwardResult] = []
    columns: dict[str, Floats] = {}
    for award in awards:
        if award.by not in columns:
            columns[award.by] = shown if award.on_total else _values(award.by, latest)
        values = columns[award.by]
        out = vetoed | np.isnan(values)
        if award.posts is not None:
            out |= ~np.isin(held, list(award.posts))
        found.append(_one(scheme, award, persons, units, values.tolist(),
                          np.flatnonzero(~out).tolist(), month))
    return tuple(found)


def _values(indicator: str, latest: Sequence[Latest]) -> Floats:
    """The indicator's value on each person's latest card, settled (NaN: not on it, or
    not a number)."""
    out = np.full(len(latest), np.nan)
    rows: dict[int, tuple[Batch, list[int], list[int]]] = {}  # by batch: people, rows
    for k, (batch, row) in enumerate(latest):
        if id(batch) not in rows:
            rows[id(batch)] = (batch, [], [])
        rows[id(batch)][1].append(k)
        rows[id(batch)][2].append(row)
    for batch, people, at in rows.values():
        column = np.full(len(batch), np.nan)
        for (_, name), piece in batch.pieces.items():
            if name != indicator:
                continue
            if piece.value.dtype.kind == "f":
                column[piece.who] = piece.value
            for k, (value, _) in piece.exact.items():
                column[piece.who[k]] = value if isinstance(value, float) else np.nan
        out[people] = column[at]
    finite = np.flatnonzero(np.isfinite(out))
    out[finite] = [settle(v) for v in out[finite].tolist()]
    return out


def _one(scheme: Scheme, award: Award, persons: Sequence[str], units: Sequence[str],
         values: list[float], chosen: list[int], month: str | None) -> AwardResult:
    """``award`` among the people ``chosen`` (indexes), ranked on ``values``."""
    members: dict[str, list[tuple[float, str]]] = {}
    group_of = {u: _group(scheme, award, u) for u in {units[k] for k in chosen}}
    for k in chosen:
        group = group_of[units[k]]
        if group is not None:
            members.setdefault(group, []).append((values[k], persons[k]))
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
