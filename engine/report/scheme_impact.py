"""``appraise diff --impact``: the same period scored under two schemes, and whom the change
touches: each person whose total, grade, rank or bonus changes, old and new and by how much,
those scored under one scheme only, and how many change grade and what the bonuses come to.

Each side is rounded its own scheme's way (points and money) before it is compared, so a
person is listed only when something they would see changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..i18n import _
from ..numbers import money
from ..scoring import Result
from .layout import Points, period_text, render_columns


@dataclass(frozen=True)
class Standing:
    """One person's result under one scheme, as the score table shows it."""

    name: str
    post: str
    total: Decimal  # rounded as the scheme says
    grade: str  # 'B'
    grade_named: str  # 'B 良好', as the table shows it
    rank: int
    rank_of: int
    bonus: Decimal | None  # paid, rounded as the scheme says; None: no bonus base

    @property
    def seen(self) -> tuple[object, ...]:
        """What a person sees change: total, grade, rank (not how many are ranked), bonus."""
        return self.total, self.grade_named, self.rank, self.bonus

    @property
    def ranked(self) -> str:
        return f"{self.rank}/{self.rank_of}"

    def as_data(self) -> dict[str, Any]:
        return {"post": self.post, "total": float(self.total), "grade": self.grade,
                "rank": self.rank, "rank_of": self.rank_of,
                "bonus": None if self.bonus is None else float(self.bonus)}


@dataclass(frozen=True)
class Moved:
    """A person whose result differs (or who is scored under one scheme only)."""

    person: str
    old: Standing | None
    new: Standing | None

    @property
    def name(self) -> str:
        either = self.new or self.old
        assert either is not None
        return either.name

    @property
    def total_change(self) -> Decimal | None:
        return None if self.old is None or self.new is None else self.new.total - self.old.total

    @property
    def bonus_change(self) -> Decimal | None:
        if self.old is None or self.new is None or None in (self.old.bonus, self.new.bonus):
            return None
        return (self.new.bonus or Decimal(0)) - (self.old.bonus or Decimal(0))

    @property
    def grade_changed(self) -> bool:
        return self.old is not None and self.new is not None \
            and self.old.grade != self.new.grade


@dataclass(frozen=True)
class Impact:
    period: str | None
    both: int  # people scored under both schemes
    moved: tuple[Moved, ...]  # those changed, in the data's order; then one-sided ones
    bonus_old: Decimal
    bonus_new: Decimal

    @property
    def grade_changes(self) -> int:
        return sum(m.grade_changed for m in self.moved)


def standings(result: Result) -> dict[str, Standing]:
    """Everybody's result, by person, in the data's order."""
    scheme, people = result.scheme, result.columns
    points, places = Points(scheme), scheme.rounding.money
    return {person: Standing(
        people.name[i], people.post[i], points(float(people.total[i])),
        scheme.grades[int(people.grade[i])].grade, scheme.grades[int(people.grade[i])].named,
        int(people.rank[i]),
        int(people.rank_of[i]), None if people.paid[i] is None
        else money(int(people.paid[i] or 0), places))
        for i, person in enumerate(people.person)}


def impact(old: Result, new: Result) -> Impact:
    """Who changes between ``old`` and ``new``, the same period's data under each scheme."""
    before, after = standings(old), standings(new)
    moved = [Moved(p, before.get(p), s) for p, s in after.items()
             if p not in before or before[p].seen != s.seen]
    moved += [Moved(p, s, None) for p, s in before.items() if p not in after]
    moved.sort(key=lambda m: (m.old is None or m.new is None, m.old is None))
    return Impact(period_text(new), sum(p in before for p in after), tuple(moved),
                  _bonuses(before), _bonuses(after))


def _bonuses(found: dict[str, Standing]) -> Decimal:
    return sum((s.bonus for s in found.values() if s.bonus is not None), Decimal(0))


def _signed(value: Decimal) -> str:
    return f"{'+' if value > 0 else ''}{value:,}"


def _pair(old: object, new: object) -> str:
    return str(new) if old == new else f"{old} → {new}"


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,}"


def impact_text(found: Impact, old: str, new: str) -> str:
    """The people whose result changes, as a table, then those scored under one scheme and
    a summary."""
    if found.period:
        heading = _("Impact on {period} (1 person scored under both schemes):") \
            if found.both == 1 else \
            _("Impact on {period} ({count} people scored under both schemes):")
    else:
        heading = _("Impact (1 person scored under both schemes):") if found.both == 1 else \
            _("Impact ({count} people scored under both schemes):")
    lines = [heading.format(period=found.period, count=found.both)]
    both = [m for m in found.moved if m.old is not None and m.new is not None]
    if both:
        lines += ["", render_columns(
            [_("Person"), _("Name"), _("Total"), _("Change"), _("Grade"), _("Rank"), _("Bonus"),
             _("Change")],
            list(map(list, zip(*_rows(both), strict=True))),
            [False, False, True, True, False, False, True, True]).rstrip("\n")]
    else:
        lines.append(_("No one's total, grade, rank or bonus changes."))
    one_sided = [m for m in found.moved if m.old is None or m.new is None]
    lines += [""] if one_sided else []
    for moved, which in ((m, old if m.new is None else new) for m in one_sided):
        one = moved.old or moved.new
        assert one is not None
        lines.append(_("Scored under {scheme} only: {person} {name} (total {total}, {grade}, "
                       "bonus {bonus})").format(scheme=which, person=moved.person,
                                                name=one.name, total=one.total,
                                                grade=one.grade_named,
                                                bonus=_money(one.bonus) or _("none")))
    change = found.bonus_new - found.bonus_old
    summary = _("{changed} of 1 person change grade; bonuses {bonuses}.") \
        if found.both == 1 else _("{changed} of {count} people change grade; bonuses {bonuses}.")
    bonuses = f"{found.bonus_old:,} → {found.bonus_new:,} ({_signed(change)})" if change \
        else _("{new}, unchanged").format(new=f"{found.bonus_new:,}")
    lines += ["", summary.format(changed=found.grade_changes, count=found.both,
                                 bonuses=bonuses)]
    return "\n".join(lines) + "\n"


def _rows(moved: list[Moved]) -> Iterator[list[str]]:
    for m in moved:
        assert m.old is not None and m.new is not None
        total, bonus = m.total_change or Decimal(0), m.bonus_change
        yield [m.person, m.name, _pair(m.old.total, m.new.total),
               _signed(total) if total else "", _pair(m.old.grade_named, m.new.grade_named),
               _pair(m.old.ranked, m.new.ranked) if m.old.rank != m.new.rank
               else m.new.ranked,
               _pair(_money(m.old.bonus), _money(m.new.bonus)),
               _signed(bonus) if bonus else ""]


def impact_data(found: Impact) -> dict[str, Any]:
    return {
        "period": found.period, "scored_under_both": found.both,
        "people": [{"person": m.person, "name": m.name,
                    "old": m.old.as_data() if m.old else None,
                    "new": m.new.as_data() if m.new else None,
                    "total_change": None if m.total_change is None else float(m.total_change),
                    "grade_changed": m.grade_changed,
                    "bonus_change": None if m.bonus_change is None else float(m.bonus_change)}
                   for m in found.moved],
        "grade_changes": found.grade_changes, "bonus_old": float(found.bonus_old),
        "bonus_new": float(found.bonus_new),
        "bonus_change": float(found.bonus_new - found.bonus_old)}


def impact_json(found: Impact) -> str:
    return json.dumps(impact_data(found), ensure_ascii=False, indent=2) + "\n"
