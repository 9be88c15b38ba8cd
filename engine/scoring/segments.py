"""From a period's figures to segments: a person's months on one post, rolled up.

- **Months.** A period is a run of months. Each person is expected in every month of
  it that they hold a post (from the scheme's ``posts`` by month, or, for a person known
  only from the data, every month between their first and last row). A missing month
  is an error unless the calendar says ``missing_months: zero``.
- **Moves and joiners.** A person's months are split by post; each post's months are
  scored on that post's scorecard against targets for those months.
- **Roll-up.** Months combine by each field's ``aggregate``: sum, average, first, last, or
  weighted average.
- **Targets.** A cascaded indicator's target is the person's share of the cascade for
  the segment's months; a person's own targets override the post's.

A scheme without a calendar is the one-period case: each row is a segment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain
from typing import Any

from ..data import Monthly, Row, Rows
from ..diagnostics import Diagnostic
from ..model import Indicator, Scheme
from ..numbers import add_up
from ..rules import PER_MONTHS, Rule, Target
from ..year.periods import Period, month_id
from . import month_words as words
from .batch import Batch, Given, Scaling, Value
from .kept import Kept, joined
from .targets import cascade_target


@dataclass
class Segment:
    """A person's months on one post: their figures, targets and, once scored, their row."""

    person: str
    name: str
    post: str
    unit: str
    months: tuple[int, ...]
    rows: list[Row]  # one per month
    values: dict[str, Value] = field(default_factory=dict)
    line: int = 0
    targets: dict[str, Target] = field(default_factory=dict)
    given: dict[str, Given] = field(default_factory=dict)
    scaling: dict[str, Scaling] = field(default_factory=dict)  # targets and rules, scaled
    scored: tuple[Batch, int] | None = None
    kept: int = -1  # its number among the segments kept as columns (:class:`Kept`), if so

    @property
    def total(self) -> float:
        assert self.scored is not None
        batch, i = self.scored
        return float(batch.total[i])


class _Kept(Segment):
    """A segment of :class:`Kept`: its rows and figures made from the columns when first
    read (the scorer reads the columns)."""

    def __getattr__(self, name: str) -> Any:
        if name not in ("rows", "values"):
            raise AttributeError(name)
        kept: Kept = self.__dict__["_of"]
        if name == "rows":
            rows = self.__dict__["rows"] = kept.rows(self.kept)
            return rows
        fields = kept.scheme.fields_for(kept.scheme.posts[self.post])
        values = self.__dict__["values"] = kept.values(self.kept, fields)
        return values


class Months:
    """The segments of a period of a scheme kept by month, and every problem found."""

    def __init__(self, scheme: Scheme, monthly: Monthly, period: Period,
                 reference: bool = False) -> None:
        self.scheme, self.monthly, self.period = scheme, monthly, period
        self.reference = reference  # person by person, the way the columns are held to
        self.kept: Kept | None = None
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.zero = scheme.calendar is not None and scheme.calendar.missing_months == "zero"

    def fail(self, line: int, path: str, message: str, hint: str = "") -> None:
        self.errors.append(Diagnostic(self.monthly.file, line, 0, "error", path, message, hint))

    def segments(self) -> list[Segment]:
        period = self.period
        absent = [m for m in period.months if m not in self.monthly.months]
        if absent:
            have = [month_id(period.year, m) for m in sorted(self.monthly.months)]
            for month in absent:
                self.fail(0, "", *words.no_month(month_id(period.year, month), period.id, have))
            return []
        found = [self.monthly.months[m].rows for m in period.months]
        if self.reference or not all(isinstance(rows, Rows) for rows in found):
            out = self.person_by_person()
        else:
            out = _by_columns(self, [rows for rows in found if isinstance(rows, Rows)])
        self.one_head(out)
        return out

    def person_by_person(self) -> list[Segment]:
        """Every person's segments from their rows, month by month."""
        by_person: dict[str, dict[int, Row]] = {}
        for month in self.period.months:
            for row in self.monthly.months[month].rows:
                by_person.setdefault(row.person, {})[month] = row
        for person_id in self.wanted(by_person):
            by_person.setdefault(person_id, {})
        out: list[Segment] = []
        for person_id, rows in by_person.items():
            self.split(person_id, rows, out)
        return out

    def wanted(self, seen: Iterable[str]) -> list[str]:
        """The scheme's people on a post in some month of the period, not among ``seen``."""
        have = set(seen)
        return [p.id for p in self.scheme.people.values() if p.id not in have
                and any(p.post_in(m) for m in self.period.months)]

    def split(self, person_id: str, rows: dict[int, Row], out: list[Segment]) -> None:
        """A person's segments from their rows (a missing month filled in, or said), one
        for each post they held, into ``out``."""
        scheme = self.scheme
        expected = self.expected(person_id, rows)
        if not rows:  # one problem, however many months: a gap is zeros, a period is not
            self.absent(person_id, expected)
            return
        for month, post in expected.items():
            if month not in rows:
                rows[month] = self.missing(person_id, post, month, expected)
        by_post: dict[str, list[int]] = {}
        for month in sorted(rows):
            by_post.setdefault(rows[month].post, []).append(month)
        for post, months in by_post.items():
            chosen = [rows[m] for m in months]
            out.append(Segment(person_id, chosen[0].name, post, scheme.posts[post].unit,
                               tuple(months), chosen,
                               line=next((r.line for r in chosen if r.line), 0)))

    def one_head(self, segments: list[Segment]) -> None:
        """People from the data file may put two people on a unit's head post at once."""
        held: dict[tuple[str, int], Segment] = {}
        for segment in segments:
            unit = self.scheme.head_of(segment.post)
            for j, month in enumerate(segment.months) if unit else ():
                other = held.setdefault((segment.post, month), segment)
                if other is not segment:
                    self.fail(segment.rows[j].line, segment.person, *words.two_heads(
                        str(unit), month_id(self.period.year, month), other.person, segment.person,
                        segment.post))
                    break

    def expected(self, person_id: str, rows: dict[int, Row]) -> dict[int, str]:
        """The months (of the period) a person should have a row for, with their post."""
        person = self.scheme.people.get(person_id)
        if person is not None:
            return {m: post for m in self.period.months if (post := person.post_in(m))}
        first, last = min(rows), max(rows)
        posts = {m: rows[m].post for m in rows}
        current = rows[first].post
        out = {}
        for m in range(first, last + 1):
            current = posts.get(m, current)
            out[m] = current
        return out

    def absent(self, person_id: str, expected: dict[int, str]) -> None:
        """A person of the scheme with no row in any month of the period they are there."""
        if self.zero:
            self.warnings.append(Diagnostic(self.monthly.file, 0, 0, "warning", person_id,
                                            *words.absent_not_scored(person_id, self.period.id)))
            return
        self.fail(0, person_id, *words.absent(person_id, self.period.id, self.span(expected)))

    def span(self, expected: dict[int, str]) -> str:
        """The months a person is expected in, as a person says them."""
        return words.span([month_id(self.period.year, m) for m in sorted(expected)])

    def missing(self, person_id: str, post: str, month: int, expected: dict[int, str]) -> Row:
        scheme = self.scheme
        name = scheme.people[person_id].name if person_id in scheme.people else person_id
        if not self.zero:
            self.fail(0, person_id, *words.missing(person_id, month_id(self.period.year, month),
                                                   self.period.id, self.span(expected)))
        else:  # filled in, as the scheme says, and said: --strict stops on it
            self.warnings.append(Diagnostic(self.monthly.file, 0, 0, "warning", person_id,
                                            *words.filled(person_id,
                                                          month_id(self.period.year, month))))
        # A missing month adds nothing to a sum; averages and last values, ratings among
        # them, are taken over the months that were reported.
        summed = [f for f in scheme.fields_for(scheme.posts[post])
                  if scheme.fields[f].type == "number" and scheme.fields[f].aggregate == "sum"
                  and scheme.fields[f].raters is None]
        return Row(person_id, name, post, {f: 0.0 for f in summed}, 0)


def _by_columns(self: Months, found: list[Rows]) -> list[Segment]:
    """The segments of those on one post throughout, from the months' columns; anybody
    else's from their rows, person by person, in the same order."""
    seen = dict.fromkeys(chain.from_iterable(rows.people for rows in found))
    kept = self.kept = Kept(self.scheme, found, [*seen, *self.wanted(seen)])
    months = tuple(self.period.months)
    units = {p.id: p.unit for p in self.scheme.posts.values()}
    made: list[Segment] = []
    new = object.__new__
    for k, (person, name, post, line) in enumerate(zip(
            map(kept.order.__getitem__, kept.of.tolist()), *kept.firsts(), strict=True)):
        segment = new(_Kept)
        segment.__dict__.update({
            "person": person, "name": name, "post": post, "unit": units[post],
            "months": months, "line": line, "targets": {}, "given": {}, "scaling": {},
            "scored": None, "kept": k, "_of": kept})
        made.append(segment)
    if len(made) == len(kept.order):
        return made
    out: list[Segment] = []
    taken = iter(made)
    for p, person_id in enumerate(kept.order):
        if kept.whole[p]:
            out.append(next(taken))
            continue
        rows = {m: found[j][int(kept.at[j, p])] for j, m in enumerate(months)
                if kept.at[j, p] >= 0}
        self.split(person_id, rows, out)
    return out


class RollUp:
    """Months combined into a segment's figures, and its targets for those months."""

    def __init__(self, scheme: Scheme, period: Period, months: Months) -> None:
        self.scheme, self.period, self.fail = scheme, period, months.fail
        self.kept = months.kept
        self.shares: dict[tuple[int, int], tuple[Fraction, Target]] = {}  # made once a share
        self.scaled: dict[tuple[str, Fraction], Rule] = {}  # one rule per indicator and factor
        # one scaling per indicator, target and months (the target held: its id stays its)
        self.scalings: dict[tuple[str, int, int], tuple[Target | None, Scaling | None]] = {}
        self.follows = _says_a_period(scheme)  # else nothing is scaled: not looked for

    def roll_up(self, segment: Segment, rows: Sequence[Row], fields: Iterable[str],
                where: str) -> dict[str, Value]:
        """The figures of ``rows`` (a segment's months, or some of them) combined."""
        values: dict[str, Value] = {}
        for name in fields:
            monthly = [row.values[name] for row in rows if name in row.values]
            if not monthly:
                continue
            spec = self.scheme.fields[name]
            if spec.type == "text":
                values[name] = joined(monthly)
                continue
            if spec.type == "rating" or spec.aggregate in ("first", "last"):
                values[name] = monthly[0] if spec.aggregate == "first" else monthly[-1]
                continue
            numbers = [float(v) for v in monthly]
            if spec.aggregate == "sum":
                values[name] = add_up(numbers)
            elif spec.aggregate == "average":
                values[name] = add_up(numbers) / len(numbers)
            else:
                weights = [float(row.values.get(spec.weight or "", 0.0)) for row in rows
                           if name in row.values]
                total = add_up(weights)
                if total == 0:
                    self.no_weights(segment.rows[0].line, where, name)
                    continue
                values[name] = add_up([v * w for v, w in zip(numbers, weights, strict=True)]) \
                    / total
        return values

    def figures(self, segments: list[Segment]) -> None:
        """Each segment's figures and targets for its months."""
        scheme = self.scheme
        if self.kept is not None:
            self.kept.card(self.no_weights_kept)
        for segment in segments:
            post = scheme.posts[segment.post]
            person = scheme.people.get(segment.person)
            segment.targets = dict(person.targets) if person is not None else {}
            for item in scheme.scorecards[post.scorecard].items:
                indicator = scheme.indicators[item.indicator]
                cascade = scheme.cascade_of(indicator.id)
                if self.follows and not indicator.external:
                    self.follow(segment, indicator, cascade is None)
                if cascade is None or indicator.external:
                    continue
                share = scheme.allocations[cascade.id].person_target(
                    segment.person, segment.unit, segment.months)
                if share is None:
                    self.fail(segment.rows[0].line, f"{segment.person}.{indicator.id}",
                              *words.no_share(segment.person, cascade.id, indicator.id,
                                              segment.post))
                    continue
                key = (id(share), id(cascade))  # people split evenly share their share
                if key not in self.shares:
                    self.shares[key] = (share, cascade_target(share, cascade.stretch))
                segment.targets[indicator.id] = self.shares[key][1]
            if segment.kept < 0:  # else rolled up as columns, and made when read
                segment.values = self.roll_up(segment, segment.rows,
                                              [*scheme.fields_for(post), *scheme.texts],
                                              segment.person)
                if not any(row.line for row in segment.rows):  # every month filled in
                    self.unreported(segment, [f for f in scheme.fields_for(post)
                                              if f not in segment.values])

    def unreported(self, segment: Segment, lacking: list[str]) -> None:
        """A segment of filled-in months only: a figure not summed has no month to use."""
        if not lacking:
            return
        months = ", ".join(month_id(self.period.year, m) for m in segment.months)
        self.fail(0, f"{segment.person}.{lacking[0]}", *words.unreported(
            segment.person, segment.post, months, lacking, self.period.id))

    def no_weights_kept(self, k: int, name: str) -> None:
        """Segment ``k`` of the columns has weights of ``name`` that add up to 0."""
        assert self.kept is not None
        first = int(self.kept.rows_at[0, k])
        self.no_weights(self.kept.months[0].lines[first], self.kept.order[self.kept.of[k]],
                        name)

    def no_weights(self, line: int, where: str, name: str) -> None:
        self.fail(line, f"{where}.{name}", *words.no_weights(
            name, self.period.id, str(self.scheme.fields[name].weight)))

    def follow(self, segment: Segment, indicator: Indicator, fixed: bool) -> None:
        """A total's fixed target and rule, written for a month, a quarter, a half or the
        year, scaled to the segment's months (into its targets and scaling)."""
        target = segment.targets.get(indicator.id) or self.scheme.target_for(
            None, self.scheme.posts[segment.post], indicator.id) if fixed else None
        key = (indicator.id, id(target), len(segment.months))
        known = self.scalings.get(key)
        if known is None or known[0] is not target:  # a million people share a few
            known = self.scalings[key] = (target, self.scale(indicator, target, len(
                segment.months)))
        found = known[1]
        if found is not None:
            segment.scaling[indicator.id] = found
            if found.target is not None:
                segment.targets[indicator.id] = found.target

    def scale(self, indicator: Indicator, target: Target | None, months: int
              ) -> Scaling | None:
        """How ``indicator``'s fixed ``target`` and rule follow a period of ``months``."""
        if not indicator.sums_over_months:
            return None
        default = self.scheme.calendar.targets_per if self.scheme.calendar else None
        per = target.per or default if target is not None and not target.formulas else None
        rule_per = indicator.rule_per or default if indicator.rule.value_scale else None
        chosen = per if per not in (None, "period") else rule_per
        if chosen in (None, "period"):
            return None
        scaled_target = scaled_rule = None
        if target is not None and per not in (None, "period"):
            scaled_target = target.scaled(Fraction(months, PER_MONTHS[per]))
        if rule_per not in (None, "period"):
            factor = Fraction(months, PER_MONTHS[rule_per])
            key = (indicator.id, factor)
            if key not in self.scaled:
                rule = indicator.rule.scaled(factor)
                assert rule is not None  # validation refuses a rule that cannot be scaled
                self.scaled[key] = rule
            scaled_rule = self.scaled[key]
        return Scaling(months, target if scaled_target else None, per, scaled_target,
                       rule_per if scaled_rule else None, scaled_rule)


def _says_a_period(scheme: Scheme) -> bool:
    """Whether the scheme writes any target or rule for a period (targets_per, per)."""
    if scheme.calendar is not None and scheme.calendar.targets_per is not None:
        return True
    targets = [t for o in scheme.posts.values() for t in o.targets.values()]
    targets += [t for o in scheme.people.values() for t in o.targets.values()]
    targets += [i.target for i in scheme.indicators.values() if i.target is not None]
    return any(i.rule_per not in (None, "period") for i in scheme.indicators.values()) \
        or any(t.per not in (None, "period") for t in targets)

