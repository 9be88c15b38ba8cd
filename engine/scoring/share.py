"""A team share (团队达标比例): ``members: {share: condition}`` is the percentage of the
members of the unit the holder heads (the members ``members: equal`` averages, each by
their months in the head's months) for whom the condition holds on their own results,
read as a gate reads them; the indicator's rule then scores that percentage.

A member whose card does not hold every indicator the condition reads is not counted, in
the share or in the whole. Each member's condition is read from the columns of the batch
that scored them (:func:`held_column`, once per batch and card) or from their items one
by one (:func:`held_one`, the reference, which words any read it cannot make).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..formula import EvaluationError
from ..formula.conditions import Condition
from ..i18n import _
from ..model import Indicator, Scheme
from ..numbers import add_up
from .batch import Batch, Flags, Given
from .gates import condition_columns, read_result
from .segments import Segment

WORDS = {
    "members.share": {
        "en": "{met} of {people} members of {unit} meet {condition}[[, weighed by their "
              "months: {months_met} of {months} months]]: {share}%",
        "zh": "{unit} {people} 名成员中 {met} 名符合 {condition}[[（按在岗月数：{months} 个月中 "
              "{months_met} 个月）]]：{share}%",
    },
}


def counted(scheme: Scheme, post: str, condition: Condition) -> bool:
    """Whether a member on ``post`` is counted: their card holds what the condition reads."""
    card = scheme.scorecards[scheme.posts[post].scorecard]
    return condition.indicators <= {item.indicator for item in card.items}


def held_one(batch: Batch, i: int, condition: Condition) -> bool:
    """Whether the condition holds on row ``i``'s own results; raises EvaluationError."""
    items = {item.id: item for item in batch.items(i)}
    card = batch.scheme.posts[batch.rows[i].post].scorecard
    gated = batch.gates.get(card)
    raw = {} if gated is None else {
        name: float(column[int(np.searchsorted(gated.who, i))])
        for name, column in gated.raw.items()}

    def read(function: str, name: str) -> float:
        item = items[name]
        return read_result(function, item.indicator, item.value, raw.get(name, item.points),
                           item.target)

    return condition.holds(read)


class Held:
    """The condition's answer for every row of a batch holding a card, made once."""

    def __init__(self) -> None:
        self.made: dict[tuple[int, str, int], tuple[Flags, Flags]] = {}

    def column(self, batch: Batch, card: str, condition: Condition, i: int) -> bool | None:
        """Row ``i``'s answer from the card's columns; None for a row the columns cannot
        answer for (the reference answers, or words why it cannot)."""
        key = (id(batch), card, id(condition))
        if key not in self.made:
            pieces = {name: piece for (c, name), piece in batch.pieces.items() if c == card}
            gated = batch.gates.get(card)
            raw = gated.raw if gated is not None else {}
            self.made[key] = condition_columns(condition, pieces, raw)
        held, bad = self.made[key]
        who = next(iter(p.who for (c, _), p in batch.pieces.items() if c == card))
        k = int(np.searchsorted(who, i))
        return None if bad[k] else bool(held[k])


def share_of(scheme: Scheme, head: Segment, indicator: Indicator, members: list[Segment],
             held: Held | None, fail: Callable[[int, str, str, str], None]) -> Given | None:
    """The team share of the unit ``head`` leads, scored by the indicator's rule
    (``held``: the columns' answers, or None for the reference, member by member)."""
    condition = indicator.share
    assert condition is not None
    unit_id = scheme.head_of(head.post)
    assert unit_id is not None
    where = f"{unit_id}.{indicator.id}"
    months = set(head.months)
    met, weights, people, meeting = [], [], set(), set()
    for member in members:
        if not counted(scheme, member.post, condition):
            continue
        assert member.scored is not None
        batch, i = member.scored
        card = scheme.posts[member.post].scorecard
        try:
            holds = held.column(batch, card, condition, i) if held is not None else None
            if holds is None:
                holds = held_one(batch, i, condition)
        except EvaluationError as exc:
            fail(head.rows[0].line, where, _("cannot work out '{indicator}' for {head}: "
                                             "{problem} for member {member}").format(
                indicator=indicator.id, head=head.person, problem=exc, member=member.person),
                 exc.hint or _("check {member}'s targets").format(member=member.person))
            return None
        weight = float(len(months.intersection(member.months)))
        weights.append(weight)
        met.append(weight if holds else 0.0)
        people.add(member.person)
        if holds:
            meeting.add(member.person)
    if not weights:
        fail(head.rows[0].line, where, _(
            "no member of unit '{unit}' has every indicator '{indicator}' reads ({names}) on "
            "their card, so the share cannot be worked out for {head}").format(
                unit=unit_id, indicator=indicator.id,
                names=", ".join(sorted(condition.indicators)), head=head.person),
             _("read indicators on the members' cards"))
        return None
    value = add_up(met) / add_up(weights) * 100
    target = scheme.target_for(scheme.people.get(head.person), scheme.posts[head.post],
                               indicator.id)
    try:
        outcome = indicator.rule.score(value, target)
    except EvaluationError as exc:
        fail(head.rows[0].line, where, _("cannot score '{indicator}' for {head}: "
                                         "{problem}").format(indicator=indicator.id,
                                                             head=head.person, problem=exc),
             exc.hint)
        return None
    said: dict[str, float | str] = {
        "met": float(len(meeting)), "people": float(len(people)),
        "unit": scheme.units[unit_id].label, "condition": condition.text, "share": value}
    if len(set(weights)) > 1:  # members there for different months: the share weighs them
        said.update(months_met=add_up(met), months=add_up(weights))
    return Given(outcome.points, value, target, outcome.step, said)
