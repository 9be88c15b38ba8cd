"""Rounding, grading and ranking whole columns of people, exactly as one by one."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..model import Scheme
from ..numbers import round_to, shows_at_least

Floats = NDArray[np.float64]

_HALF_MARGIN = 1e-9  # far wider than settling (1e-12 relative) and binary error together


def round_column(x: Floats, places: int, mode: str) -> Floats:
    """``round_to(x, places, mode)`` for a column, in units of the last place (cents).

    Away from a half (…5) neither settling nor binary error can change the result, so
    plain arithmetic gives it; the few values near a half, or too large for doubles to
    hold to the cent, are rounded by ``round_to`` itself, each distinct value once.
    """
    scale = 10.0 ** places
    with np.errstate(over="ignore", invalid="ignore"):  # too large for cents: one by one
        scaled = np.abs(x) * scale
        near_half = np.abs(scaled - np.floor(scaled) - 0.5) <= \
            _HALF_MARGIN * np.maximum(1, scaled)
    units = np.floor(scaled + 0.5) if mode == "half_up" else np.rint(scaled)
    units = np.copysign(units, x)
    odd = np.flatnonzero(near_half | (np.abs(x) >= 1e9) | np.isinf(x))  # NaN stays NaN
    if len(odd):  # each distinct value once: a column repeats its halves (13.125, 87.5)
        distinct, back = np.unique(x[odd], return_inverse=True)
        rounded = [float(round_to(v, places, mode).scaleb(places))  # type: ignore[arg-type]
                   for v in distinct.tolist()]
        units[odd] = np.array(rounded, dtype=np.float64)[back.reshape(-1)]
    return units + 0.0  # no negative zero


def rank_column(groups: NDArray[np.intp], shown: Floats) -> tuple[NDArray[np.intp],
                                                                   NDArray[np.intp]]:
    """Competition ranks (1, 2, 2, 4) of ``shown`` from the highest, within each group."""
    n = len(shown)
    order = np.lexsort((-shown, groups))
    g, v = groups[order], shown[order]
    position = np.arange(n)
    new_group = np.r_[True, g[1:] != g[:-1]] if n else np.zeros(0, dtype=bool)
    new_value = new_group | (np.r_[True, v[1:] != v[:-1]] if n else new_group)
    group_start = np.maximum.accumulate(np.where(new_group, position, 0)) if n else position
    value_start = np.maximum.accumulate(np.where(new_value, position, 0)) if n else position
    rank = np.empty(n, dtype=np.intp)
    rank[order] = value_start - group_start + 1
    size = np.bincount(groups, minlength=int(groups.max()) + 1 if n else 0)[groups]
    return rank, size.astype(np.intp)


def grade_column(scheme: Scheme, total: Floats, vetoed: NDArray[np.bool_]) -> NDArray[np.intp]:
    """Each person's grade (an index into scheme.grades), read from the total as shown;
    the lowest for anybody a veto sinks."""
    places, mode = scheme.rounding.points, scheme.rounding.mode
    lowest = len(scheme.grades) - 1
    grade = np.full(len(total), lowest, dtype=np.intp)
    for k in range(lowest, -1, -1):  # from worst to best: the best that applies wins
        minimum = scheme.grades[k].min
        earned = np.ones(len(total), dtype=bool) if minimum is None else \
            total >= shows_at_least(minimum, places, mode)
        grade = np.where(earned, k, grade)
    return np.asarray(np.where(vetoed, lowest, grade), dtype=np.intp)
