"""A head's members as columns: the unit's figures and the members' average total, with
the operations of :class:`Units`'s person-by-person path in the same order (under the
caller's ``np.errstate``: a sum past the largest float is inf, as Python's is).

A member kept as columns (:class:`Kept`, on one post throughout) under a head who is
there the whole period gives the figures rolled up over every month, as columns; any
other member (who moved, joined or left, or under a head who did) gives the figures of
their months in the head's, rolled up person by person. Each field's figures are then
added member by member, left to right from 0.0, as :func:`numbers.add_up` adds them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter

import numpy as np
from numpy.typing import NDArray

from ..model import Indicator, Scheme
from .batch import Batch, Value
from .kept import Kept, add_up_column
from .segments import Segment

Floats = NDArray[np.float64]
Figures = Callable[[Segment, tuple[int, ...]], dict[str, Value]]


class Members:
    """The columns of the members of each head, made once a head."""

    def __init__(self, scheme: Scheme, kept: Kept, segments: Sequence[Segment],
                 fields: Sequence[str]) -> None:
        self.scheme, self.kept, self.fields = scheme, kept, fields
        self.number = {id(s): n for n, s in enumerate(segments)}
        self.totals = np.zeros(len(segments))  # each segment's total, once it is scored
        self.made: dict[int, tuple[NDArray[np.intp], Floats]] = {}

    def scored(self, chosen: Sequence[Segment], batch: Batch) -> None:
        """The totals of the segments ``chosen``, as ``batch`` scored them."""
        at = np.fromiter(map(self.number.__getitem__, map(id, chosen)), dtype=np.intp,
                         count=len(chosen))
        self.totals[at] = batch.total

    def of(self, head: Segment, members: list[Segment]) -> tuple[NDArray[np.intp], Floats]:
        """Each member's number among the kept segments (-1: the member, or the head, is
        not there throughout) and their months in the head's months."""
        if id(head) not in self.made:
            n = len(members)
            ks = np.fromiter(map(attrgetter("kept"), members), dtype=np.intp, count=n)
            if len(head.months) != len(self.kept.months):
                ks[:] = -1
            overlap = np.full(n, float(len(head.months)))
            months = set(head.months)
            for i in np.flatnonzero(ks < 0).tolist():
                overlap[i] = float(len(months.intersection(members[i].months)))
            self.made[id(head)] = ks, overlap
        return self.made[id(head)]

    def unit_figures(self, head: Segment, members: list[Segment], figures: Figures,
                     fail: Callable[[int, str], None]) -> dict[str, float]:
        """The figures of the unit ``head`` leads over the head's months: each field summed
        over the members who have it, or averaged weighed by their months (``figures``: a
        member's figures person by person; ``fail``: a kept member whose weights add up
        to 0)."""
        ks, overlap = self.of(head, members)
        n = len(members)
        values = {name: np.full(n, np.nan) for name in self.fields}
        present = {name: np.zeros(n, dtype=bool) for name in self.fields}
        for i in np.flatnonzero(ks < 0).tolist():
            for name, value in figures(members[i], head.months).items():
                values[name][i], present[name][i] = float(value), True
        where = np.flatnonzero(ks >= 0)
        at = ks[where]
        for name in self.fields:
            rolled, has, zero = self.kept.roll(name)
            values[name][where], present[name][where] = rolled[at], has[at]
            for k in at[zero[at]].tolist():
                fail(k, name)
        out: dict[str, float] = {}
        for name in self.fields:
            chosen = present[name]
            if not chosen.any():
                continue
            found = values[name][chosen]
            if self.scheme.fields[name].combine == "average":  # each member by their months
                weights = overlap[chosen]
                out[name] = add_up_column(found * weights) / add_up_column(weights)
            else:
                out[name] = add_up_column(found)
        return out

    def average(self, head: Segment, indicator: Indicator, members: list[Segment],
                vetoed: set[str]) -> tuple[float, float, int]:
        """The members' totals weighed, their weights, and how many people they are: a
        member vetoed anywhere counts 0."""
        weights = self.of(head, members)[1]
        if indicator.members == "bonus_base":
            scheme = self.scheme
            bases = [scheme.bonus_base_for(scheme.people.get(m.person), scheme.posts[m.post])
                     for m in members]
            weights = weights * np.array([float(b) if b is not None else 0.0 for b in bases],
                                         dtype=np.float64)
        at = np.fromiter(map(self.number.__getitem__, map(id, members)), dtype=np.intp,
                         count=len(members))
        totals = self.totals[at]
        if vetoed:
            out = np.fromiter((m.person in vetoed for m in members), dtype=bool,
                              count=len(members))
            totals = np.where(out, 0.0, totals)
        weighed, weight = add_up_column(totals * weights), add_up_column(weights)
        people = len(set(map(attrgetter("person"), members)))
        return weighed, weight, people
