"""What a scored period leaves in the store: the run (period, scheme, data, who and when) and
everybody's numbers as the result holds them, in one transaction. The same period scored again
with the same scheme and the same data adds nothing; a different scheme or data makes the
period's next version, never overwriting one. A store keeps one appraisal: a period kept for a
scheme of another name is refused, not made a version of it."""

from __future__ import annotations

import getpass
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..i18n import _
from .database import Database, StoreError, shown
from .schema import migrate

if TYPE_CHECKING:
    from ..scoring import Result

RESULT_COLUMNS = ("run", "person", "name", "post", "unit", "weighted_sum", "deductions",
                  "bonuses", "total", "veto", "grade_scored", "grade", "grade_label",
                  "coefficient", "bonus", "pool", "unit_rank", "unit_of", "company_rank",
                  "company_of", "line", "post_label", "unit_label")
RUN_COLUMNS = ("id", "period", "version", "scored_at", "scored_by", "appraise", "scheme_name",
               "scheme_label", "scheme_fingerprint", "scheme_file", "scheme_text", "data_file",
               "data_fingerprint", "people", "currency", "points_places", "money_places",
               "rounding")


@dataclass(frozen=True)
class Kept:
    """What keeping a period did: its version, and whether it is a new one (``because``: the
    scheme, the data, or both changed since the latest; '' for the period's first)."""

    period: str
    version: int
    new: bool
    because: str = ""


def now() -> str:
    """The time a run is kept at: UTC, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def who() -> str:
    """The operating system's user running Appraise."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


def appraise_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("appraise")
    except PackageNotFoundError:
        return "0"


def number(x: float | None) -> str | None:
    """A figure as text, exactly as the result holds it (the shortest text that reads back as
    the same binary number); none for a missing one."""
    if x is None:
        return None
    value = float(x)
    return None if math.isnan(value) else repr(value)


def keep(url: str, result: Result, scheme_text: str) -> Kept:
    """Keep ``result`` (the scheme's text: ``scheme_text``) in the store at ``url``."""
    if not result.period_id:
        raise StoreError(shown(url), _("the data names no period, and the store keeps each "
                                       "period by its name"),
                         _("give --period, e.g. --period 2026-Q1, or a period column in "
                           "the data"))
    when = now()
    db = Database(url, writing=True)
    try:
        migrate(db, appraise_version(), when, writing=True)
        return _keep(db, result, scheme_text, when)
    finally:
        db.close()


def _keep(db: Database, result: Result, scheme_text: str, when: str) -> Kept:
    scheme = result.scheme
    period = result.period_id or ""
    with db.transaction():
        latest = db.rows("SELECT version, scheme_fingerprint, data_fingerprint, scheme_name "
                         "FROM runs WHERE period = ? ORDER BY version DESC LIMIT 1", (period,))
        if latest:
            version, scheme_print, data_print, name = latest[0]
            if name != scheme.name:  # another appraisal's period: not a version of this one's
                raise StoreError(db.name, _(
                    "{period} is kept here for the scheme {kept}, not {scheme}").format(
                        period=period, kept=name, scheme=scheme.name), _(
                    "keep each scheme's periods in a store of its own: give --store another "
                    "file or database"))
            if (scheme_print, data_print) == (scheme.fingerprint, result.fingerprint):
                return Kept(period, int(version), new=False)
            because = "both" if scheme_print != scheme.fingerprint and \
                data_print != result.fingerprint else \
                "scheme" if scheme_print != scheme.fingerprint else "data"
        else:
            version, because = 0, ""
        run = int(db.rows("SELECT coalesce(max(id), 0) + 1 FROM runs")[0][0])
        rounding = scheme.rounding
        db.insert("runs", RUN_COLUMNS, [(
            run, period, int(version) + 1, when, who(), appraise_version(), scheme.name,
            scheme.label, scheme.fingerprint, scheme.file, scheme_text, result.file,
            result.fingerprint, len(result.columns), scheme.currency, rounding.points,
            rounding.money, rounding.mode)])
        db.insert("results", RESULT_COLUMNS, _results(run, result))
        db.insert("figures", ("run", "person", "segment", "field", "value"),
                  _figures(run, result))
        db.insert("points", ("run", "person", "segment", "post", "indicator", "value",
                             "points"), _points(run, result))
    return Kept(period, int(version) + 1, new=True, because=because)


def _results(run: int, result: Result) -> Iterator[tuple[object, ...]]:
    c, grades, scheme = result.columns, result.scheme.grades, result.scheme
    for i, person in enumerate(result.people):
        post, unit = scheme.posts.get(c.post[i]), scheme.units.get(c.unit[i])
        grade = grades[int(c.grade[i])]
        bonus = person.bonus
        yield (run, c.person[i], c.name[i], c.post[i], c.unit[i], number(c.weighted_sum[i]),
               number(c.deductions[i]), number(c.bonuses[i]), number(c.total[i]), c.veto[i],
               grades[int(c.scored_grade[i])].grade, grade.grade, grade.label,
               str(grade.coefficient), None if bonus is None else str(bonus), c.pool[i],
               int(c.rank[i]), int(c.rank_of[i]), int(c.company_rank[i]),
               int(c.company_of[i]), int(c.line[i]), post.label if post else None,
               unit.label if unit else None)


def _figures(run: int, result: Result) -> Iterator[tuple[object, ...]]:
    for person, segments in zip(result.columns.person, result.columns.segments, strict=True):
        for k, segment in enumerate(segments):
            for field, column in segment.batch.inputs.items():
                value = column[segment.row]
                if value is not None and value == value:  # NaN: not given
                    yield (run, person, k, field,
                           value if isinstance(value, str) else number(value))


def _points(run: int, result: Result) -> Iterator[tuple[object, ...]]:
    import numpy as np

    for person, segments in zip(result.columns.person, result.columns.segments, strict=True):
        for k, segment in enumerate(segments):
            batch, row = segment.batch, segment.row
            scheme = batch.scheme
            card = scheme.scorecards[scheme.posts[batch.rows[row].post].scorecard]
            for entry in card.items:
                piece = batch.pieces[(card.id, entry.indicator)]
                at = int(np.searchsorted(piece.who, row))
                value = piece.value_at(at)
                yield (run, person, k, segment.post, entry.indicator,
                       value if isinstance(value, str) else number(value),
                       number(piece.points[at]))


def refuse_empty(db: Database) -> None:
    raise StoreError(db.name, _("this store holds no scored period yet"),
                     _("score a period with --store {url} first").format(url=db.name))
