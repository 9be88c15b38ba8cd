"""What ``explain`` says of a scorecard's shape: each perspective's sub-total (for a scheme
with its own perspectives), each section's score, and the total moved to another scale;
in words and as JSON. The phrases are in :data:`.explain.PHRASES`."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Scheme, Scorecard, perspective_label
from ..numbers import weight_number, weight_text, written
from ..scoring import Item, SegmentResult
from .layout import Points
from .words import Language

Say = Callable[..., str]


def sub_scores(say: Say, points: Points, segment: SegmentResult) -> list[str]:
    """Each of the scheme's own perspectives' share of the weighted sum, then each section's
    score × its weight."""
    lines = []
    scheme = segment.batch.scheme
    if scheme.perspectives:
        shares: dict[str, float] = {}
        weights = {p.section.id: float(p.section.weight) for p in segment.sections}
        for item in segment.items:
            if item.weighted is not None and item.indicator.perspective is not None:
                share = item.weighted * weights.get(item.section or "", 100.0) / 100
                name = item.indicator.perspective
                shares[name] = shares.get(name, 0.0) + share
        if shares:
            lines.append(say("by_perspective", parts=say("and").join(
                f"{perspective_label(scheme.perspectives, name)} {points(x)}"
                for name, x in shares.items())))
    for part in segment.sections:
        section = part.section
        lines.append(say("section", label=section.label, id=section.id,
                         score=points(part.score), weight=weight_text(section.weight),
                         weighted=points(part.weighted)))
    return lines


def scale_lines(say: Say, points: Points, segment: SegmentResult) -> list[str]:
    """The total moved to the card's scale, if it has one."""
    scale = _card(segment).scale
    if scale is None:
        return []
    before = segment.weighted_sum - segment.deductions + segment.bonuses
    return [say("scale", x=points(before), y=points(scale.of(before)), low=written(scale.low),
                high=written(scale.high), to_low=written(scale.to_low),
                to_high=written(scale.to_high))]


def section_label(segment: SegmentResult, item: Item) -> str:
    """The label of the section an item is in, on the segment's card."""
    return next((s.label for s in _card(segment).sections if s.id == item.section),
                item.section or "")


def card_json(points: Points, segment: SegmentResult) -> dict[str, object]:
    """A segment's section scores, and the total's change of scale, if its card has them."""
    card = _card(segment)
    out: dict[str, object] = {}
    if card.sections:
        out["sections"] = [{"section": p.section.id, "label": p.section.label,
                            "weight": weight_number(p.section.weight),
                            "score": float(points(p.score)),
                            "weighted": float(points(p.weighted))} for p in segment.sections]
    if card.scale is not None:
        scale = card.scale
        before = segment.weighted_sum - segment.deductions + segment.bonuses
        out["scale"] = {"from": [scale.low, scale.high], "to": [scale.to_low, scale.to_high],
                        "before": float(points(before)), "after": float(points(scale.of(before)))}
    return out


def perspective_json(scheme: Scheme, item: Item) -> dict[str, object]:
    """The label of the item's perspective, when the scheme declares its own."""
    if not scheme.perspectives:
        return {}
    label = perspective_label(scheme.perspectives, item.indicator.perspective)
    return {"perspective_label": label or None}


def _card(segment: SegmentResult) -> Scorecard:
    scheme = segment.batch.scheme
    return scheme.scorecards[scheme.posts[segment.post].scorecard]




def evidence_lines_of(item: Item, language: Language) -> list[str]:
    """The lines of the item's evidence (none for an item without evidence)."""
    if item.evidence is None:
        return []
    from .evidence import evidence_lines  # a scheme with evidence: worth loading

    return evidence_lines(item, language)


__all__ = ["card_json", "evidence_lines_of", "perspective_json",
           "scale_lines", "section_label", "sub_scores"]
