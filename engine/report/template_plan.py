"""What a data-entry template holds, before it is a workbook: a row for each person
appraised in the period (a row a month for a scheme kept by month, on the post held that
month), a column for each field some row needs (a column for each rater of a field rated
by several), and which cells each row needs. :mod:`.xlsx_template` writes it.

Every header is one the data readers know: the person's id, name, post and period by the
names the readers look for, a field by its label (its English name in English, when the
scheme gives one) with its unit in brackets, which the readers take off, a rater's column
as ``label@rater``; the unit's column is for the person who fills the sheet in and is
read by nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.header import ID_COLUMNS, NAME_COLUMNS, POST_COLUMNS, UNIT_COLUMNS
from ..data.records import PERIOD_COLUMNS
from ..i18n import _, language
from ..model import Field, Person, Scheme
from ..model.measure import in_chinese
from ..numbers import written
from ..year.periods import Period, month_id

PEOPLE_COLUMNS = {  # id, name, post, unit, period: as the readers name them
    "en": (ID_COLUMNS[0], NAME_COLUMNS[0], POST_COLUMNS[0], UNIT_COLUMNS[0], PERIOD_COLUMNS[0]),
    "zh": (ID_COLUMNS[3], NAME_COLUMNS[1], POST_COLUMNS[1], UNIT_COLUMNS[1], PERIOD_COLUMNS[1]),
}
MONEY = frozenset({"yuan", "cny", "rmb", "元", "万元"})


@dataclass(frozen=True)
class Column:
    """A column of figures: a field's, or one rater's ratings of a field."""

    field: str
    header: str
    kind: str  # number, whole, rating or text
    low: float | None = None
    high: float | None = None
    levels: tuple[str, ...] = ()  # a rating's levels, for its drop-down list
    rater: str | None = None
    note: str = ""  # the header's comment: the field's definition and what it takes
    allowed: str = ""  # what the cell takes, in a line: the input and error messages say it
    money: bool = False


@dataclass(frozen=True)
class Row:
    person: str
    name: str
    post: str
    unit: str
    period: str
    needs: frozenset[str]  # the fields (ids) the row's scorecard reads


@dataclass(frozen=True)
class Template:
    scheme: Scheme
    period: str
    by_month: bool
    people_columns: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


def plan(scheme: Scheme, period: str, months: Period | None,
         raters: dict[str, int] | None = None) -> Template:
    """The template of ``scheme`` for ``period`` (``months``: its months, for a scheme kept
    by month). ``raters`` gives how many raters of a group rate each person (peer=3); a
    group not named has one."""
    raters = raters or {}
    rows = tuple(_rows(scheme, period, months))
    needed = {f for row in rows for f in row.needs} or {  # no people: every post's fields
        f for post in scheme.posts.values() for f in scheme.fields_for(post)
        if scheme.fields[f].count is None}
    events = _events(scheme)
    columns = tuple(c for f in scheme.fields if f in needed
                    for c in _columns(scheme, scheme.fields[f], events, raters))
    return Template(scheme, period, months is not None, PEOPLE_COLUMNS[language()], columns,
                    rows)


def _rows(scheme: Scheme, period: str, months: Period | None) -> list[Row]:
    posts: dict[str, tuple[str, frozenset[str]]] = {}  # each post's unit and fields, once

    def row(person: Person, post: str, period: str) -> Row:
        if post not in posts:
            posts[post] = _post(scheme, post)
        unit, needs = posts[post]
        return Row(person.id, person.name, post, unit, period, needs)

    if months is None:
        return [row(person, person.post, period) for person in scheme.people.values()]
    out = []
    for month in months.months:
        for person in scheme.people.values():
            held = person.post_in(month)
            if held is not None:
                out.append(row(person, held, month_id(months.year, month)))
    return out


def _post(scheme: Scheme, post_id: str) -> tuple[str, frozenset[str]]:
    """A post's unit (its label) and the fields a row on it needs."""
    post = scheme.posts[post_id]
    unit = scheme.units.get(post.unit)
    shown = {name for item in scheme.scorecards[post.scorecard].items for _, name in item.shown}
    needs = [f for f in scheme.fields_for(post) if scheme.fields[f].count is None]
    owner = scheme.subject.owner if scheme.subject is not None else None
    needs += [f for f in scheme.texts if f in shown or f == owner]  # a remark, an owner
    return unit.label if unit is not None else post.unit, frozenset(needs)


def _events(scheme: Scheme) -> set[str]:
    """The fields that count events (deductions, bonus items, vetoes): whole numbers."""
    return {i.formula.text.strip() for i in scheme.indicators.values()
            if i.rule.role != "weighted" and i.formula.text.strip() in scheme.fields}


def label(spec: Field) -> str:
    """The field's name in the run's language, as the scheme writes it."""
    return spec.label_en if language() == "en" and spec.label_en else spec.label


def unit(spec: Field) -> str:
    """The field's unit, in Chinese words where it is written in common English ones (the
    readers know both)."""
    return in_chinese(spec.unit) if language() == "zh" else spec.unit


def header(spec: Field) -> str:
    """``销售额（元）``, ``Revenue (yuan)``: the readers take the bracketed unit off."""
    shown = unit(spec)
    if not shown:
        return label(spec)
    return f"{label(spec)}（{shown}）" if language() == "zh" else f"{label(spec)} ({shown})"


def _columns(scheme: Scheme, spec: Field, events: set[str],
             raters: dict[str, int]) -> list[Column]:
    kind, low, high, levels = _takes(scheme, spec, events)
    allowed = _allowed(kind, low, high, levels)
    money = spec.unit.strip().lower() in MONEY
    if spec.raters is None:
        return [Column(spec.id, header(spec), kind, low, high, levels, None,
                       _note(scheme, spec, allowed, None), allowed, money)]
    out = []
    for group in spec.raters.weights:
        count = raters.get(group, 1)
        for rater in [group] if count == 1 else [f"{group}{k}" for k in range(1, count + 1)]:
            out.append(Column(spec.id, f"{label(spec)}@{rater}", kind, low, high, levels,
                              rater, _note(scheme, spec, allowed, rater), allowed, money))
    return out


def _takes(scheme: Scheme, spec: Field, events: set[str]
           ) -> tuple[str, float | None, float | None, tuple[str, ...]]:
    """What a cell of the field takes: its kind, its range as written, a rating's levels."""
    if spec.type == "text":
        return "text", None, None, ()
    if spec.type == "rating" and spec.scale in scheme.scales:
        return "rating", None, None, tuple(scheme.scales[spec.scale].levels)
    low, high = spec.min, spec.max
    if spec.convert is not None:  # figures as written are on the scale converted from
        low = spec.convert.low if low is None else max(low, spec.convert.low)
        high = spec.convert.high if high is None else min(high, spec.convert.high)
    if spec.id in events:
        return "whole", max(low or 0.0, 0.0), high, ()
    return ("whole" if spec.integer else "number"), low, high, ()


def _allowed(kind: str, low: float | None, high: float | None, levels: tuple[str, ...]) -> str:
    """What a cell takes, in a line of the run's language."""
    if kind == "text":
        return _("any text")
    if kind == "rating":
        return _("one of {levels} (from the list)").format(levels=", ".join(levels))
    lo, hi = (None if low is None else written(low)), (None if high is None else written(high))
    if kind == "whole":
        if lo is not None and hi is not None:
            return _("a whole number from {low} to {high}").format(low=lo, high=hi)
        if lo is not None:
            return _("a whole number, {low} or more").format(low=lo)
        return _("a whole number, {high} or less").format(high=hi) if hi is not None \
            else _("a whole number")
    if lo is not None and hi is not None:
        return _("a number from {low} to {high}").format(low=lo, high=hi)
    if lo is not None:
        return _("a number, {low} or more").format(low=lo)
    return _("a number, {high} or less").format(high=hi) if hi is not None else _("a number")


def _note(scheme: Scheme, spec: Field, allowed: str, rater: str | None) -> str:
    """The header's comment: the field's name, counting rule and description, its unit,
    what a cell takes, and whose rating a rater's column holds."""
    english = language() == "en"
    lines = [label(spec) if label(spec) == spec.id else f"{label(spec)} ({spec.id})"]
    definition = spec.definition_en if english and spec.definition_en else spec.definition
    if definition:
        lines.append(_("Counting rule: {rule}").format(rule=definition))
    if spec.description:
        lines.append(_("Description: {text}").format(text=spec.description))
    if unit(spec):
        lines.append(_("Unit: {unit}").format(unit=unit(spec)))
    lines.append(_("Enter: {allowed}").format(allowed=allowed))
    if spec.type == "rating" and spec.scale in scheme.scales:
        lines += [f"  {level}: {shown.label}" + (f" ({written(shown.points)})")
                  for level, shown in scheme.scales[spec.scale].levels.items()]
    if rater is not None:
        lines.append(_("Rated by: {rater}").format(rater=rater))
    return "\n".join(lines)
