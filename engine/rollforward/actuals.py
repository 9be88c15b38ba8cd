"""Targets from last year's actuals (同期 +x%): each person's new target is their figure of
the year now ending, as the scheme scores it, times the growth.

The figures are the ones the scheme itself scores from the data (the indicator's value: its
formula over the person's fields), so the target and next year's value are the same
measure. A person's new target goes in the person's own ``targets`` (replacing the
number there, or added in the style of their entry); the post's target is grown as usual and
stays for anybody the data has no figure for. A cascade sets its targets from the top, and
an indicator scored on a unit or on members has no figure of a person's own: both are left
to ``--growth``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..diagnostics import AppraiseError
from ..i18n import _
from ..model import Scheme
from ..numbers import settled_decimal
from ..scoring import Item, Result, score_file
from ..year import PeriodError
from .growth import ActualsError, Growth, RollForwardError, left_alone
from .source import Path, Source, number_text
from .targets import Change, Kept, grown

_YEAR = re.compile(r"(?<![0-9])(19|20)[0-9]{2}(?![0-9])")


@dataclass(frozen=True)
class _New:
    """One person's new target of one indicator: base (and stretch), and the working."""

    indicator: str
    base: str
    stretch: str | None
    note: str

    @property
    def flow(self) -> str:
        return self.base if self.stretch is None else \
            f"{{base: {self.base}, stretch: {self.stretch}}}"


def scored(scheme: Scheme, data: str, content: bytes | None, year: int | None) -> Result:
    """Last year's figures, scored by the scheme itself; the data must be of its year."""
    if scheme.calendar is not None:
        raise RollForwardError("--from-actuals", _(
            "targets from the actuals are set for a scheme scored one period at a time "
            "(without a calendar); grow a scheme kept by month with --growth"))
    try:
        result = score_file(scheme, data, None, content)
    except AppraiseError as exc:
        raise ActualsError(exc.diagnostics, exc.warnings) from None
    except PeriodError as exc:
        raise RollForwardError("--from-actuals", str(exc)) from None
    named = [int(m.group()) for m in _YEAR.finditer(result.period_id or "")]
    if year is not None and named and year not in named:
        raise RollForwardError("--from-actuals", _(
            "the data is for {period}, not for {year}, the scheme's year; give the figures of "
            "{year}").format(period=result.period_id, year=year))
    return result


def actual_targets(scheme: Scheme, source: Source, growth: Growth,
                   result: Result) -> tuple[list[Change], list[Kept]]:
    """Each person's targets from their figures × the growth; the people left out, and why."""
    changes: list[Change] = []
    kept: list[Kept] = []
    period = result.period_id or _("the data")
    for person in result.people:
        pid = person.person
        if pid not in scheme.people:
            kept.append(Kept(("people", pid), 0, "", _(
                "in {file} only, not in the scheme's people: add them there to set their "
                "targets").format(file=result.file)))
            continue
        if ("people", pid) not in source.mappings:  # written in a base the scheme extends
            kept.append(Kept(("people", pid), 0, "", _(
                "not written in this file (in the base it extends): write them under people: "
                "here to set their targets; the target of their post applies")))
            continue
        found = list(_new_targets(scheme, source, growth, person.items, pid, period))
        changes += _written(source, pid, [f for f in found if isinstance(f, _New)])
        kept += [f for f in found if isinstance(f, Kept)]
    there = {person.person for person in result.people}
    for pid in scheme.people:
        if pid not in there:
            entry = source.mappings.get(("people", pid))
            kept.append(Kept(("people", pid), entry.line if entry else 0, "", _(
                "not in {file}: the target of their post applies").format(file=result.file)))
    return changes, kept


def _new_targets(scheme: Scheme, source: Source, growth: Growth, items: tuple[Item, ...],
                 pid: str, period: str) -> Iterator[_New | Kept]:
    post = scheme.people[pid].post
    for item in items:
        indicator, target, value = item.indicator, item.target, item.value
        if indicator.external or scheme.cascade_of(indicator.id) is not None \
                or target is None or target.formulas:
            continue
        if indicator.id in growth.by_indicator:
            factor = 1 + growth.by_indicator[indicator.id]
        elif growth.default is not None and not left_alone(scheme, indicator):
            factor = 1 + growth.default
        else:
            continue
        if not isinstance(value, float) or not math.isfinite(value) or value <= 0:
            figure = number_text(settled_decimal(value)) if isinstance(value, float) \
                and math.isfinite(value) else _("no figure")
            entry = source.mappings.get(("people", pid))
            yield Kept(("people", pid, "targets", indicator.id), entry.line if entry else 0, "",
                       _("{figure} in {period}: nothing to grow from; the target of their post "
                         "applies").format(figure=figure, period=period))
            continue
        written = _applying(source, pid, post, indicator.id)
        if written is None:  # the target that applies is the base's or a library's
            entry = source.mappings.get(("people", pid))
            yield Kept(("people", pid, "targets", indicator.id), entry.line if entry else 0,
                       "", _("the target that applies is not written in this file (it is the "
                             "base's or the library's): write it here to set it from the "
                             "actuals"))
            continue
        base_places, stretch_places = written
        actual = settled_decimal(value)
        base, note = grown(actual, factor, scheme.rounding.mode, base_places)
        stretch = None
        if target.stretch is not None and stretch_places is not None:
            ratio = Decimal(repr(target.stretch)) / Decimal(repr(target.base))
            stretch = number_text(grown(base, ratio, scheme.rounding.mode, stretch_places)[0])
        rise = number_text(((factor - 1) * 100).normalize())
        working = _("{actual} in {period} {growth}").format(
            actual=number_text(actual), period=period,
            growth=f"{'' if rise.startswith('-') else '+'}{rise}%")
        yield _New(indicator.id, number_text(base), stretch,
                   _("{working}; {note}").format(working=working, note=note) if note
                   else working)


def _applying(source: Source, pid: str, post: str,
              indicator: str) -> tuple[int, int | None] | None:
    """The places of the base (and stretch) of the target written for the person, else for
    their post, else for the indicator: the new one is written to as many."""
    for path in (("people", pid, "targets", indicator), ("posts", post, "targets", indicator),
                 ("indicators", indicator, "target")):
        base = source.scalars.get(path) or source.scalars.get((*path, "base"))
        if base is not None and base.number is not None:
            stretch = source.scalars.get((*path, "stretch"))
            return _places(base.number), \
                _places(stretch.number) if stretch and stretch.number is not None else None
    return None


def _flow(entries: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{key}: {value}" for key, value in entries) + "}"


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return min(0, exponent) if isinstance(exponent, int) else 0


def _written(source: Source, pid: str, found: list[_New]) -> list[Change]:
    """The person's new targets in the text: over the numbers of their own targets, else
    added to their targets, else a targets entry added to them."""
    changes: list[Change] = []
    added: list[_New] = []
    own = ("people", pid, "targets")
    for new in found:
        path: Path = (*own, new.indicator)
        numbers = [(p, source.scalars.get(p)) for p in (path, (*path, "base"), (*path, "stretch"))]
        written = [(p, s) for p, s in numbers if s is not None and s.number is not None]
        if not written:
            added.append(new)
            continue
        for where, scalar in written:
            text = new.stretch if where[-1] == "stretch" else new.base
            if scalar is not None and text is not None:
                changes.append(Change(where, scalar.line, source.written(scalar), text,
                                      new.note, scalar.span))
    if not added:
        return changes
    entries = [(new.indicator, new.flow) for new in added]
    if own in source.mappings:
        at, text = source.entries_added(own, entries)
    else:
        at, text = source.entries_added(("people", pid), [("targets", _flow(entries))])
    note = _("; ").join(_("{indicator}: {note}").format(indicator=new.indicator, note=new.note)
                        for new in added) if len(added) > 1 else added[0].note
    changes.append(Change(own, source.line_at(at), "", _flow(entries), note, (at, at), text))
    return changes
