"""``targets``: each cascade as a tree, every unit's target, its children's sum and the
gap, and every person's share, for the year or a period; as a table, JSON or CSV.

Amounts are exact fractions inside and shown half up to the cent; in JSON and CSV,
``gap`` is the target less the children's sum (positive: the children fall short). Cells
of text in the CSV are never formulas to a spreadsheet (:mod:`.spreadsheet`).
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from ..i18n import _
from ..model import Allocation, Node, Scheme
from ..numbers import amount, plain_amount
from ..year.periods import Period, month_id
from .layout import render_table
from .spreadsheet import row as csv_row
from .spreadsheet import text

FORMAT = 1  # of targets --format json


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


def formula_targets(scheme: Scheme) -> list[str]:
    """Targets written as formulas, which no cascade sets: each as 'where: formula'."""
    out = []
    owners = [("indicator", i.id, {i.id: i.target} if i.target else {})
              for i in scheme.indicators.values()]
    owners += [("post", p.id, p.targets) for p in scheme.posts.values()]
    owners += [("person", p.id, p.targets) for p in scheme.people.values() if p.targets]
    for kind, key, targets in owners:
        for name, target in targets.items():
            if target is not None and target.formulas:
                line = _("'{name}' for every post: {target}") if kind == "indicator" else \
                    _("'{name}' for post '{key}': {target}") if kind == "post" else \
                    _("'{name}' for person '{key}': {target}")
                out.append(line.format(name=name, key=key, target=target))
    return out


def _formula_note(scheme: Scheme) -> str:
    found = formula_targets(scheme)
    if not found:
        return ""
    lines = "".join(f"  {line}\n" for line in found)
    return "\n" + _("Targets written as formulas, worked out from each person's figures when "
                    "a period is scored (appraise explain shows them):") + f"\n{lines}"


def targets_table(scheme: Scheme, period: Period | None) -> str:
    months = period.months if period else tuple(range(1, 13))
    when = period.id if period else str(scheme.calendar.year if scheme.calendar else "")
    out = _("{scheme} — targets for {period}").format(scheme=scheme.label, period=when) + "\n"
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
                          (_("{amount} short").format(amount=amount(gap)) if gap > 0 else
                           _("{amount} over").format(amount=amount(-gap)))]
            else:
                cells += ["", ""]
            table.append(cells)
        header = [_("Unit / person"), _("Id"), _("Split"), _("Target")] + (
            [_("Stretch")] if has_stretch else []) + [_("Children"), _("Gap")]
        right = [False, False, False, True] + ([True] if has_stretch else []) + [True, True]
        out += render_table(header, table, right)
    return out + _formula_note(scheme)


def _json_amount(value: Fraction) -> float | int:
    text = plain_amount(value)
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
    payload = {"format": FORMAT, "scheme": scheme.name,
               "scheme_sha256": scheme.fingerprint,
               "period": period.id if period else str(scheme.calendar.year
                                                      if scheme.calendar else ""),
               "cascades": cascades}
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def targets_csv(scheme: Scheme, period: Period | None, labels: bool = False) -> str:
    """The cascades' nodes, one row each; headed by ids, or by ``labels`` (:mod:`.headers`)."""
    months = period.months if period else tuple(range(1, 13))
    names = ["cascade", "kind", "id", "label", "unit", "depth", "split", "target", "stretch",
             "children", "gap"]
    if labels:
        from .headers import labelled

        names = labelled(names, scheme)
    lines = [csv_row(map(text, names))]
    for allocation in scheme.allocations.values():
        for row in _target_rows(scheme, allocation, months):
            lines.append(csv_row([*map(text, [row["cascade"], row["kind"], row["id"],
                                              row["label"], row["unit"]]),
                                  row["depth"], text(row["split"]), _plain(row["target"]),
                                  _plain(row.get("stretch")), _plain(row.get("children")),
                                  _plain(row.get("gap"))]))
    return "".join(lines)


def _plain(value: Fraction | None) -> str:
    return "" if value is None else plain_amount(value)
