"""What a scheme appraises (``subject:``, e.g. customers) and what each grade says to do
(``action``), as ``explain`` words them in English and Chinese.

A scheme of people without actions says nothing here: its explanations stay as they were.
"""

from __future__ import annotations

from ..model import Grade, Scheme, any_action
from .words import Language

PHRASES = {
    "en": {"head": "{subject}: {line}", "action": "Action: {action}"},
    "zh": {"head": "{subject}：{line}", "action": "处理建议：{action}"},
}


def _phrase(language: Language, key: str) -> str:
    return PHRASES.get(language, PHRASES["en"])[key]


def headed(scheme: Scheme, line: str, language: Language = "en") -> str:
    """The heading line of an explanation, naming the subject when it is not a person
    ('Customer: 杭州云帆电子 (C003) — ...')."""
    if scheme.subject is None:
        return line
    return _phrase(language, "head").format(subject=scheme.subject.called(language), line=line)


def action_lines(grade: Grade, language: Language = "en") -> list[str]:
    """The grade's action, when it has one ('Action: 改进')."""
    action = grade.action
    return [] if action is None else [_phrase(language, "action").format(action=action)]


def subject_json(scheme: Scheme, grade: Grade) -> dict[str, object]:
    """The subject and the grade's action, for JSON, when the scheme has them."""
    out: dict[str, object] = {}
    if scheme.subject is not None:
        out["subject"] = {"label": scheme.subject.label, "label_en": scheme.subject.label_en}
    if any_action(scheme.grades):
        out["action"] = grade.action
    return out
