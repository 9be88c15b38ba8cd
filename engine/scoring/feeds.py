"""Counting the subjects of the schemes a scheme names under ``subjects:`` (customers
classed by their own scheme, counted for the salesperson who looks after each): each
scheme scored on its data for the same period, then each subject's grade counted for the
owner its data names.

Every subject must name an owner: a blank owner is an error naming the subject's row, as
is an owner with no row in the counting scheme's data (:mod:`..data.counted`) or none in
the period scored (:func:`check_scored`). A scheme counted may count subjects in turn
(a manager's salespeople's customers); one ``--subjects`` name is one file for all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path as FilePath

from ..data import Actuals, Counts, Owned
from ..data.counted import not_scored
from ..data.records import is_json
from ..diagnostics import AppraiseError, Diagnostic
from ..i18n import _, language
from ..model import Feed, Scheme
from .result import Result

Scored = Callable[[Scheme, str, str | None], tuple[Result, Actuals]]
"""How a counted scheme is scored on its data file for a period, with the rows read."""


def every_feed(scheme: Scheme) -> dict[str, list[Feed]]:
    """Each name under ``subjects:`` of the scheme and of the schemes it counts, in turn,
    with the schemes it names."""
    found: dict[str, list[Feed]] = {}
    waiting = [scheme]
    while waiting:
        for name, feed in waiting.pop().feeds.items():
            if all(f.scheme.file != feed.scheme.file for f in found.get(name, [])):
                found.setdefault(name, []).append(feed)
                waiting.append(feed.scheme)
    return found


def counts_for(scheme: Scheme, subjects: Mapping[str, str | FilePath], period: str | None,
               scored: Scored) -> tuple[Counts, list[Diagnostic]]:
    """The subjects ``scheme`` counts, by owner, with the warnings their scoring gave."""
    for name, feeds in every_feed(scheme).items():
        if len({f.scheme.file for f in feeds}) > 1:
            raise AppraiseError([Diagnostic(
                scheme.file, 0, 0, "error", f"subjects.{name}", _(
                    "two schemes call the subjects they count '{name}' ({first}, {second}), "
                    "and one --subjects {name}=FILE cannot hold the data of both").format(
                        name=name, first=feeds[0].file, second=feeds[1].file),
                _("give them different names under subjects:"))])
    owned: dict[str, dict[str, list[Owned]]] = {}
    periods: dict[str, str | None] = {}
    called: dict[str, str] = {}
    sources: dict[str, dict[str, str]] = {}
    warnings: list[Diagnostic] = []
    counted = {f.count.subjects for f in scheme.fields.values() if f.count is not None}
    for name, feed in scheme.feeds.items():
        if name not in counted:  # validate warns of it: there is nothing to count
            continue
        file = subjects.get(name)
        if file is None:
            raise AppraiseError([Diagnostic(
                scheme.file, 0, 0, "error", f"subjects.{name}", _(
                    "this scheme counts the subjects '{name}' that {file} appraises, but no "
                    "data is given for them").format(name=name, file=feed.file),
                _("give their data file with --subjects {name}=FILE").format(name=name))])
        result, data = scored(feed.scheme, str(file), period)
        warnings += result.warnings
        subject = feed.scheme.subject
        assert subject is not None and subject.owner is not None  # checked when built
        called[name] = subject.label_en.lower() if language() == "en" else subject.label
        owned[name] = _owners(result, data, subject.owner, called[name])
        periods[name] = result.period_id
        sources[name] = {"scheme": feed.scheme.file, "scheme_fingerprint":
                         feed.scheme.fingerprint, "data": data.file,
                         "data_fingerprint": data.fingerprint}
    return Counts(owned, periods, called, sources), warnings


def check_scored(counts: Counts, result: Result) -> None:
    """Every subject's owner is scored in the period (a row in another period of the file
    is not enough: the subject would be counted for nobody)."""
    scored = set(result.columns.person)
    errors = [not_scored(counts.called.get(feed) or _("subject"), owner, found,
                         _("who is not scored in {period}").format(period=result.period_id)
                         if result.period_id else _("who is not scored in the period"))
              for feed, owners in counts.owned.items() for owner, found in owners.items()
              if owner not in scored]
    if errors:
        raise AppraiseError(errors, result.warnings)


def same_period(data: Actuals, counts: Counts) -> None:
    """The subjects counted were scored for the period of the data's rows."""
    for name, period in counts.period.items():
        if data.period is not None and period is not None and period != data.period:
            raise AppraiseError([Diagnostic(
                data.file, 0, 0, "error", "", _(
                    "the data is for {period}, but the subjects '{name}' were scored for "
                    "{scored}").format(period=data.period, name=name, scored=period),
                _("give both files' period with --period, or the data of the same period"))])


def _owners(result: Result, data: Actuals, field: str, called: str
            ) -> dict[str, list[Owned]]:
    """Each subject of ``result`` under its owner (``field`` of its row), in the data's
    order; an error for a subject without one."""
    rows, index = data.rows, data.index or {r.person: i for i, r in enumerate(data.rows)}
    with open(data.file, "rb") as opened:
        record = is_json(data.file, opened.read(64))
    label = result.scheme.fields[field].label
    named = _("'{field}' ({label})").format(field=field, label=label) if label != field \
        else f"'{field}'"
    out: dict[str, list[Owned]] = {}
    blank: list[Diagnostic] = []
    for person in result.people:
        row = rows[index[person.person]]
        owner = str(row.values.get(field) or "").strip()
        found = Owned(person.person, person.name, person.grade, data.file, row.line, record)
        if owner:
            out.setdefault(owner, []).append(found)
        else:
            blank.append(found.at(f"{person.person}.{field}", _(
                "{called} '{subject}' ({name}) has no owner: {field} is blank").format(
                    called=called, subject=person.person, name=person.name, field=named),
                _("fill in the id of the person who looks after it")))
    if blank and not out:
        raise AppraiseError([Diagnostic(
            data.file, 0 if record else 1, 0, "error", field, _(
                "no {called} in {file} has an owner: the column {field} is missing or "
                "blank").format(called=called, file=data.file, field=named),
            _("add the column, holding for each {called} the id of the person who looks "
              "after it").format(called=called))])
    if blank:
        raise AppraiseError(blank)
    return out
