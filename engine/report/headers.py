"""``--headers labels``: the columns of a CSV headed by what a person calls them (the
scheme's labels for its indicators, sections and awards, the run's language for the
columns every file has) rather than by their ids, which stay the default for programs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..i18n import _
from ..model import Scheme


def fixed_names() -> dict[str, str]:
    """The columns every score or targets CSV may have, as a person reads them."""
    return {
        "person": _("Person"), "name": _("Name"), "post": _("Post"), "unit": _("Unit"),
        "period": _("Period"), "weighted_sum": _("Weighted sum"),
        "deductions": _("Deductions"), "bonuses": _("Bonus points"), "veto": _("Veto"),
        "total": _("Total"), "grade": _("Grade"), "coefficient": _("Coefficient"),
        "bonus": _("Bonus"), "rank": _("Rank"), "rank_of": _("Ranked among"),
        "months": _("Months"), "grade_scored": _("Grade before calibration"),
        "pool": _("Pool"), "company_rank": _("Rank in the company"),
        "company_of": _("Ranked in the company"), "gates": _("Gates"),
        "action": _("Action"), "cascade": _("Cascade"), "kind": _("Kind"), "id": _("Id"),
        "label": _("Label"), "depth": _("Depth"), "split": _("Split"), "target": _("Target"),
        "stretch": _("Stretch"), "children": _("Children"), "gap": _("Gap"),
        "bonus_before_pool": _("Bonus before the pool"),  # a workbook's, where pools scale
    }


def labelled(names: Iterable[str], scheme: Scheme) -> list[str]:
    """Each column's name (``points:revenue``, ``grade``) as a person reads it (销售额,
    等级); a label two columns share is followed by the column's id."""
    names = list(names)
    fixed = fixed_names()
    shown = [_label(name, scheme, fixed) for name in names]
    twice = {label for label, count in Counter(shown).items() if count > 1}
    return [f"{label} ({name})" if label in twice else label
            for name, label in zip(names, shown, strict=True)]


def _label(name: str, scheme: Scheme, fixed: dict[str, str]) -> str:
    kind, colon, key = name.partition(":")
    if colon and kind == "points" and key in scheme.indicators:
        return scheme.indicators[key].named
    if colon and kind == "section":
        for card in scheme.scorecards.values():
            for section in card.sections:
                if section.id == key:
                    return section.label
    if colon and kind == "award":
        award, _colon, month = key.partition(":")
        label = scheme.awards[award].label if award in scheme.awards else award
        return _("{award} ({month})").format(award=label, month=month) if month else label
    indicator, dot, role = name.rpartition(".")
    if dot and indicator in scheme.indicators and role in ("basis", "note"):
        label = scheme.indicators[indicator].named
        return (_("{indicator}: basis") if role == "basis" else _("{indicator}: note")).format(
            indicator=label)
    return fixed.get(name, name)
