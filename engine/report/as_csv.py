"""``score --format csv``: one row per person, for Excel (UTF-8 with a BOM when written
to a file): the points of every indicator, the totals, grade, coefficient, bonus and
rank; a period of a scheme kept by month adds the months, the grade before calibration,
the pool and the rank in the company. A person who held several posts in the period has
no points per indicator here (each post's are in the JSON and in ``explain``). Cells of
text are never formulas to a spreadsheet (:mod:`.spreadsheet`).
"""

from __future__ import annotations

import math

import numpy as np

from ..numbers import money
from ..scoring import Batch, Result
from ..scoring.batch import Floats
from .layout import Points
from .spreadsheet import row as csv_row
from .spreadsheet import text


def score_csv(result: Result) -> str:
    scheme, people = result.scheme, result.columns
    points = Points(scheme)
    cards = dict.fromkeys(scheme.posts[p].scorecard for p in _posts_scored(result))
    indicators = list(dict.fromkeys(item.indicator for card in cards
                                    for item in scheme.scorecards[card].items))
    columns = _indicator_points(result, indicators)
    texts = {name: points.texts(np.nan_to_num(column)) for name, column in columns.items()}
    missing = {name: np.isnan(column).tolist() for name, column in columns.items()}
    extra = ["months", "grade_scored", "pool", "company_rank", "company_of"] \
        if result.by_month else []
    lines = [csv_row(map(text, ["person", "name", "post", "unit", "period",
                                *[f"points:{i}" for i in indicators],
                                "weighted_sum", "deductions", "bonuses", "veto", "total",
                                "grade", "coefficient", "bonus", "rank", "rank_of", *extra]))]
    totals = {k: points.texts(getattr(people, k))
              for k in ("weighted_sum", "deductions", "bonuses", "total")}
    places = scheme.rounding.money
    period = text(result.period_id or "")
    grades = [text(grade.grade) for grade in scheme.grades]
    for n in range(len(people)):
        grade = int(people.grade[n])
        paid = people.paid[n]
        row = [text(people.person[n]), text(people.name[n]), text(people.post[n]),
               text(people.unit[n]), period,
               *["" if missing[i][n] else texts[i][n] for i in indicators],
               totals["weighted_sum"][n], totals["deductions"][n], totals["bonuses"][n],
               text(people.veto[n] or ""), totals["total"][n], grades[grade],
               scheme.grades[grade].coefficient,
               "" if paid is None else money(paid, places), int(people.rank[n]),
               int(people.rank_of[n])]
        if result.by_month:
            row += [int(people.months[n]), grades[int(people.scored_grade[n])],
                    text(people.pool[n] or ""), int(people.company_rank[n]),
                    int(people.company_of[n])]
        lines.append(csv_row(row))
    return "".join(lines)


def _posts_scored(result: Result) -> list[str]:
    return [s.post for segments in result.columns.segments for s in segments] \
        if result.by_month else list(result.columns.post)


def _indicator_points(result: Result, indicators: list[str]) -> dict[str, Floats]:
    """Each indicator's points for every person (NaN: not on their card, or several posts)."""
    n = len(result.columns)
    out = {name: np.full(n, np.nan) for name in indicators}
    if not result.by_month:  # one batch, one row per person, in order
        for batch in result.batches:
            _fill(batch, out, np.arange(n))
        return out
    for k, segments in enumerate(result.columns.segments):
        if len(segments) != 1:
            continue
        only = segments[0]
        for item in only.items:
            if item.id in out and not math.isnan(item.points):
                out[item.id][k] = item.points
    return out


def _fill(batch: Batch, out: dict[str, Floats], person_of_row: np.ndarray) -> None:
    for (_, name), piece in batch.pieces.items():
        if name in out:
            out[name][person_of_row[piece.who]] = piece.points
