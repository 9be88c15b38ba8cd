"""Method (b): GoRules ZEN (PyPI ``zen-engine``), a rules engine written in Rust.

Each scorecard is translated once into one ZEN expression: the same formulas, the same
rules (bands as a cascade of comparisons, as a decision table would evaluate them), the
weighted sum, deductions, bonus items, vetoes, the grade and the bonus. Targets and the
bonus base are inputs, as they would be for any rules engine fed from HR's tables.

ZEN offers three ways to run it, all measured by ``bench/run.py --zen-variants``:

* ``expression``: the scorecard's compiled expression evaluated once per person (the
  fastest, so it is method (b));
* ``map``: the same compiled expression inside ``map(people, ...)``, one call into
  Rust per scorecard (about 1.6x slower: the list of people is converted as a whole,
  and the bound values cannot be used inside ``map``);
* ``graph``: a decision graph (a switch on the scorecard, then an expression node per
  scorecard, each points a named expression referring to earlier ones with ``$``) run
  with ``evaluate_batch`` (about ten times slower: each evaluation walks the graph and
  builds and returns every intermediate value).

ZEN computes in decimal (rust_decimal, 28 digits), so 1,380,000 / 1,200,000 x 100 is
115 exactly and edges need no settling: decimal arithmetic already gives the value a
person computes by hand, which is what Appraise's settling is for. Grades compare the
total rounded to 2 places with ``round`` (half away from zero; totals are not negative).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

import zen
from common import WEIGHTLESS, Scores, bonus_base_for, direction, sorted_bands, target

Ref = Callable[[str], str]


def _num(x: Any) -> str:
    return repr(float(x))


class _Formula(ast.NodeVisitor):
    """A formula of the scheme language as ZEN expression text."""

    def __init__(self, ref: Ref) -> None:
        self.ref = ref

    def text(self, node: ast.expr) -> str:
        return str(self.visit(node))

    def visit_Constant(self, node: ast.Constant) -> str:
        return _num(node.value)

    def visit_Name(self, node: ast.Name) -> str:
        return self.ref(node.id)

    def visit_BinOp(self, node: ast.BinOp) -> str:
        ops = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
        if type(node.op) not in ops:
            raise NotImplementedError(f"operator {type(node.op).__name__} in ZEN")
        return f"({self.text(node.left)} {ops[type(node.op)]} {self.text(node.right)})"

    def visit_UnaryOp(self, node: ast.UnaryOp) -> str:
        if isinstance(node.op, ast.USub):
            return f"(-{self.text(node.operand)})"
        if isinstance(node.op, ast.Not):
            return f"(not {self.text(node.operand)})"
        return self.text(node.operand)

    def visit_Compare(self, node: ast.Compare) -> str:
        ops = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
               ast.NotEq: "!="}
        parts, left = [], self.text(node.left)
        for op, right in zip(node.ops, node.comparators, strict=True):
            right_text = self.text(right)
            parts.append(f"({left} {ops[type(op)]} {right_text})")
            left = right_text
        return "(" + " and ".join(parts) + ")"

    def visit_BoolOp(self, node: ast.BoolOp) -> str:
        word = " and " if isinstance(node.op, ast.And) else " or "
        return "(" + word.join(self.text(v) for v in node.values) + ")"

    def visit_IfExp(self, node: ast.IfExp) -> str:
        return f"({self.text(node.test)} ? {self.text(node.body)} : {self.text(node.orelse)})"

    def visit_Call(self, node: ast.Call) -> str:
        assert isinstance(node.func, ast.Name)
        args = [self.text(a) for a in node.args]
        name = node.func.id
        if name in ("min", "max"):
            return f"{name}([{', '.join(args)}])"
        if name == "abs":
            return f"abs({args[0]})"
        if name == "div":
            return f"({args[1]} == 0 ? {args[2]} : {args[0]} / {args[1]})"
        if name == "clamp":
            return f"min([max([{args[0]}, {args[1]}]), {args[2]}])"
        raise NotImplementedError(f"function {name} in ZEN")

    def generic_visit(self, node: ast.AST) -> str:
        raise NotImplementedError(f"{type(node).__name__} in ZEN")


def formula(text: str, ref: Ref) -> str:
    return _Formula(ref).text(ast.parse(text.strip(), mode="eval").body)


def _limit(raw: str, cap: Any, floor: Any) -> str:
    if cap is not None:
        raw = f"min([{raw}, {_num(cap)}])"
    if floor is not None:
        raw = f"max([{raw}, {_num(floor)}])"
    return raw


def points(indicator: dict[str, Any], v: str, t: str, s: str,
           scales: dict[str, Any]) -> str:
    """The points of one indicator as ZEN text, from value ``v``, target ``t`` and
    stretch ``s`` (each a ZEN expression)."""
    rule, way = indicator["rule"], direction(indicator)
    kind = rule["kind"]
    cap, floor = rule.get("cap"), rule.get("floor")
    measured = f"({v} / {t} * 100)" if rule.get("on", "value") == "achievement" else v
    if kind == "linear":
        gain = f"(({v} - {t}) / abs({t}) * 100)" if rule.get("basis", "achievement") == \
            "achievement" else f"({v} - {t})"
        if way == "lower_is_better":
            gain = f"(-{gain})"
        elif way == "closest_to_target":
            gain = f"(-abs({gain}))"
        at = _num(rule.get("at_target", 100))
        raw = f"({gain} >= 0 ? {at} + {gain} * {_num(rule['above'])} : " \
              f"{at} + {gain} * {_num(rule['below'])})"
        return _limit(raw, cap, floor)
    if kind == "ratio":
        share = f"({t} / {v} * 100)" if way == "lower_is_better" else f"({v} / {t} * 100)"
        return _limit(f"({share} * {_num(rule.get('factor', 1))})", cap, floor)
    if kind == "two_level":
        bp, sp = _num(rule["base_points"]), _num(rule["stretch_points"])
        above, below = _num(rule.get("above", 0)), _num(rule.get("below", 0))
        if rule.get("basis", "achievement") == "achievement":
            over, short = f"({v} / {s} * 100 - 100)", f"(100 - {v} / {t} * 100)"
        else:
            over, short = f"({v} - {s})", f"({t} - {v})"
        raw = f"({v} >= {s} ? {sp} + {over} * {above} : ({v} >= {t} ? " \
              f"{bp} + ({v} - {t}) / ({s} - {t}) * ({sp} - {bp}) : {bp} - {short} * {below}))"
        return _limit(raw, cap, floor)
    if kind == "bands":
        test = ">" if rule.get("closed", "lower") == "upper" else ">="
        ordered = sorted_bands(rule)
        text = _num(ordered[0]["points"])
        for band in ordered[1:]:
            text = f"({measured} {test} {_num(band['min'])} ? {_num(band['points'])} : {text})"
        return text
    if kind == "threshold":
        if rule.get("at_least") is not None:
            met = f"{measured} >= {_num(rule['at_least'])}"
        elif rule.get("at_most") is not None:
            met = f"{measured} <= {_num(rule['at_most'])}"
        else:
            edge = "100" if rule.get("on", "value") == "achievement" else t
            met = f"{measured} {'<=' if way == 'lower_is_better' else '>='} {edge}"
        return f"({met} ? {_num(rule.get('points', 100))} : {_num(rule.get('otherwise', 0))})"
    if kind == "lower_is_better":
        full = _num(rule.get("points", 100))
        floor = rule.get("floor", 0)
        over = f"({v} / {t} * 100 - 100)" if rule.get("basis", "value") == "achievement" \
            else f"({v} - {t})"
        reduced = f"{full} - {over} * {_num(rule['per_unit_over'])}"
        return f"({v} <= {t} ? {_limit(full, cap, floor)} : {_limit(reduced, cap, floor)})"
    if kind == "piecewise":
        table = [(float(p["value"]), float(p["points"])) for p in rule["table"]]
        text = _num(table[-1][1])
        for (a, pa), (b, pb) in reversed(list(pairwise(table))):
            line = f"{_num(pa)} + ({measured} - {_num(a)}) * {_num(pb - pa)} / {_num(b - a)}"
            text = f"({measured} <= {_num(b)} ? {line} : {text})"
        return _limit(f"({measured} <= {_num(table[0][0])} ? {_num(table[0][1])} : {text})",
                      cap, floor)
    if kind in ("deduction", "bonus"):
        return _limit(f"({v} * {_num(rule['per_event'])})", rule.get("max_points"), None)
    if kind == "veto":
        return f"({v} > 0)"
    if kind == "rating":
        table = {k: float(x["points"]) for k, x in scales[rule["scale"]]["levels"].items()}
        table.update(rule.get("points") or {})
        text = "0"
        for level, worth in reversed(table.items()):
            text = f"({v} == {json.dumps(level, ensure_ascii=False)} ? {_num(worth)} : {text})"
        return text
    if kind == "formula":
        names = {"value": v, "target": t, "stretch": s, "achievement": f"({v} / {t} * 100)"}
        return _limit(formula(rule["points"], names.__getitem__), cap, floor)
    raise NotImplementedError(kind)


def card_parts(doc: dict[str, Any], card: str, ref: Ref,
               values: Sequence[str] | None = None) -> dict[str, str]:
    """Per indicator points, then ``total``, ``zero`` (a zero_total veto) and ``vetoed``.

    ``ref`` names an input (a field, ``t_<indicator>``, ``s_<indicator>``, ``bonus_base``);
    ``values``, if given, names each item's value, else its formula is written out.
    """
    parts: dict[str, str] = {}
    weighted, deductions, extras, zero, lowest = [], [], [], [], []
    for i, item in enumerate(doc["scorecards"][card]["items"]):
        name = item["indicator"]
        indicator = doc["indicators"][name]
        kind = indicator["rule"]["kind"]
        value = values[i] if values is not None else formula(indicator["formula"], ref)
        parts[name] = points(indicator, value, ref(f"t_{name}"), ref(f"s_{name}"),
                             doc.get("scales", {}))
        if kind not in WEIGHTLESS:
            weighted.append(f"{parts[name]} * {_num(item['weight'])} / 100")
        elif kind == "deduction":
            deductions.append(parts[name])
        elif kind == "bonus":
            extras.append(parts[name])
        elif indicator["rule"].get("effect", "zero_total") == "zero_total":
            zero.append(parts[name])
        else:
            lowest.append(parts[name])
    total = " + ".join(weighted) + "".join(f" - {d}" for d in deductions) + \
        "".join(f" + {e}" for e in extras)
    parts["zero"] = " or ".join(zero) or "false"
    parts["vetoed"] = " or ".join(zero + lowest) or "false"
    parts["total"] = f"(({parts['zero']}) ? 0 : {total})"
    return parts


def _grade(doc: dict[str, Any], total: str, vetoed: str) -> tuple[str, str]:
    """ZEN text for the grade letter and the coefficient."""
    grades = doc["grades"]
    letter, coefficient = json.dumps(str(grades[-1]["grade"])), _num(grades[-1]["coefficient"])
    for grade in reversed(grades[:-1]):
        test = f"round({total}, 2) >= {_num(grade['min'])}"
        letter = f"({test} ? {json.dumps(str(grade['grade']))} : {letter})"
        coefficient = f"({test} ? {_num(grade['coefficient'])} : {coefficient})"
    return f"(({vetoed}) ? {json.dumps(str(grades[-1]['grade']))} : {letter})", \
        f"(({vetoed}) ? {_num(grades[-1]['coefficient'])} : {coefficient})"


def card_expression(doc: dict[str, Any], card: str, ref: Ref, bind: bool = True) -> str:
    """One expression giving ``[total, grade, bonus]``.

    ZEN has no local variables, so values are bound by mapping over a one-element list:
    first every item's value (each formula computed once, however often its rule reads
    it), then the total and the veto, from which the grade and the bonus follow. Inside
    ``map(people, ...)`` the person is ``#`` and cannot be shadowed, so there (``bind``
    false) each rule writes its formula out instead.
    """
    items = doc["scorecards"][card]["items"]
    values = [formula(doc["indicators"][i["indicator"]]["formula"], ref) for i in items]
    slots = [f"#[{i}]" for i in range(len(items))] if bind else None
    parts = card_parts(doc, card, ref, slots)
    letter, coefficient = _grade(doc, "#[0]", "#[1]")
    result = f"map([[{parts['total']}, {parts['vetoed']}, {ref('bonus_base')}]], " \
             f"[#[0], {letter}, {coefficient} * #[2]])[0]"
    return f"map([[{', '.join(values)}]], {result})[0]" if bind else result


# -- inputs ---------------------------------------------------------------------------------


def _target_inputs(targets: dict[str, Any], names: Sequence[str]) -> dict[str, float]:
    inputs: dict[str, float] = {}
    for name in names:
        if targets.get(name) is not None:
            base, stretch = target(targets[name])
            inputs[f"t_{name}"] = base
            if stretch is not None:
                inputs[f"s_{name}"] = stretch
    return inputs


def contexts(doc: dict[str, Any], rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Each person's inputs: their figures, their targets and their bonus base."""
    people = doc.get("people") or {}
    names = {card: [i["indicator"] for i in c["items"]] for card, c in doc["scorecards"].items()}
    by_post: dict[str, dict[str, Any]] = {}
    for key, post in doc["posts"].items():
        card = names[post["scorecard"]]
        defaults = {n: doc["indicators"][n].get("target") for n in card}
        by_post[key] = {**_target_inputs({**defaults, **post.get("targets", {})}, card),
                        "bonus_base": bonus_base_for(doc, None, post)}
    out = []
    for row in rows:
        context = {**row.values, **by_post[row.post]}
        person = people.get(row.person)
        if person is not None:
            post = doc["posts"][row.post]
            context.update(_target_inputs(person.get("targets", {}), names[post["scorecard"]]))
            context["bonus_base"] = bonus_base_for(doc, person, post)
        out.append(context)
    return out


def _unpack(results: Sequence[Sequence[Any]]) -> Scores:
    return Scores([r[0] for r in results], [r[1] for r in results], [r[2] for r in results])


# -- the three ways to run it ---------------------------------------------------------------


def score_map(doc: dict[str, Any], rows: Sequence[Any]) -> Scores:
    """One call into ZEN per scorecard: ``map`` over everybody on it."""
    inputs = contexts(doc, rows)
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(doc["posts"][row.post]["scorecard"], []).append(i)
    results: list[Any] = [None] * len(rows)
    for card, members in groups.items():
        compiled = zen.compile_expression(
            f"map(people, {card_expression(doc, card, lambda n: '#.' + n, bind=False)})")
        for i, result in zip(members, compiled.evaluate({"people": [inputs[i] for i in members]}),
                             strict=True):
            results[i] = result
    return _unpack(results)


def score_expression(doc: dict[str, Any], rows: Sequence[Any]) -> Scores:
    """The scorecard's compiled expression, evaluated person by person."""
    compiled = {card: zen.compile_expression(card_expression(doc, card, lambda n: n))
                for card in doc["scorecards"]}
    card_of = {key: compiled[post["scorecard"]] for key, post in doc["posts"].items()}
    return _unpack([card_of[row.post].evaluate(context)
                    for row, context in zip(rows, contexts(doc, rows), strict=True)])


def decision_graph(doc: dict[str, Any]) -> dict[str, Any]:
    """A JDM decision graph: input -> a switch on the scorecard -> one expression node
    per scorecard (value and points of each indicator named, then the result) -> output."""
    nodes: list[dict[str, Any]] = [{"id": "input", "type": "inputNode", "name": "input",
                                    "position": {"x": 0, "y": 0}}]
    edges: list[dict[str, Any]] = []
    statements = []
    for n, card in enumerate(doc["scorecards"]):
        def ref(name: str) -> str:
            return f"$.{name}" if name.startswith("p_") else name
        parts = card_parts(doc, card, ref)
        expressions = [{"id": f"{card}-{k}", "key": f"p_{k}", "value": v}
                       for k, v in parts.items() if k in doc["indicators"]]
        total = f"(({parts['zero']}) ? 0 : " + \
            _total_from_refs(doc, card) + ")"
        letter, coefficient = _grade(doc, "$.total", parts["vetoed"])
        expressions += [{"id": f"{card}-total", "key": "total", "value": total},
                        {"id": f"{card}-grade", "key": "grade", "value": letter},
                        {"id": f"{card}-bonus", "key": "bonus",
                         "value": f"{coefficient} * bonus_base"}]
        node = f"card{n}"
        nodes.append({"id": node, "type": "expressionNode", "name": card,
                      "position": {"x": 0, "y": 0}, "content": {"expressions": expressions}})
        statements.append({"id": f"s{n}", "condition": f'scorecard == "{card}"'})
        edges.append({"id": f"e{n}", "type": "edge", "sourceId": "switch",
                      "sourceHandle": f"s{n}", "targetId": node})
        edges.append({"id": f"o{n}", "type": "edge", "sourceId": node, "targetId": "output"})
    nodes.append({"id": "switch", "type": "switchNode", "name": "scorecard",
                  "position": {"x": 0, "y": 0},
                  "content": {"hitPolicy": "first", "statements": statements}})
    nodes.append({"id": "output", "type": "outputNode", "name": "output",
                  "position": {"x": 0, "y": 0}})
    edges.append({"id": "in", "type": "edge", "sourceId": "input", "targetId": "switch"})
    return {"nodes": nodes, "edges": edges}


def _total_from_refs(doc: dict[str, Any], card: str) -> str:
    weighted, rest = [], ""
    for item in doc["scorecards"][card]["items"]:
        name = item["indicator"]
        kind = doc["indicators"][name]["rule"]["kind"]
        if kind not in WEIGHTLESS:
            weighted.append(f"$.p_{name} * {_num(item['weight'])} / 100")
        elif kind == "deduction":
            rest += f" - $.p_{name}"
        elif kind == "bonus":
            rest += f" + $.p_{name}"
    return " + ".join(weighted) + rest


def score_graph(doc: dict[str, Any], rows: Sequence[Any]) -> Scores:
    """The decision graph, run over everybody with ``evaluate_batch``."""
    content = json.dumps(decision_graph(doc), ensure_ascii=False)
    engine = zen.ZenEngine({"loader": lambda key: content})
    inputs = contexts(doc, rows)
    requests = []
    for row, context in zip(rows, inputs, strict=True):
        context["scorecard"] = doc["posts"][row.post]["scorecard"]
        requests.append({"key": "scheme", "context": context})
    results = engine.evaluate_batch(requests)
    out = []
    for answer in results:
        if not answer.get("success"):
            raise RuntimeError(f"ZEN: {answer.get('error')}")
        result = answer["data"]["result"]
        out.append((result["total"], result["grade"], result["bonus"]))
    return _unpack(out)


VARIANTS = {"map": score_map, "expression": score_expression, "graph": score_graph}
score = score_expression
