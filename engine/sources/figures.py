"""The figures worked out from records, as the monthly data file ``score`` reads: a row for
each person on a post in each month of the period (in the scheme's order), the derived
fields their post needs, written as a person would write them by hand."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from ..model import Scheme
from ..year.periods import Period, month_id

Cell = Decimal | None
Slot = tuple[str, str]  # (person, month)
#: Places an average keeps (half up): what a number column holds exactly.
AVERAGE_PLACES = Decimal("0.000001")


def average(total: Decimal, count: int) -> Decimal:
    """The mean of ``count`` values adding up to ``total``, to six places, half up."""
    return (total / Decimal(count)).quantize(AVERAGE_PLACES, rounding=ROUND_HALF_UP)


def people_known(scheme: Scheme) -> dict[str, set[str]]:
    """What a column may refer to besides the sources: the scheme's people and units."""
    return {"people": set(scheme.people), "units": set(scheme.units)}


def rows_of(scheme: Scheme, period: Period) -> list[tuple[str, str, str]]:
    """(person, post, month) for each person on a post in each month, months first."""
    return [(person.id, post, month_id(period.year, month))
            for month in period.months for person in scheme.people.values()
            if (post := person.post_in(month)) is not None]


def written(value: Cell) -> str:
    """A figure as written by hand: 379000, 0.5, 1234.56; nothing for no figure."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def columns(scheme: Scheme, values: Mapping[tuple[str, str, str], Cell]) -> list[str]:
    """The data file's columns of figures: each derived field in the scheme's order, a field
    rated by several as a column for each rater the records name (teamwork@self,
    teamwork@peer1, ...), in the order of the field's rater groups."""
    out = []
    for name in scheme.fields:
        spec = scheme.derived.get(name)
        if spec is None:
            continue
        if spec.rater is None:
            out.append(name)
            continue
        raters = scheme.fields[name].raters
        groups = list(raters.weights) if raters is not None else []
        named = {key[0] for key in values if key[0].startswith(name + "@")}
        out += sorted(named, key=lambda column: _rater_order(column.split("@", 1)[1], groups))
    return out


def _rater_order(rater: str, groups: list[str]) -> tuple[int, str, int, str]:
    group = rater.rstrip("0123456789")
    number = rater[len(group):]
    return (groups.index(group) if group in groups else len(groups), group,
            int(number) if number else 0, rater)


def data_file(scheme: Scheme, period: Period,
              values: Mapping[tuple[str, str, str], Cell]) -> str:
    """The monthly data file: ``id,name,post,period`` and each derived field, in the
    scheme's order; a field the person's post does not need is left blank."""
    fields = columns(scheme, values)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as a spreadsheet writes
    writer.writerow(["id", "name", "post", "period", *fields])
    needs: dict[str, set[str]] = {}
    for person, post, month in rows_of(scheme, period):
        if post not in needs:
            needs[post] = own_fields(scheme, post)
        writer.writerow([person, scheme.people[person].name, post, month, *(
            written(values.get((name, person, month))) if name.split("@")[0] in needs[post]
            else ""
            for name in fields)])
    return out.getvalue()


def own_fields(scheme: Scheme, post: str) -> set[str]:
    """The fields a person on ``post`` reports for their own indicators (not those scored
    on their unit's figures, which the members' rows give), with the fields weighing them."""
    out: set[str] = set()
    for item in scheme.scorecards[scheme.posts[post].scorecard].items:
        indicator = scheme.indicators[item.indicator]
        if indicator.external or indicator.scope == "unit" or indicator.members is not None:
            continue
        for name in indicator.formula.fields:
            weight = scheme.fields[name].weight if name in scheme.fields else None
            out |= {name} | ({weight} if weight else set())
    return out
