"""``score --format json``: the period as data, one person per line.

One shape for every scheme (format 2): the period, the units' results, calibration moves
and pools (empty for a plain period), then each person with their totals, grades, rank,
money, each scorecard item (with the post it was scored on) and each post's segment.
An item's ``step`` is the rule's step as data: its kind, its numbers at full precision,
and the limit that bounded the points; ``appraise explain`` puts it into words.

The text is written from the scorer's columns, a block of people at a time: what is
the same for everybody (an item's label, a rule's settings) is written once, each
number is turned into text once per distinct value, and a company of 100,000 never
has the whole document in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cached_property
from typing import Any

import numpy as np

from ..numbers import money, settle, to_cents
from ..rules import Expression, Interval, Step, StepColumns, StepValue, Target
from ..rules.base import LIMITS
from ..score import Batch, Item, Piece, Result
from ..year.periods import month_id
from .layout import Points
from .table import pool_payments

FORMAT = 2  # of score --format json: 2 since one shape serves every scheme
BLOCK = 4096  # people whose items are written at once


def score_json(result: Result) -> str:
    """The JSON text, whole (:func:`score_json_lines` gives it in pieces)."""
    return "".join(score_json_lines(result))


def score_json_lines(result: Result) -> Iterator[str]:
    """The JSON text in pieces: the period first, then one person per line."""
    scheme, points = result.scheme, Points(result.scheme)
    places = scheme.rounding.money
    period = result.period
    paid = pool_payments(result)
    payload = {
        "format": FORMAT,
        "scheme": {"name": scheme.name, "label": scheme.label, "file": scheme.file,
                   "fingerprint": scheme.fingerprint},
        "data": {"file": result.file, "fingerprint": result.fingerprint},
        "period": result.period_id,
        "months": [month_id(period.year, m) for m in period.months] if period else None,
        "currency": scheme.currency,
        "rounding": {"points": scheme.rounding.points, "money": scheme.rounding.money,
                     "mode": scheme.rounding.mode},
        "warnings": [d.as_dict() for d in result.warnings],
        "units": [{"unit": u.unit, "head": u.head, "indicator": u.indicator,
                   "months": [month_id(period.year, m) for m in u.months] if period else [],
                   "value": settle(u.value), "target": target_json(u.target),
                   "points": float(points(u.points))} for u in result.units],
        "calibration": [{"person": m.person, "group": m.group, "position": m.position,
                         "of": m.of, "from": m.before, "to": m.after, "reason": m.reason}
                        for m in result.moves],
        "uncalibrated": [{"group": g, "size": n} for g, n in result.uncalibrated],
        "pools": [{"unit": p.unit, "people": p.people,
                   "bonuses_before": float(money(to_cents(p.wanted, places), places)),
                   "pool": float(money(p.amount, places)),
                   "paid": float(money(paid.get(p.unit, 0), places))} for p in result.pools],
    }
    yield _dumps(payload)[:-1] + ', "people": [\n'
    for n, line in enumerate(_Lines(result, points)):
        yield ("" if n == 0 else ",\n") + line
    yield "\n]}\n"


def step_json(step: Step) -> dict[str, Any]:
    """A step as data: its kind, each of its values, the limit that bounded the points."""
    out: dict[str, Any] = {"kind": step.kind}
    for key, value in step.values.items():
        out[key] = _value(value)
    if step.limit is not None:
        out["limited_by"] = step.limit
    if step.within is not None:
        out["unit"] = step.within
    return out


def target_json(target: Target | None) -> dict[str, float] | None:
    if target is None:
        return None
    out = {"base": settle(target.base)}
    if target.stretch is not None:
        out["stretch"] = settle(target.stretch)
    return out


def item_json(points: Points, item: Item) -> dict[str, Any]:
    """One item as explain's JSON and the score JSON show it (before its post and step)."""
    indicator = item.indicator
    return {
        "indicator": indicator.id, "label": indicator.label,
        "perspective": indicator.perspective, "rule": item.rule, "role": item.role,
        "value": item.value if isinstance(item.value, str) else settle(item.value),
        "unit": indicator.unit, "target": target_json(item.target),
        "achievement": None if item.achievement is None else float(points(item.achievement)),
        "points": float(points(item.points)),
        "weight": None if item.weight is None else float(item.weight),
        "weighted": None if item.weighted is None else float(points(item.weighted)),
        "formula": indicator.formula.text,
    }


def _value(value: StepValue | Any) -> Any:
    if isinstance(value, Interval):
        return {"min": value.low, "max": value.high, "closed": value.closed,
                "label": value.label}
    return value.template if isinstance(value, Expression) else value


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _texts(column: Any, settled: bool = False) -> list[str]:
    """Each number of ``column`` as JSON writes it (null for NaN), each distinct one once."""
    unique, inverse = np.unique(np.asarray(column, dtype=np.float64), return_inverse=True)
    shown = [repr(settle(u) if settled else u) if u == u else "null" for u in unique.tolist()]
    return [shown[i] for i in inverse.reshape(-1).tolist()]


class _Lines:
    """Each person's line: their fields, their items (from the pieces) and segments."""

    def __init__(self, result: Result, points: Points) -> None:
        self.result, self.points = result, points
        people = result.columns
        self.rounded = {name: points.numbers(getattr(people, name))
                        for name in ("weighted_sum", "deductions", "bonuses", "total")}
        self.pieces: dict[int, _PieceJson] = {}

    def __iter__(self) -> Iterator[str]:
        result = self.result
        if result.by_month:  # people on posts in several batches: item by item
            for n, segments in enumerate(result.columns.segments):
                yield self.line(n, [self.piece(s.batch, piece).item(s.row)
                                    for s in segments for piece in self.card(s.batch, s.row)])
            return
        batch = result.batches[0]  # a plain period: its rows are the people, in order
        for start in range(0, len(batch), BLOCK):
            end = min(start + BLOCK, len(batch))
            texts = {id(piece): self.piece(batch, piece).block(start, end)
                     for piece in batch.pieces.values()}
            for n in range(start, end):
                yield self.line(n, [texts[id(piece)][n] for piece in self.card(batch, n)])

    def card(self, batch: Batch, row: int) -> list[Piece]:
        scheme = self.result.scheme
        card = scheme.scorecards[scheme.posts[batch.rows[row].post].scorecard]
        return [batch.pieces[(card.id, entry.indicator)] for entry in card.items]

    def piece(self, batch: Batch, piece: Piece) -> _PieceJson:
        found = self.pieces.get(id(piece))
        if found is None:
            found = self.pieces[id(piece)] = _PieceJson(piece, batch, self.points)
        return found

    def line(self, n: int, items: list[str]) -> str:
        result, people, rounded = self.result, self.result.columns, self.rounded
        scheme, period = result.scheme, result.period
        places = scheme.rounding.money
        grade = scheme.grades[int(people.grade[n])]
        exact, cents = people.bonus[n], people.paid[n]
        base = scheme.bonus_base_for(scheme.people.get(people.person[n]),
                                     scheme.posts[people.post[n]])
        head = _dumps({
            "person": people.person[n], "name": people.name[n], "post": people.post[n],
            "unit": people.unit[n], "months": int(people.months[n]) if period else None,
            "weighted_sum": rounded["weighted_sum"][n], "deductions": rounded["deductions"][n],
            "bonuses": rounded["bonuses"][n], "veto": people.veto[n],
            "total": rounded["total"][n],
            "grade_scored": scheme.grades[int(people.scored_grade[n])].grade,
            "grade": grade.grade, "grade_label": grade.label,
            "coefficient": float(grade.coefficient),
            "bonus_base": None if base is None else float(base),
            "bonus_before_pool": None if exact is None
            else float(money(to_cents(exact, places), places)),
            "bonus": None if cents is None else float(money(cents, places)),
            "pool": people.pool[n], "rank": int(people.rank[n]),
            "rank_of": int(people.rank_of[n]), "company_rank": int(people.company_rank[n]),
            "company_of": int(people.company_of[n]), "calibration_group": people.group[n],
        })
        if period is None:  # a plain period: the one segment is the person's own row
            segments = [{"post": people.post[n], "unit": people.unit[n], "months": [],
                         "weighted_sum": rounded["weighted_sum"][n],
                         "deductions": rounded["deductions"][n],
                         "bonuses": rounded["bonuses"][n], "veto": people.veto[n],
                         "total": rounded["total"][n]}]
        else:
            segments = [{
                "post": s.post, "unit": s.unit,
                "months": [month_id(period.year, m) for m in s.months],
                "weighted_sum": float(self.points(s.weighted_sum)),
                "deductions": float(self.points(s.deductions)),
                "bonuses": float(self.points(s.bonuses)), "veto": s.veto,
                "total": float(self.points(s.total)),
            } for s in people.segments[n]]
        return f'{head[:-1]}, "indicators": [{", ".join(items)}], "segments": ' \
            f'{_dumps(segments)}}}'


class _PieceJson:
    """One scorecard item's JSON for the rows of a batch that hold it: what is the same
    for everybody written once, the rest a column of text at a time."""

    def __init__(self, piece: Piece, batch: Batch, points: Points) -> None:
        self.piece, self.batch, self.points = piece, batch, points
        indicator = piece.indicator
        fixed = {"indicator": indicator.id, "label": indicator.label,
                 "perspective": indicator.perspective, "rule": indicator.rule.kind,
                 "role": indicator.rule.role}

        def text(value: Any) -> str:
            return _dumps(value).replace("%", "%%")

        self.template = "{" + ", ".join(f'"{k}": {text(v)}' for k, v in fixed.items()) + \
            f', "value": %s, "unit": {text(indicator.unit)}, "target": %s, "achievement": ' \
            f'%s, "points": %s, "weight": ' \
            f'{text(None if piece.weight is None else float(piece.weight))}, "weighted": %s, ' \
            f'"formula": {text(indicator.formula.text)}, "post": %s, "step": %s}}'
        self.posts = [_dumps(post) for post in batch.scheme.posts]

    def block(self, start: int, end: int) -> dict[int, str]:
        """The item of each batch row from ``start`` to ``end`` that holds it, by row."""
        who = self.piece.who
        lo, hi = int(np.searchsorted(who, start)), int(np.searchsorted(who, end))
        return dict(zip(who[lo:hi].tolist(), self.texts(lo, hi), strict=True))

    @cached_property
    def _all(self) -> list[str]:
        return self.texts(0, len(self.piece.who))

    def item(self, row: int) -> str:
        return self._all[int(np.searchsorted(self.piece.who, row))]

    def texts(self, lo: int, hi: int) -> list[str]:
        """The items of the piece's rows ``lo`` to ``hi`` (positions in ``who``)."""
        piece = self.piece
        out = [self.template % parts for parts in zip(
            *self._numbers(lo, hi), [self.posts[p] for p in
                                     self.batch.post_index[piece.who[lo:hi]].tolist()],
            self._steps(lo, hi), strict=True)]
        for k in piece.exact:  # scored by the reference path: its item as the result shows it
            if lo <= k < hi:
                row = int(piece.who[k])
                item = self.batch.item(piece, row, k)
                out[k - lo] = _dumps({**item_json(self.points, item),
                                      "post": self.batch.rows[row].post,
                                      "step": step_json(item.step)})
        return out

    def _numbers(self, lo: int, hi: int) -> tuple[list[str], ...]:
        piece, points = self.piece, self.points
        value = piece.value[lo:hi]
        numeric = value.dtype != object
        values = _texts(value, settled=True) if numeric else [_dumps(v) for v in value.tolist()]
        if piece.given is not None:
            given = piece.given[lo:hi]
            targets = [_dumps(target_json(g.target)) for g in given]
            base = np.array([g.target.base if g.target else np.nan for g in given])
        else:
            base = piece.base[lo:hi]
            found: dict[tuple[float | None, float | None], str] = {}
            targets = []
            for b, s in zip(base.tolist(), piece.stretch[lo:hi].tolist(), strict=True):
                key = (None if b != b else b, None if s != s else s)  # NaN: none
                if key not in found:
                    found[key] = "null" if key[0] is None else \
                        _dumps(target_json(Target(b, key[1])))
                targets.append(found[key])
        reached = ["null"] * (hi - lo)
        if numeric:
            with np.errstate(all="ignore"):
                share = np.asarray(value, dtype=np.float64) / base * 100
            known = ~np.isnan(base) & (base != 0)
            reached = _texts(np.where(known, points.numbers(np.where(known, share, 0.0)),
                                      np.nan))
        scored = piece.points[lo:hi]
        weighted = ["null"] * (hi - lo) if piece.weight is None else \
            _texts(points.numbers(scored * float(piece.weight) / 100))
        return values, targets, reached, _texts(points.numbers(scored)), weighted

    def _steps(self, lo: int, hi: int) -> list[str]:
        steps = self.piece.steps
        if not isinstance(steps, StepColumns):
            return [_dumps(step_json(step)) for step in steps[lo:hi]]
        texts: dict[str, str | list[str]] = {}
        for key, value in steps.values.items():
            if isinstance(value, np.ndarray) and value.dtype != object:
                texts[key] = _texts(value[lo:hi])
            elif isinstance(value, np.ndarray):  # bands, words: a handful of distinct ones
                shown: dict[Any, str] = {}
                texts[key] = [shown.get(v) or shown.setdefault(v, _dumps(_value(v)))
                              for v in value[lo:hi].tolist()]
            else:
                texts[key] = _dumps(_value(value))
        kinds = steps.kind[lo:hi]
        out = [""] * (hi - lo)
        for j, kind in enumerate(steps.kinds):  # the rows of one kind of step at a time
            rows = np.flatnonzero(kinds == j).tolist()
            template, columns = f'{{"kind": {_dumps(kind)}', []
            for key in steps.keys[kind]:
                found = texts[key]
                if isinstance(found, str):
                    template += f", {_dumps(key)}: {found}".replace("%", "%%")
                else:
                    template += f", {_dumps(key)}: %s"
                    columns.append([found[k] for k in rows])
            texts_of_kind = [template % values for values in zip(*columns, strict=True)] \
                if columns else [template] * len(rows)
            for k, text in zip(rows, texts_of_kind, strict=True):
                out[k] = text
        if steps.limit is not None:  # the limit that bounded the points, where one did
            bound = steps.limit_value
            bounds = None
            if isinstance(bound, np.ndarray):
                bounds = _texts(bound[lo:hi])
            codes = steps.limit[lo:hi]
            for k in np.flatnonzero(codes).tolist():
                limit = bounds[k] if bounds is not None else _dumps(bound)
                out[k] += f', "limit": {limit}, "limited_by": "{LIMITS[int(codes[k]) - 1]}"'
        return [text + "}" for text in out]


__all__ = ["item_json", "score_json", "score_json_lines", "step_json", "target_json"]
