"""Next year's scheme (``appraise rollforward``): targets grown, the year moved, every other
byte as HR wrote it; checked before anything is written.

What changes is decided from the scheme as built (:func:`appraise.validate_scheme`), and
written by splicing the new scalars into the original text (:mod:`.source`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from ..build import validate_scheme
from ..diagnostics import AppraiseError, Diagnostic, errors_in
from ..i18n import _
from ..load import MAX_SCHEME_BYTES, read_bytes
from ..model import Scheme
from .growth import ActualsError, Growth, RollForwardError, percent, read_growth
from .source import Path, Source, read_source
from .targets import Change, Kept, grown, target_changes
from .years import post_changes, still_naming, year_changes, year_of

__all__ = ["ActualsError", "Change", "Growth", "Kept", "NotValidAfter", "RollForward",
           "RollForwardError", "grown", "percent", "read_growth", "roll_forward", "shown"]


class NotValidAfter(AppraiseError):
    """The scheme rolled forward would not be valid: its problems, at the lines of the input
    (a roll-forward rewrites values in place, so every line stays where it was)."""


@dataclass
class RollForward:
    """A scheme rolled forward: the new text and what changed."""

    file: str
    year: int | None  # the scheme's year; None when it names none
    to: int
    content: bytes
    new: bytes
    targets: list[Change] = field(default_factory=list)
    from_actuals: list[Change] = field(default_factory=list)
    years: list[Change] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    old_year_texts: list[Kept] = field(default_factory=list)


def roll_forward(file: str, to: int, growth: Growth, content: bytes | None = None,
                 actuals: str | None = None, actuals_content: bytes | None = None,
                 ) -> RollForward:
    """Roll the scheme in ``file`` (or ``content``) forward to the year ``to``; with
    ``actuals`` (a data file of the scheme's year), each person's targets are their figures
    times the growth (:mod:`.actuals`).

    Raises :class:`AppraiseError` when the scheme has errors, :class:`RollForwardError`
    for a growth or year it cannot take, and :class:`NotValidAfter` when the new scheme
    would not be valid (a cascade's amounts that no longer add up, say).
    """
    if content is None:
        content = read_bytes(file, MAX_SCHEME_BYTES, "scheme")
    checked = validate_scheme(file, content)
    if checked.scheme is None:
        raise AppraiseError(errors_in(checked.diagnostics))
    scheme = checked.scheme
    _known(growth, set(scheme.indicators))
    year, where = year_of(scheme)
    if year is not None and to <= year:
        raise RollForwardError("--to", _(
            "{to} is not after the scheme's year, {year} (as {where} says); give a later "
            "year, e.g. --to {next}").format(to=to, year=year, where=where, next=year + 1))
    source = read_source(content)
    written_at = _inherited(file, content)
    if scheme.calendar is not None and year is not None \
            and ("calendar", "year") not in source.scalars:
        where = written_at(("calendar", "year")) if written_at else _("another file")
        raise AppraiseError([Diagnostic(
            file, 0, 0, "error", "calendar.year", _(
                "the calendar's year, {year}, is not written in this file but in {where}: the "
                "scheme cannot move to {to} on its own").format(year=year, where=where, to=to),
            _("roll that scheme forward first, or write calendar: {{year: {year}}} "
              "here").format(year=year))])
    if scheme.calendar is not None and written_at is not None:
        _movers_written_elsewhere(file, scheme, source, written_at, to)
    targets, kept, numbered = target_changes(scheme, source, growth, written_at)
    for name in growth.by_indicator:
        if name not in numbered:
            raise RollForwardError("--growth", _(
                "indicator '{indicator}' has no number written for its target in this "
                "scheme: nothing to grow").format(indicator=name))
    personal: list[Change] = []
    if actuals is not None:
        if growth.default is None and not growth.by_indicator:
            raise RollForwardError("--from-actuals", _(
                "give --growth too: the new targets are the actuals times the growth (0% keeps "
                "last year's figures)"))
        from .actuals import actual_targets, scored  # scoring, only when the actuals are read

        scored_actuals = scored(scheme, actuals, actuals_content, year)
        personal, missing = actual_targets(scheme, source, growth, scored_actuals)
        replaced = {c.path for c in personal}
        targets = [c for c in targets if c.path not in replaced]
        kept += missing
    years = year_changes(source, year, to) if year is not None else []
    if year is not None:
        posts, left = post_changes(scheme, source, year, to)
        years += posts
        kept += left
    every = [*targets, *personal, *years]
    new = source.spliced([(c.span, c.text) for c in every])
    after = validate_scheme(file, new)
    if not after.ok:
        raise NotValidAfter(errors_in(after.diagnostics))
    changed = {c.path for c in every}
    years.sort(key=lambda change: change.line)
    return RollForward(file, year, to, content, new, targets, personal, years, kept,
                       still_naming(source, year, changed) if year is not None else [])


def _movers_written_elsewhere(file: str, scheme: Scheme, source: Source,
                              written_at: Callable[[Path], str], to: int) -> None:
    """People whose months in the year are written in a base: this file cannot move them."""
    problems = [Diagnostic(
        file, 0, 0, "error", f"people.{pid}.posts", _(
            "the months of {person}'s posts are written in {where}, not in this file: the "
            "scheme cannot move them to {to} on its own").format(
                person=pid, where=written_at(("people", pid, "posts")), to=to),
        _("roll that scheme forward first, or write {person} under people: here").format(
            person=pid))
        for pid, person in scheme.people.items()
        if person.assignments and ("people", pid, "posts") not in source.sequences]
    if problems:
        raise AppraiseError(problems)


def _inherited(file: str, content: bytes) -> Callable[[Path], str] | None:
    """For a scheme built on a base (or a library), where a part it does not write itself
    comes from: FILE:LINE."""
    from ..load import compose, load_yaml
    from ..load.compose import composes

    doc = load_yaml(file, content)
    if not composes(doc.data):
        return None
    doc = compose(doc)

    def written_at(path: Path) -> str:
        origin, line, _ = doc.place(path)
        return f"{origin}:{line}"

    return written_at


def _known(growth: Growth, indicators: set[str]) -> None:
    for name in growth.by_indicator:
        if name not in indicators:
            close = difflib.get_close_matches(name, sorted(indicators), n=1)
            hint = _("did you mean '{name}'?").format(name=close[0]) if close else \
                _("the scheme's indicators: {names}").format(names=", ".join(sorted(indicators)))
            raise RollForwardError("--growth", _("the scheme has no indicator '{indicator}'; "
                                                 "{hint}").format(indicator=name, hint=hint))


def shown(result: RollForward) -> str:
    """What the command shows: the targets changed, those kept and why, the year moved,
    texts still naming the old year, then the unified diff of the text."""
    lines = [(_("{file}: rolled forward from {year} to {to}") if result.year is not None else
              _("{file}: rolled forward to {to} (the scheme names no year: only targets "
                "changed)")).format(file=result.file, year=result.year, to=result.to)]
    lines.append(_("targets changed ({count}):").format(count=len(result.targets))
                 if result.targets else _("targets changed: none"))
    lines += [_at(c.line, _dotted(c.path), _noted(f"{c.old} → {c.new}", c.note))
              for c in result.targets]
    if result.from_actuals:
        lines.append(_("targets from the actuals ({count}):").format(
            count=len(result.from_actuals)))
        lines += [_at(c.line, _dotted(c.path), _noted(f"{c.old or _('added')} → {c.new}",
                                                      c.note)) for c in result.from_actuals]
    if result.kept:
        lines.append(_("targets kept ({count}):").format(count=len(result.kept)))
        lines += [_at(k.line, _dotted(k.path), _noted(k.written, k.reason) if k.written
                      else k.reason) for k in result.kept]
    if result.years:
        lines.append(_("moved to {to} ({count}):").format(to=result.to,
                                                           count=len(result.years)))
        lines += [_at(c.line, _dotted(c.path), f"{c.old} → {c.new}") for c in result.years]
    if result.old_year_texts:
        lines.append(_("left as written, still naming {year} ({count}):").format(
            year=result.year, count=len(result.old_year_texts)))
        lines += [_at(k.line, _dotted(k.path), k.written) for k in result.old_year_texts]
    old = result.content.decode("utf-8-sig").splitlines(keepends=True)
    new = result.new.decode("utf-8-sig").splitlines(keepends=True)
    diff = difflib.unified_diff(old, new, result.file, f"{result.file} ({result.to})", n=0)
    return "\n".join(lines) + "\n" + "".join(d if d.endswith("\n") else d + "\n" for d in diff)


def _at(line: int, path: str, what: str) -> str:
    """A line of the summary: '  line 307: posts.sales_rep.targets.x: 1200000 → 1320000'."""
    if not line:
        return "  " + _("{path}: {change}").format(path=path, change=what)
    return "  " + _("line {line}: {path}: {change}").format(line=line, path=path, change=what)


def _noted(what: str, note: str) -> str:
    """'15 → 17 (16.5 rounded half up to whole numbers)': a change or a target with why."""
    return _("{change} ({note})").format(change=what, note=note) if note else what


def _dotted(path: Path) -> str:
    return ".".join(str(part) for part in path)

