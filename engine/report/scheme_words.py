"""The words of :mod:`.scheme_diff` in the run's language: the part of an entry that changed
('weight of revenue_achievement', 'rule band'), kept in English as data (the JSON's ``part``)
and shown to a person in their language; the sections' headings; a change's sentence."""

from __future__ import annotations

from .. import i18n
from ..i18n import _


class Part(str):
    """A part's English words (compared, and written as JSON), with ``shown``: the same
    part in the run's language, as a person reads it."""

    shown: str

    def __new__(cls, english: str, shown: str | None = None) -> Part:
        made = super().__new__(cls, english)
        made.shown = english if shown is None else shown
        return made


def part_shown(part: str) -> str:
    """``part`` in the run's language: a :class:`Part`'s own words, else a field's word."""
    return part.shown if isinstance(part, Part) else field_word(part)


def joined(part: str, name: str, *, word: bool = True) -> Part:
    """``part`` followed by ``name``: a field's word ('rule' + 'cap'), or with ``word``
    false a key written in the scheme ('split of north' + 'beijing')."""
    english = f"{part} {name}".strip()
    said = field_word(name) if word else name
    if not part:
        return Part(english, said)
    if word:
        return Part(english, _("{part} {word}").format(part=part_shown(part), word=said))
    return Part(english, _("{part} {key}").format(part=part_shown(part), key=said))


def of(word: str, name: str) -> Part:
    """A part of one indicator or entry ('weight of revenue_achievement (销售目标完成率)')."""
    english = f"{word} of {name}"
    if i18n.language() == "en":
        return Part(english)
    words = {"weight": _("weight of {indicator}"), "section": _("section of {indicator}"),
             "evidence": _("evidence of {indicator}"), "target": _("target of {indicator}"),
             "base target": _("base target of {indicator}"),
             "stretch target": _("stretch target of {indicator}"),
             "period of target": _("period of target of {indicator}"),
             "split": _("split of {unit}")}
    return Part(english, words[word].format(indicator=name, unit=name))


def named_part(word: str, name: str) -> Part:
    """A part named by what the scheme calls it: 'line X', 'section X', 'gate X'."""
    english = f"{word} {name}"
    if i18n.language() == "en":
        return Part(english)
    words = {"line": _("line {indicator}"), "section": _("section {section}"),
             "gate": _("gate {gate}")}
    return Part(english, words[word].format(indicator=name, section=name, gate=name))


def field_word(word: str) -> str:
    """A field of the scheme's model in the run's language ('coefficient' → 系数); a word
    it does not know as it is."""
    if i18n.language() == "en" or not word:
        return word
    return _field_words().get(word, word)


def _field_words() -> dict[str, str]:
    return {
        "above": _("above the target"), "aggregate": _("aggregate"),
        "at target": _("points at target"), "base": _("base target"),
        "below": _("below the target"), "bonus base": _("bonus base"),
        "calendar": _("calendar"), "calibration": _("calibration"), "cap": _("cap"),
        "closed": _("closed side of the bands"), "coefficient": _("coefficient"),
        "convert": _("conversion"), "currency": _("currency"),
        "definition": _("definition"), "definition en": _("definition in English"),
        "description": _("description"), "direction": _("direction"),
        "drop extremes": _("drop the highest and lowest"), "evidence": _("evidence"),
        "floor": _("floor"), "formula": _("formula"), "grade": _("grade"),
        "head": _("head post"), "integer": _("whole numbers only"), "kind": _("kind"),
        "label": _("label"), "label en": _("label in English"), "levels": _("levels"),
        "max": _("highest value"), "max points": _("most points"), "min": _("lowest total"),
        "months": _("months"), "name": _("name"), "on gap": _("between the points"),
        "otherwise": _("otherwise"), "parent": _("parent unit"), "per": _("per"),
        "per event": _("points per event"), "period of target": _("period of the target"),
        "perspective": _("perspective"), "phasing": _("phasing"), "points": _("points"),
        "post": _("post"), "raters": _("raters"), "rounding": _("rounding"),
        "rule": _("rule"), "rule band": _("rule band"), "rule bands": _("rule bands"),
        "scale": _("rating scale"), "scheme": _("scheme"), "scorecard": _("scorecard"),
        "section": _("section"), "stretch": _("stretch target"), "subject": _("subject"),
        "target": _("target"), "targets per": _("targets per"), "type": _("type"),
        "unit": _("unit"), "values": _("values"), "weight": _("weight"),
        "weights": _("weights"), "missing months": _("missing months"),
        "at most": _("at most"), "at least": _("at least"), "factor": _("factor"),
        "basis": _("basis"), "money": _("money"), "year": _("year"),
        "base points": _("base points"), "stretch points": _("stretch points"),
        "cap points": _("cap points"), "cap total": _("cap total"),
        "min size": _("smallest group"), "top percent": _("top percent"),
        "scope": _("scope"), "within": _("within"), "ties": _("ties"),
        "combine": _("combine"), "method": _("method"), "amount": _("amount"),
        "share": _("share"), "limit": _("limit"), "effect": _("effect"),
        "when": _("when"), "every month": _("every month"), "group": _("group"),
    }


def section_heading(section: str) -> str:
    """The heading of a section of the changes: 'Grades', 'Bonus pools'."""
    english = {"scheme": "Scheme", "perspectives": "Perspectives", "scales": "Scales",
               "grades": "Grades", "fields": "Fields", "indicators": "Indicators",
               "scorecards": "Scorecards", "units": "Units", "posts": "Posts",
               "people": "People", "calendar": "Calendar", "cascades": "Cascades",
               "calibration": "Calibration", "pools": "Bonus pools", "awards": "Awards",
               "subjects": "Subjects"}[section]
    if i18n.language() == "en":
        return english
    return {"scheme": _("Scheme"), "perspectives": _("Perspectives"),
            "scales": _("Rating scales"), "grades": _("Grades"), "fields": _("Fields"),
            "indicators": _("Indicators"), "scorecards": _("Scorecards of the scheme"),
            "units": _("Units"),
            "posts": _("Posts"), "people": _("People of the scheme"),
            "calendar": _("Calendar"), "cascades": _("Cascades"),
            "calibration": _("Calibration"), "pools": _("Bonus pools"), "awards": _("Awards"),
            "subjects": _("Subjects")}[section]


def change_sentence(part: str, old: str | None, new: str | None, percent: str) -> str:
    """What happened to ``part``: removed (was ``old``), added (``new``), or ``old`` →
    ``new`` with ``percent`` ('' for none); the shown values given, None when absent."""
    said = part_shown(part)
    if new is None:
        if old:
            return (_("{part} removed (was {old})") if said else _("removed (was {old})")
                    ).format(part=said, old=old)
        return (_("{part} removed") if said else _("removed")).format(part=said)
    if old is None:
        if new and said:
            return _("{part} added: {new}").format(part=said, new=new)
        if new:
            return _("added ({new})").format(new=new)
        return (_("{part} added") if said else _("added")).format(part=said)
    changed = f"{old} → {new}" + (f" ({percent})" if percent else "")
    return _("{part} {change}").format(part=said, change=changed) if said else changed
