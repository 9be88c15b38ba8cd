"""Counting the subjects of the schemes a scheme names under ``subjects:`` (customers
classed by their own scheme, counted for the salesperson who looks after each): each
scheme scored on its data for the same period, then each subject's grade counted for the
owner its data names.

Every subject must name an owner: a blank owner is an error naming the subject's row, as
is an owner with no row in the counting scheme's data (:mod:`..data.counted`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path as FilePath

from ..data import Actuals, Counts, Owned
from ..diagnostics import AppraiseError, Diagnostic
from ..model import Scheme
from .result import Result

Scored = Callable[[Scheme, str, str | None], tuple[Result, Actuals]]
"""How a counted scheme is scored on its data file for a period, with the rows read."""


def counts_for(scheme: Scheme, subjects: Mapping[str, str | FilePath], period: str | None,
               scored: Scored) -> tuple[Counts, list[Diagnostic]]:
    """The subjects ``scheme`` counts, by owner, with the warnings their scoring gave."""
    owned: dict[str, dict[str, list[Owned]]] = {}
    periods: dict[str, str | None] = {}
    called: dict[str, str] = {}
    files: dict[str, str] = {}
    warnings: list[Diagnostic] = []
    for name, feed in scheme.feeds.items():
        file = subjects.get(name)
        if file is None:
            raise AppraiseError([Diagnostic(
                scheme.file, 0, 0, "error", f"subjects.{name}", f"this scheme counts the "
                f"subjects '{name}' that {feed.file} appraises, but no data is given for "
                "them", f"give their data file with --subjects {name}=FILE")])
        result, data = scored(feed.scheme, str(file), period)
        warnings += result.warnings
        subject = feed.scheme.subject
        assert subject is not None and subject.owner is not None  # checked when built
        called[name] = subject.label_en.lower()
        owned[name] = _owners(result, data, subject.owner, called[name])
        periods[name], files[name] = result.period_id, data.file
    return Counts(owned, periods, called, files), warnings


def _owners(result: Result, data: Actuals, field: str, called: str
            ) -> dict[str, list[Owned]]:
    """Each subject of ``result`` under its owner (``field`` of its row), in the data's
    order; an error for a subject without one."""
    rows, index = data.rows, data.index or {r.person: i for i, r in enumerate(data.rows)}
    label = result.scheme.fields[field].label
    named = f"'{field}'" + (f" ({label})" if label != field else "")
    out: dict[str, list[Owned]] = {}
    blank: list[Diagnostic] = []
    for person in result.people:
        row = rows[index[person.person]]
        owner = str(row.values.get(field) or "").strip()
        if not owner:
            blank.append(Diagnostic(
                data.file, row.line, 0, "error", f"{person.person}.{field}",
                f"{called} '{person.person}' ({person.name}) has no owner: {named} is blank",
                "fill in the id of the person who looks after it"))
            continue
        out.setdefault(owner, []).append(
            Owned(person.person, person.name, person.grade, data.file, row.line))
    if blank and not out:
        raise AppraiseError([Diagnostic(
            data.file, 1, 0, "error", field, f"no {called} in {data.file} has an owner: "
            f"the column {named} is missing or blank", "add the column, holding for each "
            f"{called} the id of the person who looks after it")])
    if blank:
        raise AppraiseError(blank)
    return out
