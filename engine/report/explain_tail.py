"""What ``explain`` says after the rank: the awards the person was ranked in, and the
subjects of another scheme counted for them (``count`` fields: the customers they look
after, by class), each named, so a count can be checked against the customers' results.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import visible
from ..scoring import PersonResult, Result
from .layout import Points
from .words import Language

SHOWN = 20  # subjects named per count; the rest are counted

PHRASES = {
    "en": {"head": "Counted from {scheme} ({file}, {period}), the {called}s {id} looks "
                   "after:",
           "line": "   {field} ({label}), {grades}: {n}{named}",
           "all": "all grades", "grades": "grade {grades}", "more": ", and {n} more",
           "sep": ", ", "or": " or "},
    "zh": {"head": "统计自 {scheme}（{file}，{period}）中 {id} 负责的{called}：",
           "line": "   {field}（{label}），{grades}：{n}{named}",
           "all": "全部等级", "grades": "等级 {grades}", "more": "，另有 {n} 个",
           "sep": "、", "or": "、"},
}


def tail_lines(result: Result, person: PersonResult, language: Language = "en") -> list[str]:
    lines: list[str] = []
    if result.awards:
        from .awards import explain_lines  # a scheme with awards: worth loading

        lines += explain_lines(result, person.person, person.post, person.veto is not None,
                               language)
    if result.counted is not None:
        lines += _counted_lines(result, person, language)
    return lines


def standing_json(result: Result, person: PersonResult, points: Points) -> dict[str, Any]:
    """The scheme, and what the text says of the person after the steps: the sums, the
    grade (and the one before calibration), the coefficient, the bonus paid, the rank;
    named as ``score --format json`` names them."""
    scheme = result.scheme
    coefficient = float(person.coefficient)
    if "no_bonus" in result.columns.gated.get(person.index, ()):
        from .gates import without_bonus  # a gate took the bonus: a coefficient of 0

        coefficient = 0.0 if person.index in without_bonus(result) else coefficient
    out: dict[str, Any] = {
        "scheme": {"name": scheme.name, "label": scheme.label,
                   "fingerprint": scheme.fingerprint},
        "weighted_sum": float(points(person.weighted_sum)),
        "deductions": float(points(person.deductions)),
        "bonuses": float(points(person.bonuses)), "veto": person.veto,
        "total": float(points(person.total)), "grade_scored": person.scored_grade,
        "grade": person.grade, "grade_label": person.grade_label,
        "coefficient": coefficient,
        "bonus": None if person.bonus is None else float(person.bonus),
        "rank": person.rank, "rank_of": person.rank_of}
    if result.by_month:
        out.update(company_rank=person.company_rank, company_of=person.company_of)
    return out


def tail_json(result: Result, person: PersonResult) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if result.awards:
        from .awards import standings_json

        out["awards"] = standings_json(result, [person.person])[0]
    if result.counted is not None:
        counts = result.counted
        out["counted"] = {spec.id: [{"id": o.subject, "name": o.name, "grade": o.grade}
                                    for o in counts.of(spec, person.person)]
                          for spec in _fields(result, person)}
    return out


def _fields(result: Result, person: PersonResult) -> list[Any]:
    """The counted fields the person's scorecards read, in the scheme's order."""
    scheme = result.scheme
    read = {f for s in person.segments for f in scheme.fields_for(scheme.posts[s.post])}
    return [f for f in scheme.fields.values() if f.count is not None and f.id in read]


def _counted_lines(result: Result, person: PersonResult, language: Language) -> list[str]:
    counts, phrases = result.counted, PHRASES.get(language, PHRASES["en"])
    assert counts is not None
    by_feed: dict[str, list[Any]] = {}
    for spec in _fields(result, person):
        by_feed.setdefault(spec.count.subjects, []).append(spec)
    lines: list[str] = []
    for name, fields in by_feed.items():
        feed = result.scheme.feeds[name]
        subject = feed.scheme.subject
        called = subject.called(language) if subject is not None else name
        lines += ["", phrases["head"].format(
            scheme=feed.file, file=counts.sources.get(name, {}).get("data", ""),
            id=visible(person.person),
            period=counts.period.get(name) or "",
            called=called.lower() if language == "en" else called)]
        for spec in fields:
            found = counts.of(spec, person.person)
            grades = spec.count.grades
            named = phrases["sep"].join(f"{visible(o.subject)} {visible(o.name)}"
                                        + (f" ({o.grade})" if grades and len(grades) > 1
                                           else "") for o in found[:SHOWN])
            if len(found) > SHOWN:
                named += phrases["more"].format(n=len(found) - SHOWN)
            lines.append(phrases["line"].format(
                field=spec.id, label=spec.label, n=len(found),
                named=f" — {named}" if named else "",
                grades=phrases["grades"].format(grades=phrases["or"].join(grades)) if grades
                else phrases["all"]))
    return lines
