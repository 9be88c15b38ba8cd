"""Scoring a batch of people: every scorecard item as a column, then the totals.

Two paths, one semantics. Each item is scored a whole column at a time (the formula by
:mod:`appraise.formula.columns`, the rule by its ``columns``), with the same operations
as the reference path (:mod:`.reference`), which scores anybody the columns cannot
score exactly and gives the message for anybody who cannot be scored at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..data import Rows
from ..diagnostics import AppraiseError, Diagnostic
from ..formula.columns import column_form
from ..formula.earlier import looked_back, zero_hint
from ..formula.functions import team_key
from ..i18n import _
from ..model import Indicator, Scheme, Scorecard
from ..numbers import add_up
from ..rules import Column, Rule, Scored, Target
from .batch import Batch, Figures, Floats, Given, Piece, Scaling
from .reference import PersonError, Traced, trace
from .targets import one_by_one, written_by_row
from .targets import work_out as formula_targets
from .team import Team, team_columns


def score_batch(scheme: Scheme, rows: Sequence[Figures], file: str,
                columns: Mapping[str, Column] | None = None,
                targets: Mapping[int, Mapping[str, Target]] | None = None,
                given: Mapping[int, Mapping[str, Given]] | None = None,
                scaling: Mapping[int, Mapping[str, Scaling]] | None = None,
                team: Team | None = None) -> Batch:
    """Score ``rows``; raise :class:`AppraiseError` naming everybody who cannot be scored.

    ``columns`` are the fields as columns when the reader kept them; ``targets``
    the targets of rows that have their own (a person's, a cascade's share, a target
    scaled to their months); ``given`` the items of rows scored from other people (a
    unit's result, the members' average); ``scaling`` the rows whose targets or rules
    follow their months; ``team`` the rows' team averages (worked out here, from the rows,
    when the batch is the whole period).
    """
    n = len(rows)
    targets, given, scaling = targets or {}, given or {}, scaling or {}
    post_index = {p: k for k, p in enumerate(scheme.posts)}
    posts = rows.posts if isinstance(rows, Rows) else (r.post for r in rows)  # no row made
    post = np.fromiter(map(post_index.__getitem__, posts), dtype=np.intp, count=n)
    inputs = _inputs(scheme, rows, columns)
    if scheme.team_fields:
        if team is None:
            units = np.array([p.unit for p in scheme.posts.values()], dtype=object)
            team = team_columns(scheme, units[post].tolist(), inputs)
        inputs.update(team.averages)
    batch = Batch(scheme, rows, inputs, {}, np.zeros(n), np.zeros(n),
                  np.zeros(n), np.zeros(n), [None] * n, post, scaling,
                  team.members if team is not None else {})
    vetoes: dict[int, list[str]] = {}  # the rows a veto item hit: few, so not a list each
    fallback = np.zeros(n, dtype=bool)
    for card in scheme.scorecards.values():
        on_card = [post_index[p.id] for p in scheme.posts.values() if p.scorecard == card.id]
        who = np.flatnonzero(np.isin(post, on_card))
        if not len(who):
            continue
        for entry in card.items:
            indicator = scheme.indicators[entry.indicator]
            if indicator.external:
                found = [given[int(i)][indicator.id] for i in who]
                points = np.array([g.points for g in found], dtype=np.float64)
                piece = Piece(indicator, entry.weight, who, np.array([g.value for g in found]),
                              points, _no_targets, found)
            else:
                piece, bad = _piece(batch, indicator, entry.weight, who,
                                    _Targets(scheme, indicator, post, targets,
                                             batch.inputs),
                                    _variants(indicator.id, who, scaling))
                fallback[who] |= bad
            piece.evidence = entry.evidence
            batch.pieces[(card.id, indicator.id)] = piece
        if card.gates:  # checked on the items' points, then capping them, before weighting
            from .gates import gate_columns  # a card with gates: worth loading

            gated, bad = gate_columns(card, {e.indicator: batch.pieces[(card.id, e.indicator)]
                                             for e in card.items}, who)
            batch.gates[card.id] = gated
            fallback[who] |= bad
        for entry in card.items:
            piece = batch.pieces[(card.id, entry.indicator)]
            into = batch.section_scores.setdefault((card.id, entry.section), np.zeros(n)) \
                if entry.section is not None else batch.weighted_sum
            _add(batch, vetoes, piece.indicator, piece.weight, who, piece.points, into)
        for section in card.sections:  # each section's score counts for its weight
            score = batch.section_scores.setdefault((card.id, section.id), np.zeros(n))
            with np.errstate(over="ignore"):
                batch.weighted_sum[who] += float(section.weight) * score[who] / 100
    errors = _person_by_person(batch, rows, file, np.flatnonzero(fallback), targets, given,
                               vetoes)
    if errors:
        raise AppraiseError(errors)
    _totals(batch, vetoes)
    errors = _too_large(batch, rows, file)
    if errors:
        raise AppraiseError(errors)
    return batch


def _too_large(batch: Batch, rows: Sequence[Figures], file: str) -> list[Diagnostic]:
    """Totals that came to infinity, each item's points finite (a figure near the largest
    number a float holds, weighted): said for the person and the item with the most points,
    never rounded or paid."""
    errors = []
    for i in np.flatnonzero(np.isinf(batch.total)).tolist():
        most = max(((abs(float(p.points[k])), p.indicator) for p in batch.pieces.values()
                    if (k := int(np.searchsorted(p.who, i))) < len(p.who) and p.who[k] == i
                    and not np.isnan(p.points[k])), key=lambda found: found[0])
        points, indicator = most
        row, names = rows[i], ", ".join(f"'{n}'" for n in indicator.formula.names)
        errors.append(Diagnostic(
            file, row.line, 0, "error", f"{row.person}.{indicator.id}",
            _("the total comes to more than a number can hold: '{indicator}' gives {points} "
              "points").format(indicator=indicator.id, points=f"{points:.6g}"),
            _("check the figures of '{indicator}' ({names}): one of them is far too "
              "large").format(indicator=indicator.id, names=names)))
    return errors


def _inputs(scheme: Scheme, rows: Sequence[Figures],
            columns: Mapping[str, Column] | None) -> dict[str, Column]:
    """Every field as a column: the reader's columns where it kept them."""
    out: dict[str, Column] = dict(columns or {})
    for name, spec in scheme.fields.items():
        if name in out:
            continue
        if spec.type != "number":
            column = np.empty(len(rows), dtype=object)
            column[:] = [r.values.get(name) for r in rows]
            out[name] = column
        else:
            out[name] = np.array([v if isinstance(v := r.values.get(name), float) else np.nan
                                  for r in rows], dtype=np.float64)
    return out


class _Targets:
    """The base and stretch of every row for one indicator: the post's target, or the row's
    own. The scorer works them out and lets them go; a reporter that asks again (the JSON,
    an explanation) has them worked out once more, and kept."""

    def __init__(self, scheme: Scheme, indicator: Indicator, post: Any,
                 targets: Mapping[int, Mapping[str, Target]],
                 inputs: Mapping[str, Column]) -> None:
        self.scheme, self.indicator, self.post, self.targets = scheme, indicator, post, targets
        self.inputs = inputs
        self.kept: tuple[Floats, Floats] | None = None
        self.bad: Any = False  # rows whose target written as a formula the reference must do

    def __call__(self) -> tuple[Floats, Floats]:
        if self.kept is None:
            self.kept = self.work_out()
        return self.kept

    def work_out(self) -> tuple[Floats, Floats]:
        scheme, name = self.scheme, self.indicator.id
        table = [scheme.target_for(None, p, name) for p in scheme.posts.values()]
        bases = np.array([t.base if t else np.nan for t in table])
        stretches = np.array([t.stretch if t and t.stretch is not None else np.nan
                              for t in table])
        base, stretch = bases[self.post], stretches[self.post]
        for i, own in self.targets.items():
            found = own.get(name)
            if found is not None:
                base[i] = found.base
                stretch[i] = found.stretch if found.stretch is not None else np.nan
        if scheme.has_formula_targets:
            self.bad = formula_targets(self.indicator, written_by_row(
                table, self.post, self.targets, name), self.inputs, base, stretch)
        return base, stretch


def _no_targets() -> tuple[Floats, Floats]:
    raise AssertionError("an item scored from other people has its targets with it")


def _variants(name: str, who: NDArray[np.intp], scaling: Mapping[int, Mapping[str, Scaling]]
              ) -> list[tuple[Rule, NDArray[np.intp]]]:
    """The rules scaled to some rows' months, each with those rows (positions in ``who``)."""
    if not scaling:
        return []
    found: dict[int, tuple[Rule, list[int]]] = {}
    for k, i in enumerate(who.tolist()):
        scaled = scaling.get(i, {}).get(name)
        if scaled is not None and scaled.rule is not None:
            found.setdefault(id(scaled.rule), (scaled.rule, []))[1].append(k)
    return [(rule, np.array(where, dtype=np.intp)) for rule, where in found.values()]


def _piece(batch: Batch, indicator: Indicator, weight: Any, who: Any, targets: _Targets,
           variants: list[tuple[Rule, NDArray[np.intp]]]) -> tuple[Piece, Any]:
    """One item for the rows ``who``: the value's column, then the rule's."""
    formula, rule = indicator.formula, indicator.rule
    if indicator.rating_field is not None:
        value: Column = batch.inputs[indicator.rating_field][who]
        bad = np.zeros(len(who), dtype=bool)
    else:
        compiled = column_form(formula)
        inputs = {name: batch.inputs[name][who] for name in formula.inputs}
        if compiled is not None and inputs:
            value, bad = compiled(inputs)
        else:
            value, bad = one_by_one(formula, inputs, len(who))
    bases, stretches = targets.work_out()
    base, stretch = bases[who], stretches[who]
    if targets.bad is not False:
        bad = bad | targets.bad[who]
    with np.errstate(all="ignore"):
        scored: Scored = rule.columns(value, base, stretch)
        points = np.array(scored.points, dtype=np.float64)
        bad = bad | scored.fallback
        for scaled, where in variants:
            again = scaled.columns(value[where], base[where], stretch[where])
            points[where] = again.points
            bad[where] = bad[where] | again.fallback
    bad = bad | ~np.isfinite(points)
    if not rule.scores_ratings:
        bad |= ~np.isfinite(value)
    return Piece(indicator, weight, who, value, np.where(bad, 0.0, points), targets,
                 variants=variants), bad


def _add(batch: Batch, vetoes: dict[int, list[str]], indicator: Indicator, weight: Any, who: Any,
         points: Floats, into: Floats) -> None:
    """An item's points added where they count: weighted into ``into`` (the weighted sum, or
    the item's section's score), or to the deductions, bonuses or vetoes."""
    role = indicator.rule.role
    if role == "weighted" and weight is not None:
        with np.errstate(over="ignore"):  # a total past the largest float: said after
            into[who] += points * float(weight) / 100
    elif role == "deduction":
        batch.deductions[who] += points
    elif role == "bonus":
        batch.bonuses[who] += points
    elif role == "veto":
        for i in who[points > 0]:
            vetoes.setdefault(int(i), []).append(indicator.id)


def _person_by_person(batch: Batch, rows: Sequence[Figures], file: str, fallback: Any,
                      targets: Mapping[int, Mapping[str, Target]],
                      given: Mapping[int, Mapping[str, Given]],
                      vetoes: dict[int, list[str]]) -> list[Diagnostic]:
    """Score on the reference path those the columns could not; collect their errors."""
    scheme = batch.scheme
    errors: list[Diagnostic] = []
    earlier = [n for n in batch.inputs if looked_back(n) is not None]
    for i in fallback.tolist():
        row = rows[i]
        values = row.values
        if earlier:  # previous(revenue) and the like: not the row's own figures
            values = {**values, **{n: float(batch.inputs[n][i]) for n in earlier}}
        try:
            if scheme.team_fields:
                values = {**values, **{team_key(f): float(batch.inputs[team_key(f)][i])
                                       for f in scheme.team_fields}}
            traced = list(trace(scheme, scheme.posts[row.post], values,
                                targets.get(i, {}), given.get(i, {}),
                                batch.scaling.get(i, {})))
        except PersonError as exc:
            hint = zero_hint(scheme.indicators[exc.indicator].formula.looks_back, values) \
                if earlier and exc.message.endswith(_("division by zero")) else None
            errors.append(Diagnostic(file, row.line, 0, "error", f"{row.person}.{exc.indicator}",
                                     exc.message, hint or exc.hint))
            continue
        card = scheme.posts[row.post].scorecard
        exact = {t.indicator.id: t.outcome for t in traced}
        if card in batch.gates:
            try:
                traced = _gated(batch, card, i, traced)
            except PersonError as exc:
                errors.append(Diagnostic(file, row.line, 0, "error",
                                         f"{row.person}.{exc.indicator}", exc.message,
                                         exc.hint))
                continue
        for item in traced:
            piece = batch.pieces[(card, item.indicator.id)]
            k = int(np.searchsorted(piece.who, i))
            piece.points[k] = item.outcome.points
            piece.exact[k] = (item.value, exact[item.indicator.id])
        sections, weighted, deductions, bonuses = card_totals(scheme.scorecards[card], traced)
        batch.weighted_sum[i], batch.deductions[i], batch.bonuses[i] = \
            weighted, deductions, bonuses
        for section, score in sections.items():
            batch.section_scores[(card, section)][i] = score
        hit = [t.indicator.id for t in traced if t.indicator.rule.role == "veto"
               and t.outcome.points]
        if hit:
            vetoes[i] = hit
        else:
            vetoes.pop(i, None)
    return errors


def _gated(batch: Batch, card: str, i: int, traced: list[Traced]) -> list[Traced]:
    """Row ``i``'s gates on the reference path: its items capped, and which gates held
    (kept in the card's columns); raises :class:`PersonError`."""
    gated = batch.gates[card]
    from .gates import gate_trace

    capped, hits = gate_trace(gated.card, traced)
    k = int(np.searchsorted(gated.who, i))
    for held, column in zip(hits, gated.hits, strict=True):
        column[k] = held
    for before, after in zip(traced, capped, strict=True):
        if after is not before:
            name = before.indicator.id
            piece = batch.pieces[(card, name)]
            gated.raw.setdefault(name, piece.points.copy())[k] = before.outcome.points
    return capped


def totals(traced: Sequence[Traced]) -> tuple[float, float, float]:
    """Weighted sum, deductions and bonuses of one traced scorecard, added left to right."""
    weighted = add_up(w for t in traced if (w := t.weighted) is not None and t.section is None)
    deductions = add_up(t.outcome.points for t in traced if t.indicator.rule.role == "deduction")
    bonuses = add_up(t.outcome.points for t in traced if t.indicator.rule.role == "bonus")
    return weighted, deductions, bonuses


def card_totals(card: Scorecard, traced: Sequence[Traced]
                ) -> tuple[dict[str, float], float, float, float]:
    """Each section's score, then the weighted sum, deductions and bonuses of one traced
    scorecard: a section's items added left to right, then the sections, each for its
    weight, after the card's own weighted items (a card has one or the other)."""
    sections = {s.id: add_up(w for t in traced if (w := t.weighted) is not None
                             and t.section == s.id) for s in card.sections}
    weighted, deductions, bonuses = totals(traced)
    for section in card.sections:
        weighted += float(section.weight) * sections[section.id] / 100
    return sections, weighted, deductions, bonuses


def _totals(batch: Batch, vetoes: dict[int, list[str]]) -> None:
    scheme = batch.scheme
    total = batch.weighted_sum - batch.deductions + batch.bonuses
    for card in scheme.scorecards.values():
        if card.scale is not None:  # moved to another scale before any veto zeroes it
            on_card = [k for k, p in enumerate(scheme.posts.values()) if p.scorecard == card.id]
            rows = np.isin(batch.post_index, on_card)
            moved: Any = total[rows]  # a column: the very operations of one total's
            total[rows] = card.scale.of(moved)
    for i in sorted(vetoes):
        effects = {getattr(scheme.indicators[name].rule, "effect", "zero_total")
                   for name in vetoes[i]}
        batch.veto[i] = "zero_total" if "zero_total" in effects else "lowest_grade"
        if batch.veto[i] == "zero_total":
            total[i] = 0.0
    for gated in batch.gates.values():  # after the veto: a 0 stays 0 under any cap
        from .gates import gate_totals

        batch.effects.update(gate_totals(gated, total))
    batch.total[:] = total


__all__ = ["card_totals", "score_batch", "totals"]
