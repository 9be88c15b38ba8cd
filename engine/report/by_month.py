"""Reporters for a scheme kept by month: a period's appraisal, and the cascade of targets.

As in :mod:`engine.report`, numbers are rounded here and only here: points at the
scheme's points precision, money to the cent, half up unless the scheme says
otherwise; target amounts, exact fractions inside, are shown half up to the cent.
"""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from typing import Any

from ..model.scheme import Scheme
from ..numbers import settled_decimal
from ..report.text import (
    FORMAT_VERSION,
    Formatter,
    explain_steps,
    indicator_json,
    render_table,
    target_json,
)
from ..rules.base import Target
from ..score.appraisal import Appraisal, Appraised
from ..year.calibration import money, money_text, to_cents
from ..year.cascade import Allocation, Node, amount
from ..year.periods import Period, month_id


def _months(a: Appraisal, months: tuple[int, ...]) -> str:
    ids = [month_id(a.period.year, m) for m in months]
    if len(ids) == 1:
        return ids[0]
    if list(months) == list(range(months[0], months[-1] + 1)):
        return f"{ids[0]} to {ids[-1]}"
    return ", ".join(ids)  # a post left and taken up again


def _period(a: Appraisal) -> str:
    if len(a.period) == 1:
        return a.period.id
    return f"{a.period.id} ({_months(a, a.period.months)})"


def _ordered(a: Appraisal) -> list[Appraised]:
    unit_order = {u: i for i, u in enumerate(a.scheme.units)}
    return sorted(a.people, key=lambda p: (unit_order[p.unit], p.rank, p.person))


# -- score: table ------------------------------------------------------------------------


def appraisal_table(a: Appraisal) -> str:
    scheme, fmt = a.scheme, Formatter(a.scheme)
    places = scheme.rounding.money
    rows = []
    for p in _ordered(a):
        post = scheme.posts[p.post]
        grade = scheme.grades[p.grade].named
        if p.grade != p.scored_grade:
            grade += f" (was {scheme.grades[p.scored_grade].grade})"
        months = "" if p.months == len(a.period) else str(p.months)
        rows.append([f"{p.rank}/{p.rank_of}", f"{p.company_rank}/{p.company_of}", p.person,
                     p.segments[-1].row.name, post.label, scheme.units[p.unit].label, months,
                     f"{fmt.points(p.total)}" + (" veto" if p.veto else ""), grade,
                     f"{scheme.grades[p.grade].coefficient}", money_text(p.paid, places)])
    header = ["Rank", "Company", "Person", "Name", "Post", "Unit", "Months", "Total", "Grade",
              "Coef.", "Bonus"]
    right = [True, True, False, False, False, False, True, True, False, True, True]
    out = f"{scheme.label} — {_period(a)}\n\n"
    out += render_table(header, rows, right)
    out += _units_section(a) + _calibration_section(a) + _pools_section(a)
    return out


def _units_section(a: Appraisal) -> str:
    if not a.units:
        return ""
    scheme, fmt = a.scheme, Formatter(a.scheme)
    rows = []
    for u in a.units:
        indicator = scheme.indicators[u.indicator]
        reached = ""
        if u.target is not None and u.target.base:
            reached = f"{fmt.points(u.value / u.target.base * 100)}%"
        rows.append([scheme.units[u.unit].label, indicator.label, _figure(u.value),
                     _target_text(u.target), reached, f"{fmt.points(u.points)}"])
    header = ["Unit", "Indicator", "Actual", "Target", "Achievement", "Points"]
    return "\nUnit results\n\n" + render_table(header, rows,
                                               [False, False, True, True, True, True])


def _figure(value: float) -> str:
    return amount(Fraction(value).limit_denominator(10 ** 6)) if abs(value) < 1e15 \
        else f"{value:,.2f}"


def _target_text(target: Target | None) -> str:
    if target is None:
        return ""
    text = _figure(target.base)
    return text if target.stretch is None else f"{text} / {_figure(target.stretch)}"


def _calibration_section(a: Appraisal) -> str:
    calibration = a.scheme.calibration
    if calibration is None:
        return ""
    names = {p.person: p.segments[-1].row.name for p in a.people}
    rules = [f"at most {v.normalize():f}% {g} or better" for g, v in calibration.at_most.items()]
    rules += [f"at least {v.normalize():f}% {g} or worse" for g, v in calibration.at_least.items()]
    out = f"\nCalibration within each {calibration.within}: " + "; ".join(rules) + "\n\n"
    if a.moves:
        rows = [[m.person, names[m.person], a.scheme.units[m.group].label,
                 f"{m.position}/{m.of}", m.before, m.after, m.reason] for m in a.moves]
        out += render_table(["Person", "Name", "Group", "Rank", "From", "To", "Why"], rows,
                            [False, False, False, True, False, False, False])
    else:
        out += "Nobody moved.\n"
    for group, size in a.uncalibrated:
        out += f"Not calibrated: {a.scheme.units[group].label} ({size} " \
               f"{'person' if size == 1 else 'people'}, fewer than {calibration.min_size})\n"
    return out


def _pools_section(a: Appraisal) -> str:
    if not a.pools:
        return ""
    places = a.scheme.rounding.money
    rows = []
    paid_by_pool: dict[str, int] = {}
    for p in a.people:
        if p.pool is not None:
            paid_by_pool[p.pool] = paid_by_pool.get(p.pool, 0) + (p.paid or 0)
    for pool in a.pools:
        wanted = amount(pool.wanted)
        paid = paid_by_pool.get(pool.unit, 0)
        rows.append([a.scheme.units[pool.unit].label, str(pool.people), wanted,
                     money_text(pool.amount, places), money_text(paid, places)])
    header = ["Unit", "People", "Bonuses before", "Pool", "Paid"]
    return "\nBonus pools (each share rounded half up; leftover cents to the largest " \
           "remainders)\n\n" + render_table(header, rows, [False, True, True, True, True])


# -- score: json and csv -----------------------------------------------------------------


def _person_json(a: Appraisal, p: Appraised) -> dict[str, Any]:
    scheme, fmt = a.scheme, Formatter(a.scheme)
    places = scheme.rounding.money
    grade = scheme.grades[p.grade]
    return {
        "person": p.person, "name": p.segments[-1].row.name, "post": p.post, "unit": p.unit,
        "months": p.months,
        "weighted_sum": float(fmt.points(p.weighted_sum)), "total": float(fmt.points(p.total)),
        "veto": p.veto, "grade_scored": scheme.grades[p.scored_grade].grade,
        "grade": grade.grade, "grade_label": grade.label,
        "coefficient": float(grade.coefficient),
        "bonus_before_pool": None if p.bonus is None
        else float(money(to_cents(p.bonus, places), places)),
        "bonus": float(money(p.paid, places)) if p.paid is not None else None,
        "pool": p.pool, "rank": p.rank, "rank_of": p.rank_of, "company_rank": p.company_rank,
        "company_of": p.company_of, "calibration_group": p.group,
        "segments": [{
            "post": s.post, "unit": s.unit,
            "months": [month_id(a.period.year, m) for m in s.months],
            "weighted_sum": float(fmt.points(s.scored.weighted_sum)),
            "deductions": float(fmt.points(s.scored.deductions)),
            "bonuses": float(fmt.points(s.scored.bonuses)),
            "veto": s.veto, "total": float(fmt.points(s.total)),
            "indicators": [indicator_json(fmt, i) for i in s.scored.indicators],
        } for s in p.segments],
    }


def appraisal_json(a: Appraisal) -> str:
    """JSON with one person per line, every step of every post they held included."""
    scheme, fmt = a.scheme, Formatter(a.scheme)
    places = scheme.rounding.money
    paid: dict[str, int] = {}
    for p in a.people:
        if p.pool is not None:
            paid[p.pool] = paid.get(p.pool, 0) + (p.paid or 0)
    payload = {
        "format": FORMAT_VERSION,
        "scheme": {"name": scheme.name, "label": scheme.label, "file": scheme.file,
                   "fingerprint": scheme.fingerprint},
        "data": {"file": a.file, "fingerprint": a.fingerprint},
        "period": a.period.id,
        "months": [month_id(a.period.year, m) for m in a.period.months],
        "currency": scheme.currency,
        "rounding": {"points": scheme.rounding.points, "money": scheme.rounding.money,
                     "mode": scheme.rounding.mode},
        "warnings": [d.as_dict() for d in a.warnings],
        "units": [{"unit": u.unit, "head": u.head, "indicator": u.indicator,
                   "months": [month_id(a.period.year, m) for m in u.months],
                   "value": float(settled_decimal(u.value)), "target": target_json(u.target),
                   "points": float(fmt.points(u.points))} for u in a.units],
        "calibration": [{"person": m.person, "group": m.group, "position": m.position,
                         "of": m.of, "from": m.before, "to": m.after, "reason": m.reason}
                        for m in a.moves],
        "uncalibrated": [{"group": g, "size": n} for g, n in a.uncalibrated],
        "pools": [{"unit": p.unit, "people": p.people,
                   "bonuses_before": float(money(to_cents(p.wanted, places), places)),
                   "pool": float(money(p.amount, places)),
                   "paid": float(money(paid.get(p.unit, 0), places))} for p in a.pools],
    }
    head = json.dumps(payload, ensure_ascii=False)[:-1]
    rows = ",\n".join(json.dumps(_person_json(a, p), ensure_ascii=False) for p in _ordered(a))
    return f'{head}, "people": [\n{rows}\n]}}\n'


def appraisal_csv(a: Appraisal) -> str:
    scheme, fmt = a.scheme, Formatter(a.scheme)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period", "person", "name", "post", "unit", "months", "total", "veto",
                     "grade_scored", "grade", "coefficient", "bonus", "pool", "rank", "rank_of",
                     "company_rank", "company_of"])
    for p in _ordered(a):
        writer.writerow([a.period.id, p.person, p.segments[-1].row.name, p.post, p.unit,
                         p.months, fmt.points(p.total), p.veto or "",
                         scheme.grades[p.scored_grade].grade, scheme.grades[p.grade].grade,
                         scheme.grades[p.grade].coefficient,
                         money(p.paid, scheme.rounding.money) if p.paid is not None else "",
                         p.pool or "", p.rank, p.rank_of, p.company_rank, p.company_of])
    return out.getvalue()


# -- explain -----------------------------------------------------------------------------


def appraisal_explain(a: Appraisal, p: Appraised) -> str:
    scheme, fmt = a.scheme, Formatter(a.scheme)
    post = scheme.posts[p.post]
    lines = [f"{p.segments[-1].row.name} ({p.person}) — {post.label}, "
             f"{scheme.units[p.unit].label}",
             f"Scheme: {scheme.label} ({scheme.fingerprint[:19]})",
             f"Period: {_period(a)}", ""]
    for s in p.segments:
        scored = s.scored
        if len(p.segments) > 1:
            lines += [f"On {scheme.posts[s.post].label} for {_months(a, s.months)} "
                      f"({len(s.months)} of {p.months} months):", ""]
        lines += explain_steps(fmt, scored)
        lines.append(f"Total{' on this post' if len(p.segments) > 1 else ''}: "
                     f"{fmt.points(scored.total)}")
        lines.append("")
    if len(p.segments) > 1 and p.veto == "zero_total":
        lines.append(f"Total: {fmt.points(p.total)} (a one-vote veto on one post zeroes the "
                     "whole period)")
    elif len(p.segments) > 1:
        parts = " + ".join(f"{fmt.points(s.total)} × {len(s.months)}" for s in p.segments)
        lines.append(f"Total, weighed by months: ({parts}) / {p.months} = "
                     f"{fmt.points(p.total)}")
    grade = scheme.grades[p.grade]
    lines.append(f"Grade: {grade.named} (coefficient {grade.coefficient})")
    for move in (m for m in a.moves if m.person == p.person):
        lines.append(f"  calibrated from {move.before} to {move.after}: {move.reason}")
    if p.paid is not None:
        lines.append(_bonus_line(a, p))
    lines.append(f"Rank in {scheme.units[p.unit].label}: {p.rank} of {p.rank_of}; "
                 f"in the company: {p.company_rank} of {p.company_of}")
    return "\n".join(lines) + "\n"


def _bonus_line(a: Appraisal, p: Appraised) -> str:
    scheme = a.scheme
    places = scheme.rounding.money
    grade = scheme.grades[p.grade]
    bases = []
    for s in p.segments:
        base = scheme.bonus_base_for(scheme.people.get(p.person), scheme.posts[s.post])
        share = f" × {len(s.months)}/12"
        shown = money_text(to_cents(Fraction(base), places), places) if base is not None else ""
        bases.append(f"{shown}{share}")
    shown = bases[0] if len(bases) == 1 else f"({' + '.join(bases)})"
    line = f"Bonus: {grade.coefficient} × {shown}"
    if p.pool is not None:
        pool = next(x for x in a.pools if x.unit == p.pool)
        exact = p.bonus if p.bonus is not None else Fraction(0)
        line += f" = {money_text(to_cents(exact, places), places)}, scaled to the pool of " \
                f"{scheme.units[p.pool].label} ({money_text(pool.amount, places)} for " \
                f"{money_text(to_cents(pool.wanted, places), places)} of bonuses)"
    return line + f" = {money_text(p.paid, places)} {scheme.currency}"


# -- targets -----------------------------------------------------------------------------


def _tree(allocation: Allocation) -> list[Node]:
    out: list[Node] = []
    top = next(iter(allocation.nodes.values()), None)

    def walk(node: Node) -> None:
        out.append(node)
        for key in node.children:
            walk(allocation.nodes[key])

    if top is not None:
        walk(top)
    return out


def _target_rows(scheme: Scheme, allocation: Allocation, months: tuple[int, ...]
                 ) -> list[dict[str, Any]]:
    rows = []
    for node in _tree(allocation):
        target = node.target(months)
        row: dict[str, Any] = {"cascade": allocation.cascade.id, "kind": node.kind,
                               "id": node.id, "label": node.label, "unit": node.unit,
                               "depth": node.depth, "split": node.method, "target": target}
        if node.kind == "unit":
            children = allocation.children_target(node, months)
            row.update(children=children, gap=target - children)
        else:
            row["months"] = sorted(set(months) & node.active)
        if allocation.cascade.stretch is not None:
            row["stretch"] = target * allocation.cascade.stretch
        rows.append(row)
    return rows


def targets_table(scheme: Scheme, period: Period | None) -> str:
    months = period.months if period else tuple(range(1, 13))
    when = period.id if period else str(scheme.calendar.year if scheme.calendar else "")
    out = f"{scheme.label} — targets for {when}\n"
    for allocation in scheme.allocations.values():
        cascade = allocation.cascade
        has_stretch = cascade.stretch is not None
        out += f"\n{cascade.label} ({cascade.id})\n\n"
        table = []
        for row in _target_rows(scheme, allocation, months):
            name = "  " * row["depth"] + row["label"]
            cells = [name, row["id"], row["split"], amount(row["target"])]
            if has_stretch:
                cells.append(amount(row["stretch"]))
            if row["kind"] == "unit":
                gap = row["gap"]
                cells += [amount(row["children"]), "0" if gap == 0 else
                          (f"{amount(gap)} short" if gap > 0 else f"{amount(-gap)} over")]
            else:
                cells += ["", ""]
            table.append(cells)
        header = ["Unit / person", "Id", "Split", "Target"] + (["Stretch"] if has_stretch
                                                                else []) + ["Children", "Gap"]
        right = [False, False, False, True] + ([True] if has_stretch else []) + [True, True]
        out += render_table(header, table, right)
    return out


def _json_amount(value: Fraction) -> float | int:
    text = amount(value).replace(",", "")
    return int(text) if "." not in text else float(text)


def targets_json(scheme: Scheme, period: Period | None) -> str:
    months = period.months if period else tuple(range(1, 13))
    cascades = []
    for allocation in scheme.allocations.values():
        nodes = []
        for row in _target_rows(scheme, allocation, months):
            item = {k: v for k, v in row.items() if k not in ("target", "children", "gap",
                                                              "stretch", "depth")}
            for key in ("target", "stretch", "children", "gap"):
                if key in row:
                    item[key] = _json_amount(row[key])
            if "months" in item:
                item["months"] = [month_id(scheme.calendar.year if scheme.calendar else 0, m)
                                  for m in item["months"]]
            item["depth"] = row["depth"]
            nodes.append(item)
        cascades.append({"cascade": allocation.cascade.id, "label": allocation.cascade.label,
                         "nodes": nodes})
    payload = {"format": FORMAT_VERSION, "scheme": scheme.name,
               "scheme_sha256": scheme.fingerprint,
               "period": period.id if period else str(scheme.calendar.year
                                                      if scheme.calendar else ""),
               "cascades": cascades}
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def targets_csv(scheme: Scheme, period: Period | None) -> str:
    months = period.months if period else tuple(range(1, 13))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["cascade", "kind", "id", "label", "unit", "depth", "split", "target",
                     "stretch", "children", "gap"])
    for allocation in scheme.allocations.values():
        for row in _target_rows(scheme, allocation, months):
            writer.writerow([row["cascade"], row["kind"], row["id"], row["label"], row["unit"],
                             row["depth"], row["split"], _plain(row["target"]),
                             _plain(row.get("stretch")), _plain(row.get("children")),
                             _plain(row.get("gap"))])
    return out.getvalue()


def _plain(value: Fraction | None) -> str:
    return "" if value is None else amount(value).replace(",", "")
