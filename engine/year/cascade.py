"""Target decomposition (目标分解): a yearly target split down the organisation and the months.

A cascade sets one yearly target for a unit (the top unit unless it says
otherwise), phases it over the twelve months, and splits each unit's target to
its children: the child units that have anybody appraised on the cascade's
indicators, and the people in the unit other than its head (the head answers
for the unit's whole target). Every amount is an exact fraction: a split never
loses or invents a cent, and a gap is a real gap.

How a unit's target reaches its children:

- ``even``: month by month, in equal parts among the children there that month
  (a person counts in the months they are in the unit, so a joiner's share
  starts with them);
- ``shares``: each child gets its percentage of each month of the unit's target
  that it is there for; a person in the unit for part of the year leaves the other
  months' share to nobody, which is reported as a gap;
- ``explicit``: each child gets the yearly amount written for it, which covers its
  months in the unit, spread over them in proportion to the unit's own months.
  Amounts that do not add up to the unit's target leave a gap.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from fractions import Fraction

from ..i18n import _
from ..model import (
    ZERO,
    Allocation,
    Assignment,
    Cascade,
    Months,
    Node,
    Problem,
    Scheme,
    node_key,
)
from ..numbers import amount, percent

Active = frozenset[int]  # the months a person is in a unit
ALL_YEAR: Active = frozenset(range(1, 13))


def allocate_all(scheme: Scheme) -> dict[str, Allocation]:
    return {c.id: allocate(scheme, c) for c in scheme.cascades.values()}


def allocate(scheme: Scheme, cascade: Cascade) -> Allocation:
    """Work out ``cascade`` over ``scheme``'s organisation, with every problem found."""
    out = Allocation(cascade)
    if cascade.unit not in scheme.units:
        return out
    members = _people_by_unit(scheme, cascade)
    relevant = _relevant_units(scheme, cascade.unit, members)
    top = tuple(cascade.target * w for w in cascade.phasing)
    base = scheme.depth(cascade.unit)
    pending = deque([(cascade.unit, top)])
    done: set[str] = set()
    while pending:
        unit_id, months = pending.popleft()
        if unit_id in done:  # a cycle of units, reported by validation
            continue
        done.add(unit_id)
        unit = scheme.units[unit_id]
        split = cascade.splits.get(unit_id)
        method = split.method if split else "even"
        kids_units = [u for u in scheme.tree.children(unit_id) if u in relevant]
        kids_people = members.get(unit_id, {})
        shares = _shares(out, scheme, cascade, unit_id, months, kids_units, kids_people)
        depth = scheme.depth(unit_id) - base
        nodes = [Node("person", p, scheme.people[p].name, unit_id, depth + 1, "", shares[p],
                      active) for p, active in kids_people.items()]
        keys = [node_key("unit", u, u) for u in kids_units] + [n.key for n in nodes]
        head = Node("unit", unit_id, unit.label, unit_id, depth, method,
                    months, children=tuple(keys))
        for node in (head, *nodes):
            out.nodes[node.key] = node
        pending.extend((u, shares[u]) for u in kids_units)
    return out


def _people_by_unit(scheme: Scheme, cascade: Cascade) -> dict[str, dict[str, Active]]:
    """Unit -> person -> the months they are in it on a post scored on the cascade."""
    own = {i for i in cascade.indicators
           if i in scheme.indicators and scheme.indicators[i].scope == "own"}
    shared: dict[str, bool] = {}  # post -> does a person on it get a share?
    for post in scheme.posts.values():
        card = scheme.scorecards.get(post.scorecard)
        shared[post.id] = post.unit in scheme.units and card is not None \
            and scheme.units[post.unit].head != post.id \
            and not own.isdisjoint(item.indicator for item in card.items)
    out: dict[str, dict[str, Active]] = {}
    for person in scheme.people.values():
        spans = person.assignments or (Assignment(person.post),)
        for span in spans:
            if shared.get(span.post):
                # One set for all who are there all year: the many equal ones are one.
                months = ALL_YEAR if (span.first, span.last) == (1, 12) else \
                    frozenset(range(span.first, span.last + 1))
                there = out.setdefault(scheme.posts[span.post].unit, {})
                before = there.get(person.id)
                there[person.id] = months if before is None else before | months
    return out


def _relevant_units(scheme: Scheme, top: str, members: dict[str, dict[str, Active]]
                    ) -> set[str]:
    """Units under ``top`` with somebody in them (or below) who gets a share."""
    relevant: set[str] = set()
    for unit in members:
        chain = scheme.tree.chain(unit)
        if top in chain:
            relevant.update(chain[:chain.index(top) + 1])
    return relevant


def _shares(out: Allocation, scheme: Scheme, cascade: Cascade, unit: str, months: Months,
            kids_units: list[str], kids_people: dict[str, Active]) -> dict[str, Months]:
    """Each child's monthly targets under the unit's split; problems go to ``out``."""
    split = cascade.splits.get(unit)
    path: tuple[str | int, ...] = ("cascade", cascade.id, "split", unit)
    children = [*kids_units, *kids_people]
    if not children:
        if any(months):
            out.problems.append(Problem(
                ("cascade", cascade.id), _(
                    "unit '{unit}' has a target of {amount} in cascade '{cascade}' but nobody "
                    "under it is scored on {names}").format(
                        unit=unit, amount=amount(sum(months)), cascade=cascade.id,
                        names=_names(cascade.indicators)),
                _("put people on posts in the unit whose scorecards use them, or give the "
                  "unit no share")))
        return {}
    if split is None or split.method == "even":
        year = scheme.calendar.year if scheme.calendar else 0
        return _even(out, cascade, unit, months, kids_units, kids_people, year)
    named = split.values
    reported = len(out.problems)
    for name in named:
        if name not in children:
            message = _("'{name}' is not a child of unit '{unit}' in cascade '{cascade}'").format(
                name=name, unit=unit, cascade=cascade.id)
            hint = _("its children are: {children}").format(children=", ".join(children))
            if name in scheme.posts:
                hint = _("'{name}' is a post; a split names child units and people: "
                         "{children}").format(name=name, children=", ".join(children))
            elif name in scheme.units and scheme.units[name].parent == unit:
                message = _("nobody under '{name}' is scored on cascade '{cascade}', so it takes "
                            "no share").format(name=name, cascade=cascade.id)
                hint = _("remove it from the split, or put people on posts there")
            out.problems.append(Problem((*path, split.method, name), message, hint,
                                        at_key=True))
    for name in children:
        if name not in named:
            out.problems.append(Problem(
                (*path, split.method), _("unit '{unit}' splits '{cascade}' by {method} but "
                                         "gives nothing to '{name}'").format(
                    unit=unit, cascade=cascade.id, method=split.method, name=name),
                (_("add {name}: <share>") if split.method == "shares" else
                 _("add {name}: <amount>")).format(name=name)))
    yearly = sum(months, Fraction(0))
    if split.method == "shares":
        total = sum(named.values(), Fraction(0))
        if total != 100:
            gap = 100 - total
            what = _("missing {share}").format(share=percent(gap)) if gap > 0 else \
                _("{share} too many").format(share=percent(-gap))
            out.problems.append(Problem(
                (*path, "shares"), _("shares of unit '{unit}' in cascade '{cascade}' add up to "
                                     "{total}, expected 100% ({what})").format(
                    unit=unit, cascade=cascade.id, total=percent(total), what=what),
                _("adjust the shares")))
        # A share is of each month the child is there: a person who is in the unit for
        # part of the year takes their share of those months, and the rest is a gap.
        result = {u: tuple(m * named.get(u, Fraction(0)) / 100 for m in months)
                  for u in kids_units}
        for person, active in kids_people.items():
            share = named.get(person, Fraction(0)) / 100
            result[person] = tuple(months[m - 1] * share if m in active else Fraction(0)
                                   for m in range(1, 13))
        if total == 100 and len(out.problems) == reported:
            _part_year_gap(out, scheme, cascade, unit, path, months, result, kids_people, named)
        return result
    else:
        amounts = {name: named.get(name, Fraction(0)) for name in children}
        total = sum(amounts.values(), Fraction(0))
        if total != yearly:
            gap = yearly - total
            message = _("the children of unit '{unit}' add up to {total} in cascade '{cascade}', "
                        "{gap} short of its target {target}") if gap > 0 else \
                _("the children of unit '{unit}' add up to {total} in cascade '{cascade}', "
                  "{gap} over its target {target}")
            out.problems.append(Problem(
                (*path, "explicit"), message.format(
                    unit=unit, total=amount(total), cascade=cascade.id, gap=amount(abs(gap)),
                    target=amount(yearly)), _("adjust the amounts, or split by shares"),
                cascade.on_gap))
    result = {u: _spread(amounts[u], months, set(range(1, 13))) for u in kids_units}
    result.update({p: _spread(amounts[p], months, active) for p, active in kids_people.items()})
    return result


def _part_year_gap(out: Allocation, scheme: Scheme, cascade: Cascade, unit: str,
                   path: tuple[str | int, ...],
                   months: Months, result: dict[str, Months],
                   kids_people: dict[str, Active], named: dict[str, Fraction]) -> None:
    """Shares that add up to 100% but leave months untaken: someone named is not there."""
    yearly = sum(months, Fraction(0))
    taken = sum((sum(v, Fraction(0)) for v in result.values()), Fraction(0))
    if taken == yearly:
        return
    year = scheme.calendar.year if scheme.calendar else 0
    away = [_("{person} is there in {months}").format(person=p, months=_span(active, year))
            for p, active in kids_people.items() if p in named and len(active) < 12]
    out.problems.append(Problem(
        (*path, "shares"), _(
            "the shares of unit '{unit}' in cascade '{cascade}' leave {left} of its target "
            "{target} to nobody: a share covers only the months its holder is in the unit, "
            "and {away}").format(unit=unit, cascade=cascade.id, left=amount(yearly - taken),
                                 target=amount(yearly), away="; ".join(away)),
        _("give those months' target to others, e.g. split by explicit amounts"),
        cascade.on_gap))


def _span(active: AbstractSet[int], year: int) -> str:
    """Months as HR writes them: 2026-03, 2026-03 to 2026-12, or 2026-01, 2026-03."""
    ids = [f"{year}-{m:02d}" for m in sorted(active)]
    months = sorted(active)
    if len(ids) > 1 and months == list(range(months[0], months[-1] + 1)):
        return _("{first} to {last}").format(first=ids[0], last=ids[-1])
    return ", ".join(ids)


def _even(out: Allocation, cascade: Cascade, unit: str, months: Months, kids_units: list[str],
          kids_people: dict[str, Active], year: int) -> dict[str, Months]:
    alike = Counter(kids_people.values())  # most are there all year: count them once
    present = [len(kids_units) + sum(n for active, n in alike.items() if m in active)
               for m in range(1, 13)]
    empty = [m for m in range(1, 13) if not present[m - 1] and months[m - 1]]
    if empty:
        where: tuple[str | int, ...] = ("cascade", cascade.id, "split", unit) \
            if unit in cascade.splits else ("cascade", cascade.id)
        left = sum((months[m - 1] for m in empty), Fraction(0))
        out.problems.append(Problem(
            where, _("nobody in unit '{unit}' takes its target in {months} ({amount} in "
                     "cascade '{cascade}')").format(unit=unit, months=_span(set(empty), year),
                                                    amount=amount(left), cascade=cascade.id),
            _("check the months of the people in the unit"), cascade.on_gap))
    parts = [months[m] / present[m] if present[m] else Fraction(0) for m in range(12)]
    # Children there in the same months get the same targets: one tuple for them all.
    shapes: dict[frozenset[int], Months] = {}

    def shape(active: frozenset[int]) -> Months:
        if active not in shapes:
            shapes[active] = tuple(parts[m - 1] if m in active else Fraction(0)
                                   for m in range(1, 13))
        return shapes[active]

    result = {name: shape(ALL_YEAR) for name in kids_units}
    result.update({name: shape(active) for name, active in kids_people.items()})
    return result


def _spread(yearly: Fraction, shape: Months, active: AbstractSet[int]) -> Months:
    """``yearly`` over the ``active`` months, in proportion to ``shape`` (evenly if it is 0)."""
    weights = [shape[m - 1] if m in active else Fraction(0) for m in range(1, 13)]
    total = sum(weights, Fraction(0))
    if total == 0:
        weights = [Fraction(1 if m in active else 0) for m in range(1, 13)]
        total = Fraction(len(active))
    if total == 0:
        return ZERO
    return tuple(yearly * w / total for w in weights)


def _names(ids: Iterable[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids)
