"""The sheets of a period of a scheme kept by month, beside its people's: what the score
table shows after the people (:mod:`.table`), each as a sheet of rows:

- the units' results: each unit's indicator scored on the unit (value, target, achievement,
  points);
- calibration: each person a quota moved, from which grade to which, and why;
- the bonus pools: each pool, what the bonuses came to before it, and what it paid.

A sheet is made only when there is something to show.
"""

from __future__ import annotations

from typing import Any

from ..i18n import _
from ..numbers import to_cents
from ..scoring import Result
from .layout import Points
from .table import pool_payments
from .xlsx_sheets import GENERAL, MONEY, PERCENT, POINTS, TEXT, WHOLE, Sheet, SheetNames


def period_sheets(workbook: Any, result: Result, names: SheetNames,
                  styles: dict[str, Any]) -> list[Sheet]:
    """The period's sheets, written (to be closed with the others)."""
    made = []
    for title, sheet in ((_("Unit results"), _units), (_("Calibration"), _moves),
                         (_("Bonus pools"), _pools)):
        if (content := sheet(result)) is not None:
            columns, rows = content
            made.append(Sheet(workbook, names.name(title), [h for h, _k in columns],
                              [k for _h, k in columns], styles, frozen=0))
            if rows:
                made[-1].rows(list(zip(*rows, strict=True)))
    return made


Content = tuple[list[tuple[str, str]], list[list[Any]]]


def _units(result: Result) -> Content | None:
    if not result.units:
        return None
    scheme, points = result.scheme, Points(result.scheme)
    rows = []
    for u in result.units:
        target = u.target
        reached = None
        if target is not None and target.base:
            reached = float(points(u.value / target.base * 100)) / 100
        rows.append([scheme.units[u.unit].label, scheme.indicators[u.indicator].named,
                     u.value, None if target is None else target.base,
                     None if target is None else target.stretch, reached,
                     float(points(u.points))])
    return [(_("Unit"), TEXT), (_("Indicator"), TEXT), (_("Actual"), GENERAL),
            (_("Target"), GENERAL), (_("Stretch target"), GENERAL),
            (_("Achievement"), PERCENT), (_("Points"), POINTS)], rows


def _moves(result: Result) -> Content | None:
    if result.scheme.calibration is None or not result.by_month:
        return None
    scheme = result.scheme
    names = dict(zip(result.columns.person, result.columns.name, strict=True))
    rows = [[m.person, names[m.person], scheme.units[m.group].label, m.position, m.of,
             m.before, m.after, m.reason] for m in result.moves]
    return [(_("Person"), TEXT), (_("Name"), TEXT), (_("Group"), TEXT),
            (_("Rank in the group"), WHOLE), (_("Ranked among"), WHOLE),
            (_("Grade before calibration"), TEXT), (_("Grade"), TEXT), (_("Why"), TEXT)], rows


def _pools(result: Result) -> Content | None:
    if not result.pools:
        return None
    scheme = result.scheme
    places = scheme.rounding.money
    scale = 10 ** places
    paid = pool_payments(result)
    rows = [[scheme.units[pool.unit].label, pool.people,
             to_cents(pool.wanted, places) / scale, pool.amount / scale,
             paid.get(pool.unit, 0) / scale] for pool in result.pools]
    return [(_("Unit"), TEXT), (_("People"), WHOLE), (_("Bonuses before the pool"), MONEY),
            (_("Pool"), MONEY), (_("Paid"), MONEY)], rows
