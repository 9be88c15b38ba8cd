"""``score --format json``: the period as data, one person per line.

One shape for every scheme (format 2): the period, the indicators (what each is, once),
the units' results, calibration moves and pools (empty for a plain period), then each
person with their totals, grades, rank, money, each scorecard item (with the post it was
scored on) and each post's segment. An item's ``step`` is the rule's step as data: its
kind, its numbers at full precision, the limit that bounded the points and the unit a
head was scored for; ``appraise explain`` puts it into words.

The text is written from the scorer's columns, a block of people at a time: what is
the same for everybody (an item's label, a rule's settings) is written once, each
number is turned into text once per distinct value, and a company of 100,000 never
has the whole document in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cached_property
from json.encoder import encode_basestring
from typing import Any

import numpy as np

from ..model import Indicator
from ..numbers import money, settle, to_cents
from ..rules import Expression, Interval, Step, StepColumns, StepValue, Target
from ..rules.base import LIMITS
from ..scoring import Batch, Item, Piece, Result
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
        "indicators": {i.id: {key: value for key, value in indicator_json(i).items()
                              if key != "indicator"} for i in scheme.indicators.values()},
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
    out: dict[str, Any] = {"kind": step.kind, **{k: _value(v) for k, v in step.values.items()}}
    if step.limit is not None:
        out["limited_by"] = step.limit
    if step.within is not None:
        out["for_unit"] = step.within
    return out


def target_json(target: Target | None) -> dict[str, float] | None:
    if target is None:
        return None
    out = {"base": settle(target.base)}
    if target.stretch is not None:
        out["stretch"] = settle(target.stretch)
    return out


def indicator_json(indicator: Indicator) -> dict[str, Any]:
    """What an indicator is: the same for every person scored on it."""
    return {"indicator": indicator.id, "label": indicator.label,
            "perspective": indicator.perspective, "rule": indicator.rule.kind,
            "role": indicator.rule.role, "unit": indicator.unit,
            "formula": indicator.formula.text}


def item_json(points: Points, item: Item) -> dict[str, Any]:
    """One person's item: its value, target, achievement, points and weight (the score
    JSON adds the post and the step)."""
    return {
        "indicator": item.indicator.id,
        "value": item.value if isinstance(item.value, str) else settle(item.value),
        "target": target_json(item.target),
        "achievement": None if item.achievement is None else float(points(item.achievement)),
        "points": float(points(item.points)),
        "weight": None if item.weight is None else float(item.weight),
        "weighted": None if item.weighted is None else float(points(item.weighted)),
    }


def _value(value: StepValue | Any) -> Any:
    if isinstance(value, Interval):
        return {"min": value.low, "max": value.high, "closed": value.closed,
                "label": value.label}
    return value.template if isinstance(value, Expression) else value


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _texts(column: Any, settled: bool = False) -> list[str]:
    """Each number of ``column`` as JSON writes it (null for NaN), each distinct one once;
    ``settled``: taken to 12 significant digits first."""
    unique, inverse = np.unique(np.asarray(column, dtype=np.float64), return_inverse=True)
    shown = [_settled_text(u) if settled else repr(u) if u == u else "null"
             for u in unique.tolist()]
    return [shown[i] for i in inverse.reshape(-1).tolist()]


def _settled_text(value: float) -> str:
    if value != value:
        return "null"
    if value == 0:
        return "0.0"  # -0.0 settles to 0, as every value smaller than the noise does
    text = repr(value)
    # Written in 12 significant digits or fewer, a number is its own settled value.
    if "e" in text or len(text.replace(".", "").lstrip("-0")) > 12:
        text = repr(settle(value))
    return text


class _Lines:
    """Each person's line: their fields, their items (from the pieces) and segments."""

    def __init__(self, result: Result, points: Points) -> None:
        self.result, self.points = result, points
        people = result.columns
        self.rounded = {name: points.numbers(getattr(people, name))
                        for name in ("weighted_sum", "deductions", "bonuses", "total")}
        self.pieces: dict[int, _PieceJson] = {}
        self.cards: dict[tuple[int, str], list[Piece]] = {}

    def __iter__(self) -> Iterator[str]:
        result = self.result
        if result.by_month:  # people on posts in several batches: item by item
            heads = self.heads(0, len(result.columns))
            for n, segments in enumerate(result.columns.segments):
                items = [self.piece(s.batch, piece).item(s.row)
                         for s in segments for piece in self.card(s.batch, s.row)]
                yield self.line(heads[n], items, self.segments(n))
            return
        batch = result.batches[0]  # a plain period: its rows are the people, in order
        for start in range(0, len(batch), BLOCK):
            end = min(start + BLOCK, len(batch))
            texts = {id(piece): self.piece(batch, piece).block(start, end)
                     for piece in batch.pieces.values()}
            heads = self.heads(start, end)
            for n in range(start, end):
                yield self.line(heads[n - start],
                                [texts[id(piece)][n] for piece in self.card(batch, n)],
                                self.segments(n, heads[n - start]))

    def card(self, batch: Batch, row: int) -> list[Piece]:
        """The pieces of the scorecard of a row's post, in the card's order."""
        key = (id(batch), batch.rows[row].post)
        if key not in self.cards:
            scheme = self.result.scheme
            card = scheme.scorecards[scheme.posts[key[1]].scorecard]
            self.cards[key] = [batch.pieces[(card.id, entry.indicator)] for entry in card.items]
        return self.cards[key]

    def piece(self, batch: Batch, piece: Piece) -> _PieceJson:
        found = self.pieces.get(id(piece))
        if found is None:
            found = self.pieces[id(piece)] = _PieceJson(piece, batch, self.points)
        return found

    @staticmethod
    def line(head: tuple[str, tuple[str, ...]], items: list[str], segments: str) -> str:
        return f'{head[0]}, "indicators": [{", ".join(items)}], "segments": {segments}}}'

    def heads(self, start: int, end: int) -> list[tuple[str, tuple[str, ...]]]:
        """The fields of people ``start`` to ``end`` as JSON text (to be closed after the
        items), each with the texts a plain period's one segment repeats."""
        result, people = self.result, self.result.columns
        scheme, period = result.scheme, result.period
        places = scheme.rounding.money
        text = _Texts()
        grades = [(text.of(g.grade), text.of(g.label), repr(float(g.coefficient)))
                  for g in scheme.grades]
        rounded = {k: _texts(v[start:end]) for k, v in self.rounded.items()}
        out: list[tuple[str, tuple[str, ...]]] = []
        for k, n in enumerate(range(start, end)):
            person, post = people.person[n], people.post[n]
            grade = grades[int(people.grade[n])]
            base = scheme.bonus_base_for(scheme.people.get(person), scheme.posts[post])
            exact, cents = people.bonus[n], people.paid[n]
            own = (text.of(post), text.of(people.unit[n]), rounded["weighted_sum"][k],
                   rounded["deductions"][k], rounded["bonuses"][k], text.of(people.veto[n]),
                   rounded["total"][k])
            fields = (
                text.of(person), text.of(people.name[n]), *own[:2],
                str(int(people.months[n])) if period else "null", *own[2:],
                grades[int(people.scored_grade[n])][0], *grade,
                "null" if base is None else repr(float(base)),
                text.cents(None if exact is None else to_cents(exact, places), places),
                text.cents(cents, places), text.of(people.pool[n]), str(int(people.rank[n])),
                str(int(people.rank_of[n])), str(int(people.company_rank[n])),
                str(int(people.company_of[n])), text.of(people.group[n]))
            out.append((_HEAD % fields, own))
        return out

    def segments(self, n: int, head: tuple[str, tuple[str, ...]] | None = None) -> str:
        """Person ``n``'s posts in the period (a plain period: the one row, as the head)."""
        result = self.result
        period = result.period
        if period is None and head is not None:
            return _PLAIN_SEGMENT % head[1]
        return _dumps([{
            "post": s.post, "unit": s.unit,
            "months": [month_id(period.year, m) for m in s.months] if period else [],
            "weighted_sum": float(self.points(s.weighted_sum)),
            "deductions": float(self.points(s.deductions)),
            "bonuses": float(self.points(s.bonuses)), "veto": s.veto,
            "total": float(self.points(s.total)),
        } for s in result.columns.segments[n]])


_HEAD = "{" + ", ".join(f'"{key}": %s' for key in (
    "person", "name", "post", "unit", "months", "weighted_sum", "deductions", "bonuses",
    "veto", "total", "grade_scored", "grade", "grade_label", "coefficient", "bonus_base",
    "bonus_before_pool", "bonus", "pool", "rank", "rank_of", "company_rank", "company_of",
    "calibration_group"))
_PLAIN_SEGMENT = '[{"post": %s, "unit": %s, "months": [], "weighted_sum": %s, ' \
    '"deductions": %s, "bonuses": %s, "veto": %s, "total": %s}]'


class _Texts:
    """Values as JSON text, each distinct one written once."""

    def __init__(self) -> None:
        self.made: dict[object, str] = {}

    def of(self, value: str | None) -> str:
        found = self.made.get(value)
        if found is None:
            found = self.made[value] = "null" if value is None else encode_basestring(value)
        return found

    def number(self, value: float | None) -> str:
        return "null" if value is None else repr(value)

    def cents(self, units: int | None, places: int) -> str:
        if units is None:
            return "null"
        key = ("cents", units)
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = repr(float(money(units, places)))
        return found


class _PieceJson:
    """One scorecard item's JSON for the rows of a batch that hold it: what is the same
    for everybody written once, the rest a column of text at a time."""

    def __init__(self, piece: Piece, batch: Batch, points: Points) -> None:
        self.piece, self.batch, self.points = piece, batch, points
        weight = _dumps(None if piece.weight is None else float(piece.weight))
        self.template = f'{{"indicator": {_dumps(piece.indicator.id).replace("%", "%%")}, ' \
            f'"value": %s, "target": %s, "achievement": %s, "points": %s, "weight": {weight}, ' \
            '"weighted": %s, "post": %s, "step": %s}'
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
        base, stretch = piece.target_columns(lo, hi)
        if piece.given is not None:
            targets = [_dumps(target_json(g.target)) for g in piece.given[lo:hi]]
        else:
            found: dict[tuple[float | None, float | None], str] = {}
            targets = []
            for b, s in zip(base.tolist(), stretch.tolist(), strict=True):
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
        steps = self.piece.steps(lo, hi)
        if not isinstance(steps, StepColumns):
            return [_dumps(step_json(step)) for step in steps]
        texts: dict[str, str | list[str]] = {}
        for key, value in steps.values.items():
            if isinstance(value, np.ndarray) and value.dtype != object:
                texts[key] = _texts(value)
            elif isinstance(value, np.ndarray):  # bands, words: a handful of distinct ones
                shown: dict[Any, str] = {}
                texts[key] = [shown.get(v) or shown.setdefault(v, _dumps(_value(v)))
                              for v in value.tolist()]
            else:
                texts[key] = _dumps(_value(value))
        kinds = steps.kind
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
                bounds = _texts(bound)
            codes = steps.limit
            for k in np.flatnonzero(codes).tolist():
                limit = bounds[k] if bounds is not None else _dumps(bound)
                out[k] += f', "limit": {limit}, "limited_by": "{LIMITS[int(codes[k]) - 1]}"'
        return [text + "}" for text in out]


__all__ = ["indicator_json", "item_json", "score_json", "score_json_lines", "step_json",
           "target_json"]
