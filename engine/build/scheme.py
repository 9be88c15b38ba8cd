"""Loading and validating a scheme: YAML text to a compiled :class:`Scheme`.

    text --load--> Document --schema--> diagnostics --build--> Scheme + diagnostics

Every problem is reported at once, sorted by where it is. The parts of a scheme are
built in the order they refer to each other (scales, fields, indicators, scorecards,
the organisation, the year), each by its own module, through one :class:`Context`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path as FilePath
from typing import Any

from ..diagnostics import AppraiseError, Diagnostic, errors_in, format_path
from ..i18n import _
from ..load import Document, check_schema, compose, load_yaml
from ..model import Calendar, Indicator, Rounding, Scheme
from ..year.cascade import allocate_all
from . import fields as field_parts
from . import grades as grade_parts
from . import indicators as indicator_parts
from . import organisation, year
from . import perspectives as perspective_parts
from . import scorecards as scorecard_parts
from .context import Context, noun
from .periods import check_periods
from .year_checks import check_periodic


@dataclass(frozen=True)
class Validation:
    """The outcome of validating one scheme file."""

    file: str
    diagnostics: list[Diagnostic]
    scheme: Scheme | None

    @property
    def ok(self) -> bool:
        return not errors_in(self.diagnostics)


def validate_scheme(file: str | FilePath, content: bytes | None = None) -> Validation:
    """Load and check a scheme; never raises for a bad scheme, returns its diagnostics."""
    name = str(file)
    try:
        doc = load_yaml(name, content)
        if isinstance(doc.data, dict) and "appraise_library" in doc.data:
            from .libraries import library_problems  # a library of indicators, checked whole

            return Validation(name, library_problems(doc, build), None)
        doc = compose(doc)
    except AppraiseError as exc:
        return Validation(name, exc.diagnostics, None)
    diagnostics, broken = check_schema(doc)
    if not isinstance(doc.data, dict):
        return Validation(name, sorted(set(diagnostics)), None)
    ctx = Context(doc, broken)
    scheme = build(ctx)
    diagnostics = sorted(set(diagnostics + ctx.diagnostics + _misspelt(doc, diagnostics +
                                                                       ctx.diagnostics)))
    return Validation(name, diagnostics, None if errors_in(diagnostics) else scheme)


def load_scheme(file: str | FilePath, content: bytes | None = None) -> Scheme:
    """A valid, compiled scheme, or :class:`AppraiseError` with every problem in it."""
    result = validate_scheme(file, content)
    if result.scheme is None:
        raise AppraiseError(errors_in(result.diagnostics) or [Diagnostic(
            result.file, 0, 0, "error", "", _("this is a library of indicators, not a scheme"),
            _("name a scheme that uses the library's indicators (use:)"))])
    return result.scheme


def _misspelt(doc: Document, found: list[Diagnostic]) -> list[Diagnostic]:
    """An entry added to the base's that has problems and a name close to one of the
    base's: most likely a change to the base's entry, misspelt."""
    from ..load.tree import NAMED

    out = []
    for path, added in doc.added.items():
        name = format_path(path)
        section = doc.data.get(path[0])
        if not isinstance(section, dict) or path[1] not in section:
            continue
        what = noun(NAMED[str(path[0])])
        if any(d.severity == "error" and (d.path == name or d.path.startswith(name + "."))
               for d in found):
            if close := added.close():
                out.append(doc.diagnostic(path, _(
                    "the base scheme has no {what} '{name}' to change, so this is a new "
                    "{what}").format(what=what, name=path[1]),
                    _("did you mean '{close}'? A new {what} is written whole").format(
                        close=close, what=what), at_key=True))
        elif (path[0] != "people" or not _named(doc, path)) \
                and (close := added.close()):  # ids of people run close
            out.append(doc.diagnostic(path, _(
                "'{name}' is a new {what}, not a change to the base's '{close}'").format(
                    name=path[1], what=what, close=close),
                _("if a change to '{close}' was meant, correct the name").format(close=close),
                at_key=True, severity="warning"))
    return out


def _named(doc: Document, path: tuple[str | int, ...]) -> bool:
    """Whether a person the scheme adds is written with a name, as a new person is."""
    section = doc.data.get(path[0])
    entry = section.get(path[1]) if isinstance(section, dict) else None
    return isinstance(entry, dict) and "name" in entry


def _fingerprint(doc: Document) -> str:
    """The scheme file's SHA-256; with a base or a library, of every file it draws on."""
    digest = hashlib.sha256(doc.content)
    for file in sorted(doc.drawn_on):
        digest.update(b"\0" + doc.drawn_on[file])
    return "sha256:" + digest.hexdigest()


def build(ctx: Context) -> Scheme:
    """Every part of the scheme, each checked; problems go to ``ctx``."""
    data = ctx.data
    rounding = Rounding(**(ctx.section("rounding") or {}))
    calendar = ctx.section("calendar")
    ctx.calendar = Calendar(**calendar) if isinstance(calendar, dict) else None
    ctx.scales = {k: field_parts.scale(ctx, k, v) for k, v in ctx.entries("scales")}
    fields = {k: field_parts.field(ctx, k, v) for k, v in ctx.entries("fields")}
    field_parts.check_labels(ctx, fields)
    indicators: dict[str, Indicator] = {}
    for key, raw in ctx.entries("indicators"):
        found = indicator_parts.indicator(ctx, key, raw, fields)
        if found is not None:
            indicators[key] = replace(found, label_en=str(raw.get("label_en") or "").strip())
    declared = perspective_parts.perspectives(ctx)
    sound = perspective_parts.check_indicators(ctx, declared)
    raw_scale = ctx.section("total_scale")  # not when the schema found it broken
    scale = scorecard_parts.total_scale(ctx, ("total_scale",), raw_scale) \
        if raw_scale is not None and not any(p[:1] == ("total_scale",)
                                             for p in ctx.broken_paths) else None
    scorecards = {k: scorecard_parts.scorecard(ctx, k, v, indicators, fields, declared, scale,
                                               sound)
                  for k, v in ctx.entries("scorecards")}
    units = {k: organisation.unit(ctx, k, v) for k, v in ctx.entries("units")}
    organisation.check_organisation(ctx, units)
    posts = {k: organisation.post(ctx, k, v, scorecards, indicators, units)
             for k, v in ctx.entries("posts")}
    people = {k: organisation.person(ctx, k, v, posts, scorecards, indicators)
              for k, v in ctx.entries("people")}
    check_periods(ctx, indicators, posts, people, year.cascaded(ctx))
    if _written(ctx, "gates") or any(i.share is not None for i in indicators.values()):
        from . import gates as gate_parts  # a scheme with gates or team shares

        scorecards = gate_parts.with_gates(ctx, scorecards, indicators, posts, people,
                                           year.cascaded(ctx))
        gate_parts.check_shares(ctx, indicators, scorecards, posts, people,
                                year.cascaded(ctx))
    scorecard_parts.check_scales(ctx, scorecards, {p.scorecard for p in posts.values()})
    field_parts.check_targets(ctx, fields, indicators, posts, people)
    cascades = {k: c for k, v in ctx.entries("cascade")
                if (c := year.cascade(ctx, k, v, units, indicators)) is not None}
    grades = grade_parts.grades(ctx)
    bonus_base = ctx.section("bonus_base")
    scheme = Scheme(
        file=ctx.doc.file,
        fingerprint=_fingerprint(ctx.doc),
        name=str(data.get("name", "")),
        label=str(data.get("label", data.get("name", ""))),
        currency=str(data.get("currency", "CNY")),
        language=str(data["language"]) if "language" in data else None,
        description=str(data.get("description") or ""),
        bonus_base=Decimal(bonus_base) if bonus_base is not None else None,
        rounding=rounding, scales=ctx.scales, grades=grades, fields=fields,
        indicators=indicators, scorecards=scorecards, units=units, posts=posts, people=people,
        calendar=ctx.calendar, cascades=cascades, calibration=year.calibration(ctx, grades),
        pools=year.pools(ctx, units), perspectives=declared,
        awards=_awards(ctx, indicators, scorecards, units, posts),
        subject=grade_parts.subject(ctx), feeds=_feeds(ctx, fields),
        **_records(ctx),
    )
    sound = _organisation_is_sound(ctx)
    if sound:  # a broken person, post or unit would only echo as a wrong share
        scheme.allocations.update(allocate_all(scheme))
    check_periodic(ctx, scheme, sound)
    if scheme.feeds or any(f.count is not None for f in fields.values()):
        from .feeds import check_counts

        check_counts(ctx, scheme)
    return scheme


def _organisation_is_sound(ctx: Context) -> bool:
    """The units, posts and people have no errors of their own."""
    parts = {"units", "posts", "people"}
    return not any(d.severity == "error" and d.path.split(".")[0] in parts
                   for d in ctx.diagnostics) \
        and not any(p and p[0] in parts for p in ctx.broken_paths)


__all__ = ["Document", "Validation", "build", "load_scheme", "validate_scheme"]


def _written(ctx: Context, key: str) -> bool:
    """Whether the scheme writes ``key`` at its top or under any scorecard."""
    cards = ctx.data.get("scorecards")
    return key in ctx.data or (isinstance(cards, dict) and any(
        isinstance(card, dict) and key in card for card in cards.values()))


def _feeds(ctx: Context, fields: dict[str, Any]) -> dict[str, Any]:
    """The schemes whose subjects this one counts, loaded only when it names some."""
    if "subjects" not in ctx.data and all(f.count is None for f in fields.values()):
        return {}
    from .feeds import feeds  # a scheme that counts another's subjects

    return feeds(ctx, fields, validate_scheme)


def _records(ctx: Context) -> dict[str, Any]:
    """The scheme's record sources and the fields worked out from them, when it has any."""
    if "records" not in ctx.data and not any(
            isinstance(raw, dict) and "from" in raw for _key, raw in ctx.entries("fields")):
        return {}
    from . import records  # a scheme that draws its figures from records

    found = records.sources(ctx)
    return {"records": found, "derived": records.derived(ctx, found)}


def _awards(ctx: Context, *parts: Any) -> dict[str, Any]:
    """The scheme's awards, built only when it writes some."""
    if "awards" not in ctx.data:
        return {}
    from . import awards as award_parts  # a scheme with awards: worth loading

    return award_parts.awards(ctx, *parts)
