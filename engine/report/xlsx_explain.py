"""The explain sheet of the results workbook: each item of each person's card, a row each,
with the numbers ``appraise explain`` shows (value, target, achievement, points, weight,
weighted points) and its rule's step in the run's words (:func:`.words.words`), then a row
of the person's total: enough to check every score in Excel.

A person who held several posts in a period has the items of each post, under its label.
"""

from __future__ import annotations

from typing import Any

from ..i18n import _
from ..model.measure import in_chinese
from ..scoring import Item, Result
from .layout import Points
from .words import words
from .xlsx_sheets import PERCENT, POINTS, TEXT, VALUE, WHOLE, Sheet

CHUNK = 1024  # people whose rows are made at once


def explain_sheet() -> tuple[list[str], list[str]]:
    """The explain sheet's headings and the kinds of its columns."""
    columns = [
        (_("Person"), TEXT), (_("Name"), TEXT), (_("Post"), TEXT), (_("No."), WHOLE),
        (_("Indicator"), TEXT), (_("Actual"), VALUE), (_("Unit of measure"), TEXT),
        (_("Target"), VALUE), (_("Stretch target"), VALUE), (_("Achievement"), PERCENT),
        (_("Rule"), TEXT), (_("Scoring step"), TEXT), (_("Points"), POINTS), (_("Weight"), PERCENT),
        (_("Weighted points"), POINTS)]
    return [h for h, _k in columns], [k for _h, k in columns]


def explain_rows(sheet: Sheet, result: Result, language: str) -> None:
    """Every person's rows, in the order of the results."""
    scheme, points = result.scheme, Points(result.scheme)
    posts = {p: post.label for p, post in scheme.posts.items()}
    total = _("Total")
    people = result.people
    for start in range(0, len(people), CHUNK):
        rows: list[list[Any]] = []
        for k in range(start, min(start + CHUNK, len(people))):
            person = people[k]
            who = [person.person, person.name]
            for segment in person.segments:
                post = posts[segment.post]
                rows += [[*who, post, n, *_item(item, points, language)]
                         for n, item in enumerate(segment.items, 1)]
            rows.append([*who, posts[person.post], None, total, None, "", None, None, None,
                         "", "", float(points(person.total)), None, None])
        sheet.rows(list(zip(*rows, strict=True)))


def _item(item: Item, points: Points, language: str) -> list[Any]:
    """An item's cells from its label on: as explain shows its numbers, rounded alike."""
    indicator, target = item.indicator, item.target
    value = item.value if isinstance(item.value, (str, float, int)) else None
    achievement = None if item.achievement is None \
        else float(points(item.achievement)) / 100
    weight = None if item.weight is None else float(item.weight) / 100
    weighted = None if item.weighted is None or item.role != "weighted" \
        else float(points(item.weighted))
    unit = in_chinese(indicator.unit) if indicator.unit and language == "zh" else indicator.unit
    return [indicator.name_in(language), value, unit,
            None if target is None else target.base,
            None if target is None else target.stretch,
            achievement, item.rule, words(item.step, language), float(points(item.points)),
            weight if item.role == "weighted" else None, weighted]
