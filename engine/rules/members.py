"""A members indicator's rule: its points are the average total of the members of the
unit the holder heads, worked out when they are scored (:mod:`appraise.scoring.units`).
It is not a kind a scheme writes (``members: equal`` says it), so it is not in ``RULES``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import Column, Floats, Outcome, Rule, Scored, Target


@dataclass(frozen=True)
class MembersRule(Rule):
    def score(self, value: float, target: Target | None) -> Outcome:
        raise NotImplementedError("a members indicator is scored from its members' totals")

    def columns(self, value: Column, base: Floats, stretch: Floats) -> Scored:
        raise NotImplementedError("a members indicator is scored from its members' totals")
