"""Reporters: turn results and diagnostics into text a person or a program reads.

Numbers are rounded here, and only here: points at the scheme's points
precision, money at its money precision, half up unless the scheme says
otherwise. Output is deterministic: the same scheme and data give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import math
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..diagnostics import Diagnostic
from ..formula.columns import round_column
from ..model.scheme import PERSPECTIVE_LABELS, Scheme
from ..numbers import round_to, settled_decimal
from ..rules.base import Target, show
from ..score.period import IndicatorResult, PeriodResult, PersonResult

FORMAT_VERSION = 1


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    if text.isascii():
        return len(text)
    return _wide_width(text)


@lru_cache(maxsize=65536)  # labels and names repeat down a long table
def _wide_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def render_table(header: Sequence[str], rows: Sequence[Sequence[str]],
                 right: Sequence[bool]) -> str:
    table = [[str(c) for c in row] for row in [header, *rows]]
    widths = [[width(c) for c in row] for row in table]
    sizes = [max(w[i] for w in widths) for i in range(len(header))]
    lines = []
    for row, row_widths in zip(table, widths, strict=True):
        cells = [" " * (size - w) + c if r else c + " " * (size - w)
                 for c, w, size, r in zip(row, row_widths, sizes, right, strict=True)]
        lines.append("  ".join(cells).rstrip())
        if len(lines) == 1:
            lines.append("  ".join("-" * size for size in sizes))
    return "\n".join(lines) + "\n"


class Formatter:
    """Rounds and formats numbers the way a scheme says."""

    def __init__(self, scheme: Scheme) -> None:
        self.rounding = scheme.rounding

    def points(self, value: float) -> Decimal:
        return round_to(value, self.rounding.points, self.rounding.mode)

    def money(self, value: float) -> Decimal:
        return round_to(value, self.rounding.money, self.rounding.mode)

    def money_text(self, value: float | None) -> str:
        return "" if value is None else f"{self.money(value):,}"


def _decimal_text(units: float, places: int) -> str:
    """A rounded amount in units of its last place (cents) as ``str(Decimal)`` writes it."""
    n = int(units)
    if not places:
        return str(n)
    whole, part = divmod(abs(n), 10 ** places)
    return f"{'-' if n < 0 else ''}{whole}.{part:0{places}d}"


def score_table(result: PeriodResult) -> str:
    """The period as a terminal table, made from the result's columns (no per-person objects)."""
    scheme, s, rows = result.scheme, result.summary, result.actuals.rows
    fmt = Formatter(scheme)
    places, mode = scheme.rounding.points, scheme.rounding.mode
    adjust = s.bonuses - s.deductions
    weighted_text = [_decimal_text(u, places)
                     for u in round_column(s.weighted_sum, places, mode).tolist()]
    adjust_text = [_decimal_text(u, places)
                   for u in round_column(adjust, places, mode).tolist()]
    total_text = [_decimal_text(u, places) for u in round_column(s.total, places, mode).tolist()]
    unit_order = {u: i for i, u in enumerate(scheme.units)}
    posts = [scheme.posts[row.post] for row in rows]
    order = sorted(range(len(rows)), key=lambda i: (unit_order[posts[i].unit], s.rank[i],
                                                    rows[i].person))
    money: dict[tuple[int, Decimal | None], str] = {}
    table = []
    adjustments = adjust.tolist()
    for i in order:
        row, post = rows[i], posts[i]
        grade = scheme.grades[int(s.grade[i])]
        base = scheme.bonus_base_for(scheme.people.get(row.person), post)
        key = (int(s.grade[i]), base)
        if key not in money:
            money[key] = fmt.money_text(float(grade.coefficient * base)
                                        if base is not None else None)
        a = adjustments[i]
        table.append([
            f"{s.rank[i]}/{s.rank_of[i]}", row.person, row.name, post.label,
            scheme.units[post.unit].label, weighted_text[i],
            ("+" if a > 0 else "") + adjust_text[i] if a else "",
            total_text[i] + (" veto" if s.veto[i] else ""),
            grade.named,
            f"{grade.coefficient}", money[key],
        ])
    header = ["Rank", "Person", "Name", "Post", "Unit", "Weighted", "Adj.", "Total", "Grade",
              "Coef.", "Bonus"]
    right = [True, False, False, False, False, True, True, True, False, True, True]
    title = f"{result.scheme.label}"
    if result.actuals.period:
        title += f" — {result.actuals.period}"
    return f"{title}\n\n" + render_table(header, table, right)


# -- score: json -----------------------------------------------------------------------


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() and "." not in str(value) \
        else float(value)


def target_json(target: Target | None) -> dict[str, float] | None:
    if target is None:
        return None
    out = {"base": float(settled_decimal(target.base))}
    if target.stretch is not None:
        out["stretch"] = float(settled_decimal(target.stretch))
    return out


def indicator_json(fmt: Formatter, item: IndicatorResult) -> dict[str, Any]:
    value: Any = item.value if isinstance(item.value, str) else \
        float(settled_decimal(item.value))
    return {
        "indicator": item.indicator,
        "label": item.label,
        "perspective": item.perspective,
        "rule": item.rule,
        "role": item.role,
        "value": value,
        "unit": item.unit,
        "target": target_json(item.target),
        "achievement": None if item.achievement is None
        else float(fmt.points(item.achievement)),
        "points": float(fmt.points(item.points)),
        "weight": None if item.weight is None else float(item.weight),
        "weighted": None if item.weighted is None else float(fmt.points(item.weighted)),
        "formula": item.formula,
        "detail": item.detail,
    }


def period_json(result: PeriodResult) -> dict[str, Any]:
    scheme, fmt = result.scheme, Formatter(result.scheme)
    return {
        "format": FORMAT_VERSION,
        "scheme": {"name": scheme.name, "label": scheme.label, "file": scheme.file,
                   "fingerprint": scheme.fingerprint},
        "data": {"file": result.actuals.file, "fingerprint": result.actuals.fingerprint},
        "period": result.actuals.period,
        "currency": scheme.currency,
        "rounding": {"points": scheme.rounding.points, "money": scheme.rounding.money,
                     "mode": scheme.rounding.mode},
        "warnings": [d.as_dict() for d in result.actuals.warnings],
        "people": [
            {
                "person": p.person, "name": p.name, "post": p.post, "unit": p.unit,
                "weighted_sum": float(fmt.points(p.weighted_sum)),
                "deductions": float(fmt.points(p.deductions)),
                "bonuses": float(fmt.points(p.bonuses)),
                "veto": p.veto,
                "total": float(fmt.points(p.total)),
                "grade": p.grade, "grade_label": p.grade_label,
                "coefficient": float(p.coefficient),
                "bonus_base": None if p.bonus_base is None else float(p.bonus_base),
                "bonus": None if p.bonus is None else float(fmt.money(p.bonus)),
                "rank": p.rank, "rank_of": p.rank_of,
                "indicators": [indicator_json(fmt, i) for i in p.indicators],
            }
            for p in result.people
        ],
    }


def score_json(result: PeriodResult) -> str:
    """JSON with one person per line: quick to write (the C encoder) and to diff."""
    payload = period_json(result)
    people = payload.pop("people")
    head = json.dumps(payload, ensure_ascii=False)[:-1]
    rows = ",\n".join(json.dumps(p, ensure_ascii=False) for p in people)
    return f'{head}, "people": [\n{rows}\n]}}\n'



# -- score: csv ------------------------------------------------------------------------


def score_csv(result: PeriodResult) -> str:
    fmt = Formatter(result.scheme)
    scheme = result.scheme
    cards = dict.fromkeys(scheme.posts[p.post].scorecard for p in result.people)
    indicators = list(dict.fromkeys(item.indicator for card in cards
                                    for item in scheme.scorecards[card].items))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["person", "name", "post", "unit", "period",
                     *[f"points:{i}" for i in indicators],
                     "weighted_sum", "deductions", "bonuses", "veto", "total", "grade",
                     "coefficient", "bonus", "rank", "rank_of"])
    columns = [result.points[i].tolist() for i in indicators]
    for n, p in enumerate(result.people):
        writer.writerow([
            p.person, p.name, p.post, p.unit, result.actuals.period or "",
            *["" if math.isnan(c[n]) else fmt.points(c[n]) for c in columns],
            fmt.points(p.weighted_sum), fmt.points(p.deductions), fmt.points(p.bonuses),
            p.veto or "", fmt.points(p.total), p.grade, p.coefficient,
            "" if p.bonus is None else fmt.money(p.bonus), p.rank, p.rank_of,
        ])
    return out.getvalue()


# -- explain ---------------------------------------------------------------------------


def explain_text(result: PeriodResult, person: PersonResult) -> str:
    scheme, fmt = result.scheme, Formatter(result.scheme)
    lines = [
        f"{person.name} ({person.person}) — {person.post_label}, {person.unit_label}",
        f"Scheme: {scheme.label} ({scheme.fingerprint[:19]})",
    ]
    if result.actuals.period:
        lines.append(f"Period: {result.actuals.period}")
    lines.append("")
    lines += explain_steps(fmt, person)
    lines.append(f"Total: {fmt.points(person.total)}")
    label = f" {person.grade_label}" if person.grade_label != person.grade else ""
    lines.append(f"Grade: {person.grade}{label} (coefficient {person.coefficient})")
    if person.bonus is not None and person.bonus_base is not None:
        lines.append(f"Bonus: {person.coefficient} × {fmt.money_text(float(person.bonus_base))}"
                     f" = {fmt.money_text(person.bonus)} {scheme.currency}")
    lines.append(f"Rank in {person.unit_label}: {person.rank} of {person.rank_of}")
    return "\n".join(lines) + "\n"


def explain_steps(fmt: Formatter, person: PersonResult) -> list[str]:
    """Each indicator, step by step, then the weighted sum and what adjusts it."""
    lines: list[str] = []
    for n, item in enumerate(person.indicators, 1):
        lines += [*_explain_item(fmt, n, item), ""]
    lines.append(f"Weighted sum: {fmt.points(person.weighted_sum)}")
    if person.deductions:
        lines.append(f"Deductions:  -{fmt.points(person.deductions)}")
    if person.bonuses:
        lines.append(f"Bonus items: +{fmt.points(person.bonuses)}")
    if person.veto == "zero_total":
        lines.append("Veto: a one-vote veto event sets the total to 0 and the grade to the "
                     "lowest")
    elif person.veto == "lowest_grade":
        lines.append("Veto: a one-vote veto event forces the lowest grade")
    return lines


def _explain_item(fmt: Formatter, n: int, item: IndicatorResult) -> list[str]:
    perspective = PERSPECTIVE_LABELS.get(item.perspective or "", "")
    head = f"{n}. {item.label} ({item.indicator})" + (f" — {perspective}" if perspective else "")
    lines = [head]
    if item.rule == "members":  # points worked out from other people's totals
        return [head, f"   value:   {item.detail}",
                f"   points:  {fmt.points(item.points)} × weight {item.weight}% = "
                f"{fmt.points(item.weighted or 0)}"]
    value = item.value if isinstance(item.value, str) else show(item.value)
    unit = "" if not item.unit or isinstance(item.value, str) else \
        item.unit if item.unit == "%" else f" {item.unit}"
    if item.formula.strip().isidentifier():
        lines.append(f"   value:   {item.formula} = {value}{unit}")
    else:
        lines.append(f"   formula: {item.formula} = {item.substituted} = {value}{unit}")
    if item.target is not None:
        reached = f" (achievement {fmt.points(item.achievement)}%)" \
            if item.achievement is not None else ""
        lines.append(f"   target:  {item.target}{reached}")
    lines.append(f"   rule:    {item.rule}: {item.detail}")
    if item.role == "weighted" and item.weight is not None and item.weighted is not None:
        lines.append(f"   points:  {fmt.points(item.points)} × weight {item.weight}% = "
                     f"{fmt.points(item.weighted)}")
    elif item.role == "deduction":
        lines.append(f"   deducts: {fmt.points(item.points)} points from the total")
    elif item.role == "bonus":
        lines.append(f"   adds:    {fmt.points(item.points)} points to the total")
    return lines


# -- validate --------------------------------------------------------------------------


def diagnostics_text(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(f"{d}\n" for d in diagnostics)


def diagnostics_json(files: dict[str, list[Diagnostic]]) -> str:
    payload = {
        "format": FORMAT_VERSION,
        "files": [
            {"file": name, "valid": not any(d.severity == "error" for d in found),
             "diagnostics": [d.as_dict() for d in found]}
            for name, found in files.items()
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
