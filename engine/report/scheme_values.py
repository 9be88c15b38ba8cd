"""The values of :mod:`.scheme_diff`'s changes: compared as plain data (a formula by its
text, NaN equal to NaN) and shown as people read them (1,200,000; [90, 95) 80 points)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..formula import Formula
from ..formula.conditions import Condition
from ..i18n import _
from ..numbers import amount, weight_text, written
from ..rules import Rule, Target
from ..rules.bands import BandsRule

Value = str | float | None
"""A value of a change as data: a number where it is one, else its words, None for none."""


class Nothing(str):
    """A part that is not set on one side (a bonus base, a scale): 'none' in words, null in
    JSON; unlike None, which is an entry added or removed."""

    __slots__ = ()


NOTHING = Nothing("none")


def plain(value: Any) -> Any:
    """``value`` as plain data to compare: formulas by their text, NaN equal to NaN."""
    if isinstance(value, (Formula, Condition)):
        return ("formula", value.text)
    if isinstance(value, float) and value != value:
        return ("nan",)
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, tuple((f.name, plain(getattr(value, f.name)))
                                            for f in fields(value) if f.compare))
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list, frozenset, set)):
        return tuple(plain(v) for v in value)
    return value


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal, Fraction)) and not isinstance(value, bool) \
        and value == value


def shown(value: Any) -> str:
    """A value as a person reads it: 1,200,000; 1.2; [90, 95) 80; 'none'."""
    if value is None or isinstance(value, Nothing):
        return _("none")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return written(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}"
    if isinstance(value, Fraction):
        return weight_text(value) if value.denominator != 1 else amount(value)
    if isinstance(value, int):  # a year, a count of people: as written
        return str(value)
    if isinstance(value, (Formula, Condition)):
        return value.text
    if isinstance(value, Rule):
        return rule_text(value)
    if isinstance(value, Target):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        from .scheme_words import field_word

        return ", ".join(f"{field_word(f.name.replace('_', ' '))} {shown(getattr(value, f.name))}"
                         for f in fields(value) if f.compare and getattr(value, f.name)
                         not in (None, "", (), {}))
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {shown(v)}" for k, v in value.items())
    if isinstance(value, (tuple, list)):
        return ", ".join(" ".join(map(shown, v)) if isinstance(v, tuple) else shown(v)
                         for v in value)
    return str(value)


def rule_text(rule: Rule) -> str:
    """A rule whole: 'linear (at target 100, above 1.3, below 0.3, cap 120, floor 0)'."""
    from .scheme_words import field_word

    if isinstance(rule, BandsRule):
        return f"bands ({bands_text(rule)})"
    parts = [f"{field_word(f.name.replace('_', ' '))} {shown(getattr(rule, f.name))}"
             for f in fields(rule)
             if f.name not in ("kind", "direction") and getattr(rule, f.name) is not None]
    return f"{rule.kind} ({', '.join(parts)})" if parts else rule.kind


def bands(rule: BandsRule) -> list[str]:
    """Each band as a person reads it: '[90, 95) 80 points', lowest first."""
    return [_("{interval} {points} points").format(interval=interval,
                                                   points=written(band.points))
            for interval, band in zip(rule.intervals, rule.bands, strict=True)]


def bands_text(rule: BandsRule) -> str:
    return ", ".join(bands(rule))


def as_value(value: Any) -> Value:
    """A value as JSON: numbers as numbers (a Decimal or Fraction to the float nearest it)."""
    if value is None or isinstance(value, Nothing):
        return None
    if isinstance(value, str):
        return value
    if is_number(value):
        return float(value) if not isinstance(value, int) else value
    return shown(value)
