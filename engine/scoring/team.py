"""Team figures (团队平均): ``team_average(revenue)``, the average of a number field over
the members of the person's unit.

The members of a unit are everybody scored in the period whose post belongs to it (the
person included) and who has a figure for the field; in a scheme kept by month, each
member's figure for the period, rolled up as usual (a person who moved counts once for
each post held), and a field summed over the months is averaged per month of the members'
and scaled to the person's own months, so that a member who joined in March neither pulls
the average down nor is measured against three months of the others'. The averages are
worked out for the whole period before anybody is scored, added left to right in the
order the people come, and read by a formula as one more input
(:func:`appraise.formula.functions.team_key`), on both scoring paths. A unit of one
member is its own average; a unit whose members have no figure has none, and its people
cannot be scored on it (the formula says which figure is missing).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from ..diagnostics import Diagnostic
from ..formula.functions import team_key
from ..i18n import _
from ..model import Scheme
from ..numbers import add_up
from .kept import add_up_column

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Team:
    """Each row's team averages (by input name) and the members counted (by field)."""

    averages: dict[str, Floats]
    members: dict[str, NDArray[np.intp]]

    def take(self, rows: NDArray[np.intp]) -> Team:
        """The same for some of the rows (a level of the organisation)."""
        return Team({k: v[rows] for k, v in self.averages.items()},
                    {k: v[rows] for k, v in self.members.items()})


def team_columns(scheme: Scheme, units: Sequence[str], inputs: Mapping[str, Floats],
                 months: Sequence[int] | None = None) -> Team:
    """Every row's team averages, from the fields as columns (``units``: each row's unit;
    ``months``: in a scheme kept by month, how many months each row covers).

    A field summed over the months is a total that grows with them, so a member there for
    part of the period would pull the average down: its average is then per month of the
    members', times the row's own months, ``Σ × months / Σ months`` worked out exactly and
    rounded once (as a person computes it: 700 in 7 months is 300 for three); when every
    member covers the same months it is the plain ``Σ / n``."""
    fields = scheme.team_fields
    code: dict[str, int] = {}
    of = np.fromiter((code.setdefault(u, len(code)) for u in units), dtype=np.intp,
                     count=len(units))
    order = np.argsort(of, kind="stable")  # each unit's rows, in the order they come
    starts = np.flatnonzero(np.diff(of[order], prepend=-1))
    groups = np.split(order, starts[1:]) if len(order) else []
    averages, members = {}, {}
    spans = None if months is None else np.asarray(months, dtype=np.int64)
    for name in fields:
        values = np.asarray(inputs[name], dtype=np.float64)
        average = np.full(len(values), np.nan)
        count = np.zeros(len(values), dtype=np.intp)
        summed = spans is not None and _summed(scheme, name)
        for rows in groups:
            has = np.isfinite(values[rows])
            counted = values[rows][has]
            count[rows] = len(counted)
            if not len(counted):
                continue
            total = add_up_column(counted)
            average[rows] = total / len(counted)
            if summed and spans is not None and len(set(spans[rows].tolist())) > 1:
                within = int(spans[rows][has].sum())  # the members' months
                for span in set(spans[rows].tolist()):  # exactly, rounded once
                    at = rows[spans[rows] == span]
                    average[at] = float(Fraction(total) * span / within)
        averages[team_key(name)], members[name] = average, count
    return Team(averages, members)


def _summed(scheme: Scheme, name: str) -> bool:
    """Whether a field's figure for a period is the sum of its months'."""
    field = scheme.fields.get(name)
    return field is not None and field.type == "number" and field.aggregate == "sum"


def team_reference(scheme: Scheme, rows: Sequence[tuple[str, Mapping[str, object]]]
                   ) -> list[dict[str, float]]:
    """The same, person by person, for a plain period: each row's (unit, figures) to its
    averages."""
    out: list[dict[str, float]] = [{} for _ in rows]
    for name in scheme.team_fields:
        figures: dict[str, list[float]] = {}
        for unit, values in rows:
            value = values.get(name)
            if isinstance(value, float) and math.isfinite(value):
                figures.setdefault(unit, []).append(value)
        for k, (unit, _values) in enumerate(rows):
            found = figures.get(unit)
            out[k][team_key(name)] = add_up(found) / len(found) if found else math.nan
    return out


def alone(scheme: Scheme, team: Team, file: str, rows: Sequence[tuple[str, str, str, int]]
          ) -> list[Diagnostic]:
    """A warning for each unit where one person alone has a figure that a team average on
    their card reads: measured against their own figure, they score as if on target,
    whatever they did. ``rows``: each row's person, post, unit and line."""
    reading = _posts_reading(scheme)
    out, said = [], set()
    for name, members in team.members.items():
        for i in np.flatnonzero(members == 1).tolist():
            person, post, unit, line = rows[i]
            if post not in reading.get(name, ()) or (unit, name) in said:
                continue
            said.add((unit, name))
            out.append(Diagnostic(
                file, line, 0, "warning", f"{person}.{name}", _(
                    "'{person}' is the only member of unit '{unit}' with a figure for '{name}', "
                    "so team_average({name}) there is their own figure").format(
                        person=person, unit=unit, name=name),
                _("add the figures of the other people of '{unit}', or score this person "
                  "against a fixed target").format(unit=unit)))
    return out


def _posts_reading(scheme: Scheme) -> dict[str, set[str]]:
    """The posts whose card reads ``team_average(f)`` (in a formula or a post's or the
    indicator's target), by field."""
    out: dict[str, set[str]] = {}
    for post in scheme.posts.values():
        for item in scheme.scorecards[post.scorecard].items:
            indicator = scheme.indicators[item.indicator]
            target = scheme.target_for(None, post, indicator.id)
            for name in indicator.formula.team | (target.team if target else frozenset()):
                out.setdefault(name, set()).add(post.id)
    return out
