"""The score JSON's scorecard items, written from the scorer's columns: what is the same
for everybody (an item's label, a rule's settings) once, the rest a column of text at a
time, for the rows of a block of people."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..numbers import weight_number
from ..rules import StepColumns, Target
from ..rules.base import LIMITS
from ..scoring import Batch, Piece
from ..scoring.columns import Floats
from .json_values import (
    dumps,
    evidence_json_of,
    item_json,
    spread,
    step_json,
    strings,
    target_json,
    texts,
    value,
)
from .layout import Points


def _objects(values: list[Any]) -> list[str]:
    """Values of a column of objects (ratings: a level's name) as JSON text, each distinct
    string once."""
    if set(map(type, values)) <= {str}:
        return strings(values)
    return [dumps(v) for v in values]


def _targets(base: Floats, stretch: Floats) -> list[str]:
    """Each row's target as JSON text (null where the base is NaN: none), each distinct
    pair of base and stretch written once."""
    if not len(base):
        return []
    pairs = np.stack([np.ascontiguousarray(base, dtype=np.float64).view(np.uint64),
                      np.ascontiguousarray(stretch, dtype=np.float64).view(np.uint64)], axis=1)
    unique, inverse = np.unique(pairs, axis=0, return_inverse=True)
    shown = ["null" if b != b else dumps(target_json(Target(b, None if s != s else s)))
             for b, s in np.ascontiguousarray(unique).view(np.float64).tolist()]
    return spread(shown, inverse)


class ItemTexts:
    """The items of segments (a batch and a row each) as JSON text, a segment's items
    joined in its card's order."""

    def __init__(self, points: Points) -> None:
        self.points = points
        self.pieces: dict[int, PieceJson] = {}
        self.cards: dict[int, tuple[NDArray[np.intp], list[list[Piece]]]] = {}

    def of(self, segments: Sequence[tuple[Batch, int]]) -> list[str]:
        """The items of each segment, in order, the segments of one batch at a time."""
        batches: dict[int, tuple[Batch, list[int]]] = {}
        for k, (batch, _) in enumerate(segments):
            batches.setdefault(id(batch), (batch, []))[1].append(k)
        if len(batches) == 1:
            [(batch, _)] = batches.values()
            return self.rows(batch, np.array([row for _, row in segments], dtype=np.intp))
        out = np.empty(len(segments), dtype=object)
        for batch, where in batches.values():
            out[where] = self.rows(batch, np.array([segments[k][1] for k in where],
                                                   dtype=np.intp))
        found: list[str] = out.tolist()
        return found

    def rows(self, batch: Batch, rows: NDArray[np.intp]) -> list[str]:
        """The items of each of ``rows`` of ``batch`` (rows in order): the rows on one card
        at a time, each item a column of text over the positions they take up in it."""
        card_of_post, cards = self.card(batch)
        card = card_of_post[batch.post_index[rows]]
        out = np.full(len(rows), "", dtype=object)
        for c in np.unique(card).tolist():
            pieces = cards[c]
            if not pieces:
                continue
            chosen = np.flatnonzero(card == c)
            at = np.searchsorted(pieces[0].who, rows[chosen])  # a card's pieces share who
            lo, hi = int(at.min()), int(at.max()) + 1
            every = hi - lo == len(at) and bool((at == np.arange(lo, hi)).all())
            columns = []
            for piece in pieces:
                written = self.piece(batch, piece).texts(lo, hi)
                columns.append(written if every else spread(written, at - lo))
            joined = list(map(", ".join, zip(*columns, strict=True)))
            if len(chosen) == len(rows):
                return joined
            out[chosen] = joined
        found: list[str] = out.tolist()
        return found

    def card(self, batch: Batch) -> tuple[NDArray[np.intp], list[list[Piece]]]:
        """Each post's scorecard (a number), and the pieces of each card, in its order."""
        found = self.cards.get(id(batch))
        if found is None:
            scheme = batch.scheme
            ids = list(dict.fromkeys(post.scorecard for post in scheme.posts.values()))
            card_of_post = np.array([ids.index(post.scorecard)
                                     for post in scheme.posts.values()], dtype=np.intp)
            pieces = [[batch.pieces[(card, entry.indicator)]
                       for entry in scheme.scorecards[card].items]
                      if any(key[0] == card for key in batch.pieces) else []
                      for card in ids]
            found = self.cards[id(batch)] = (card_of_post, pieces)
        return found

    def piece(self, batch: Batch, piece: Piece) -> PieceJson:
        found = self.pieces.get(id(piece))
        if found is None:
            found = self.pieces[id(piece)] = PieceJson(piece, batch, self.points)
        return found


class PieceJson:
    """One scorecard item's JSON for the rows of a batch that hold it."""

    def __init__(self, piece: Piece, batch: Batch, points: Points) -> None:
        self.piece, self.batch, self.points = piece, batch, points
        weight = dumps(None if piece.weight is None else weight_number(piece.weight))
        self.template = f'{{"indicator": {dumps(piece.indicator.id).replace("%", "%%")}, ' \
            f'"value": %s, "target": %s, "achievement": %s, "points": %s, "weight": {weight}, ' \
            '"weighted": %s, "post": %s, "step": %s}'
        self.posts = [dumps(post) for post in batch.scheme.posts]

    def texts(self, lo: int, hi: int) -> list[str]:
        """The items of the piece's rows ``lo`` to ``hi`` (positions in ``who``)."""
        piece = self.piece
        out = [self.template % parts for parts in zip(
            *self._numbers(lo, hi), spread(self.posts, self.batch.post_index[piece.who[lo:hi]]),
            self._steps(lo, hi), strict=True)]
        if piece.evidence is not None:
            out = self._evidence(out, lo, hi)
        for k in piece.exact:  # scored by the reference path: its item as the result shows it
            if lo <= k < hi:
                row = int(piece.who[k])
                item = self.batch.item(piece, row, k)
                out[k - lo] = dumps({**item_json(self.points, item),
                                     "post": self.batch.rows[row].post,
                                     "step": step_json(item.step), **evidence_json_of(item)})
        return out

    def _evidence(self, out: list[str], lo: int, hi: int) -> list[str]:
        """The items with the texts their card shows after the step (null: none given)."""
        piece = self.piece
        assert piece.evidence is not None
        columns = [[f", {dumps(role)}: {dumps(text)}"
                    for text in self.batch.inputs[name][piece.who[lo:hi]].tolist()]
                   for role, name in piece.evidence.fields]
        return [text[:-1] + "".join(added) + "}"
                for text, *added in zip(out, *columns, strict=True)]

    def _numbers(self, lo: int, hi: int) -> tuple[list[str], ...]:
        piece, points = self.piece, self.points
        found = piece.value[lo:hi]
        numeric = found.dtype != object
        values = texts(found, settled=True) if numeric else _objects(found.tolist())
        base, stretch = piece.target_columns(lo, hi)
        if piece.given is not None:
            targets = [dumps(target_json(g.target)) for g in piece.given[lo:hi]]
        else:
            targets = _targets(base, stretch)
        reached = ["null"] * (hi - lo)
        if numeric:
            with np.errstate(all="ignore"):
                share = np.asarray(found, dtype=np.float64) / base * 100
            known = ~np.isnan(base) & (base != 0)
            reached = texts(np.where(known, points.amounts(np.where(known, share, 0.0)),
                                     np.nan))
        scored = piece.points[lo:hi]
        weighted = ["null"] * (hi - lo) if piece.weight is None else \
            texts(points.amounts(scored * float(piece.weight) / 100))
        return values, targets, reached, texts(points.amounts(scored)), weighted

    def _steps(self, lo: int, hi: int) -> list[str]:
        steps = self.piece.steps(lo, hi)
        if not isinstance(steps, StepColumns):
            return [dumps(step_json(step)) for step in steps]
        written: dict[str, str | list[str]] = {}
        for key, found in steps.values.items():
            if isinstance(found, np.ndarray) and found.dtype != object:
                written[key] = texts(found)
            elif isinstance(found, np.ndarray):  # bands, words: a handful of distinct ones
                shown: dict[Any, str] = {}
                written[key] = [shown.get(v) or shown.setdefault(v, dumps(value(v)))
                                for v in found.tolist()]
            else:
                written[key] = dumps(value(found))
        kinds = steps.kind
        out = [""] * (hi - lo)
        for j, kind in enumerate(steps.kinds):  # the rows of one kind of step at a time
            rows = np.flatnonzero(kinds == j).tolist()
            template, columns = f'{{"kind": {dumps(kind)}', []
            for key in steps.keys[kind]:
                column = written[key]
                if isinstance(column, str):
                    template += f", {dumps(key)}: {column}".replace("%", "%%")
                else:
                    template += f", {dumps(key)}: %s"
                    columns.append([column[k] for k in rows])
            template += "}"
            of_kind = [template % values for values in zip(*columns, strict=True)] \
                if columns else [template % ()] * len(rows)
            for k, text in zip(rows, of_kind, strict=True):
                out[k] = text
        if steps.limit is not None:  # the limit that bounded the points, where one did
            bound = steps.limit_value
            bounds = texts(bound) if isinstance(bound, np.ndarray) else None
            codes = steps.limit
            for k in np.flatnonzero(codes).tolist():
                limit = bounds[k] if bounds is not None else dumps(bound)
                out[k] = out[k][:-1] + f', "limit": {limit}, ' \
                    f'"limited_by": "{LIMITS[int(codes[k]) - 1]}"}}'
        return out
