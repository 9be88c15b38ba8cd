"""Counting another scheme's subjects (客户分级 feeding a salesperson's indicators): the
``subjects:`` a scheme names, each a scheme file loaded and checked with it, and the
``count`` fields that count them by grade for their owner.

A scheme whose subjects are counted names their owner (``subject: {owner: <text field>}``)
and is scored from one row per subject for the period (it has no calendar). A chain of
schemes that comes back to one already being loaded is refused, naming the chain.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from ..diagnostics import Path, did_you_mean, errors_in
from ..i18n import _
from ..model import Count, Feed, Field, Scheme
from .context import Context

Validate = Callable[[str], Any]
"""How a scheme file is validated (:func:`.scheme.validate_scheme`)."""

_LOADING: ContextVar[tuple[str, ...]] = ContextVar("loading", default=())
"""The scheme files being loaded, outermost first, each as its real path."""

_NOT_FOR_COUNTS = ("type", "scale", "weight", "raters", "drop_extremes", "convert", "min",
                   "max", "integer")
_SUMMING = ("sum", "weighted_average")


def count_field(ctx: Context, key: str, raw: dict[str, Any]) -> Field:
    """A field counted, not read (``count: {subjects: customers, grade: [VIP]}``): a whole
    number for the period, so none of the settings that read or check figures applies,
    and over months each month holds the period's count."""
    path: Path = ("fields", key)
    for name in _NOT_FOR_COUNTS:
        if name in raw:
            ctx.error((*path, name), _("field '{key}' is counted from another scheme's subjects; "
                                       "'{name}' is for figures read from the data").format(
                                         key=key, name=name),
                      _("remove '{name}'").format(name=name), at_key=True)
    aggregate = raw.get("aggregate", "last")
    if aggregate in _SUMMING and ctx.calendar is not None:
        ctx.error((*path, "aggregate"), _("field '{key}' is counted for the whole period, and "
                                          "every month holds that count, so {aggregate} would "
                                          "count it once a month").format(
                                            key=key, aggregate=aggregate),
                  _("use aggregate: last (the default for a count)"))
    count = raw["count"]
    grades = count.get("grade")
    return Field(key, raw.get("label", key), raw.get("unit", ""), raw.get("definition", ""),
                 aggregate=aggregate, combine=raw.get("combine", "sum"),
                 count=Count(str(count["subjects"]),
                             tuple(map(str, grades)) if grades is not None else None))


def feeds(ctx: Context, fields: dict[str, Field], validate: Validate) -> dict[str, Feed]:
    """Each scheme under ``subjects:``, loaded and checked by ``validate``, and each
    ``count`` field's subjects and grades checked against it."""
    found: dict[str, Feed] = {}
    for name, raw in ctx.entries("subjects"):
        scheme = _linked(ctx, ("subjects", name, "scheme"), str(raw["scheme"]), validate)
        if scheme is not None:
            found[name] = Feed(name, str(raw["scheme"]), scheme)
    counted: set[str] = set()
    for spec in fields.values():
        if spec.count is None or ("fields", spec.id) in ctx.broken_entries:
            continue
        path: Path = ("fields", spec.id, "count")
        if not ctx.refer((*path, "subjects"), spec.count.subjects, "subjects", "subjects"):
            continue
        counted.add(spec.count.subjects)
        feed = found.get(spec.count.subjects)
        if feed is None:
            continue
        known = [g.grade for g in feed.scheme.grades]
        for grade in spec.count.grades or ():
            if grade not in known:
                ctx.error((*path, "grade"), _("grade '{grade}' is not a grade of {file}").format(
                    grade=grade, file=feed.file), did_you_mean(grade, known))
    for name in found:
        if name not in counted:
            ctx.error(("subjects", name), _("no field counts the subjects '{name}'").format(
                                              name=name),
                      _("add a field with count: {{subjects: {name}}}, or remove it").format(
                          name=name),
                      at_key=True, warning=True)
    return found


def check_counts(ctx: Context, scheme: Scheme) -> None:
    """A count is the period's own: no formula reads it over earlier months."""
    for name in scheme.looked_back:
        spec = scheme.fields[name]
        if spec.count is not None:
            ctx.error(("fields", name, "count"), _("field '{name}' is counted for the period "
                                                   "scored only, so previous() and last_year() "
                                                   "cannot read it over earlier months").format(
                                                     name=name),
                      _("use a field read from the data for the earlier months' count"),
                      at_key=True)


def _linked(ctx: Context, path: Path, written: str, validate: Validate) -> Scheme | None:
    """The scheme file ``written`` (relative to this scheme's folder), loaded and checked;
    its own problems filed under its name, and None, if it has any."""
    own = ctx.doc.place(path)[0]  # a base's subjects: relative to the base
    folder = os.path.dirname(own) if own != "<stdin>" else ""  # standard input: here
    file = os.path.normpath(os.path.join(folder, written))
    if not os.path.isfile(file):
        ctx.error(path, _("scheme file '{written}' is not there (looked for {file})").format(
                            written=written, file=file),
                  _("write the path of the scheme file relative to this scheme's folder"))
        return None
    loading = _LOADING.get() or (os.path.realpath(ctx.doc.file),)
    real = os.path.realpath(file)
    if real in loading:
        chain = " → ".join(os.path.basename(f) for f in (*loading, real))
        ctx.error(path, _("scheme '{written}' counts the subjects of this scheme in turn "
                          "({chain})").format(written=written, chain=chain),
                  _("a scheme cannot count its own subjects, directly or through another: "
                    "remove one of the subjects:"))
        return None
    token = _LOADING.set((*loading, real))
    try:
        checked = validate(file)
    finally:
        _LOADING.reset(token)
    problems = errors_in(checked.diagnostics)
    if problems or checked.scheme is None:
        ctx.diagnostics.extend(problems)
        ctx.error(path, (_("scheme '{written}' has 1 error (shown under its name)")
                         if len(problems) == 1 else
                         _("scheme '{written}' has {count} errors (shown under its name)")).format(
            written=written, count=len(problems)),
                  _("fix them first: its subjects are scored to be counted"))
        return None
    linked: Scheme = checked.scheme
    if linked.calendar is not None:
        ctx.error(path, _("scheme '{written}' keeps its figures by month; a scheme whose subjects "
                          "are counted is scored from one row per subject for the "
                          "period").format(written=written),
                  _("give it no calendar, and one row per subject in its data"))
    elif linked.subject is None or linked.subject.owner is None:
        ctx.error(path, _("scheme '{written}' names no owner of its subjects, so they cannot be "
                          "counted for anyone").format(written=written),
                      _("in {written}, add owner: <a text field holding the person's id> under "
                        "subject:").format(written=written))
    else:
        return linked
    return None
