"""``appraise diff``: what changed between two schemes, in the words HR uses for them.

Both schemes are compared as they were compiled (any base scheme or library indicator
already worked in), never as YAML: a comment, a key's order or a number's quoting is no
change; a weight of 20 that becomes 15 is. Each change names the part of the scheme it is
in (a post, an indicator, a grade), what changed (the target of an indicator, the weight of
a scorecard line, a band of a rule) and its old and new values, with the percentage for
targets, bonus bases and pools. Sections come in the order a scheme writes them, and the
entries of a section in the new scheme's order, then those it removed in the old one's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import partial
from typing import Any

from ..formula import Formula
from ..formula.conditions import Condition
from ..i18n import _
from ..model import Person, Post, Scheme
from ..numbers import weight_text
from ..rules import Rule, Target
from ..rules.bands import BandsRule
from .scheme_values import (
    NOTHING,
    as_value,
    bands,
    bands_text,
    is_number,
    plain,
    rule_text,
    shown,
)
from .scheme_words import (
    change_sentence,
    joined,
    named_part,
    of,
    section_heading,
)


@dataclass(frozen=True)
class Change:
    """One difference: in ``section``, the entry ``id`` (``label``), its ``part`` ('' for the
    entry itself, added or removed) from ``old`` to ``new`` (None: not there)."""

    section: str
    id: str
    label: str
    part: str
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    @property
    def named(self) -> str:
        return _named(self.id, self.label)

    @property
    def percent(self) -> Decimal | None:
        """The change in percent, to one decimal half up, of a target, bonus base or pool."""
        if not _growing(self.part, self.section) or not (is_number(self.old)
                                                         and is_number(self.new)):
            return None
        old, new = Fraction(self.old), Fraction(self.new)
        if old == 0:
            return None
        exact = (new - old) / old * 100
        return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def text(self) -> str:
        """The line a person reads: 'sales_rep (销售代表): weight of ... 20 → 15'."""
        change = self.percent
        said = change_sentence(
            self.part, None if self.old is None else "" if self.old == "" else shown(self.old),
            None if self.new is None else "" if self.new == "" else shown(self.new),
            "" if change is None else f"{'+' if change >= 0 else ''}{change}%")
        return _("{entry}: {change}").format(entry=self.named, change=said) if self.id \
            else said

    def as_data(self) -> dict[str, Any]:
        change = self.percent
        return {"section": self.section, "id": self.id, "label": self.label,
                "part": self.part, "change": self.kind, "old": as_value(self.old),
                "new": as_value(self.new),
                "percent": None if change is None else float(change), "text": self.text}


SECTIONS = ("scheme", "perspectives", "scales", "grades", "fields", "indicators", "scorecards",
            "units", "posts", "people", "calendar", "cascades", "calibration", "pools",
            "awards", "subjects")
_GROWING = ("target", "base target", "stretch target", "bonus base")
_SKIPPED = {"sums_over_months"}  # worked out from the rest, not written
_WORDS = {"values": ""}  # a split's shares or amounts: named by the unit they go to


def _growing(part: str, section: str) -> bool:
    return section == "pools" or part.split(" of ")[0] in _GROWING \
        or part.endswith(("target", "stretch"))


def scheme_changes(old: Scheme, new: Scheme) -> list[Change]:
    """Every difference between ``old`` and ``new``, section by section."""
    found: list[Change] = []
    top = ("name", "label", "currency", "rounding", "subject")  # in the order written
    found += _entry("scheme", "", "", {k: getattr(old, k) for k in top},
                    {k: getattr(new, k) for k in top})
    found += _parts("scheme", "", "", "bonus base", old.bonus_base, new.bonus_base)
    found += _keyed("perspectives", old.perspectives, new.perspectives)
    found += _keyed("scales", old.scales, new.scales)
    found += _keyed("grades", {g.grade: g for g in old.grades}, {g.grade: g for g in new.grades})
    found += _keyed("fields", old.fields, new.fields)
    found += _keyed("indicators", old.indicators, new.indicators, _indicator)
    named = {k: _named(k, i.label) for k, i in [*old.indicators.items(),
                                                   *new.indicators.items()]}
    found += _keyed("scorecards", old.scorecards, new.scorecards, partial(_scorecard, named))
    found += _keyed("units", old.units, new.units)
    found += _keyed("posts", old.posts, new.posts, partial(_holder, named))
    found += _keyed("people", old.people, new.people, partial(_holder, named))
    found += _parts("calendar", "", "", "calendar", old.calendar, new.calendar)
    found += _keyed("cascades", old.cascades, new.cascades, _cascade)
    found += _parts("calibration", "", "", "calibration", old.calibration, new.calibration)
    found += _keyed("pools", old.pools, new.pools)
    found += _keyed("awards", old.awards, new.awards)
    found += _keyed("subjects", {k: (f.file, f.scheme.fingerprint) for k, f in old.feeds.items()},
                    {k: (f.file, f.scheme.fingerprint) for k, f in new.feeds.items()}, _feed)
    return found


def _keyed(section: str, old: Mapping[str, Any], new: Mapping[str, Any],
           compare: Any = None) -> Iterator[Change]:
    """The entries of a section: added, changed (part by part), then removed."""
    for key, value in new.items():
        label = _label(value)
        if key not in old:
            yield Change(section, key, label, "", None, _whole(value))
        elif compare is not None:
            yield from compare(section, key, label, old[key], value)
        else:
            yield from _entry(section, key, label, old[key], value)
    for key, value in old.items():
        if key not in new:
            yield Change(section, key, _label(value), "", _whole(value), None)


def _named(key: str, label: str) -> str:
    """'sales_rep (销售代表)', or the id alone when its label adds nothing."""
    return key if label in ("", key) else f"{key} ({label})"


def _label(value: Any) -> str:
    found = getattr(value, "label", None) or getattr(value, "name", None)
    return found if isinstance(found, str) else ""


def _whole(value: Any) -> Any:
    """What an added or removed entry is shown as beside its name: its value for a plain
    one (a pool), where a post or a person is, else nothing more."""
    if isinstance(value, (int, float, Decimal, Fraction, str)):
        return value
    if isinstance(value, Post):
        return _("unit {unit}, scorecard {scorecard}").format(unit=value.unit,
                                                               scorecard=value.scorecard)
    if isinstance(value, Person):
        return _("post {post}").format(post=value.post)
    return ""


def _entry(section: str, key: str, label: str, old: Any, new: Any,
           skip: tuple[str, ...] = ()) -> Iterator[Change]:
    """An entry's fields, each compared (``skip``: those compared on their own)."""
    if isinstance(old, Mapping):
        olds, news = old, new
    elif not is_dataclass(old) or type(old) is not type(new):  # a pool's amount
        yield from _parts(section, key, label, "", old, new)
        return
    else:
        names = [f.name for f in fields(old) if f.compare and f.name not in skip]
        olds, news = ({n: getattr(v, n) for n in names} for v in (old, new))
    for name in news:
        if name not in _SKIPPED and name not in skip:
            yield from _parts(section, key, label, name.replace("_", " "), olds.get(name),
                              news[name])


def _parts(section: str, key: str, label: str, part: str, old: Any, new: Any
           ) -> Iterator[Change]:
    """Changes of one part, walked down to the numbers that changed."""
    if plain(old) == plain(new):
        return
    if _composite(old) and type(old) is type(new):
        for name in (f.name for f in fields(old) if f.compare and f.name not in _SKIPPED):
            word = _WORDS.get(name, name.replace("_", " "))
            yield from _parts(section, key, label, joined(part, word) if word else part,
                              getattr(old, name), getattr(new, name))
    elif isinstance(old, dict) and isinstance(new, dict):
        for name in [*new, *(k for k in old if k not in new)]:
            if name not in old or name not in new:
                yield Change(section, key, label, joined(part, str(name), word=False),
                             old.get(name), new.get(name))
            else:
                yield from _parts(section, key, label, joined(part, str(name), word=False),
                                  old[name], new[name])
    else:
        yield Change(section, key, label, part, NOTHING if old in (None, "") else old,
                     NOTHING if new in (None, "") else new)


def _composite(value: Any) -> bool:
    """A dataclass walked field by field (a rule or a target is shown by its own parts)."""
    return is_dataclass(value) and not isinstance(value, (Rule, Target, Formula, Condition))


def _indicator(section: str, key: str, label: str, old: Any, new: Any) -> Iterator[Change]:
    yield from _entry(section, key, label, old, new, ("rule", "target"))
    yield from _target(section, key, label, None, old.target, new.target)
    yield from _rule(section, key, label, old.rule, new.rule)


def _rule(section: str, key: str, label: str, old: Rule, new: Rule) -> Iterator[Change]:
    """A rule by its parts (cap, floor, each band); a rule of another kind whole."""
    if plain(old) == plain(new):
        return
    if type(old) is not type(new) or old.kind != new.kind:
        yield Change(section, key, label, "rule", rule_text(old), rule_text(new))
        return
    if isinstance(old, BandsRule) and isinstance(new, BandsRule) \
            and len(old.bands) == len(new.bands) and old.closed == new.closed:
        for was, now in zip(bands(old), bands(new), strict=True):
            if was != now:
                yield Change(section, key, label, "rule band", was, now)
        names = [f.name for f in fields(old) if f.name not in ("kind", "direction", "bands")]
    elif isinstance(old, BandsRule) and isinstance(new, BandsRule):
        yield from _parts(section, key, label, "rule bands", bands_text(old), bands_text(new))
        names = [f.name for f in fields(old) if f.name not in ("kind", "direction", "bands",
                                                               "closed")]
    else:
        names = [f.name for f in fields(old) if f.name not in ("kind", "direction")]
    for name in names:
        yield from _parts(section, key, label, joined("rule", name.replace("_", " ")),
                          getattr(old, name), getattr(new, name))


def _target(section: str, key: str, label: str, indicator: str | None, old: Target | None,
            new: Target | None) -> Iterator[Change]:
    """A target (an indicator's own, or with ``indicator`` a holder's target of it): its
    base, stretch and period, each with its change in percent."""
    if plain(old) == plain(new):
        return

    def part(word: str) -> str:
        return of(word, indicator) if indicator is not None else word

    if old is None or new is None:
        yield Change(section, key, label, part("target"), old, new)
        return
    if old.stretch is None and new.stretch is None:
        yield from _parts(section, key, label, part("target"), _level(old.base, old.formula),
                          _level(new.base, new.formula))
    else:
        yield from _parts(section, key, label, part("base target"),
                          _level(old.base, old.formula), _level(new.base, new.formula))
        yield from _parts(section, key, label, part("stretch target"),
                          _level(old.stretch, old.stretch_formula),
                          _level(new.stretch, new.stretch_formula))
    yield from _parts(section, key, label, part("period of target"), old.per, new.per)


def _level(number: float | None, formula: Formula | None) -> Any:
    return formula.text if formula is not None else number


def _scorecard(named: Mapping[str, str], section: str, key: str, label: str, old: Any,
               new: Any) -> Iterator[Change]:
    yield from _entry(section, key, label, old, new, ("items", "sections", "gates"))
    yield from _sub(section, key, label, "section", {s.id: s for s in old.sections},
                    {s.id: s for s in new.sections})
    yield from _sub(section, key, label, "gate", {g.label: g for g in old.gates},
                    {g.label: g for g in new.gates})
    was = {item.indicator: item for item in old.items}
    now = {item.indicator: item for item in new.items}
    for indicator in [*now, *(n for n in was if n not in now)]:
        name = named.get(indicator, indicator)
        line = named_part("line", name)
        before, after = was.get(indicator), now.get(indicator)
        if before is None or after is None:
            yield Change(section, key, label, line, None if before is None else
                         _item_text(before), None if after is None else _item_text(after))
            continue
        for part in ("weight", "section", "evidence"):
            yield from _parts(section, key, label, of(part, name), getattr(before, part),
                              getattr(after, part))


def _sub(section: str, key: str, label: str, word: str, old: Mapping[str, Any],
         new: Mapping[str, Any]) -> Iterator[Change]:
    """The parts of an entry kept by name (a card's sections and gates, a cascade's splits):
    added, changed part by part, removed."""
    for name in [*new, *(n for n in old if n not in new)]:
        called = _named(name, _label(new.get(name, old.get(name))))
        part = of("split", called) if word == "split of" else named_part(word, called)
        if name not in old or name not in new:
            yield Change(section, key, label, part, old.get(name), new.get(name))
        else:
            yield from _parts(section, key, label, part, old[name], new[name])


def _cascade(section: str, key: str, label: str, old: Any, new: Any) -> Iterator[Change]:
    """A cascade: its target, its phasing as each month's share of the year, its splits."""
    yield from _entry(section, key, label, old, new, ("phasing", "splits"))
    if old.phasing != new.phasing:
        yield Change(section, key, label, "phasing", _phasing(old.phasing),
                     _phasing(new.phasing))
    yield from _sub(section, key, label, "split of", old.splits, new.splits)


def _phasing(months: tuple[Fraction, ...]) -> str:
    """Twelve months' shares of the year in percent: '6.67%, 6.67%, ...'."""
    return ", ".join(f"{weight_text(share * 100)}%" for share in months)


def _item_text(item: Any) -> str:
    """A scorecard line beside its name: its weight and section ('' for a line without)."""
    weight = "" if item.weight is None else _("weight {weight}").format(
        weight=weight_text(item.weight))
    section = _("section {section}").format(section=item.section) if item.section else ""
    if weight and section:
        return _("{weight}, {section}").format(weight=weight, section=section)
    return weight or section


def _holder(named: Mapping[str, str], section: str, key: str, label: str, old: Any,
            new: Any) -> Iterator[Change]:
    """A post or a person: their fields, then their targets one by one."""
    yield from _entry(section, key, label, old, new, ("targets", "bonus_base"))
    yield from _parts(section, key, label, "bonus base", old.bonus_base, new.bonus_base)
    for name in [*new.targets, *(n for n in old.targets if n not in new.targets)]:
        yield from _target(section, key, label, named.get(name, name),
                           old.targets.get(name),
                           new.targets.get(name))


def _feed(section: str, key: str, label: str, old: tuple[str, str], new: tuple[str, str]
          ) -> Iterator[Change]:
    if old[0] != new[0]:
        yield Change(section, key, label, "scheme", old[0], new[0])
    elif old[1] != new[1]:
        yield Change(section, key, label, "scheme", _("{file} as it was").format(file=old[0]),
                     _("{file} as it is now").format(file=new[0]))


# -- the two outputs --------------------------------------------------------------------------


def diff_text(old: str, new: str, changes: list[Change]) -> str:
    """The changes, section by section, then how many; one line when there are none."""
    if not changes:
        return _("{old} and {new} are the same scheme: no changes.").format(old=old, new=new) \
            + "\n"
    lines = [_("Changes from {old} to {new}:").format(old=old, new=new)]
    for section in SECTIONS:
        found = [c for c in changes if c.section == section]
        if found:
            lines += ["", section_heading(section), *(f"  {c.text}" for c in found)]
    count = len(changes)
    lines += ["", (_("{count} change.") if count == 1 else _("{count} changes.")).format(
        count=count)]
    return "\n".join(lines) + "\n"


def diff_data(old: str, new: str, changes: list[Change]) -> dict[str, Any]:
    order = list(SECTIONS)
    ranked = sorted(changes, key=lambda c: order.index(c.section))
    return {"old": old, "new": new, "identical": not changes,
            "changes": [c.as_data() for c in ranked]}


def diff_json(old: str, new: str, changes: list[Change]) -> str:
    return json.dumps(diff_data(old, new, changes), ensure_ascii=False, indent=2) + "\n"
