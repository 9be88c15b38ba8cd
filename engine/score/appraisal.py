"""Appraising a period of a scheme kept by month: the whole organisation at once.

    monthly rows --roll up--> one row per person per post --score--> totals
      --unit results and members' averages, deepest units first--> heads' totals
      --pro-rate by months--> a total per person --grade, rank, calibrate--> grades
      --coefficient × bonus base, pools--> money

The rules, as HR reads them:

- **Months.** A period is a run of months. Each person is expected in every month
  of it that they hold a post (from the scheme's ``posts`` by month, or, for a
  person known only from the data, every month between their first and last row).
  A missing month is an error unless the calendar says ``missing_months: zero``.
- **Roll-up.** Months combine by each field's ``aggregate``: sum, average, last,
  or weighted average.
- **Moves and joiners.** A person's months are split by post; each post's months
  are scored on that post's scorecard against targets for those months, and the
  person's total is the average of these totals weighed by months. A joiner is
  scored on the months they were there, and paid for those months.
- **Unit results.** An indicator with ``scope: unit`` on a head's card is scored on
  the unit the head leads: its members' figures for the head's months, combined
  by each field's ``combine`` (sum or average), against the unit's target.
- **Members' average.** A ``members`` indicator is the average total of the people
  in the unit and below it (its head excepted), weighed by their months in the
  head's months (and by bonus base if the scheme says so). Heads are scored from
  the deepest unit up, so every member's total is known before it is needed.
- **One-vote veto** in any month's post zeroes (or sinks) the whole period.
- **Grade** is read from the total as shown; **rank** (1, 2, 2, 4) by the shown
  total within the person's unit (their last post's) and across the company.
- **Calibration and pools**: :mod:`engine.calibrate`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

import numpy as np

from ..data.reader import Actuals, Given, Monthly, Row, Value
from ..diagnostics import AppraiseError, Diagnostic
from ..formula.columns import rank_column, round_column
from ..formula.sandbox import EvaluationError
from ..model.scheme import Indicator, Post, Scheme
from ..numbers import add_up
from ..rules.base import Target, show
from ..score.period import (
    PeriodResult,
    PersonResult,
    grade_column,
    score_indicator,
    score_period,
)
from ..year.calibration import Move, Pool, calibrate_groups, pay_pools
from ..year.cascade import Allocation
from ..year.periods import Period, month_id


@dataclass(frozen=True)
class Segment:
    """A person's months on one post within the period, and what they scored there."""

    post: str
    unit: str
    months: tuple[int, ...]
    row: Row
    result: PeriodResult = field(repr=False, compare=False)
    index: int = 0

    @property
    def total(self) -> float:
        return float(self.result.summary.total[self.index])

    @property
    def weighted_sum(self) -> float:
        return float(self.result.summary.weighted_sum[self.index])

    @property
    def veto(self) -> str | None:
        return self.result.summary.veto[self.index]

    @property
    def scored(self) -> PersonResult:
        return self.result.people[self.index]


@dataclass(frozen=True)
class Appraised:
    """One person's result for the period."""

    person: str
    name: str
    post: str
    unit: str
    months: int
    segments: tuple[Segment, ...]
    weighted_sum: float
    total: float
    veto: str | None
    scored_grade: int  # from the total, before calibration
    grade: int  # after calibration
    bonus: Fraction | None  # coefficient × bonus base × months, before any pool
    paid: int | None  # in units of the last place of money (cents), after any pool
    pool: str | None
    rank: int
    rank_of: int
    company_rank: int
    company_of: int
    group: str


@dataclass(frozen=True)
class UnitResult:
    """A unit's result on an indicator scored on the unit."""

    unit: str
    head: str  # the person whose card holds it
    indicator: str
    value: float
    target: Target | None
    points: float
    months: tuple[int, ...]


@dataclass(frozen=True)
class Appraisal:
    """A period's results for the whole organisation."""

    scheme: Scheme
    period: Period
    file: str
    fingerprint: str
    people: tuple[Appraised, ...]
    units: tuple[UnitResult, ...]
    moves: tuple[Move, ...]
    uncalibrated: tuple[tuple[str, int], ...]  # groups too small for quotas, with their size
    pools: tuple[Pool, ...]
    warnings: list[Diagnostic]

    def person(self, person_id: str) -> Appraised:
        found = self._index.get(person_id)
        person = self.scheme.people.get(person_id)
        if found is None and person is not None:
            raise AppraiseError([Diagnostic(
                self.file, 0, 0, "error", "", f"person '{person_id}' holds no post in "
                f"{self.period.id}", f"see people.{person_id} in the scheme")])
        if found is None:
            from ..diagnostics import did_you_mean
            raise AppraiseError([Diagnostic(
                self.file, 0, 0, "error", "", f"person '{person_id}' is not in the data for "
                f"{self.period.id}", did_you_mean(person_id, [p.person for p in self.people]))])
        return found


    @cached_property
    def _index(self) -> dict[str, Appraised]:
        return {p.person: p for p in self.people}


@dataclass
class _Draft:
    """A segment before it is scored."""

    person: str
    post: Post
    months: tuple[int, ...]
    rows: list[Row]  # one per month
    row: Row | None = None
    level: int = 0
    scored: tuple[PeriodResult, int] | None = None


def appraise(scheme: Scheme, monthly: Monthly, period: Period) -> Appraisal:
    """Score ``period`` for everybody in ``monthly``; raise :class:`AppraiseError`."""
    work = _Work(scheme, monthly, period)
    drafts = work.drafts()
    work.check()
    work.targets(drafts)
    work.check()
    work.score_levels(drafts)
    work.check()
    return work.finish(drafts)


class _Work:
    def __init__(self, scheme: Scheme, monthly: Monthly, period: Period) -> None:
        self.scheme, self.monthly, self.period = scheme, monthly, period
        self.errors: list[Diagnostic] = []
        self.allocations: dict[str, Allocation] = scheme.allocations
        self.units: list[UnitResult] = []
        self.warnings: list[Diagnostic] = []
        self.by_unit: dict[str, list[_Draft]] = {}
        self.found: dict[int, list[_Draft]] = {}  # a head's members, by id of its draft
        self.figures: dict[tuple[int, tuple[int, ...]], dict[str, Value]] = {}
        self.combined: dict[int, dict[str, float]] = {}  # a unit's figures, by its head's draft
        self.vetoed: set[str] = set()  # people a one-vote veto zeroes, as found so far
        # The fields units are scored on: the only ones a member's months are rolled up for.
        self.unit_fields = sorted({name for i in scheme.indicators.values() if i.scope == "unit"
                                   for name in i.formula.names})
        self.money: dict[tuple[Decimal, Decimal, int], Fraction] = {}
        self.zero = scheme.calendar is not None and scheme.calendar.missing_months == "zero"

    def check(self) -> None:
        if self.errors:
            raise AppraiseError(sorted(set(self.errors)))

    def fail(self, line: int, path: str, message: str, hint: str = "") -> None:
        self.errors.append(Diagnostic(self.monthly.file, line, 0, "error", path, message, hint))

    # -- months, posts and roll-up ---------------------------------------------------------

    def drafts(self) -> list[_Draft]:
        scheme, period = self.scheme, self.period
        absent = [m for m in period.months if m not in self.monthly.months]
        if absent:
            have = [month_id(period.year, m) for m in sorted(self.monthly.months)]
            for month in absent:
                self.fail(0, "", f"the data has no rows for {month_id(period.year, month)}, "
                          f"which period {period.id} needs", "the data has: "
                          + (", ".join(have) if have else "no months"))
            return []
        by_person: dict[str, dict[int, Row]] = {}
        for month in period.months:
            actuals = self.monthly.months.get(month)
            for row in actuals.rows if actuals else ():
                by_person.setdefault(row.person, {})[month] = row
        for person in scheme.people.values():
            if any(person.post_in(m) for m in period.months):
                by_person.setdefault(person.id, {})
        drafts: list[_Draft] = []
        for person_id, rows in by_person.items():
            if not rows and self.zero:  # a gap is filled with zeros; a whole period is not
                self.warnings.append(Diagnostic(
                    self.monthly.file, 0, 0, "warning", person_id, f"person '{person_id}' "
                    f"has no row for any month of {period.id}, and is not scored",
                    "add their rows if they should be appraised"))
                continue
            expected = self.expected(person_id, rows)
            for month, post in expected.items():
                if month not in rows:
                    rows[month] = self.missing(person_id, post, month, expected)
            segments: dict[str, list[int]] = {}
            for month in sorted(rows):
                segments.setdefault(rows[month].post, []).append(month)
            for post, months in segments.items():
                drafts.append(_Draft(person_id, scheme.posts[post], tuple(months),
                                     [rows[m] for m in months]))
        self.one_head(drafts)
        return drafts

    def one_head(self, drafts: list[_Draft]) -> None:
        """People from the data file may put two people on a unit's head post at once."""
        held: dict[tuple[str, int], _Draft] = {}
        for draft in drafts:
            unit = self.scheme.head_of(draft.post.id)
            for month, row in zip(draft.months, draft.rows, strict=True) if unit else ():
                other = held.setdefault((draft.post.id, month), draft)
                if other is not draft:
                    self.fail(row.line, draft.person, f"unit '{unit}' has two heads in "
                              f"{month_id(self.period.year, month)}: '{other.person}' and "
                              f"'{draft.person}' both hold its head post '{draft.post.id}'",
                              "one person heads a unit at a time")
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

    def missing(self, person_id: str, post: str, month: int,
                expected: dict[int, str]) -> Row:
        scheme = self.scheme
        name = scheme.people[person_id].name if person_id in scheme.people else person_id
        if not self.zero:
            wanted = [month_id(self.period.year, m) for m in sorted(expected)]
            span = wanted[0] if len(wanted) == 1 else f"{wanted[0]} to {wanted[-1]}"
            self.fail(0, person_id, f"person '{person_id}' has no row for "
                      f"{month_id(self.period.year, month)}; period {self.period.id} needs "
                      f"their figures for {span}", "add the row; or, if they had left, end "
                      f"their post under people.{person_id}.posts; or set "
                      "calendar.missing_months: zero")
        # A missing month adds nothing to a sum; averages and last values, ratings among
        # them, are taken over the months that were reported.
        summed = [f for f in scheme.fields_for(scheme.posts[post])
                  if scheme.fields[f].type == "number" and scheme.fields[f].aggregate == "sum"
                  and scheme.fields[f].raters is None]
        return Row(person_id, name, post, {f: 0.0 for f in summed}, 0)

    def roll_up(self, draft: _Draft, rows: Sequence[Row], fields: Iterable[str],
                where: str) -> dict[str, Value]:
        values: dict[str, Value] = {}
        for name in fields:
            monthly = [row.values[name] for row in rows if name in row.values]
            if not monthly:
                continue
            spec = self.scheme.fields[name]
            if spec.type == "rating" or spec.aggregate == "last":
                values[name] = monthly[-1]
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
                    self.fail(draft.rows[0].line, f"{where}.{name}", f"cannot average "
                              f"'{name}' over {self.period.id}: its weights '{spec.weight}' "
                              "add up to 0", f"check the figures of '{spec.weight}'")
                    continue
                values[name] = add_up([v * w for v, w in zip(numbers, weights, strict=True)]) \
                    / total
        return values

    # -- targets ---------------------------------------------------------------------------

    def targets(self, drafts: list[_Draft]) -> None:
        scheme = self.scheme
        for draft in drafts:
            card = scheme.scorecards[draft.post.scorecard]
            targets: dict[str, Target] = {}
            for item in card.items:
                indicator = scheme.indicators[item.indicator]
                cascade = scheme.cascade_of(indicator.id)
                if cascade is None or indicator.external:
                    continue
                share = self.allocations[cascade.id].person_target(
                    draft.person, draft.post.unit, draft.months)
                if share is None:
                    self.fail(draft.rows[0].line, f"{draft.person}.{indicator.id}",
                              f"person '{draft.person}' has no share of cascade "
                              f"'{cascade.id}', which sets the target of '{indicator.id}': "
                              "the cascade splits to the people in the scheme",
                              f"add '{draft.person}' under people: in the scheme, on post "
                              f"'{draft.post.id}'")
                    continue
                targets[indicator.id] = _target(share, cascade.stretch)
            first = draft.rows[0]
            values = self.roll_up(draft, draft.rows, scheme.fields_for(draft.post),
                                  draft.person)
            draft.row = Row(draft.person, first.name, draft.post.id, values,
                            next((r.line for r in draft.rows if r.line), 0), targets)

    # -- scoring, deepest units first ------------------------------------------------------

    def score_levels(self, drafts: list[_Draft]) -> None:
        scheme = self.scheme
        for draft in drafts:
            self.by_unit.setdefault(draft.post.unit, []).append(draft)
        levels = self.levels(drafts)
        for level in sorted(set(levels.values())):
            batch = [d for d in drafts if levels[id(d)] == level]
            for draft in batch:
                self.given(draft)
            self.check()
            rows = tuple(d.row for d in batch if d.row is not None)
            actuals = Actuals(self.monthly.file, self.monthly.fingerprint, self.period.id, rows)
            try:
                result = score_period(scheme, actuals)
            except AppraiseError as exc:
                self.errors.extend(exc.diagnostics)
                return
            for i, draft in enumerate(batch):
                draft.scored = (result, i)
                if result.summary.veto[i] == "zero_total":
                    self.vetoed.add(draft.person)

    def levels(self, drafts: list[_Draft]) -> dict[int, int]:
        """0 for everybody scored on their own; a head waits for the members it averages."""
        scheme = self.scheme
        level: dict[int, int] = {}
        order = sorted(drafts, key=lambda d: -scheme.depth(d.post.unit))
        for draft in order:
            if not self.averages_members(draft):
                level[id(draft)] = 0
        for draft in order:
            if id(draft) in level:
                continue
            members = self.members(draft)
            level[id(draft)] = 1 + max((level.get(id(m), 0) for m in members), default=0)
        return level

    def averages_members(self, draft: _Draft) -> bool:
        card = self.scheme.scorecards[draft.post.scorecard]
        return any(self.scheme.indicators[i.indicator].members for i in card.items)

    def members(self, draft: _Draft) -> list[_Draft]:
        """The segments in the unit this draft's post heads, and below it, head excepted."""
        if id(draft) in self.found:
            return self.found[id(draft)]
        unit = self.scheme.head_of(draft.post.id)
        months = set(draft.months)
        found = [] if unit is None else [
            d for inside in self.scheme.subtree(unit) for d in self.by_unit.get(inside, [])
            if d.post.id != draft.post.id and not months.isdisjoint(d.months)]
        self.found[id(draft)] = found
        return found

    def given(self, draft: _Draft) -> None:
        """Work out the items of a head's card that are scored from other people."""
        scheme = self.scheme
        assert draft.row is not None
        given: dict[str, Given] = {}
        for item in scheme.scorecards[draft.post.scorecard].items:
            indicator = scheme.indicators[item.indicator]
            if indicator.scope == "unit":
                found = self.unit_result(draft, indicator)
            elif indicator.members is not None:
                found = self.members_average(draft, indicator)
            else:
                continue
            if found is not None:
                given[indicator.id] = found
        if given:
            draft.row = Row(draft.row.person, draft.row.name, draft.row.post, draft.row.values,
                            draft.row.line, draft.row.targets, given)

    def unit_result(self, draft: _Draft, indicator: Indicator) -> Given | None:
        scheme = self.scheme
        unit_id = scheme.head_of(draft.post.id)
        assert unit_id is not None
        unit = scheme.units[unit_id]
        where = f"{unit_id}.{indicator.id}"
        figures = self.unit_figures(draft)
        values: dict[str, Value] = {}
        for name in sorted(indicator.formula.names):
            if name not in figures:
                self.fail(draft.rows[0].line, where, f"unit '{unit_id}' has no figures for "
                          f"'{name}' from its members, so '{indicator.id}' cannot be scored "
                          f"for {draft.person}", "check that the members report it")
                return None
            values[name] = figures[name]
        cascade = scheme.cascade_of(indicator.id)
        target: Target | None
        if cascade is not None:
            share = self.allocations[cascade.id].unit_target(unit_id, draft.months)
            target = _target(share, cascade.stretch) if share is not None else None
        else:
            target = scheme.target_for(None, draft.post, indicator.id)
        try:
            scored = score_indicator(indicator, Row(unit_id, unit.label, draft.post.id, values,
                                                     0), target, None)
        except EvaluationError as exc:
            self.fail(draft.rows[0].line, where, f"cannot score '{indicator.id}' for unit "
                      f"'{unit_id}': {exc}", "check the members' figures and the unit's target")
            return None
        value = scored.value if isinstance(scored.value, float) else 0.0
        self.units.append(UnitResult(unit_id, draft.person, indicator.id, value, target,
                                     scored.points, draft.months))
        return Given(scored.points, value, target, f"{unit.label}: {scored.detail}",
                     scored.substituted)

    def unit_figures(self, draft: _Draft) -> dict[str, float]:
        """The figures of the unit a head leads, over the head's months (made once a head)."""
        if id(draft) in self.combined:
            return self.combined[id(draft)]
        combined: dict[str, list[float]] = {}
        weights: dict[str, list[float]] = {}  # months of each member in the head's months
        months = set(draft.months)
        for member in self.members(draft):
            overlap = float(len(months.intersection(member.months)))
            for name, value in self.member_figures(member, draft.months).items():
                combined.setdefault(name, []).append(float(value))
                weights.setdefault(name, []).append(overlap)
        out: dict[str, float] = {}
        for name, found in combined.items():
            if self.scheme.fields[name].combine == "average":  # each member by their months
                out[name] = add_up([v * w for v, w in zip(found, weights[name], strict=True)]) \
                    / add_up(weights[name])
            else:
                out[name] = add_up(found)
        self.combined[id(draft)] = out
        return out

    def member_figures(self, member: _Draft, months: tuple[int, ...]) -> dict[str, Value]:
        """A member's number figures over the ``months`` of a head (made once per member)."""
        key = (id(member), months)
        if key not in self.figures:
            chosen = set(months)
            rows = [r for m, r in zip(member.months, member.rows, strict=True) if m in chosen]
            self.figures[key] = self.roll_up(member, rows, self.unit_fields, member.person)
        return self.figures[key]

    def members_average(self, draft: _Draft, indicator: Indicator) -> Given | None:
        scheme = self.scheme
        unit_id = scheme.head_of(draft.post.id)
        assert unit_id is not None
        members = self.members(draft)
        if not members:
            self.fail(draft.rows[0].line, f"{unit_id}.{indicator.id}", f"unit '{unit_id}' has "
                      f"nobody under its head in {self.period.id}, so '{indicator.id}' has no "
                      f"members to average for {draft.person}", "take the indicator off the "
                      "head's card, or put people in the unit")
            return None
        totals, weights = [], []
        months = set(draft.months)
        for member in members:
            assert member.scored is not None
            result, i = member.scored
            weight = float(len(months.intersection(member.months)))
            if indicator.members == "bonus_base":
                person = scheme.people.get(member.person)
                base = scheme.bonus_base_for(person, member.post)
                weight *= float(base) if base is not None else 0.0
            # A one-vote veto on any of the member's posts zeroes their whole period.
            total = 0.0 if member.person in self.vetoed else float(result.summary.total[i])
            totals.append(total * weight)
            weights.append(weight)
        total_weight = add_up(weights)
        if total_weight == 0:
            self.fail(draft.rows[0].line, f"{unit_id}.{indicator.id}", f"the members of unit "
                      f"'{unit_id}' weigh nothing (no bonus base)", "give them a bonus base, "
                      "or weigh them equally (members: equal)")
            return None
        average = add_up(totals) / total_weight
        how = "by months" if indicator.members == "equal" else "by bonus base × months"
        people = len({m.person for m in members})
        return Given(average, average, None, f"average total of {people} members of "
                     f"{scheme.units[unit_id].label}, weighed {how}: {show(average)}")

    # -- people: totals, grades, ranks, calibration, money ---------------------------------

    def finish(self, drafts: list[_Draft]) -> Appraisal:
        scheme, period = self.scheme, self.period
        order: list[str] = []
        mine: dict[str, list[Segment]] = {}
        for draft in drafts:
            assert draft.scored is not None and draft.row is not None
            result, i = draft.scored
            if draft.person not in mine:
                order.append(draft.person)
            mine.setdefault(draft.person, []).append(
                Segment(draft.post.id, draft.post.unit, draft.months, draft.row, result, i))
        # By the last month each post was held in: the latest post is the last one.
        segments = [sorted(mine[p], key=lambda s: s.months[-1]) for p in order]
        totals, weighted, vetoes = [], [], []
        for parts in segments:
            total, weight_sum, veto = _combine(parts)
            totals.append(total)
            weighted.append(weight_sum)
            vetoes.append(veto)
        total_column = np.array(totals, dtype=np.float64)
        grades = grade_column(scheme, total_column,
                              np.array([v is not None for v in vetoes], dtype=bool))
        places, mode = scheme.rounding.points, scheme.rounding.mode
        shown = round_column(total_column, places, mode)
        shown_weighted = round_column(np.array(weighted, dtype=np.float64), places, mode)
        unit_index = {u: k for k, u in enumerate(scheme.units)}
        units = [parts[-1].unit for parts in segments]
        rank, rank_of = rank_column(np.array([unit_index[u] for u in units], dtype=np.intp),
                                    shown)
        company, company_of = rank_column(np.zeros(len(order), dtype=np.intp), shown)
        ranking = sorted(range(len(order)), key=lambda k: (-shown[k], -shown_weighted[k],
                                                           order[k]))
        final, moves, small, groups = calibrate_groups(scheme, order, ranking, units,
                                                       [int(g) for g in grades])
        bonus = [self.bonus(order[k], segments[k], final[k]) for k in range(len(order))]
        paid, pools, pool_of = pay_pools(scheme, len(period), order, ranking, units, bonus)
        people = tuple(Appraised(
            order[k], segments[k][-1].row.name, segments[k][-1].post, units[k],
            sum(len(s.months) for s in segments[k]), tuple(segments[k]), weighted[k], totals[k],
            vetoes[k], int(grades[k]), final[k], bonus[k], paid[k], pool_of.get(order[k]),
            int(rank[k]), int(rank_of[k]), int(company[k]), int(company_of[k]), groups[k])
            for k in range(len(order)))
        return Appraisal(scheme, period, self.monthly.file, self.monthly.fingerprint, people,
                         tuple(self.units), tuple(moves), tuple(small), tuple(pools),
                         sorted([*self.monthly.warnings, *self.warnings]))

    def bonus(self, person_id: str, parts: list[Segment], grade: int) -> Fraction | None:
        scheme = self.scheme
        coefficient = scheme.grades[grade].coefficient
        shares = []
        for part in parts:
            base = scheme.bonus_base_for(scheme.people.get(person_id), scheme.posts[part.post])
            if base is None:
                return None
            key = (coefficient, base, len(part.months))  # shared by most people: made once
            if key not in self.money:
                self.money[key] = Fraction(coefficient) * Fraction(base) * len(part.months) / 12
            shares.append(self.money[key])
        return shares[0] if len(shares) == 1 else sum(shares, Fraction(0))


def _combine(parts: list[Segment]) -> tuple[float, float, str | None]:
    """A person's total over posts: each post's total weighed by its months."""
    effects = {p.veto for p in parts if p.veto}
    veto = "zero_total" if "zero_total" in effects else ("lowest_grade" if effects else None)
    if len(parts) == 1:
        only = parts[0]
        return only.total, only.weighted_sum, veto
    months = float(sum(len(p.months) for p in parts))
    total = add_up([p.total * len(p.months) for p in parts]) / months
    weighted = add_up([p.weighted_sum * len(p.months) for p in parts]) / months
    return (0.0 if veto == "zero_total" else total), weighted, veto


def _target(share: Fraction, stretch: Fraction | None) -> Target:
    return Target(float(share), float(share * stretch) if stretch is not None else None)


