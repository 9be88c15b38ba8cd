"""Gates in the outputs: each gate of a person's card, passed or applied, with the
results its condition read (explain), and the gates that applied to each person (JSON,
CSV, table). A reporter reads what the scorer kept: which gates held, and the points of
a capped item before its cap; the numbers a condition read are the items' own."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..formula import EvaluationError
from ..model import Gate
from ..numbers import show
from ..scoring import Item, Result, SegmentResult
from ..scoring.gates import achieved
from .layout import Points
from .words import Language

PHRASES: dict[Language, dict[str, str]] = {
    "en": {
        "gates": "Gates:",
        "passed": "   gate {label}: {condition}: passed",
        "applied": "   gate {label}: {condition} → {effect}",
        "no_bonus": "no bonus",
        "zero_total": "total set to 0",
        "lowest_grade": "lowest grade",
        "cap": "{indicator} capped at {cap} points (was {raw})",
        "cap_kept": "{indicator} capped at {cap} points (has {raw}, no more)",
        "cap_total": "total capped at {cap}",
        "cap_total_kept": "total capped at {cap} (has {total}, no more)",
        "coefficient": "0, no bonus: a gate",
        "bonus": "Bonus: none, by a gate = {paid} {currency}",
    },
    "zh": {
        "gates": "门槛：",
        "passed": "   门槛 {label}：{condition}：未触发",
        "applied": "   门槛 {label}：{condition} → {effect}",
        "no_bonus": "不发奖金",
        "zero_total": "总分为 0",
        "lowest_grade": "等级为最低",
        "cap": "{indicator} 得分封顶 {cap} 分（原为 {raw}）",
        "cap_kept": "{indicator} 得分封顶 {cap} 分（现为 {raw}，未超出）",
        "cap_total": "总分封顶 {cap}",
        "cap_total_kept": "总分封顶 {cap}（现为 {total}，未超出）",
        "coefficient": "0，门槛：不发奖金",
        "bonus": "奖金：无（门槛：不发奖金）= {paid} {currency}",
    },
}


def _say(language: Language) -> Callable[..., str]:
    phrases = PHRASES.get(language, PHRASES["en"])
    return lambda phrase, **values: phrases[phrase].format(**values)


def gate_lines(points: Points, segment: SegmentResult, language: Language = "en"
               ) -> list[str]:
    """Each gate of the segment's card, passed or applied, with the numbers it read."""
    batch, row = segment.batch, segment.row
    gated = batch.gates.get(batch.scheme.posts[segment.post].scorecard)
    if gated is None:
        return []
    say = _say(language)
    k = int(np.searchsorted(gated.who, row))
    items = {item.id: item for item in segment.items}
    raw = {name: float(column[k]) for name, column in gated.raw.items()}
    lines = [say("gates")]
    for gate, held in zip(gated.card.gates, gated.hits, strict=True):
        condition = gate.when.substitute({
            (function, name): f"{function}({name}) {_read(points, items[name], function, raw)}"
            for function, name in gate.when.reads})
        if not held[k]:
            lines.append(say("passed", label=gate.label, condition=condition))
            continue
        lines.append(say("applied", label=gate.label, condition=condition,
                         effect=_effect(points, say, gate, items, raw, segment.total)))
    return lines


def gates_json(segment: SegmentResult) -> list[dict[str, object]]:
    """Each gate of the segment's card as data: its label, condition, whether it held,
    and what it does."""
    batch, row = segment.batch, segment.row
    gated = batch.gates.get(batch.scheme.posts[segment.post].scorecard)
    if gated is None:
        return []
    k = int(np.searchsorted(gated.who, row))
    out: list[dict[str, object]] = []
    for gate, held in zip(gated.card.gates, gated.hits, strict=True):
        cap: dict[str, object] | None = None
        if gate.cap_total is not None:
            cap = {"total": gate.cap_total}
        elif gate.cap_indicator is not None:
            cap = {"indicator": gate.cap_indicator, "points": gate.cap_points}
        out.append({"label": gate.label, "when": gate.when.text, "applied": bool(held[k]),
                    "effect": gate.effect, "cap": cap})
    return out


def _read(points: Points, item: Item, function: str, raw: dict[str, float]) -> str:
    """What ``function`` read of ``item``, as explain shows the item's own numbers."""
    if function == "points":
        return str(points(raw.get(item.id, item.points)))
    if isinstance(item.value, str):
        return item.value
    if function == "value":
        return show(item.value)
    base = item.target.base if item.target is not None else float("nan")
    if function == "target":
        return show(base) if base == base else "—"
    try:
        return str(points(achieved(item.indicator, item.value, base)))
    except EvaluationError:
        return "—"  # a part of the condition its and/or did not reach


def _effect(points: Points, say: Callable[..., str], gate: Gate, items: dict[str, Item],
            raw: dict[str, float], total: float) -> str:
    if gate.effect is not None:
        return str(say(gate.effect))
    if gate.cap_total is not None:
        if total < gate.cap_total:  # under the cap already: a cap only lowers
            return str(say("cap_total_kept", cap=show(gate.cap_total), total=points(total)))
        return str(say("cap_total", cap=show(gate.cap_total)))
    name = gate.cap_indicator or ""
    before = raw.get(name, items[name].points)
    assert gate.cap_points is not None
    phrase = "cap" if before > gate.cap_points else "cap_kept"
    return str(say(phrase, indicator=name, cap=show(gate.cap_points), raw=points(before)))


def applied(result: Result) -> dict[int, list[str]]:
    """The labels of the gates that applied to each person (by index) on any post, in the
    card's order; people without any are left out."""
    rows: dict[tuple[int, int], list[Gate]] = {}
    for batch in result.batches:
        for gated in batch.gates.values():
            for gate, held in zip(gated.card.gates, gated.hits, strict=True):
                for k in np.flatnonzero(held).tolist():
                    rows.setdefault((id(batch), int(gated.who[k])), []).append(gate)
    if not rows:
        return {}
    out: dict[int, list[str]] = {}
    if not result.by_month:
        for (_, row), gates in rows.items():
            out[row] = [g.label for g in gates]
        return dict(sorted(out.items()))
    for k, segments in enumerate(result.columns.segments):
        for s in segments:
            for gate in rows.get((id(s.batch), s.row), ()):
                labels = out.setdefault(k, [])
                if gate.label not in labels:
                    labels.append(gate.label)
    return out


def without_bonus(result: Result) -> set[int]:
    """People (by index) a gate left with no bonus at all: their coefficient is shown as 0."""
    columns = result.columns
    return {k for k, effects in columns.gated.items()
            if "no_bonus" in effects and not columns.bonus[k]}


def gated_words(language: Language, phrase: str, **values: object) -> str:
    """A phrase of the grade and bonus lines for a person a gate left without a bonus."""
    return _say(language)(phrase, **values)
