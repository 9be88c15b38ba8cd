"""``score --format csv``: one row per person, for Excel (UTF-8 with a BOM when written
to a file): the points of every indicator, the totals, grade, coefficient, bonus and
rank; a period of a scheme kept by month adds the months, the grade before calibration,
the pool and the rank in the company. A person who held several posts in the period has
no points per indicator here (each post's are in the JSON and in ``explain``). Cells of
text are never formulas to a spreadsheet (:mod:`.spreadsheet`).

The rows are written a block of people at a time, a column at a time: each column of
points rounded at once, each distinct amount of money and each grade written once, each
column of text searched once for a cell a spreadsheet would misread.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from ..scoring import Batch, Result
from ..scoring.batch import Floats
from .layout import Points, money_texts
from .spreadsheet import lines, text_cells

BLOCK = 4096  # people whose rows are written at once


def score_csv(result: Result) -> str:
    """The CSV text, whole (:func:`score_csv_lines` gives it in pieces)."""
    return "".join(score_csv_lines(result))


def score_csv_lines(result: Result) -> Iterator[str]:
    """The CSV text in pieces: the header, then the rows of a block of people at a time."""
    scheme, people = result.scheme, result.columns
    points = Points(scheme)
    cards = dict.fromkeys(scheme.posts[p].scorecard for p in _posts_scored(result))
    indicators = list(dict.fromkeys(item.indicator for card in cards
                                    for item in scheme.scorecards[card].items))
    extra = ["months", "grade_scored", "pool", "company_rank", "company_of"] \
        if result.by_month else []
    yield lines([text_cells([name]) for name in [
        "person", "name", "post", "unit", "period", *[f"points:{i}" for i in indicators],
        "weighted_sum", "deductions", "bonuses", "veto", "total", "grade", "coefficient",
        "bonus", "rank", "rank_of", *extra]])
    scored = _indicator_points(result, indicators)
    texts = {k: list(getattr(people, k)) for k in ("person", "name", "post", "unit")}
    optional = {k: [v or "" for v in getattr(people, k)] for k in ("veto", "pool")}
    grades = text_cells([grade.grade for grade in scheme.grades])
    coefficients = [str(grade.coefficient) for grade in scheme.grades]
    period = text_cells([result.period_id or ""])[0]
    places = scheme.rounding.money
    for start in range(0, len(people), BLOCK):
        end = min(start + BLOCK, len(people))
        grade = people.grade[start:end].tolist()
        columns: list[Sequence[str]] = [
            *[text_cells(texts[k][start:end]) for k in ("person", "name", "post", "unit")],
            [period] * (end - start),
            *[points.texts(scored[i][start:end]) for i in indicators],
            *[points.texts(getattr(people, k)[start:end])
              for k in ("weighted_sum", "deductions", "bonuses")],
            text_cells(optional["veto"][start:end]), points.texts(people.total[start:end]),
            [grades[g] for g in grade], [coefficients[g] for g in grade],
            money_texts(people.paid[start:end], places), _numbers(people.rank, start, end),
            _numbers(people.rank_of, start, end)]
        if result.by_month:
            columns += [_numbers(people.months, start, end),
                        [grades[g] for g in people.scored_grade[start:end].tolist()],
                        text_cells(optional["pool"][start:end]),
                        _numbers(people.company_rank, start, end),
                        _numbers(people.company_of, start, end)]
        yield lines(columns)


def _numbers(column: np.ndarray, start: int, end: int) -> list[str]:
    return list(map(str, column[start:end].tolist()))


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
    person_of_row = {id(b): np.full(len(b), -1, dtype=np.intp) for b in result.batches}
    for k, segments in enumerate(result.columns.segments):
        if len(segments) == 1:  # a person on several posts has no points per indicator
            person_of_row[id(segments[0].batch)][segments[0].row] = k
    for batch in result.batches:
        _fill(batch, out, person_of_row[id(batch)])
    return out


def _fill(batch: Batch, out: dict[str, Floats], person_of_row: np.ndarray) -> None:
    """Each piece's points into its indicator's column, at the row's person (-1: none)."""
    for (_, name), piece in batch.pieces.items():
        if name in out:
            person = person_of_row[piece.who]
            kept = (person >= 0) & ~np.isnan(piece.points)
            out[name][person[kept]] = piece.points[kept]
