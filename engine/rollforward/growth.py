"""How much targets grow: ``--growth 10%`` for every target of a total, ``--growth
revenue_achievement=12%`` for one indicator's; and which targets a plain growth leaves alone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..diagnostics import AppraiseError
from ..i18n import _
from ..model import Indicator, Scheme
from ..numbers import written

_PERCENT = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)%")
_NUMBER = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


class RollForwardError(ValueError):
    """An option a roll-forward cannot take; ``option`` names it (``--growth``, ``--to``)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


class ActualsError(AppraiseError):
    """The actuals cannot be read or scored: their problems, naming row and column."""


@dataclass(frozen=True)
class Growth:
    """The growth of every target of a total (``default``) and of named indicators', as
    fractions (10% is 0.1)."""

    default: Decimal | None = None
    by_indicator: dict[str, Decimal] = field(default_factory=dict)


def percent(text: str) -> Decimal:
    """'10%' as 0.1, '-5%' as -0.05; anything else is refused with how to write it."""
    written = text.strip()
    if _PERCENT.fullmatch(written):
        value = Decimal(written[:-1]) / 100
        if value <= -1:
            raise RollForwardError("--growth", _("a growth of {growth} would leave the targets "
                                                 "at 0 or below; give more than -100%").format(
                                                     growth=written))
        return value
    if written.endswith("％") and _PERCENT.fullmatch(written[:-1] + "%"):
        raise RollForwardError("--growth", _("'{text}' has a full-width ％; type % in English "
                                             "input mode").format(text=text))
    if _NUMBER.fullmatch(written):
        raise RollForwardError("--growth", _(
            "'{text}' has no %: write the growth as a percentage, e.g. 10% (a bare number "
            "could mean 10% or 0.1%)").format(text=text))
    raise RollForwardError("--growth", _("'{text}' is not a percentage; write e.g. 10%, 2.5% "
                                         "or -5%").format(text=text))


def read_growth(given: tuple[str, ...]) -> Growth:
    """The ``--growth`` options: at most one plain percentage, and INDICATOR=PCT once per
    indicator."""
    default: Decimal | None = None
    named: dict[str, Decimal] = {}
    for text in given:
        name, equals, value = (part.strip() for part in text.partition("="))
        if not equals:
            if default is not None:
                raise RollForwardError("--growth", _(
                    "a growth for every target is given twice; give it once, and "
                    "INDICATOR=PCT for the exceptions"))
            default = percent(text)
            continue
        if not name or not value:
            raise RollForwardError("--growth", _("'{text}' is not INDICATOR=PCT; write e.g. "
                                                 "revenue_achievement=12%").format(text=text))
        if name in named:
            raise RollForwardError("--growth", _("the growth of '{indicator}' is given "
                                                 "twice").format(indicator=name))
        named[name] = percent(value)
    return Growth(default, named)


def left_alone(scheme: Scheme, indicator: Indicator) -> str:
    """Why a plain ``--growth`` leaves the indicator's targets as they are ('' when it grows
    them). It grows a total that is better higher: revenue, counts of customers or leads,
    the figures that grow with the business. A rate, a score, an average, a limit (lower is
    better) or a figure with a ceiling is a level the business does not scale."""
    if indicator.direction == "lower_is_better":
        return _("lower is better: a limit, not a volume")
    if indicator.direction != "higher_is_better":
        return _("closest to target: a level, not a volume")
    fields = [scheme.fields[n] for n in sorted(indicator.formula.fields) if n in scheme.fields]
    if indicator.unit in ("%", "％") or any(f.unit in ("%", "％") for f in fields):
        return _("a rate (%), not a volume")
    if indicator.members is not None:
        return _("the members' results, not a volume")
    if not indicator.sums_over_months:
        return _("a rate, an average or a level, not a total")
    for spec in fields:
        if spec.max is not None:
            return _("a figure with a ceiling ({field} is at most {max})").format(
                field=spec.id, max=written(spec.max))
    if indicator.unit in ("score", "points") or any(f.unit in ("score", "points")
                                                     for f in fields):
        return _("a score, not a volume")
    return ""
