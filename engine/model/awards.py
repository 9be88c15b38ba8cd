"""Awards by rank (奖项): who is ranked, on what, where, and how many win."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .year import QuotaRounding

Ties = Literal["share", "none"]


@dataclass(frozen=True)
class Award:
    """An award given to the best ranked people of each group (月度销售冠军: the first in
    the company; the top 10% of each store)."""

    id: str
    label: str
    by: str
    """An indicator, ranked on its value on the card of each person's latest post; or
    'total', ranked on the total as shown."""
    within: str  # "company", "unit" (each person's own), or a unit kind
    top: int | None = None
    top_percent: Decimal | None = None
    rounding: QuotaRounding = "half_up"
    ties: Ties = "share"
    posts: tuple[str, ...] | None = None  # who may win: None, anybody ranked
    lowest_first: bool = False  # ranked on a lower-is-better indicator
    every_month: bool = False
    """Given for each month of the period scored, on that month's figures."""

    @property
    def on_total(self) -> bool:
        return self.by == "total"
