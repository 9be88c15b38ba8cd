"""``score --format json``: the period as data, one person per line.

One shape for every scheme (format 2): the period, the indicators (what each is, once),
the units' results, calibration moves and pools (empty for a plain period), then each
person with their totals, grades, rank, money, each scorecard item (with the post it was
scored on) and each post's segment. An item's ``step`` is the rule's step as data: its
kind, its numbers at full precision, the limit that bounded the points and the unit a
head was scored for; ``appraise explain`` puts it into words.

The text is written from the scorer's columns, a block of people at a time and a column
at a time: what is the same for everybody (an item's label, a rule's settings, a grade)
is written once, each number is turned into text once per distinct value, and a company
of 100,000 never has the whole document in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction

import numpy as np

from ..model import any_action
from ..numbers import money, settle, to_cents, weight_number
from ..scoring import Batch, Result
from ..scoring.batch import SegmentResult
from ..year.periods import month_id
from .json_items import ItemTexts
from .json_values import (
    dumps,
    indicator_json,
    item_json,
    numbers,
    step_json,
    strings,
    target_json,
    texts,
)
from .layout import Points
from .table import pool_payments

FORMAT = 2  # of score --format json: 2 since one shape serves every scheme
BLOCK = 1024  # people whose lines are written at once


def score_json(result: Result) -> str:
    """The JSON text, whole (:func:`score_json_lines` gives it in pieces)."""
    return "".join(score_json_lines(result))


def score_json_lines(result: Result) -> Iterator[str]:
    """The JSON text in pieces: the period first, then a block of people (a line each)
    at a time."""
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
        **({"perspectives": {p.id: {"label": p.label, "weight": None if p.weight is None
                                     else weight_number(p.weight)}
                             for p in scheme.perspectives.values()}}
           if scheme.perspectives else {}),  # the scheme's own, when it declares them
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
    if result.counted is not None:  # the schemes and data of the subjects counted
        payload["subjects"] = result.counted.sources
    if scheme.subject is not None:  # customers, not people: the JSON says what it scored
        payload["subject"] = {"label": scheme.subject.label,
                              "label_en": scheme.subject.label_en}
    if result.awards:
        from .awards import awards_json  # a scheme with awards: worth loading

        payload["awards"] = awards_json(result)
    yield dumps(payload)[:-1] + ', "people": [\n'
    between = ""
    for lines in _Lines(result, points):
        chunk = between + ",\n".join(lines)
        del lines  # one block in memory at a time
        yield chunk
        between = ",\n"
    yield "\n]}\n"


_HEAD = "{" + ", ".join(f'"{key}": %s' for key in (
    "person", "name", "post", "unit", "months", "weighted_sum", "deductions", "bonuses",
    "veto", "total", "grade_scored", "grade", "grade_label", "coefficient", "bonus_base",
    "bonus_before_pool", "bonus", "pool", "rank", "rank_of", "company_rank", "company_of",
    "calibration_group"))
_LINE = '%s, "indicators": [%s], "segments": %s}'
_SEGMENT = '{"post": %s, "unit": %s, "months": %s, "weighted_sum": %s, "deductions": %s, ' \
    '"bonuses": %s, "veto": %s, "total": %s}'
_PLAIN_SEGMENT = "[" + _SEGMENT.replace('"months": %s', '"months": []') + "]"
_TOTALS = ("weighted_sum", "deductions", "bonuses", "total")


class _Lines:
    """The people's lines, a block at a time: their fields, items and segments, each a
    column of text over the block."""

    def __init__(self, result: Result, points: Points) -> None:
        self.result, self.points = result, points
        people, scheme = result.columns, result.scheme
        self.texts = {k: list(getattr(people, k))
                      for k in ("person", "name", "post", "unit", "veto", "pool", "group")}
        self.items = ItemTexts(points)
        self.grades = strings([g.grade for g in scheme.grades])
        self.labels = strings([g.label for g in scheme.grades])
        self.actions = strings([g.action for g in scheme.grades]) \
            if any_action(scheme.grades) else []
        self.coefficients = [repr(float(g.coefficient)) for g in scheme.grades]
        self.post_base = {p: _number(scheme.bonus_base_for(None, post))
                          for p, post in scheme.posts.items()}
        self.own_base = {p: _number(person.bonus_base) for p, person in scheme.people.items()
                         if person.bonus_base is not None}
        self.months: dict[tuple[int, ...], str] = {}
        self.standings: Callable[[Sequence[str]], list[str]] | None = None
        self.gated = any(card.gates for card in scheme.scorecards.values())
        self.applied: dict[int, list[str]] = {}
        self.unpaid: set[int] = set()
        if self.gated:  # then each person says the gates that applied
            from .gates import applied, without_bonus
            self.applied, self.unpaid = applied(result), without_bonus(result)

    def __iter__(self) -> Iterator[list[str]]:
        for start in range(0, len(self.result.columns), BLOCK):
            yield self.block(start, min(start + BLOCK, len(self.result.columns)))

    def block(self, start: int, end: int) -> list[str]:
        """The lines of people ``start`` to ``end``, each with its awards when the scheme
        gives any."""
        lines = self.people(start, end)
        if not self.result.awards:
            return lines
        if self.standings is None:
            from .awards import StandingTexts  # a scheme with awards: worth loading

            self.standings = StandingTexts(self.result)
        written = self.standings(self.texts["person"][start:end])
        return [line[:-1] + ', "awards": ' + found + "}" for line, found in
                zip(lines, written, strict=True)]

    def people(self, start: int, end: int) -> list[str]:
        """The lines of people ``start`` to ``end``, without their awards: each with the
        gates that applied to them when the scheme has gates."""
        lines = self.lines(start, end)
        if self.gated:
            lines = [f'{line[:-1]}, "gates": {dumps(self.applied.get(k, []))}}}'
                     for k, line in zip(range(start, end), lines, strict=True)]
        if self.actions:  # some grade says what to do: the action of each one's grade
            lines = [f'{line[:-1]}, "action": {self.actions[g]}}}' for line, g in
                     zip(lines, self.result.columns.grade[start:end].tolist(), strict=True)]
        return lines

    def lines(self, start: int, end: int) -> list[str]:
        """The lines of people ``start`` to ``end``, as every scheme writes them."""
        result = self.result
        heads, own = self.heads(start, end)
        if not result.by_month:  # a plain period: its batch's rows are the people
            items = self.items.rows(result.batches[0], np.arange(start, end))
            lines = list(map(_LINE.__mod__, zip(heads, items, map(_PLAIN_SEGMENT.__mod__, own),
                                                strict=True)))
            return self.with_sections(lines, [[(result.batches[0], n)]
                                              for n in range(start, end)])
        held = [result.columns.segments[n] for n in range(start, end)]
        segments = [s for mine in held for s in mine]
        items = self.items.of([(s.batch, s.row) for s in segments])
        written = self.segments(segments)
        lines, k = [], 0
        for head, mine in zip(heads, held, strict=True):
            at = range(k, k + len(mine))
            k += len(mine)
            lines.append(_LINE % (head, ", ".join(items[i] for i in at if items[i]),
                                  "[" + ", ".join(written[i] for i in at) + "]"))
        return self.with_sections(lines, [[(s.batch, s.row) for s in mine] for mine in held])

    def with_sections(self, lines: list[str], held: list[list[tuple[Batch, int]]]
                      ) -> list[str]:
        """The lines with each person's section scores before their segments, when the
        scheme has sections (every other scheme's JSON stays as it was)."""
        if not any(card.sections for card in self.result.scheme.scorecards.values()):
            return lines
        from .json_sections import SectionTexts  # a scheme with sections only

        out = []
        for line, found in zip(lines, SectionTexts(self.points).of(held), strict=True):
            head, key, segments = line.rpartition(', "segments": ')  # the last key
            out.append(f'{head}, "sections": {found}{key}{segments}')
        return out

    def heads(self, start: int, end: int) -> tuple[list[str], list[tuple[str, ...]]]:
        """The fields of people ``start`` to ``end`` as JSON text (to be closed after the
        items), and the texts a plain period's one segment repeats."""
        result, people, names = self.result, self.result.columns, self.texts
        places = result.scheme.rounding.money
        grade, scored = people.grade[start:end].tolist(), people.scored_grade[start:end].tolist()
        rounded = {k: texts(self.points.numbers(getattr(people, k)[start:end]))
                   for k in _TOTALS}
        persons, posts = names["person"][start:end], names["post"][start:end]
        base = [self.post_base[p] for p in posts]
        if self.own_base:
            for k, person in enumerate(persons):
                base[k] = self.own_base.get(person, base[k])
        own = (strings(posts), strings(names["unit"][start:end]), rounded["weighted_sum"],
               rounded["deductions"], rounded["bonuses"], strings(names["veto"][start:end]),
               rounded["total"])
        months = _ints(people.months, start, end) if result.period else ["null"] * len(grade)
        fields = (
            strings(persons), strings(names["name"][start:end]), *own[:2], months, *own[2:],
            [self.grades[g] for g in scored], [self.grades[g] for g in grade],
            [self.labels[g] for g in grade],
            ["0.0" if k in self.unpaid else self.coefficients[g]
             for k, g in zip(range(start, end), grade, strict=True)], base,
            _money(people.bonus[start:end], places, exact=True),
            _money(people.paid[start:end], places, exact=False),
            strings(names["pool"][start:end]),
            _ints(people.rank, start, end), _ints(people.rank_of, start, end),
            _ints(people.company_rank, start, end), _ints(people.company_of, start, end),
            strings(names["group"][start:end]))
        return list(map(_HEAD.__mod__, zip(*fields, strict=True))), \
            list(zip(*own, strict=True))

    def segments(self, segments: Sequence[SegmentResult]) -> list[str]:
        """Each segment (a person's months on a post) as JSON text, a column at a time."""
        period = self.result.period
        assert period is not None
        totals = {k: np.empty(len(segments)) for k in _TOTALS}
        veto: list[str | None] = [None] * len(segments)
        batches: dict[int, list[int]] = {}
        for k, s in enumerate(segments):
            batches.setdefault(id(s.batch), []).append(k)
        for where in batches.values():
            batch = segments[where[0]].batch
            rows = [segments[k].row for k in where]
            for name, column in totals.items():
                column[where] = getattr(batch, name)[rows]
            for k, row in zip(where, rows, strict=True):
                veto[k] = batch.veto[row]
        for s in segments:
            if s.months not in self.months:
                self.months[s.months] = dumps([month_id(period.year, m) for m in s.months])
        written = {k: numbers(self.points.numbers(v)) for k, v in totals.items()}
        return list(map(_SEGMENT.__mod__, zip(
            strings([s.post for s in segments]), strings([s.unit for s in segments]),
            [self.months[s.months] for s in segments], *[written[k] for k in _TOTALS[:3]],
            strings(veto), written["total"], strict=True)))


def _ints(column: np.ndarray, start: int, end: int) -> list[str]:
    return list(map(str, column[start:end].tolist()))


def _number(found: Decimal | None) -> str:
    return "null" if found is None else repr(float(found))


def _money(values: Sequence[Fraction | int | None], places: int, exact: bool) -> list[str]:
    """Amounts as JSON numbers, to the cent: ``exact`` ones (fractions) rounded half up,
    the others in cents already; each distinct amount once."""
    made = {}
    for found in set(values):
        cents = to_cents(Fraction(found), places) if exact and found is not None else found
        made[found] = "null" if cents is None else repr(float(money(int(cents), places)))
    return list(map(made.__getitem__, values))


__all__ = ["indicator_json", "item_json", "score_json", "score_json_lines", "step_json",
           "target_json"]
