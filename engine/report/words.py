"""Steps into words: the one place an explanation's data becomes a sentence.

A step (:class:`appraise.rules.Step`) names its kind; the words of each kind live beside
the rule that gives it (``WORDS`` in each module of :mod:`appraise.rules`) or, for the
steps a period's scoring adds (a unit's result, the members' average), in
:mod:`appraise.scoring.units`. A template puts the step's values in ``{name}``; a part in
``[[...]]`` is shown only when every value it names is there. Numbers are shown as in
every explanation (:func:`appraise.numbers.show`); words (:class:`appraise.rules.Word`)
in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..numbers import show
from ..rules import Expression, Interval, Step, StepValue, Word, step_words
from ..scoring.units import WORDS as PERIOD_WORDS

Language = str  # "en" or "zh"; a language a template lacks falls back to English
LANGUAGES = ("en", "zh")

_LIMITS: dict[str, dict[str, str]] = {
    "cap": {"en": ", capped at {limit}", "zh": "，封顶 {limit}"},
    "floor": {"en": ", floored at {limit}", "zh": "，保底 {limit}"},
    "most": {"en": ", at most {limit}", "zh": "，最多 {limit}"},
}
_WITHIN: dict[str, str] = {"en": "{within}: ", "zh": "{within}："}
# The words of steps (Word values), in the languages other than English.
_TRANSLATED: dict[str, dict[str, str]] = {
    "value": {"zh": "实际值"},
    "achievement %": {"zh": "完成率(%)"},
    "met": {"zh": "达到"},
    "not met": {"zh": "未达到"},
    "at least": {"zh": "不低于"},
    "at most": {"zh": "不高于"},
    "at least the target": {"zh": "不低于目标"},
    "at most the target": {"zh": "不高于目标"},
    "at least 100% of the target": {"zh": "不低于目标的 100%"},
    "at most 100% of the target": {"zh": "不高于目标的 100%"},
    "by months": {"zh": "按月数"},
    "by bonus base × months": {"zh": "按奖金基数 × 月数"},
}

# The lines explain adds under an item whose card shows its evidence (得分依据 / 备注).
EVIDENCE: dict[Language, dict[str, str]] = {
    "en": {"basis": "   basis:   {text}", "note": "   note:    {text}", "none": "(none given)"},
    "zh": {"basis": "   得分依据：{text}", "note": "   备注：{text}", "none": "（未填写）"},
}

_FIELD = re.compile(r"\{(\w+(?:\(\w+\))?)\}")  # {revenue}, {previous(revenue)}
_OPTIONAL = re.compile(r"\[\[(.*?)\]\]")


def words(step: Step, language: Language = "en") -> str:
    """The sentence a person reads for ``step``."""
    text = fill(_template(step.kind, language), step.values, language)
    if step.limit is not None:
        text += fill(_choose(_LIMITS[step.limit], language), step.values, language)
    if step.within is not None:
        text = fill(_choose(_WITHIN, language), {"within": step.within}, language) + text
    return text


def fill(template: str, values: Mapping[str, StepValue], language: Language = "en") -> str:
    """``template`` with the values put in; ``[[...]]`` parts only when all they name are there."""

    def optional(match: re.Match[str]) -> str:
        names = _FIELD.findall(match[1])
        present = all(values.get(name) is not None for name in names)
        return fill(match[1], values, language) if present else ""

    text = _OPTIONAL.sub(optional, template)
    return _FIELD.sub(lambda m: _shown(values[m[1]], values, language)
                      if m[1] in values else m[0], text)


def _shown(value: StepValue, values: Mapping[str, StepValue], language: Language) -> str:
    if value is None:
        return ""
    if isinstance(value, float | int):
        return show(value)
    if isinstance(value, Interval):
        return str(value)
    if isinstance(value, Expression):
        return fill(value.template, values, language)
    if isinstance(value, Word):
        return _TRANSLATED.get(value, {}).get(language, value)
    return value


def _template(kind: str, language: Language) -> str:
    found = step_words(kind) or PERIOD_WORDS.get(kind)
    if found is None:
        raise KeyError(f"no words for the step '{kind}'")
    return _choose(found, language)


def _choose(by_language: Mapping[str, str], language: Language) -> str:
    return by_language.get(language) or by_language["en"]
