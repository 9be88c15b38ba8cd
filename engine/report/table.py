"""``score --format table``: the period as a terminal table, then, for a scheme kept by
month, the units' results, who calibration moved and why, and the bonus pools.

A plain period shows each person's weighted sum and adjustments beside the total; a
period of a scheme kept by month shows the rank in the company and the months of
anybody who was not there all period, and marks grades calibration moved (B (was A)).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter

from ..i18n import _, language
from ..model import Post, Scheme, Unit, any_action
from ..numbers import amount, figure, money_text, percent, written
from ..rules import Target
from ..scoring import Result
from .layout import Points, money_texts, period_text, render_columns, render_table


def score_table(result: Result, room: int | None = None) -> str:
    """The table, made from the result's columns a column at a time (no object per person);
    ``room``: the columns of the terminal it is shown on, to fit (:func:`_fitted`)."""
    scheme, people = result.scheme, result.columns
    points = Points(scheme)
    persons, units = list(people.person), list(people.unit)
    unit_order = {u: i for i, u in enumerate(scheme.units)}
    rank = people.rank.tolist()
    order = sorted(range(len(people)), key=lambda i: (unit_order[units[i]], rank[i],
                                                      persons[i]))
    veto = " " + _("veto")
    vetoed = [veto if vetoed else "" for vetoed in people.veto]
    total = list(map(str.__add__, points.texts(people.total), vetoed))
    columns: list[list[str]] = [list(map("{}/{}".format, rank, people.rank_of.tolist()))]
    if result.by_month:
        header = [_("Rank"), _("Company"), _("Person"), _("Name"), _("Post"), _("Unit"),
                  _("Months"), _("Total"), _("Grade"), _("Coef."), _("Bonus")]
        right = [True, True, False, False, False, False, True, True, False, True, True]
        columns.append(list(map("{}/{}".format, people.company_rank.tolist(),
                                people.company_of.tolist())))
    else:
        header = [_("Rank"), _("Person"), _("Name"), _("Post"), _("Unit"), _("Weighted"),
                  _("Adj."), _("Total"), _("Grade"), _("Coef."), _("Bonus")]
        right = [True, False, False, False, False, True, True, True, False, True, True]
    columns += [persons, list(people.name), _labels(scheme.posts, people.post),
                _labels(scheme.units, units)]
    if result.by_month:
        length = len(result.period) if result.period is not None else 1
        columns.append(["" if m == length else str(m) for m in people.months.tolist()])
    else:
        adjust = people.bonuses - people.deductions
        columns += [points.texts(people.weighted_sum),
                    [("+" if a > 0 else "") + t if a else "" for a, t in
                     zip(adjust.tolist(), points.texts(adjust), strict=True)]]
    grades = list(zip(people.grade.tolist(), people.scored_grade.tolist(), strict=True))
    named = {pair: _grade_named(scheme, *pair) for pair in set(grades)}
    coefficients = [f"{scheme.grades[g].coefficient}" for g, _ in grades]
    if people.gated:  # a gate that took the bonus away shows a coefficient of 0
        from .gates import without_bonus
        for k in without_bonus(result):
            coefficients[k] = "0"
    columns += [total, [named[pair] for pair in grades], coefficients,
                money_texts(people.paid, scheme.rounding.money, thousands=True)]
    if any_action(scheme.grades):  # some grade says what to do: the action, after the bonus
        header, right = [*header, _("Action")], [*right, False]
        columns.append([scheme.grades[g].action or "" for g, _ in grades])
    if scheme.subject is not None:  # customers, not people: say so where it says Person
        header[header.index(_("Person"))] = _person_heading(scheme)
    awards = ""
    if result.awards:  # a scheme with awards: worth loading their reporter
        from .awards import awards_table, won_labels

        header, right = [*header, _("Awards")], [*right, False]
        columns.append(won_labels(result))
        awards = awards_table(result)
    title = scheme.label
    if when := period_text(result, language()):
        title += f" — {when}"
    return f"{title}\n\n" + _fitted(header, [_picked(c, order) for c in columns], right,
                                     room, result.by_month) + \
        _scales(result) + _units(result) + _calibration(result) + _pools(result) + awards + \
        _evidence(result, order)


def _fitted(header: list[str], columns: list[Sequence[str]], right: list[bool],
            room: int | None, by_month: bool) -> str:
    """The people's table, at full width, or made to fit ``room`` columns: the figures
    behind the total left out first, then the coefficient, action and awards, the unit's
    and post's names shortened, then left out, then the rank; the person's id, name,
    total, grade and bonus are kept (the names shortened as a last resort), and a footer
    says what was left out."""
    if room is None:
        return render_columns(header, columns, right)
    from .fit import fit  # only for a table shown on a terminal

    post, unit, name = (4, 5, 3) if by_month else (3, 4, 2)
    first = [("drop", 1), ("drop", 6)] if by_month else [("drop", 6), ("drop", 5)]
    fitted = fit(header, columns, right, room, [
        *first, ("drop", 9), *(("drop", i) for i in range(11, len(header))),
        ("shorten", unit), ("shorten", post), ("drop", post), ("drop", unit), ("drop", 0),
        ("shorten", name)])
    return render_columns(fitted.header, fitted.columns, fitted.right) + fitted.note(room)


def _scales(result: Result) -> str:
    """A note for each total_scale the people's cards moved their totals by: the table's
    weighted sum and adjustments are on the scale before."""
    scheme = result.scheme
    posts = {s.post for held in result.columns.segments for s in held} if result.by_month \
        else set(result.columns.post)
    used = {scheme.posts[p].scorecard for p in posts}
    moved: dict[str, list[str]] = {}
    for card in scheme.scorecards.values():  # in the scheme's order
        if card.scale is not None and card.id in used:
            scale = card.scale
            shown = _("{low}-{high} to {to_low}-{to_high}").format(
                low=written(scale.low), high=written(scale.high), to_low=written(scale.to_low),
                to_high=written(scale.to_high))
            moved.setdefault(shown, []).append(card.label)
    return "".join("\n" + _("Totals moved from {scales} (total_scale): {cards}").format(
        scales=shown, cards=", ".join(labels)) + "\n" for shown, labels in moved.items())



def _evidence(result: Result, order: list[int]) -> str:
    """Each item with its 得分依据 or 备注, one line each (:mod:`.evidence`)."""
    if not result.scheme.texts:
        return ""
    from .evidence import evidence_table  # a scheme with evidence: worth loading

    rows = evidence_table(result, order)
    if not rows:
        return ""
    return "\n" + _("Evidence (得分依据 / 备注)") + "\n\n" + render_table(
        [_("Person"), _("Name"), _("Indicator"), _("Basis"), _("Note")], rows, [False] * 5)


def _picked(column: list[str], order: list[int]) -> Sequence[str]:
    """The cells of ``column`` in ``order``."""
    return itemgetter(*order)(column) if len(order) > 1 else [column[i] for i in order]


def _grade_named(scheme: Scheme, grade: int, scored: int) -> str:
    """A grade as the table names it, with the grade it was before calibration moved it."""
    named = scheme.grades[grade].named
    return named if grade == scored else _("{grade} (was {before})").format(
        grade=named, before=scheme.grades[scored].grade)


def _person_heading(scheme: Scheme) -> str:
    """What the table calls each one scored: Person, or the scheme's subject (Customer)."""
    if scheme.subject is None:
        return _("Person")
    return scheme.subject.called(language())


def _labels(found: Mapping[str, Post | Unit], ids: Sequence[str]) -> list[str]:
    labels = {i: found[i].label for i in set(ids)}
    return [labels[i] for i in ids]


def _units(result: Result) -> str:
    if not result.units:
        return ""
    scheme, points = result.scheme, Points(result.scheme)
    rows = []
    for u in result.units:
        reached = ""
        if u.target is not None and u.target.base:
            reached = f"{points(u.value / u.target.base * 100)}%"
        rows.append([scheme.units[u.unit].label, scheme.indicators[u.indicator].named,
                     figure(u.value), _target_text(u.target), reached, f"{points(u.points)}"])
    header = [_("Unit"), _("Indicator"), _("Actual"), _("Target"), _("Achievement"),
              _("Points")]
    return "\n" + _("Unit results") + "\n\n" + render_table(
        header, rows, [False, False, True, True, True, True])


def _target_text(target: Target | None) -> str:
    if target is None:
        return ""
    text = figure(target.base)
    return text if target.stretch is None else f"{text} / {figure(target.stretch)}"


def _calibration(result: Result) -> str:
    calibration = result.scheme.calibration
    if calibration is None or not result.by_month:
        return ""
    scheme = result.scheme
    names = dict(zip(result.columns.person, result.columns.name, strict=True))
    rules = [_("at most {share} {grade} or better").format(share=percent(v), grade=g)
             for g, v in calibration.at_most.items()]
    rules += [_("at least {share} {grade} or worse").format(share=percent(v), grade=g)
              for g, v in calibration.at_least.items()]
    out = "\n" + _("Calibration within each {group}: {rules}").format(
        group=calibration.within, rules=_("; ").join(rules)) + "\n\n"
    if result.moves:
        rows = [[m.person, names[m.person], scheme.units[m.group].label, f"{m.position}/{m.of}",
                 m.before, m.after, m.reason] for m in result.moves]
        out += render_table([_person_heading(scheme), _("Name"), _("Group"), _("Rank"),
                             _("From"), _("To"), _("Why")], rows,
                            [False, False, False, True, False, False, False])
    else:
        out += _("Nobody moved.") + "\n"
    for group, size in result.uncalibrated:
        out += (_("Not calibrated: {unit} (1 person, fewer than {least})") if size == 1 else
                _("Not calibrated: {unit} ({count} people, fewer than {least})")).format(
            unit=scheme.units[group].label, count=size, least=calibration.min_size) + "\n"
    return out


def _pools(result: Result) -> str:
    if not result.pools:
        return ""
    places = result.scheme.rounding.money
    paid = pool_payments(result)
    rows = [[result.scheme.units[pool.unit].label, str(pool.people), amount(pool.wanted),
             money_text(pool.amount, places), money_text(paid.get(pool.unit, 0), places)]
            for pool in result.pools]
    header = [_("Unit"), _("People"), _("Bonuses before"), _("Pool"), _("Paid")]
    return "\n" + _("Bonus pools (each share rounded half up; leftover cents to the largest "
                    "remainders)") + "\n\n" + render_table(header, rows,
                                                           [False, True, True, True, True])


def pool_payments(result: Result) -> dict[str, int]:
    """What each pool paid in all, in cents."""
    paid: dict[str, int] = {}
    for pool, cents in zip(result.columns.pool, result.columns.paid, strict=True):
        if pool is not None:
            paid[pool] = paid.get(pool, 0) + (cents or 0)
    return paid
