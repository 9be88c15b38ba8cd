"""Reading a weight in percent: a number (40, 12.5), or a fraction that no decimal writes
(``100/3``, equal thirds), kept exact so that weights add up exactly."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..diagnostics import Path
from ..i18n import _
from ..numbers import Weight, exact_weight, weight_text
from .context import Context


def fraction_hint() -> str:
    """How to write a weight that cannot be read, in the run's language."""
    return _("write a number (40) or a fraction of two numbers (100/3)")


def weight(ctx: Context, path: Path, raw: Any) -> Weight | None:
    """The weight at ``path``, exact; None, and the problem filed, if it cannot be read
    (the schema has checked a number's range already)."""
    if not isinstance(raw, str):
        return Decimal(raw)
    try:
        found = exact_weight(raw)
    except ValueError as exc:
        ctx.error(path, _("weight '{raw}' cannot be read: {exc}").format(raw=raw, exc=exc),
                  fraction_hint())
        return None
    if not 0 < found <= 100:
        ctx.error(path, _("weight '{raw}' is {value}%, expected more than 0% and at most "
                          "100%").format(raw=raw, value=weight_text(found)),
                  _("weights are percentages of the whole: 100/3 is a third"))
        return None
    return found


__all__ = ["fraction_hint", "weight"]
