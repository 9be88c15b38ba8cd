"""Building the parts of a scheme that are about the year: people's posts by month,
the cascade of targets, calibration quotas and bonus pools.

A mixin of the scheme builder (:mod:`engine.scheme`): it reports through the
builder, which knows where each key is written, and leaves out whatever the
schema already rejected.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Any

from ..diagnostics import Path, did_you_mean
from ..model.scheme import Assignment, Calendar, Calibration, Cascade, Grade, Indicator, Split, Unit
from ..year.periods import parse_month


class YearSections:
    """What the builder provides, and the sections this mixin builds with it."""

    data: dict[str, Any]
    calendar: Calendar | None
    broken_sections: set[str | int]
    broken_entries: set[Path]

    def error(self, path: Path, message: str, hint: str = "", *, at_key: bool = False,
              warning: bool = False) -> None:
        raise NotImplementedError

    def refer(self, path: Path, name: str, section: str, what: str) -> bool:
        raise NotImplementedError

    def assignments(self, path: Path, key: str, raw: dict[str, Any]) -> tuple[Assignment, ...]:
        if ("post" in raw) == ("posts" in raw):
            both = "post" in raw
            self.error(path, f"person '{key}' has both post and posts" if both else
                       f"person '{key}' needs a post", "write post: <post> for all year, or "
                       "posts: [{post: ..., from: ..., until: ...}] by months", at_key=True)
            return ()
        if "post" in raw:
            return (Assignment(raw["post"]),)
        year = self.calendar.year if self.calendar else None
        if year is None:
            self.error((*path, "posts"), f"person '{key}' has posts by month, but the scheme "
                       "has no calendar", "add calendar: {year: ...}", at_key=True)
            return ()
        out: list[Assignment] = []
        for i, entry in enumerate(raw["posts"]):
            months = []
            for end, default in (("from", 1), ("until", 12)):
                found = parse_month(entry[end]) if end in entry else (year, default)
                if found is None or found[0] != year:
                    self.error((*path, "posts", i, end), f"month '{entry[end]}' is not in the "
                               f"scheme's year {year}", f"write it as {year}-MM")
                    return ()
                months.append(found[1])
            if months[0] > months[1]:
                self.error((*path, "posts", i), f"person '{key}' is on post '{entry['post']}' "
                           f"from month {months[0]} until month {months[1]}, which is no time",
                           "write the earlier month in 'from'", at_key=True)
                return ()
            out.append(Assignment(entry["post"], months[0], months[1]))
        ordered = sorted(out, key=lambda a: a.first)
        for before, after in pairwise(ordered):
            if after.first <= before.last:
                month = f"{year}-{after.first:02d}"
                self.error((*path, "posts"), f"person '{key}' is on posts '{before.post}' and "
                           f"'{after.post}' at once in {month}", "one person holds one post at a "
                           "time: end the first post before the next begins", at_key=True)
                return ()
        return tuple(ordered)

    def cascaded(self) -> set[str]:
        """Indicators whose targets a cascade sets, as written (broken entries too)."""
        raw = self.data.get("cascade")
        if not isinstance(raw, dict):
            return set()
        return {str(name) for entry in raw.values() if isinstance(entry, dict)
                and isinstance(entry.get("indicators"), list) for name in entry["indicators"]}

    def cascade(self, key: str, raw: dict[str, Any], units: dict[str, Unit],
                indicators: dict[str, Indicator]) -> Cascade | None:
        path: Path = ("cascade", key)
        ok = True
        for i, name in enumerate(raw["indicators"]):
            ok &= self.refer((*path, "indicators", i), name, "indicators", "indicator")
        roots = [u.id for u in units.values() if u.parent is None]
        unit = raw.get("unit", roots[0] if roots else "")
        if "unit" in raw:
            ok &= self.refer((*path, "unit"), unit, "units", "unit")
        splits: dict[str, Split] = {}
        below = _subtree(units, unit) if unit in units else set()  # once per cascade
        for name, split in (raw.get("split") or {}).items():
            if not self.refer((*path, "split", name), name, "units", "unit"):
                ok = False
            elif unit in units and name not in below:
                self.error((*path, "split", name), f"unit '{name}' is not under '{unit}', where "
                           f"cascade '{key}' starts", "remove it, or start the cascade higher "
                           "up", at_key=True)
            if isinstance(split, dict):
                method, values = next(iter(split.items()))
                splits[name] = Split(method, {str(k): Fraction(Decimal(v))
                                              for k, v in values.items()})
            else:
                splits[name] = Split("even")
        phasing = self.phasing((*path, "phasing"), raw.get("phasing", "even"))
        if not ok or phasing is None or unit not in units:
            return None
        stretch = raw.get("stretch")
        return Cascade(key, raw.get("label", key), tuple(raw["indicators"]), unit,
                       Fraction(Decimal(raw["target"])), phasing, splits,
                       Fraction(Decimal(stretch)) / 100 if stretch is not None else None,
                       raw.get("on_gap", "error"))

    def phasing(self, path: Path, raw: Any) -> tuple[Fraction, ...] | None:
        if raw == "even":
            return (Fraction(1, 12),) * 12
        by_quarter = "quarters" in raw
        weights = [Fraction(Decimal(w)) for w in raw["quarters" if by_quarter else "months"]]
        total = sum(weights, Fraction(0))
        if total != 100:
            shown = f"{Decimal(total.numerator) / Decimal(total.denominator):f}"
            self.error((*path, "quarters" if by_quarter else "months"), f"phasing weights add "
                       f"up to {_pct(Decimal(shown))}, expected 100%", "adjust the weights")
            return None
        if by_quarter:
            return tuple(weights[(m - 1) // 3] / 300 for m in range(1, 13))
        return tuple(w / 100 for w in weights)

    def calibration(self, grades: tuple[Grade, ...]) -> Calibration | None:
        raw = self.data.get("calibration")
        if "calibration" in self.broken_sections or not isinstance(raw, dict):
            return None
        known = [g.grade for g in grades]
        for bound in ("at_most", "at_least"):
            for grade in raw.get(bound) or {}:
                if grades and str(grade) not in known:
                    self.error(("calibration", bound, grade), f"unknown grade '{grade}'",
                               did_you_mean(str(grade), known), at_key=True)
        return Calibration(raw["within"],
                           {str(k): Decimal(v) for k, v in (raw.get("at_most") or {}).items()},
                           {str(k): Decimal(v) for k, v in (raw.get("at_least") or {}).items()},
                           raw.get("rounding", "half_up"), int(raw.get("min_size", 5)))

    def pools(self, units: dict[str, Unit]) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for name, value in self.entries_plain("pools"):
            if self.refer(("pools", name), name, "units", "unit") and name in units:
                out[name] = Decimal(value)
        for name in out:
            above = units[name].parent
            seen: set[str] = {name}  # a cycle of units is reported on its own
            while above is not None and above in units and above not in seen:
                seen.add(above)
                if above in out:
                    self.error(("pools", name), f"unit '{name}' has a bonus pool, and so does "
                               f"'{above}' above it; a person's bonus can come from one pool",
                               "keep one of the two", at_key=True)
                    break
                above = units[above].parent
        return out

    def entries_plain(self, section: str) -> list[tuple[str, Any]]:
        raw = self.data.get(section)
        if section in self.broken_sections or not isinstance(raw, dict):
            return []
        return [(k, v) for k, v in raw.items() if (section, k) not in self.broken_entries]


def _subtree(units: dict[str, Unit], top: str) -> set[str]:
    children: dict[str, list[str]] = {}
    for unit in units.values():
        if unit.parent is not None:
            children.setdefault(unit.parent, []).append(unit.id)
    out, pending = {top}, [top]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in out:
                out.add(child)
                pending.append(child)
    return out


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"
