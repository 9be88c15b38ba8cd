"""Scoring rules (评分规则): one module per kind, and the one table of them, ``RULES``.

The builder reads a rule through ``RULES[kind].build``; the scorer calls the rule's
``score`` (one value, the reference) and ``columns`` (everybody at once); reporters
find the words of each step through :func:`step_words`; the tests hold the JSON
Schema's list of kinds equal to ``RULES`` and draw the equivalence test's kinds from it.
Adding a kind: its module here (build, score, columns, words), its entry below, the
JSON Schema, its tests and a line in the README.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import (
    bands,
    events,
    formula,
    linear,
    lower_is_better,
    piecewise,
    rating,
    ratio,
    threshold,
    two_level,
    veto,
)
from .base import (
    PER_MONTHS,
    Basis,
    Column,
    Direction,
    Expression,
    Interval,
    Outcome,
    Per,
    Role,
    Rule,
    RuleContext,
    RuleKind,
    Scored,
    Step,
    StepColumns,
    StepValue,
    Target,
    Word,
    achievement,
)
from .members import MembersRule

RULES: dict[str, RuleKind] = {
    kind.kind: kind
    for module in (linear, ratio, two_level, bands, threshold, lower_is_better, piecewise,
                   events, veto, rating, formula)
    for kind in module.KINDS
}

_WORDS: dict[str, Mapping[str, str]] = {
    step: words for kind in RULES.values() for step, words in kind.words.items()
}


def step_words(step_kind: str) -> Mapping[str, str] | None:
    """The words of a rule's step kind, by language; None if no rule gives that step."""
    return _WORDS.get(step_kind)


__all__ = [
    "PER_MONTHS",
    "RULES",
    "Basis",
    "Column",
    "Direction",
    "Expression",
    "Interval",
    "MembersRule",
    "Outcome",
    "Per",
    "Role",
    "Rule",
    "RuleContext",
    "RuleKind",
    "Scored",
    "Step",
    "StepColumns",
    "StepValue",
    "Target",
    "Word",
    "achievement",
    "step_words",
]
