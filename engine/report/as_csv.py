"""``score --format csv``: one row per person, for Excel (UTF-8 with a BOM when written
to a file): the points of every indicator, the totals, grade, coefficient, bonus and
rank; a period of a scheme kept by month adds the months, the grade before calibration,
the pool and the rank in the company. A person who held several posts in the period has
no points per indicator here (each post's are in the JSON and in ``explain``). Cells of
text are never formulas to a spreadsheet (:mod:`.spreadsheet`).

The rows are written a block of people at a time, a column at a time: each column of
points rounded at once, each distinct amount of money and each grade written once, each
column of text searched once for a cell a spreadsheet would misread. A large period's
columns are written by Arrow (:mod:`.arrow_csv`), into the same bytes, without a Python
string per cell.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, TypeVar

import numpy as np
from numpy.typing import NDArray

from ..model import Scheme, any_action
from ..scoring import Batch, Result
from ..scoring.batch import Floats
from .layout import Points, money_texts
from .spreadsheet import lines, text_cells

BLOCK = 4096  # people whose rows are written at once
ARROW_FROM = 1 << 15  # people from whom Arrow writes the rows (loading it costs a moment)
ARROW_BLOCK = 1 << 16  # people whose rows Arrow writes at once
Rows = TypeVar("Rows", covariant=True)  # str or bytes


class Cells(Protocol[Rows]):
    """How a block's columns become columns of cells, and those its rows: Python strings
    (:class:`TextCells`), or Arrow's arrays and UTF-8 bytes (:class:`.arrow_csv.ArrowCells`)."""

    def texts(self, values: Sequence[str]) -> object: ...
    def same(self, cell: str, n: int) -> object: ...
    def points(self, column: Floats) -> object: ...
    def money(self, units: Sequence[int | None]) -> object: ...
    def numbers(self, column: np.ndarray) -> object: ...
    def chosen(self, cells: list[str], which: np.ndarray) -> object: ...
    def rows(self, columns: list[object]) -> Rows: ...


class TextCells:
    """Each cell a Python string: the reference, and the writer of a small period."""

    def __init__(self, scheme: Scheme) -> None:
        self.points_of, self.places = Points(scheme), scheme.rounding.money

    def texts(self, values: Sequence[str]) -> list[str]:
        return text_cells(values)

    def same(self, cell: str, n: int) -> list[str]:
        return [cell] * n

    def points(self, column: Floats) -> list[str]:
        return self.points_of.texts(column)

    def money(self, units: Sequence[int | None]) -> list[str]:
        return money_texts(units, self.places)

    def numbers(self, column: np.ndarray) -> list[str]:
        return list(map(str, column.tolist()))

    def chosen(self, cells: list[str], which: np.ndarray) -> list[str]:
        return [cells[k] for k in which.tolist()]

    def rows(self, columns: list[object]) -> str:
        return lines(columns)  # type: ignore[arg-type]


def score_csv(result: Result, labels: bool = False) -> str:
    """The CSV text, whole (:func:`score_csv_lines` gives it in pieces)."""
    return "".join(score_csv_lines(result, labels))


def score_csv_lines(result: Result, labels: bool = False) -> Iterator[str]:
    """The CSV text in pieces: the header, then the rows of a block of people at a time."""
    return _pieces(result, TextCells(result.scheme), BLOCK, labels)


def score_csv_chunks(result: Result, labels: bool = False) -> Iterator[str | bytes]:
    """:func:`score_csv_lines`, a large period's rows as their UTF-8 bytes, written by Arrow."""
    if len(result.columns) < ARROW_FROM:
        yield from score_csv_lines(result, labels)
        return
    from .arrow_csv import ArrowCells  # a large period: worth loading Arrow for

    yield from _pieces(result, ArrowCells(result.scheme), ARROW_BLOCK, labels)


def _pieces(result: Result, cells: Cells[Rows], block: int,
            labels: bool = False) -> Iterator[str | Rows]:
    """The header (the columns' ids, or their ``labels``: :mod:`.headers`), then the rows
    of ``block`` people at a time, made by ``cells``."""
    scheme, people = result.scheme, result.columns
    cards = dict.fromkeys(scheme.posts[p].scorecard for p in _posts_scored(result))
    indicators = list(dict.fromkeys(item.indicator for card in cards
                                    for item in scheme.scorecards[card].items))
    extra = ["months", "grade_scored", "pool", "company_rank", "company_of"] \
        if result.by_month else []
    sections = list(dict.fromkeys(s.id for card in cards
                                  for s in scheme.scorecards[card].sections))
    gated = any(card.gates for card in scheme.scorecards.values())
    applied_to: dict[int, list[str]] = {}
    unpaid: set[int] = set()
    if gated:  # the gates that applied, after the other columns, when the scheme has any
        from .gates import applied, without_bonus
        applied_to, unpaid = applied(result), without_bonus(result)
        extra.append("gates")
    evidence = _evidence(result, indicators)
    names = [
        "person", "name", "post", "unit", "period", *[f"points:{i}" for i in indicators],
        *[f"section:{s}" for s in sections], "weighted_sum", "deductions", "bonuses", "veto",
        "total", "grade", "coefficient", "bonus", "rank", "rank_of", *extra,
        *(["action"] if any_action(scheme.grades) else []), *_award_columns(result),
        *[name for name, _ in evidence]]
    if labels:
        from .headers import labelled

        names = labelled(names, scheme)
    yield lines([text_cells([name]) for name in names])
    scored = _indicator_points(result, indicators)
    subscores = section_scores(result, sections)
    texts = {k: list(getattr(people, k)) for k in ("person", "name", "post", "unit")}
    optional = {k: [v or "" for v in getattr(people, k)] for k in ("veto", "pool")}
    grades = text_cells([grade.grade for grade in scheme.grades])
    coefficients = [str(grade.coefficient) for grade in scheme.grades]
    period = text_cells([result.period_id or ""])[0]
    actions = text_cells([grade.action or "" for grade in scheme.grades])
    awards = _won(result)
    for start in range(0, len(people), block):
        end = min(start + block, len(people))
        grade = people.grade[start:end]
        columns = [
            *[cells.texts(texts[k][start:end]) for k in ("person", "name", "post", "unit")],
            cells.same(period, end - start),
            *[cells.points(scored[i][start:end]) for i in indicators],
            *[cells.points(subscores[name][start:end]) for name in sections],
            *[cells.points(getattr(people, k)[start:end])
              for k in ("weighted_sum", "deductions", "bonuses")],
            cells.texts(optional["veto"][start:end]), cells.points(people.total[start:end]),
            cells.chosen(grades, grade), cells.chosen(coefficients, grade),
            cells.money(people.paid[start:end]), cells.numbers(people.rank[start:end]),
            cells.numbers(people.rank_of[start:end])]
        if result.by_month:
            columns += [cells.numbers(people.months[start:end]),
                        cells.chosen(grades, people.scored_grade[start:end]),
                        cells.texts(optional["pool"][start:end]),
                        cells.numbers(people.company_rank[start:end]),
                        cells.numbers(people.company_of[start:end])]
        if gated:
            none = np.isin(np.arange(start, end), list(unpaid))  # no bonus: coefficient 0
            columns[11 + len(indicators) + len(sections)] = cells.chosen(
                [*coefficients, "0"], np.where(none, len(coefficients), grade))
            columns.append(cells.texts(["; ".join(applied_to.get(k, ()))
                                        for k in range(start, end)]))
        if any_action(scheme.grades):  # some grade says what to do: each one's action
            columns.append(cells.chosen(actions, grade))
        columns += [cells.texts(won[start:end]) for won in awards]
        columns += [cells.texts(texts[start:end]) for _, texts in evidence]
        yield cells.rows(columns)


def _award_columns(result: Result) -> list[str]:
    """The names of the awards' columns (none without awards)."""
    if not result.awards:
        return []
    from .awards import column_name

    return [column_name(found) for found in result.awards]


def _won(result: Result) -> list[list[str]]:
    """Each award's column: the place of each person who won it, else blank."""
    if not result.awards:
        return []
    from .awards import won_places  # a scheme with awards: worth loading

    return [won_places(result, found) for found in result.awards]


def _evidence(result: Result, indicators: list[str]) -> list[tuple[str, list[str]]]:
    """The evidence columns (none for a scheme without evidence)."""
    if not result.scheme.texts:
        return []
    from .evidence import csv_columns  # a scheme with evidence: worth loading

    return csv_columns(result, indicators)


def _posts_scored(result: Result) -> list[str]:
    return [s.post for segments in result.columns.segments for s in segments] \
        if result.by_month else list(result.columns.post)


def _indicator_points(result: Result, indicators: list[str]) -> dict[str, Floats]:
    """Each indicator's points for every person (NaN: not on their card, or several posts)."""
    n = len(result.columns)
    out = {name: np.full(n, np.nan) for name in indicators}
    for batch, person_of_row in _people_of_rows(result):
        _fill(batch, out, person_of_row)
    return out


def _people_of_rows(result: Result) -> list[tuple[Batch, NDArray[np.intp]]]:
    """Each batch with the person of each of its rows (-1: a person on several posts, who
    has no points per indicator)."""
    n = len(result.columns)
    if not result.by_month:  # one batch, one row per person, in order
        return [(batch, np.arange(n)) for batch in result.batches]
    person_of_row = {id(b): np.full(len(b), -1, dtype=np.intp) for b in result.batches}
    for k, segments in enumerate(result.columns.segments):
        if len(segments) == 1:  # a person on several posts has no points per indicator
            person_of_row[id(segments[0].batch)][segments[0].row] = k
    return [(batch, person_of_row[id(batch)]) for batch in result.batches]


def section_scores(result: Result, sections: list[str]) -> dict[str, Floats]:
    """Each section's score (sub-score) for every person whose card has a section of that id
    (NaN: none, or several posts)."""
    out = {name: np.full(len(result.columns), np.nan) for name in sections}
    if not sections:
        return out
    scheme = result.scheme
    posts = list(scheme.posts.values())
    for batch, person_of_row in _people_of_rows(result):
        for (card, section), scores in batch.section_scores.items():
            on_card = [k for k, p in enumerate(posts) if p.scorecard == card]
            rows = np.flatnonzero(np.isin(batch.post_index, on_card) & (person_of_row >= 0))
            out[section][person_of_row[rows]] = scores[rows]
    return out


def _fill(batch: Batch, out: dict[str, Floats], person_of_row: np.ndarray) -> None:
    """Each piece's points into its indicator's column, at the row's person (-1: none)."""
    for (_, name), piece in batch.pieces.items():
        if name in out:
            person = person_of_row[piece.who]
            kept = (person >= 0) & ~np.isnan(piece.points)
            out[name][person[kept]] = piece.points[kept]
