"""Checks of what a scheme says about the year: calendar, cascade, unit results, pools.

They need the scheme built (units, posts, people and indicators bound), so they
run last, and report through the builder that knows where each key is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce

from ..i18n import _
from ..model import Allocation, Cascade, Post, Scheme
from .context import Context

CALENDAR_EXAMPLE = "calendar: {year: 2026}"


def quoted_names(names: Sequence[str]) -> str:
    """'a' and 'b' (and 'c' ...): names a message lists, in the run's language."""
    return reduce(lambda before, after: _("{before} and {after}").format(
        before=before, after=after), (f"'{n}'" for n in names))


def check_periodic(out: Context, scheme: Scheme, sound: bool = True) -> None:
    """``sound``: the organisation (units, posts, people) has no errors of its own."""
    _needs_calendar(out, scheme)
    if scheme.calendar is not None:
        _one_head(out, scheme)
    _unit_indicators(out, scheme)
    if sound:  # a cycle of units or a broken post would only echo here
        _unit_figures(out, scheme)
    if scheme.cascades:
        _heads(out, scheme)
        _cascade_targets(out, scheme, sound)
    if scheme.calibration is not None and scheme.calibration.within != "company" \
            and not any(u.kind == scheme.calibration.within for u in scheme.units.values()):
        out.error(("calibration", "within"), _(
            "no unit is of kind '{kind}', so everybody is calibrated within their own "
            "unit").format(kind=scheme.calibration.within),
            _("set kind: on the units, or choose another kind"), warning=True)


def _needs_calendar(out: Context, scheme: Scheme) -> None:
    if scheme.calendar is not None:
        return
    for section in ("cascade", "calibration", "pools"):
        if section in out.data:
            out.error((section,), _("'{section}' works on a year of months, but the scheme has "
                                    "no calendar").format(section=section),
                      _("add {example}").format(example=CALENDAR_EXAMPLE), at_key=True)
    for indicator in scheme.indicators.values():
        if indicator.external:
            key = "scope" if indicator.scope == "unit" else "members"
            out.error(("indicators", indicator.id, key), _(
                "'{indicator}' is scored on a unit, which needs the scheme's calendar").format(
                    indicator=indicator.id), _("add {example}").format(example=CALENDAR_EXAMPLE),
                at_key=True)


def _unit_indicators(out: Context, scheme: Scheme) -> None:
    """Unit results belong on the cards of the heads of units."""
    heads = {u.head for u in scheme.units.values() if u.head}
    for post in scheme.posts.values():
        card = scheme.scorecards.get(post.scorecard)
        if card is None or post.id in heads:
            continue
        external = [i.indicator for i in card.items
                    if i.indicator in scheme.indicators and scheme.indicators[i.indicator].external]
        if external:
            said = _("post '{post}' heads no unit, but its scorecard '{card}' has {names}, which "
                     "is scored on the unit its holder heads") if len(external) == 1 else \
                _("post '{post}' heads no unit, but its scorecard '{card}' has {names}, which "
                  "are scored on the unit its holder heads")
            out.error(("posts", post.id, "scorecard"), said.format(
                post=post.id, card=card.id, names=quoted_names(external)),
                _("make '{post}' a unit's head, or use another scorecard").format(post=post.id))
    for indicator in scheme.indicators.values():
        if indicator.scope != "unit":
            continue
        ratings = sorted(n for n in indicator.formula.names
                         if n in scheme.fields and scheme.fields[n].type == "rating")
        if ratings:
            out.error(("indicators", indicator.id, "scope"), _(
                "'{indicator}' is scored on a unit, but '{field}' holds a rating, which "
                "members' figures cannot be combined into").format(
                    indicator=indicator.id, field=ratings[0]),
                _("score ratings per person (scope: own)"))


def _unit_figures(out: Context, scheme: Scheme) -> None:
    """A head's unit result needs members who can give its figures: what scoring would
    otherwise reject, said when the scheme is checked."""
    below: dict[str, list[Post]] = {}  # each unit's posts and those under it, head excepted
    for post in scheme.posts.values():
        unit, seen = scheme.units.get(post.unit), set()
        while unit is not None and unit.id not in seen:
            seen.add(unit.id)
            if unit.head != post.id:
                below.setdefault(unit.id, []).append(post)
            unit = scheme.units.get(unit.parent or "")
    for unit in scheme.units.values():
        head = scheme.posts.get(unit.head or "")
        card = scheme.scorecards.get(head.scorecard) if head else None
        if head is None or card is None:
            continue
        scored = [i for item in card.items if (i := scheme.indicators.get(item.indicator))
                  is not None and i.scope == "unit"]
        if not scored:
            continue
        members = below.get(unit.id, [])
        if not members:
            said = _("unit '{unit}' has no posts under its head, so {names} on the card of its "
                     "head '{head}' has no members' figures to be scored on") \
                if len(scored) == 1 else \
                _("unit '{unit}' has no posts under its head, so {names} on the card of its "
                  "head '{head}' have no members' figures to be scored on")
            out.error(("units", unit.id), said.format(
                unit=unit.id, names=quoted_names([i.id for i in scored]), head=head.id),
                _("add the unit's posts, or give its head another scorecard"), at_key=True)
            continue
        for indicator in scored:
            for name in sorted(indicator.formula.names):
                field = scheme.fields.get(name)
                if field is None or field.raters is None:
                    continue  # a number: read from every member's row that has it
                if not any(name in scheme.fields_for(p) for p in members):
                    out.error(("indicators", indicator.id, "formula"), _(
                        "'{indicator}' is scored on unit '{unit}' from its members' '{field}', "
                        "a field rated by several raters, but no post in the unit is rated on "
                        "it").format(indicator=indicator.id, unit=unit.id, field=name),
                        _("put an indicator on '{field}' on a member's card, or score "
                          "'{indicator}' on the head's own figures (scope: own)").format(
                            field=name, indicator=indicator.id))


def _heads(out: Context, scheme: Scheme) -> None:
    for unit in scheme.units.values():
        if unit.head is None:
            out.error(("units", unit.id), _(
                "unit '{unit}' has no head; with a cascade every unit answers for its target "
                "through its head").format(unit=unit.id),
                _("add head: <post>, a post in this unit"), at_key=True)


def _cascade_targets(out: Context, scheme: Scheme, sound: bool) -> None:
    owner: dict[str, str] = {}
    heads = {u.head: u.id for u in scheme.units.values() if u.head}
    for cascade in scheme.cascades.values():
        for i, name in enumerate(cascade.indicators):
            if name in owner and owner[name] != cascade.id:
                out.error(("cascade", cascade.id, "indicators", i), _(
                    "indicator '{indicator}' gets its target from cascades '{first}' and "
                    "'{second}'").format(indicator=name, first=owner[name], second=cascade.id),
                    _("keep it in one"))
            owner.setdefault(name, cascade.id)
            indicator = scheme.indicators.get(name)
            if indicator is None:
                continue
            if indicator.rule.needs_stretch and cascade.stretch is None:
                out.error(("cascade", cascade.id), _(
                    "'{indicator}' uses a {kind} rule, so cascade '{cascade}' needs a stretch "
                    "goal").format(indicator=name, kind=indicator.rule.kind, cascade=cascade.id),
                    _("add e.g. {example} (the stretch goal is {share} of the base)").format(
                        example="stretch: 125", share="125%"),
                    at_key=True)
            if indicator.external and indicator.scope != "unit":
                out.error(("cascade", cascade.id, "indicators", i), _(
                    "'{indicator}' is a members indicator and takes no target").format(
                        indicator=name), _("remove it from the cascade"))
        if not sound:
            continue  # a broken person, post or unit would only echo here as a wrong share
        allocation = scheme.allocations.get(cascade.id)
        if allocation is None:
            continue
        for problem in allocation.problems:
            out.error(problem.path, problem.message, problem.hint, at_key=problem.at_key,
                      warning=problem.severity == "warning")
        if not any(p.severity == "error" for p in allocation.problems):
            _zero_shares(out, scheme, cascade, allocation)  # else they echo the split's error
        _empty_units(out, scheme, cascade, allocation)
    reach = {c.id: set(scheme.subtree(c.unit)) for c in scheme.cascades.values()}
    for post in scheme.posts.values():
        _outside(out, scheme, post.id, owner, reach)
        for name in post.targets:
            if name in owner:
                out.error(("posts", post.id, "targets", name), _(
                    "the target of '{indicator}' comes from cascade '{cascade}', so it cannot "
                    "be set on post '{post}' too").format(
                        indicator=name, cascade=owner[name], post=post.id),
                    _("remove it here, or the indicator from the cascade"), at_key=True)
        card = scheme.scorecards.get(post.scorecard)
        if post.id not in heads or card is None:
            continue
        for item in card.items:
            indicator = scheme.indicators.get(item.indicator)
            if item.indicator in owner and indicator is not None and not indicator.external:
                out.error(("posts", post.id, "scorecard"), _(
                    "post '{post}' heads unit '{unit}', whose whole target in cascade "
                    "'{cascade}' it answers for; its card scores '{indicator}' on the "
                    "holder's own figures").format(post=post.id, unit=heads[post.id],
                                                    cascade=owner[item.indicator],
                                                    indicator=item.indicator),
                    _("give '{indicator}' scope: unit, or put it on a card for another "
                      "post").format(indicator=item.indicator))
    for person in scheme.people.values():
        for name in person.targets:
            if name in owner:
                out.error(("people", person.id, "targets", name), _(
                    "the target of '{indicator}' comes from cascade '{cascade}', so it cannot "
                    "be set on person '{person}' too").format(
                        indicator=name, cascade=owner[name], person=person.id),
                    _("set the person's share in the cascade's split"), at_key=True)


def _outside(out: Context, scheme: Scheme, post_id: str, owner: dict[str, str],
             reach: dict[str, set[str]]) -> None:
    """A post scored on a cascaded indicator must sit where that cascade reaches."""
    post = scheme.posts[post_id]
    card = scheme.scorecards.get(post.scorecard)
    if card is None or post.unit not in scheme.units:
        return
    for item in card.items:
        cascade = scheme.cascades.get(owner.get(item.indicator, ""))
        if cascade is None or post.unit in reach[cascade.id]:
            continue
        out.error(("posts", post_id, "scorecard"), _(
            "post '{post}' is in unit '{unit}', outside '{top}' where cascade '{cascade}' "
            "starts, but its card scores '{indicator}', whose target the cascade sets").format(
                post=post_id, unit=post.unit, top=cascade.unit, cascade=cascade.id,
                indicator=item.indicator),
            _("start the cascade at a unit above both, or give '{post}' a card without "
              "it").format(post=post_id))
        return


def _one_head(out: Context, scheme: Scheme) -> None:
    """A unit answers through one head at a time: its result is theirs."""
    assert scheme.calendar is not None
    holders: dict[tuple[str, int], str] = {}
    for person in scheme.people.values():
        if not person.assignments and scheme.head_of(person.post) is None:
            continue  # most people: on one post all year, and not a head
        for month in range(1, 13):
            post = person.post_in(month)
            unit = scheme.head_of(post) if post else None
            if unit is None or post is None:
                continue
            other = holders.setdefault((post, month), person.id)
            if other != person.id:
                out.error(("people", person.id), _(
                    "unit '{unit}' has two heads in {month}: '{first}' and '{second}' both "
                    "hold its head post '{post}'").format(
                        unit=unit, month=f"{scheme.calendar.year}-{month:02d}", first=other,
                        second=person.id, post=post),
                    _("one person heads a unit at a time; give the other a post of their own"),
                    at_key=True)
                break


def _zero_shares(out: Context, scheme: Scheme, cascade: Cascade,
                 allocation: Allocation) -> None:
    """A share of 0 for the year, on a rule that divides by the target, cannot be scored."""
    dividing = {i for i in cascade.indicators if i in scheme.indicators
                and scheme.indicators[i].rule.divides_by_target}
    for node in allocation.nodes.values():
        if node.kind != "person" or any(node.months):  # shares are never negative
            continue
        person = scheme.people[node.id]
        posts = {person.post_in(m) for m in node.active}
        cards = {scheme.posts[p].scorecard for p in posts if p in scheme.posts}
        used = sorted({item.indicator for c in cards if c in scheme.scorecards
                       for item in scheme.scorecards[c].items} & dividing)
        if not used:
            continue
        split = cascade.splits.get(node.unit)
        path: tuple[str | int, ...] = ("cascade", cascade.id, "split", node.unit)
        if split is not None and node.id in split.values:
            path = (*path, split.method, node.id)
        out.error(path, _("person '{person}' gets a target of 0 in cascade '{cascade}', but "
                          "the {kind} rule of '{indicator}' divides by the target").format(
            person=node.id, cascade=cascade.id, kind=scheme.indicators[used[0]].rule.kind,
            indicator=used[0]), _("give them a share above 0"))


def _empty_units(out: Context, scheme: Scheme, cascade: Cascade,
                 allocation: Allocation) -> None:
    """A head scored on their unit's share of a cascade that does not reach the unit."""
    reach = set(scheme.subtree(cascade.unit))
    for unit in scheme.units.values():
        post = scheme.posts.get(unit.head or "")
        card = scheme.scorecards.get(post.scorecard) if post else None
        if post is None or card is None or allocation.unit(unit.id) is not None:
            continue
        used = [i.indicator for i in card.items if i.indicator in cascade.indicators]
        if used and unit.id in reach:
            out.error(("posts", post.id, "scorecard"), _(
                "post '{post}' heads unit '{unit}' and is scored on '{indicator}' for it, but "
                "nobody under '{unit}' is scored on cascade '{cascade}', so the unit has no "
                "target or figures").format(post=post.id, unit=unit.id, indicator=used[0],
                                            cascade=cascade.id),
                _("put people in '{unit}' on posts whose cards score the cascade, or take "
                  "'{indicator}' off this card").format(unit=unit.id, indicator=used[0]))
