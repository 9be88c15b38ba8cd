"""``explain``: every step of one person's score, in words (English or Chinese) or as JSON.

What HR shows an employee who asks "why?": each indicator's value (and the formula with
the figures put in), target, rule step, points and weight; the totals; the grade and any
calibration move; the bonus; the rank; a post held for part of a period kept by month
in turn, the total weighed by months. Phrases: :data:`PHRASES`; steps' words: :mod:`.words`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from fractions import Fraction

from ..diagnostics import visible
from ..model import perspective_label
from ..numbers import money_text, show, to_cents, weight_text
from ..rules import PER_MONTHS, Step
from ..scoring import Item, PersonResult, Result, SegmentResult
from ..scoring.batch import Scaling
from ..scoring.earlier import span, window
from . import explain_cards as cards
from .explain_tail import standing_json, tail_json, tail_lines
from .json_values import evidence_json_of, indicator_json, item_json, step_json, target_json
from .layout import Points, months_text, period_text
from .subjects import action_lines, headed, subject_json
from .words import Language, fill, words

FORMAT = 1  # of explain --format json

PHRASES: dict[Language, dict[str, str]] = {
    "en": {
        "head": "{name} ({id}) — {post}, {unit}",
        "scheme": "Scheme: {label} ({fingerprint})",
        "period": "Period: {period}",
        "on_post": "On {post} for {months} ({count} of {total} months):",
        "value": "   value:   {formula} = {value}{unit}",
        "formula": "   formula: {formula} = {shown} = {value}{unit}",
        "earlier": "            {name} = {span} {field} {value}",
        "members": "   value:   {words}",
        "target": "   target:  {target}{reached}",
        "team": "   team:    {field} = {average}, the average of {members} of {unit}",
        "team_members": "{n} members",
        "team_member": "1 member",
        "reached": " (achievement {achievement}%)",
        "scaled": "{target} = {written} a {per} × {times} ({months})",
        "rule_per": "   per:     the rule's numbers are for a {per}; here, for {months}",
        "months": "{n} months",
        "month": "1 month",
        "rule": "   rule:    {rule}: {words}",
        "points": "   points:  {points} × weight {weight}% = {weighted}",
        "deducts": "   deducts: {points} points from the total",
        "adds": "   adds:    {points} points to the total",
        "in_section": "{line}, in {section}",
        "by_perspective": "By perspective: {parts}",
        "and": ", ",
        "section": "Section {label} ({id}): {score} × weight {weight}% = {weighted}",
        "weighted_sum": "Weighted sum: {x}",
        "deductions": "Deductions:  -{x}",
        "bonuses": "Bonus items: +{x}",
        "scale": "Scale: {x} on {low}-{high} is {to_low} + ({x} - {low}) × ({to_high} - "
                 "{to_low}) / ({high} - {low}) = {y} on {to_low}-{to_high}",
        "veto.zero_total": "Veto: a one-vote veto event sets the total to 0 and the grade to "
                           "the lowest",
        "veto.lowest_grade": "Veto: a one-vote veto event forces the lowest grade",
        "total": "Total: {x}",
        "total_on_post": "Total on this post: {x}",
        "total_vetoed": "Total: {x} (a one-vote veto on one post zeroes the whole period)",
        "total_weighed": "Total, weighed by months: ({parts}) / {months} = {x}",
        "grade": "Grade: {grade} (coefficient {coefficient})",
        "moved": "  calibrated from {before} to {after}: {reason}",
        "bonus": "Bonus: {coefficient} × {bases}",
        "pool": " = {exact}, scaled to the pool of {unit} ({pool} for {wanted} of bonuses)",
        "paid": " = {paid} {currency}",
        "rank": "Rank in {unit}: {rank} of {of}",
        "company": "; in the company: {rank} of {of}",
    },
    "zh": {
        "head": "{name}（{id}）— {post}，{unit}",
        "scheme": "方案：{label}（{fingerprint}）",
        "period": "期间：{period}",
        "on_post": "{post}，{months}（{total} 个月中的 {count} 个月）：",
        "value": "   实际：{formula} = {value}{unit}",
        "formula": "   公式：{formula} = {shown} = {value}{unit}",
        "earlier": "         {name} = {span} {field} {value}",
        "members": "   实际：{words}",
        "target": "   目标：{target}{reached}",
        "team": "   团队：{field} = {average}（{unit} {members}的平均）",
        "team_members": "{n} 名成员",
        "team_member": "1 名成员",
        "reached": "（完成率 {achievement}%）",
        "scaled": "{target} = 每{per} {written} × {times}（{months}）",
        "rule_per": "   周期：规则中的数值按每{per}设定，此处按 {months}折算",
        "months": "{n} 个月",
        "month": "1 个月",
        "rule": "   规则：{rule}：{words}",
        "points": "   得分：{points} × 权重 {weight}% = {weighted}",
        "deducts": "   扣分：从总分中扣 {points} 分",
        "adds": "   加分：总分加 {points} 分",
        "in_section": "{line}，计入{section}",
        "by_perspective": "各维度得分：{parts}",
        "and": "，",
        "section": "分部 {label}（{id}）：{score} × 权重 {weight}% = {weighted}",
        "weighted_sum": "加权得分：{x}",
        "deductions": "扣分项：-{x}",
        "bonuses": "加分项：+{x}",
        "scale": "分制换算：{low}–{high} 分制的 {x} 为 {to_low} + ({x} - {low}) × ({to_high} - "
                 "{to_low}) / ({high} - {low}) = {to_low}–{to_high} 分制的 {y}",
        "veto.zero_total": "否决：一票否决事项使总分为 0、等级为最低",
        "veto.lowest_grade": "否决：一票否决事项使等级为最低",
        "total": "总分：{x}",
        "total_on_post": "本岗位总分：{x}",
        "total_vetoed": "总分：{x}（任一岗位一票否决，整个期间为 0）",
        "total_weighed": "按月数加权的总分：({parts}) / {months} = {x}",
        "grade": "等级：{grade}（系数 {coefficient}）",
        "moved": "  校准：由 {before} 调为 {after}：{reason}",
        "bonus": "奖金：{coefficient} × {bases}",
        "pool": " = {exact}，按{unit}奖金池调整（奖金池 {pool}，调整前奖金合计 {wanted}）",
        "paid": " = {paid} {currency}",
        "rank": "{unit}内排名：第 {rank} 名，共 {of} 人",
        "company": "；全公司排名：第 {rank} 名，共 {of} 人",
    },
}


class _Say:
    """The phrases of one language, filled in."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.phrases = PHRASES.get(language, PHRASES["en"])

    def __call__(self, phrase: str, **values: object) -> str:
        return self.phrases[phrase].format(**values)


def explain_text(result: Result, person: PersonResult, language: Language = "en") -> str:
    scheme, points, say = result.scheme, Points(result.scheme), _Say(language)
    post = scheme.posts[person.post]
    lines = [headed(scheme, say("head", name=visible(person.name), id=visible(person.person),
                                post=post.label, unit=scheme.units[person.unit].label),
                    language),
             say("scheme", label=scheme.label, fingerprint=scheme.fingerprint[:19])]
    if when := period_text(result, language):
        lines.append(say("period", period=when))
    lines.append("")
    segments = person.segments
    several = len(segments) > 1
    for segment in segments:
        if several:
            assert result.period is not None
            lines += [say("on_post", post=scheme.posts[segment.post].label,
                          months=months_text(result.period, segment.months, language),
                          count=len(segment.months), total=person.months), ""]
        lines += steps(points, segment, language)
        lines.append(say("total_on_post" if several else "total", x=points(segment.total)))
        if result.by_month:
            lines.append("")
    if several and person.veto == "zero_total":
        lines.append(say("total_vetoed", x=points(person.total)))
    elif several:
        parts = " + ".join(f"{points(s.total)} × {len(s.months)}" for s in segments)
        lines.append(say("total_weighed", parts=parts, months=person.months,
                         x=points(person.total)))
    grade = person.grade_of
    unpaid = False
    if "no_bonus" in result.columns.gated.get(person.index, ()):
        from .gates import gated_words, without_bonus
        unpaid = person.index in without_bonus(result)
    lines.append(say("grade", grade=grade.named, coefficient=gated_words(
        language, "coefficient") if unpaid else grade.coefficient))
    for move in (m for m in result.moves if m.person == person.person):
        lines.append(say("moved", before=move.before, after=move.after, reason=move.reason))
    lines += action_lines(grade, language)
    if person.bonus is not None and unpaid:
        lines.append(gated_words(language, "bonus", currency=scheme.currency,
                                 paid=money_text(person.paid, scheme.rounding.money)))
    elif person.bonus is not None:
        lines.append(_bonus_line(result, person, say))
    rank = say("rank", unit=scheme.units[person.unit].label, rank=person.rank,
               of=person.rank_of)
    if result.by_month:
        rank += say("company", rank=person.company_rank, of=person.company_of)
    lines += [rank, *tail_lines(result, person, language)]  # awards, subjects counted
    return "\n".join(lines) + "\n"


def steps(points: Points, segment: SegmentResult, language: Language = "en") -> list[str]:
    """Each item, step by step, then the weighted sum and what adjusts it."""
    say = _Say(language)
    lines: list[str] = []
    scheme = segment.batch.scheme
    unit, calendar = scheme.units[segment.unit].label, scheme.calendar
    for n, item in enumerate(segment.items, 1):
        earlier = _earlier(item, calendar.year, segment.months, say) \
            if item.indicator.formula.looks_back and calendar is not None else []
        lines += [*_item(segment, points, n, item, say, unit, earlier), ""]
    lines += cards.sub_scores(say, points, segment)
    if segment.batch.gates:  # the card's gates: their caps come before the weighted sum
        from .gates import gate_lines
        if gated := gate_lines(points, segment, language):
            lines += [*gated, ""]
    lines.append(say("weighted_sum", x=points(segment.weighted_sum)))
    if segment.deductions:
        lines.append(say("deductions", x=points(segment.deductions)))
    if segment.bonuses:
        lines.append(say("bonuses", x=points(segment.bonuses)))
    lines += cards.scale_lines(say, points, segment)
    if segment.veto is not None:
        lines.append(say(f"veto.{segment.veto}"))
    return lines


def _earlier(item: Item, year: int, months: tuple[int, ...], say: _Say) -> list[str]:
    """Under the formula, each figure of earlier months it read, with the months."""
    out = []
    looks_back = item.indicator.formula.looks_back
    for name in sorted(looks_back, key=looks_back.__getitem__):
        kind, field = name[:-1].split("(")
        value = item.inputs.get(name)
        shown = span(window(kind, year, months))
        if say.language == "zh":
            shown = shown.replace(" (", "（").replace(" to ", " 至 ").replace(")", "）")
        out.append(say("earlier", name=name, span=shown, field=field,
                       value=show(value) if isinstance(value, float) else ""))
    return out


def _item(segment: SegmentResult, points: Points, n: int, item: Item, say: _Say,
          unit_label: str, earlier: Sequence[str] = ()) -> list[str]:
    indicator, scheme = item.indicator, segment.batch.scheme
    perspective = perspective_label(scheme.perspectives, indicator.perspective,
                                    say.language)
    head = f"{n}. {indicator.name_in(say.language)} ({indicator.id})" + (
        f" — {perspective}" if perspective else "")
    if indicator.members is not None and indicator.share is None:  # from others' totals
        shown = say("points", points=points(item.points), weight=weight_text(item.weight or 0),
                    weighted=points(item.weighted or 0))
        return [head, say("members", words=words(item.step, say.language)), shown,
                *cards.evidence_lines_of(item, say.language)]
    lines = [head]
    value = item.value if isinstance(item.value, str) else show(item.value)
    unit = "" if not indicator.unit or isinstance(item.value, str) else \
        indicator.unit if indicator.unit == "%" else f" {indicator.unit}"
    formula = indicator.formula
    if indicator.share is not None:  # the share of the members who meet a condition
        lines.append(say("members", words=words(Step("members.share", dict(item.inputs)),
                                                 say.language)))
    elif formula.text.strip().isidentifier():
        lines.append(say("value", formula=formula.text, value=value, unit=unit))
    else:
        shown = fill(formula.template, dict(item.inputs)) if not formula.team else \
            formula.substitute({k: show(v) if isinstance(v, float) else v
                                for k, v in item.inputs.items()})
        lines.append(say("formula", formula=formula.text, shown=shown, value=value, unit=unit))
        lines += earlier
    lines += _team(item, unit_label, say)
    if item.target is not None:
        reached = say("reached", achievement=points(item.achievement)) \
            if item.achievement is not None else ""
        target = _target(item)
        scaling = item.scaling
        if scaling is not None and scaling.written is not None and scaling.per is not None:
            target = say("scaled", target=target, written=scaling.written,
                         **_scaled(say, scaling.per, scaling.months))
        lines.append(say("target", target=target, reached=reached))
    if item.scaling is not None and item.scaling.rule_per is not None:
        lines.append(say("rule_per", **_scaled(say, item.scaling.rule_per,
                                                 item.scaling.months)))
    lines.append(say("rule", rule=item.rule, words=words(item.step, say.language)))
    if item.role == "weighted" and item.weight is not None and item.weighted is not None:
        line = say("points", points=points(item.points), weight=weight_text(item.weight),
                   weighted=points(item.weighted))
        lines.append(line if item.section is None else say(
            "in_section", line=line, section=cards.section_label(segment, item)))
    elif item.role == "deduction":
        lines.append(say("deducts", points=points(item.points)))
    elif item.role == "bonus":
        lines.append(say("adds", points=points(item.points)))
    return lines + cards.evidence_lines_of(item, say.language)


def _target(item: Item) -> str:
    """The target, with the working of a target written as a formula:
    ``revenue_last_year * 1.2 = 1,000,000 * 1.2 = 1,200,000``."""
    target = item.target
    assert target is not None
    if not target.formulas:
        return str(target)
    values = {k: v for k, v in item.inputs.items() if isinstance(v, float)}
    base = target.formula.working(values, target.base) if target.formula is not None \
        else show(target.base)
    if target.stretch is None:
        return base
    stretch = target.stretch_formula.working(values, target.stretch) \
        if target.stretch_formula is not None else show(target.stretch)
    return f"{base} / {stretch}"


def _team(item: Item, unit: str, say: _Say) -> list[str]:
    """Each team average the item read, with the members counted."""
    return [say("team", field=f"team_average({name})", average=show(average),
                members=say("team_member") if members == 1 else say("team_members",
                                                                     n=members),
                unit=unit) for name, (average, members) in item.team.items()]


_PER: dict[Language, dict[str, str]] = {
    "en": {"month": "month", "quarter": "quarter", "half": "half-year", "year": "year"},
    "zh": {"month": "月", "quarter": "季度", "half": "半年", "year": "年"},
}


def _scaled(say: _Say, per: str, months: int) -> dict[str, str]:
    """How a number written for a ``per`` became the months': × 2 (2 months), × 3/12."""
    of = PER_MONTHS[per]
    return {"per": _PER.get(say.language, _PER["en"])[per],
            "times": str(months) if of == 1 else f"{months}/{of}",
            "months": say("month") if months == 1 else say("months", n=months)}


def _bonus_line(result: Result, person: PersonResult, say: _Say) -> str:
    scheme = result.scheme
    places = scheme.rounding.money
    bases = []
    for segment in person.segments:
        base = scheme.bonus_base_for(scheme.people.get(person.person),
                                     scheme.posts[segment.post])
        shown = money_text(to_cents(Fraction(base), places), places) if base is not None \
            else ""
        shown += f" × {len(segment.months)}/12" if result.by_month else ""
        unpaid = "no_bonus" in segment.batch.effects.get(segment.row, ())
        bases.append(shown + (" × 0" if unpaid else ""))  # a gate took this post's bonus
    line = say("bonus", coefficient=person.grade_of.coefficient,
               bases=bases[0] if len(bases) == 1 else f"({' + '.join(bases)})")
    if person.pool is not None:
        pool = next(x for x in result.pools if x.unit == person.pool)
        exact = person.bonus_exact or Fraction(0)
        line += say("pool", exact=money_text(to_cents(exact, places), places),
                    unit=scheme.units[person.pool].label,
                    pool=money_text(pool.amount, places),
                    wanted=money_text(to_cents(pool.wanted, places), places))
    return line + say("paid", paid=money_text(person.paid, places), currency=scheme.currency)


def explain_json(result: Result, person: PersonResult, language: Language = "en") -> str:
    """The same as data: each item with its step (its kind, numbers and words)."""
    points = Points(result.scheme)
    gated = any(card.gates for card in result.scheme.scorecards.values())
    if gated:
        from .gates import gates_json
    payload = {
        "format": FORMAT, "period": result.period_id, "person": person.person,
        "name": person.name, "post": person.post, "unit": person.unit,
        **standing_json(result, person, points),
        **subject_json(result.scheme, person.grade_of),
        "segments": [{
            "post": s.post, "unit": s.unit, "total": float(points(s.total)),
            "items": [{**indicator_json(item.indicator), **item_json(points, item),
                       **cards.perspective_json(result.scheme, item),
                       "scaling": _scaling_json(item.scaling), **_worked_json(item),
                       "step": step_json(item.step), "words": words(item.step, language),
                       **evidence_json_of(item)}
                      for item in s.items],
            **cards.card_json(points, s),
            **({"gates": gates_json(s)} if gated else {}),
        } for s in person.segments],
    }
    payload.update(tail_json(result, person))  # awards, subjects counted
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def _worked_json(item: Item) -> dict[str, object]:
    """A target written as a formula, and the team averages read, when there are any."""
    out: dict[str, object] = {}
    target = item.target
    if target is not None and target.formulas:
        out["target_formula"] = {k: f.text for k, f in (("base", target.formula),
                                                        ("stretch", target.stretch_formula))
                                 if f is not None}
    if item.team:
        out["team"] = [{"field": name, "average": average, "members": members}
                       for name, (average, members) in item.team.items()]
    return out


def _scaling_json(scaling: Scaling | None) -> dict[str, object] | None:
    """A target or rule written for one period and scaled to the months scored."""
    if scaling is None:
        return None
    return {"months": scaling.months, "per": scaling.per,
            "written": target_json(scaling.written) if scaling.written else None,
            "rule_per": scaling.rule_per}
