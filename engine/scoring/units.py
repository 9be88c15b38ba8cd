"""Items scored from other people: a unit's result, and the average of its members.

- **Unit results.** An indicator with ``scope: unit`` on a head's card is scored on the
  unit the head leads: its members' figures for the head's months, combined by each
  field's ``combine`` (sum, or average weighed by months), against the unit's target.
- **Members' average.** A ``members`` indicator is the average total of the people in
  the unit and below it (its head excepted), weighed by their months in the head's
  months (and by bonus base if the scheme says so). A member vetoed anywhere counts 0.

Heads are scored level by level from the deepest unit up (:func:`levels`), so every
member's total is known before a head needs it.
"""

from __future__ import annotations

from ..formula import EvaluationError
from ..i18n import _
from ..model import Indicator, Scheme
from ..numbers import add_up
from ..rules import Step, Target, Word
from .batch import Given, Value
from .members import Figures, Members
from .reference import score_one
from .result import UnitResult
from .segments import Months, RollUp, Segment
from .share import WORDS as SHARE_WORDS
from .share import Held, share_of
from .targets import cascade_target

WORDS = {
    "members.average": {
        "en": "average total of {people} members of {unit}, weighed {how}: {average}",
        "zh": "{unit} {people} 名成员的平均总分（{how}加权）：{average}",
    },
}
WORDS.update(SHARE_WORDS)
_HOW = {"equal": Word("by months"), "bonus_base": Word("by bonus base × months")}


class Units:
    """Works out, head by head, the items their cards score from other people."""

    def __init__(self, scheme: Scheme, months: Months, rollup: RollUp,
                 segments: list[Segment]) -> None:
        self.scheme, self.months, self.rollup = scheme, months, rollup
        self.results: list[UnitResult] = []
        self.vetoed: set[str] = set()  # people a one-vote veto zeroes, as found so far
        self.by_unit: dict[str, list[Segment]] = {}
        for segment in segments:
            self.by_unit.setdefault(segment.unit, []).append(segment)
        self._members: dict[int, list[Segment]] = {}
        self._combined: dict[int, dict[str, float]] = {}
        self._figures: dict[tuple[int, tuple[int, ...]], dict[str, Value]] = {}
        # The fields units are scored on: the only ones a member's months are rolled up for.
        self.unit_fields = sorted({name for i in scheme.indicators.values() if i.scope == "unit"
                                   for name in i.formula.names})
        numbers = all(scheme.fields[f].type == "number" for f in self.unit_fields)
        self.columns = Members(scheme, months.kept, segments, self.unit_fields) \
            if months.kept is not None and numbers else None
        self.held = Held() if months.kept is not None else None  # team shares' answers

    def members(self, head: Segment) -> list[Segment]:
        """The segments in the unit ``head``'s post heads, and below it, head excepted."""
        if id(head) not in self._members:
            unit = self.scheme.head_of(head.post)
            months = set(head.months)
            self._members[id(head)] = [] if unit is None else [
                s for inside in self.scheme.subtree(unit) for s in self.by_unit.get(inside, [])
                if s.post != head.post and not months.isdisjoint(s.months)]
        return self._members[id(head)]

    def given(self, segment: Segment) -> None:
        """The items of a head's card scored from other people, into ``segment.given``."""
        scheme = self.scheme
        for item in scheme.scorecards[scheme.posts[segment.post].scorecard].items:
            indicator = scheme.indicators[item.indicator]
            if indicator.scope == "unit":
                found = self.unit_result(segment, indicator)
            elif indicator.share is not None:
                members = self.members(segment)
                found = share_of(scheme, segment, indicator, members, self.held,
                                 self.months.fail) if members \
                    else self.members_average(segment, indicator)  # says there are none
            elif indicator.members is not None:
                found = self.members_average(segment, indicator)
            else:
                continue
            if found is not None:
                segment.given[indicator.id] = found

    def unit_result(self, head: Segment, indicator: Indicator) -> Given | None:
        scheme = self.scheme
        unit_id = scheme.head_of(head.post)
        assert unit_id is not None
        where = f"{unit_id}.{indicator.id}"
        figures = self.unit_figures(head)
        values: dict[str, Value] = {}
        for name in sorted(indicator.formula.names):
            if name not in figures:
                self.months.fail(head.rows[0].line, where, _(
                    "unit '{unit}' has no figures for '{name}' from its members, so "
                    "'{indicator}' cannot be scored for {head}").format(
                        unit=unit_id, name=name, indicator=indicator.id, head=head.person),
                    _("check that the members report it"))
                return None
            values[name] = figures[name]
        cascade = scheme.cascade_of(indicator.id)
        target: Target | None
        if cascade is not None:
            share = scheme.allocations[cascade.id].unit_target(unit_id, head.months)
            target = cascade_target(share, cascade.stretch) if share is not None else None
        else:
            target = scheme.target_for(None, scheme.posts[head.post], indicator.id)
        fixed = target if cascade is None else None  # a cascade's share is the months' own
        scaling = self.rollup.scale(indicator, fixed, len(head.months)) \
            if self.rollup.follows else None
        if scaling is not None:
            head.scaling[indicator.id] = scaling
            target = scaling.target or target
        try:
            value, outcome = score_one(indicator, values, target,
                                       scaling.rule if scaling is not None else None)
        except EvaluationError as exc:
            self.months.fail(head.rows[0].line, where, _(
                "cannot score '{indicator}' for unit '{unit}': {problem}").format(
                    indicator=indicator.id, unit=unit_id, problem=exc),
                _("check the members' figures and the unit's target"))
            return None
        number = value if isinstance(value, float) else 0.0
        self.results.append(UnitResult(unit_id, head.person, indicator.id, number, target,
                                       outcome.points, head.months))
        step = Step(outcome.step.kind, outcome.step.values, outcome.step.limit,
                    scheme.units[unit_id].label)
        return Given(outcome.points, number, target, step, values)

    def unit_figures(self, head: Segment) -> dict[str, float]:
        """The figures of the unit a head leads, over the head's months (made once a head)."""
        if id(head) not in self._combined:
            members = self.members(head)
            self._combined[id(head)] = self.columns.unit_figures(
                head, members, self.member_figures, self.rollup.no_weights_kept) \
                if self.columns is not None \
                else combined(self.scheme, head, members, self.member_figures)
        return self._combined[id(head)]

    def member_figures(self, member: Segment, months: tuple[int, ...]) -> dict[str, Value]:
        """A member's number figures over the ``months`` of a head (made once per member)."""
        key = (id(member), months)
        if key not in self._figures:
            chosen = set(months)
            rows = [r for m, r in zip(member.months, member.rows, strict=True) if m in chosen]
            self._figures[key] = self.rollup.roll_up(member, rows, self.unit_fields,
                                                     member.person)
        return self._figures[key]

    def members_average(self, head: Segment, indicator: Indicator) -> Given | None:
        scheme = self.scheme
        unit_id = scheme.head_of(head.post)
        assert unit_id is not None
        members = self.members(head)
        period = self.months.period.id
        if not members:
            self.months.fail(head.rows[0].line, f"{unit_id}.{indicator.id}", _(
                "unit '{unit}' has nobody under its head in {period}, so '{indicator}' has no "
                "members to average for {head}").format(unit=unit_id, period=period,
                                                         indicator=indicator.id,
                                                         head=head.person),
                _("take the indicator off the head's card, or put people in the unit"))
            return None
        weighed, total_weight, people = self.columns.average(
            head, indicator, members, self.vetoed) if self.columns is not None \
            else weigh(self, head, indicator, members)
        if total_weight == 0:
            self.months.fail(head.rows[0].line, f"{unit_id}.{indicator.id}", _(
                "the members of unit '{unit}' weigh nothing (no bonus base)").format(
                    unit=unit_id),
                _("give them a bonus base, or weigh them equally (members: equal)"))
            return None
        average = weighed / total_weight
        how = _HOW["equal" if indicator.members == "equal" else "bonus_base"]
        return Given(average, average, None, Step("members.average", {
            "people": float(people), "unit": scheme.units[unit_id].label, "how": how,
            "average": average}))


def levels(units: Units, segments: list[Segment]) -> dict[int, int]:
    """0 for everybody scored on their own; a head waits for the members it averages."""
    scheme = units.scheme
    alone = {p.id for p in scheme.posts.values() if not any(
        scheme.indicators[i.indicator].members for i in scheme.scorecards[p.scorecard].items)}
    level = {id(s): 0 for s in segments if s.post in alone}
    waiting = [s for s in segments if id(s) not in level]
    for segment in sorted(waiting, key=lambda s: -scheme.depth(s.unit)):  # deepest first
        level[id(segment)] = 1 + max((level.get(id(m), 0) for m in units.members(segment)),
                                     default=0)
    return level


def combined(scheme: Scheme, head: Segment, members: list[Segment], figures: Figures
             ) -> dict[str, float]:
    """The figures of the unit ``head`` leads, person by person: each field summed over the
    members who have it, or averaged weighed by their months (``figures``: a member's)."""
    found: dict[str, list[float]] = {}
    weights: dict[str, list[float]] = {}  # months of each member in the head's months
    months = set(head.months)
    for member in members:
        overlap = float(len(months.intersection(member.months)))
        for name, value in figures(member, head.months).items():
            found.setdefault(name, []).append(float(value))
            weights.setdefault(name, []).append(overlap)
    out: dict[str, float] = {}
    for name, values in found.items():
        if scheme.fields[name].combine == "average":  # each member by their months
            out[name] = add_up([v * w for v, w in zip(values, weights[name], strict=True)]) \
                / add_up(weights[name])
        else:
            out[name] = add_up(values)
    return out


def weigh(units: Units, head: Segment, indicator: Indicator, members: list[Segment]
          ) -> tuple[float, float, int]:
    """The members' totals weighed, their weights, and how many people they are, person
    by person."""
    scheme = units.scheme
    totals, weights = [], []
    months = set(head.months)
    for member in members:
        weight = float(len(months.intersection(member.months)))
        if indicator.members == "bonus_base":
            base = scheme.bonus_base_for(scheme.people.get(member.person),
                                         scheme.posts[member.post])
            weight *= float(base) if base is not None else 0.0
        # A one-vote veto on any of the member's posts zeroes their whole period.
        total = 0.0 if member.person in units.vetoed else member.total
        totals.append(total * weight)
        weights.append(weight)
    return add_up(totals), add_up(weights), len({m.person for m in members})
