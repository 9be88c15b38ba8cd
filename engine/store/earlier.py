"""Earlier months' figures from the history store, for the formulas that read a field over
earlier months (``previous(revenue)``, ``last_year(revenue)``): for each month of the scheme's
year and the year before that the store keeps, its latest version's figures of the fields
those formulas read. The data file's rows come first: the store fills in the months and
people the data has no row for."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .database import SQLITE, Database, kind_of
from .read import reading
from .schema import applied

if TYPE_CHECKING:
    from ..data.earlier import Earlier
    from ..model import Scheme


def stored_earlier(url: str, scheme: Scheme) -> Earlier | None:
    """The store's earlier figures for ``scheme``, or none when it keeps nothing (a store
    not made yet)."""
    from ..data.earlier import Earlier, absolute
    from ..year.periods import parse_month

    if scheme.calendar is None or not scheme.looked_back:
        return None
    if kind_of(url) == "sqlite" and not Path(url.removeprefix(SQLITE)).exists():
        return None
    probe = Database(url, writing=False)
    try:
        empty = applied(probe) == 0
    finally:
        probe.close()
    if empty:
        return None
    fields = sorted(scheme.looked_back)
    year = scheme.calendar.year
    figures: dict[int, dict[str, tuple[dict[str, float], int]]] = {}
    with reading(url) as db:
        rows = db.rows(
            "SELECT r.period, f.person, f.field, f.value FROM runs r JOIN figures f ON "
            "f.run = r.id WHERE r.version = (SELECT max(v.version) FROM runs v WHERE "
            f"v.period = r.period) AND f.field IN ({', '.join('?' for _f in fields)}) "
            "ORDER BY r.period, f.person, f.segment", fields)
        name = db.name
    for period, person, field, value in rows:
        month = parse_month(period)
        if month is None or month[0] not in (year - 1, year) or value is None:
            continue
        try:
            number = float(value)
        except ValueError:
            continue  # a rating's level: no formula reads it over months
        kept = figures.setdefault(absolute(*month), {}).setdefault(person, ({}, 0))
        kept[0][field] = number
    return Earlier(name, figures)
