"""The handbook's parts after the scorecards: grades and coefficients, the bonus and its
pools, calibration (强制分布), awards, the rounding rule, and for a scheme kept by month
the cascade of targets by unit and quarter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction

from ..i18n import _, pgettext
from ..model import Allocation, Gate, Node, Scheme
from ..numbers import amount, percent, written
from .handbook_doc import Block, Bullets, Heading, Paragraph, Table
from .handbook_formula import FormulaWords

_QUARTERS = ((1, 2, 3), (4, 5, 6), (7, 8, 9), (10, 11, 12))


class Parts:
    """Numbers the handbook's parts in order, and words shared by the parts."""

    def __init__(self, title: Callable[[int, str], str]) -> None:
        self.title, self.count = title, 0

    def next(self, title: str) -> str:
        self.count += 1
        return self.title(self.count, title)

    @staticmethod
    def gate_effect(gate: Gate, indicators: Mapping[str, str]) -> str:
        if gate.effect == "no_bonus":
            return _("no bonus is paid (the grade is still given)")
        if gate.effect == "zero_total":
            return _("the total is 0")
        if gate.effect == "lowest_grade":
            return _("the lowest grade is given")
        if gate.cap_indicator is not None and gate.cap_points is not None:
            return _("the points of {indicator} are at most {points}, before weighting").format(
                indicator=indicators.get(gate.cap_indicator, gate.cap_indicator),
                points=written(gate.cap_points))
        if gate.cap_total is not None:
            return _("the total is at most {points}").format(points=written(gate.cap_total))
        return ""


def unit_kind(kind: str) -> str:
    """Each unit of a kind, as HR says it: each department (每个部门); a kind of the scheme's
    own is named as written."""
    known = {"company": _("each company"), "centre": _("each centre"),
             "department": _("each department"), "team": _("each team"),
             "store": _("each store")}
    return known.get(kind) or _("each unit of the kind '{kind}'").format(kind=kind)


def grade_ranges(scheme: Scheme) -> list[str]:
    """Each grade's range of totals, best first: '≥ 95', '≥ 85 and < 95', '< 60'."""
    out: list[str] = []
    above: float | None = None
    for grade in scheme.grades:
        low = None if grade.min is None else f"≥ {written(grade.min)}"
        high = None if above is None else f"< {written(above)}"
        if low and high:
            out.append(_("{low} and {high}").format(low=low, high=high))
        else:
            out.append(low or high or _("any total"))
        above = grade.min
    return out


def grades(scheme: Scheme) -> list[Block]:
    actions = any(g.action for g in scheme.grades)
    headers = [_("Grade"), pgettext("handbook", "Name"), pgettext("handbook", "Total"),
               pgettext("handbook", "Coefficient")]
    if actions:
        headers.append(pgettext("handbook", "Action"))
    rows = []
    for grade, span in zip(scheme.grades, grade_ranges(scheme), strict=True):
        row = [grade.grade, grade.label if grade.label != grade.grade else "", span,
               f"{grade.coefficient:f}"]
        if actions:
            row.append(grade.action or "")
        rows.append(row)
    return [Table(headers, rows, right=(3,))]


def bonus(scheme: Scheme) -> list[Block]:
    out: list[Block] = [Paragraph(_("Performance bonus = bonus base × the coefficient of the "
                                    "grade."), _("Bonus: "))]
    bases = [_("{post}: {amount} {currency}").format(post=p.label, amount=amount(p.bonus_base),
                                                    currency=scheme.currency)
             for p in scheme.posts.values() if p.bonus_base is not None]
    if scheme.bonus_base is not None:
        out.append(Paragraph(_("{amount} {currency}, unless the post or the person has its "
                               "own.").format(amount=amount(scheme.bonus_base),
                                              currency=scheme.currency), _("Bonus base: ")))
    if bases:
        out.append(Bullets(bases))
    own = [p for p in scheme.people.values() if p.bonus_base is not None]
    if own:
        out.append(Table([pgettext("handbook", "Id"), _("Full name"), _("Bonus base")],
                         [[p.id, p.name, amount(p.bonus_base or 0)] for p in own], right=(2,),
                         caption=_("People's own bonus bases")))
    if scheme.calendar is not None and scheme.bonus_base is not None:
        out.append(Paragraph(_("The bonus bases are yearly; a period pays its share of the "
                               "months.")))
    if scheme.pools:
        rows = [[scheme.units[u].label if u in scheme.units else u,
                 f"{amount(pool)} {scheme.currency}"] for u, pool in scheme.pools.items()]
        out += [Paragraph(_("Each unit's yearly pool (a period's is its share of the months) is "
                            "shared out among its people in proportion to bonus base × "
                            "coefficient, to the cent; the shares add up to the pool exactly."),
                          _("Bonus pools: ")),
                Table([_("Unit"), _("Yearly pool")], rows, right=(1,))]
    return out


def calibration(scheme: Scheme) -> list[Block]:
    quota = scheme.calibration
    if quota is None:
        return []
    within = _("the whole company") if quota.within == "company" else unit_kind(quota.within)
    rounding = {"half_up": _("rounded half up"), "down": _("rounded down"),
                "up": _("rounded up")}[quota.rounding]
    items = [_("at most {share} of the people may hold grade {grade} or better").format(
        share=percent(share), grade=grade) for grade, share in quota.at_most.items()]
    items += [_("at least {share} of the people hold grade {grade} or worse").format(
        share=percent(share), grade=grade) for grade, share in quota.at_least.items()]
    return [Paragraph(_("Grades are calibrated within {within}, in groups of at least {size} "
                        "people; a quota is a share of the group's size, {rounding} to a "
                        "number of people. Best ranked first, people beyond a quota move to "
                        "the grade below; quotas only ever move people down.").format(
                            within=within, size=quota.min_size, rounding=rounding),
                      _("Calibration (forced distribution): ")),
            Bullets(items)]


def awards(scheme: Scheme, indicators: Mapping[str, str]) -> list[Block]:
    rows = []
    for award in scheme.awards.values():
        by = _("the total") if award.on_total else indicators.get(award.by, award.by)
        if award.lowest_first:
            by = _("{indicator}, lowest first").format(indicator=by)
        within = {"company": _("the whole company"), "unit": _("each person's unit")}.get(
            award.within) or unit_kind(award.within)
        top = _("the first {count}").format(count=award.top) if award.top is not None else \
            _("the top {share}").format(share=percent(award.top_percent or 0))
        if award.ties == "share":
            top = _("{top}, ties included").format(top=top)
        when = _("every month") if award.every_month else _("each period")
        rows.append([award.label, by, within, top, when])
    return [Table([_("Award"), _("Ranked by"), _("Within"), pgettext("handbook", "Winners"),
                   pgettext("handbook", "Period")], rows)]


def rounding(scheme: Scheme) -> list[Block]:
    mode = _("half up") if scheme.rounding.mode == "half_up" else _("half to even")
    return [Paragraph(_("Figures are kept at full precision through the calculation; points "
                        "are shown to {points} decimal places and money to {money}, rounded "
                        "{mode} (2.675 is 2.68). A value exactly on an edge of a band or grade "
                        "counts as reaching it.").format(points=scheme.rounding.points,
                                                         money=scheme.rounding.money,
                                                         mode=mode), _("Rounding: "))]


def _quarters(months: tuple[Fraction, ...]) -> list[str]:
    return [amount(sum((months[m - 1] for m in q), Fraction(0))) for q in _QUARTERS] + \
        [amount(sum(months, Fraction(0)))]


def _tree(allocation: Allocation) -> list[Node]:
    """The nodes from the top down, each followed by its children."""
    out: list[Node] = []
    todo = [next(iter(allocation.nodes.values()))] if allocation.nodes else []
    while todo:
        node = todo.pop()
        out.append(node)
        todo += [allocation.nodes[k] for k in reversed(node.children)]
    return out


def cascade(scheme: Scheme, allocation: Allocation, indicators: Mapping[str, str]
            ) -> list[Block]:
    spec = allocation.cascade
    methods = {"even": _("evenly"), "shares": _("by shares"), "explicit": _("by amounts")}
    named = pgettext("handbook", ", ").join(indicators.get(i, i) for i in spec.indicators)
    top = scheme.units[spec.unit].label if spec.unit in scheme.units else spec.unit
    out: list[Block] = [Heading(3, spec.label or spec.id),
                        Paragraph(_("{indicators}: a yearly target of {target} for {unit}, phased "
                                    "over the months and split down the organisation; a "
                                    "person's target is their share for the months they are "
                                    "in the unit.").format(indicators=named,
                                                           target=amount(spec.target), unit=top))]
    if spec.stretch is not None:
        out.append(Paragraph(_("The stretch goal is {times} times the base task.").format(
            times=amount(spec.stretch))))
    phasing = [percent(share * 100) for share in spec.phasing]
    out.append(Table([_("Month")] + [str(m) for m in range(1, 13)],
                     [[pgettext("handbook", "Share"), *phasing]],
                     right=tuple(range(1, 13)), caption=_("Phasing over the months")))
    rows = []
    for node in _tree(allocation):
        indent = "\u3000" * node.depth
        who = node.label if node.kind == "unit" else \
            _("{name} ({id})").format(name=node.label, id=node.id)
        rows.append([indent + who, methods.get(node.method, ""), *_quarters(node.months)])
    quarters = [_("Q1"), _("Q2"), _("Q3"), _("Q4")]
    out.append(Table([pgettext("handbook", "Unit / person"), _("Split"), *quarters, _("Year")],
                     rows,
                     right=(2, 3, 4, 5, 6), caption=_("Targets by unit, person and quarter")))
    return out


def year_parts(scheme: Scheme, parts: Parts, words: FormulaWords) -> list[Block]:
    indicators = words.indicators
    out: list[Block] = [Heading(2, parts.next(_("Grades and coefficients"))), *grades(scheme),
                        *bonus(scheme), *calibration(scheme)]
    if scheme.awards:
        out += [Heading(2, parts.next(pgettext("handbook", "Awards"))), *awards(scheme, indicators)]
    out += [Heading(2, parts.next(_("Calculation and rounding"))), *rounding(scheme)]
    if scheme.allocations:
        out.append(Heading(2, parts.next(_("The cascade of targets"))))
        for allocation in scheme.allocations.values():
            out += cascade(scheme, allocation, indicators)
    return out
