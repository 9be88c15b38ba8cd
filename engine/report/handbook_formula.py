"""A formula in words, for the handbook: ``cash_collected / revenue * 100`` becomes
"回款额 ÷ 销售额 × 100", with the fields' labels, the operators as a person writes them
(× ÷ + − ≥ ≠), and each function of the sandbox, ``previous()``, ``last_year()`` and
``team_average()`` said in the reader's language; a gate's condition too, whose functions
read an item of the card (``achievement(revenue_achievement) < 80``).

Brackets are kept where the order of operations needs them and nowhere else. Long chains
of one operator (a sum of a thousand fields) are walked in a loop, not a recursion, as the
evaluators walk them.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence

from ..formula.earlier import looked_back
from ..i18n import _, pgettext
from ..numbers import written

# How tightly each construct binds; a part binding less tightly than its place is bracketed.
_IF, _OR, _AND, _NOT, _COMPARE, _SUM, _PRODUCT, _SIGN, _POWER, _ATOM = range(10)
# Said in words ("a ÷ b, rounded down", "the larger of a and b"): bracketed as the operand of
# an operator or a comparison, never as an argument or a whole condition.
_WORDED = _COMPARE
_READS = ("value", "achievement", "target", "points")  # a condition's reads of the card

_SYMBOLS: dict[type, tuple[str, int]] = {
    ast.Add: ("+", _SUM), ast.Sub: ("−", _SUM),
    ast.Mult: ("×", _PRODUCT), ast.Div: ("÷", _PRODUCT),
}
_COMPARISONS: dict[type, str] = {
    ast.Lt: "<", ast.LtE: "≤", ast.Gt: ">", ast.GtE: "≥", ast.Eq: "=", ast.NotEq: "≠",
}

Said = tuple[str, int]  # the words, and how tightly they bind


def _and_list(parts: Sequence[str]) -> str:
    """'a, b and c' (中文: a、b、c)."""
    if len(parts) == 1:
        return parts[0]
    return _("{first} and {last}").format(first=pgettext("handbook", ", ").join(parts[:-1]),
                                          last=parts[-1])


def _function(name: str, args: list[str]) -> str | None:
    """A call of the sandbox's function ``name`` in words; None for one it lacks."""
    if name == "abs":
        return _("the absolute value of {x}").format(x=args[0])
    if name in ("min", "max") and len(args) == 2:
        text = _("the smaller of {a} and {b}") if name == "min" else \
            _("the larger of {a} and {b}")
        return text.format(a=args[0], b=args[1])
    if name in ("min", "max"):
        text = _("the smallest of {items}") if name == "min" else _("the largest of {items}")
        return text.format(items=_and_list(args))
    if name == "round":
        if len(args) == 1 or args[1] == "0":
            return _("{x} rounded half up to a whole number").format(x=args[0])
        return _("{x} rounded half up to {places} decimal places").format(x=args[0],
                                                                           places=args[1])
    if name == "floor":
        return _("{x} rounded down to a whole number").format(x=args[0])
    if name == "ceil":
        return _("{x} rounded up to a whole number").format(x=args[0])
    if name == "clamp":
        return _("{x}, kept between {low} and {high}").format(x=args[0], low=args[1],
                                                               high=args[2])
    if name == "sqrt":
        return _("the square root of {x}").format(x=args[0])
    if name == "div":
        return _("{a} ÷ {b} (or {default} when {b} is 0)").format(a=args[0], b=args[1],
                                                                  default=args[2])
    return None


def _read(function: str, label: str) -> str | None:
    """A condition's read of one item of the card, in words."""
    if function == "value":
        return _("the value of {indicator}").format(indicator=label)
    if function == "achievement":
        return _("the achievement of {indicator}").format(indicator=label)
    if function == "target":
        return _("the target of {indicator}").format(indicator=label)
    if function == "points":
        return _("the points of {indicator}").format(indicator=label)
    return None


def rule_names() -> dict[str, str]:
    """The names a rule's points formula reads, in words."""
    return {"value": _("the actual value"), "target": _("the target"),
            "stretch": _("the stretch goal"), "achievement": _("the achievement (%)")}


class FormulaWords:
    """Says formulas in words, naming each name by ``names`` (a field's label)."""

    def __init__(self, names: Mapping[str, str],
                 indicators: Mapping[str, str] | None = None) -> None:
        self.names = names
        self.indicators = indicators or {}

    def __call__(self, tree: ast.expr) -> str:
        return self.said(tree)[0]

    def name(self, name: str) -> str:
        earlier = looked_back(name)
        if earlier is not None:
            kind, field = earlier
            label = self.names.get(field, field)
            if kind == "previous":
                return _("{field} of the previous period").format(field=label)
            return _("{field} of the same period last year").format(field=label)
        if name.startswith("team_average(") and name.endswith(")"):
            field = name[len("team_average("):-1]
            return _("the team's average {field}").format(field=self.names.get(field, field))
        return self.names.get(name, name)

    def said(self, node: ast.expr) -> Said:
        method: Callable[[ast.expr], Said] | None = getattr(self, type(node).__name__, None)
        if method is None:  # not a construct the sandbox admits: as written
            return ast.unparse(node), _ATOM
        return method(node)

    def part(self, node: ast.expr, at_least: int) -> str:
        """``node`` in words, bracketed when it binds less tightly than ``at_least``."""
        words, binds = self.said(node)
        return f"({words})" if binds < at_least else words

    # -- the constructs -----------------------------------------------------------------------

    def Constant(self, node: ast.Constant) -> Said:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return repr(value), _ATOM
        return written(float(value)), _ATOM

    def Name(self, node: ast.Name) -> Said:
        return self.name(node.id), _ATOM

    def UnaryOp(self, node: ast.UnaryOp) -> Said:
        if isinstance(node.op, ast.Not):
            return _("not {condition}").format(condition=self.part(node.operand, _NOT)), _NOT
        sign = "−" if isinstance(node.op, ast.USub) else "+"
        return sign + self.part(node.operand, _SIGN), _SIGN

    def BinOp(self, node: ast.BinOp) -> Said:
        chain: list[ast.BinOp] = []
        first: ast.expr = node
        while isinstance(first, ast.BinOp) and type(first.op) in _SYMBOLS \
                and _SYMBOLS[type(first.op)][1] == _SYMBOLS.get(type(node.op), ("", -1))[1]:
            chain.append(first)
            first = first.left
        if not chain:  # // % **: said in words
            return self.worded(node)
        binds = _SYMBOLS[type(node.op)][1]
        words = self.part(first, binds)
        for link in reversed(chain):
            symbol = _SYMBOLS[type(link.op)][0]
            words += f" {symbol} {self.part(link.right, binds + 1)}"
        return words, binds

    def worded(self, node: ast.BinOp) -> Said:
        if isinstance(node.op, ast.Pow):
            return _("{x} to the power of {power}").format(
                x=self.part(node.left, _ATOM), power=self.part(node.right, _ATOM)), _WORDED
        a, b = self.part(node.left, _PRODUCT), self.part(node.right, _PRODUCT + 1)
        if isinstance(node.op, ast.FloorDiv):
            return _("{a} ÷ {b}, rounded down to a whole number").format(a=a, b=b), _WORDED
        if isinstance(node.op, ast.Mod):
            return _("the remainder of {a} ÷ {b}").format(a=a, b=b), _WORDED
        return ast.unparse(node), _ATOM

    def BoolOp(self, node: ast.BoolOp) -> Said:
        binds = _AND if isinstance(node.op, ast.And) else _OR
        joiner = _(" and ") if binds == _AND else _(" or ")
        return joiner.join(self.part(v, binds + 1) for v in node.values), binds

    def Compare(self, node: ast.Compare) -> Said:
        words = self.part(node.left, _COMPARE + 1)
        for op, right in zip(node.ops, node.comparators, strict=True):
            words += f" {_COMPARISONS.get(type(op), '?')} {self.part(right, _COMPARE + 1)}"
        return words, _COMPARE

    def IfExp(self, node: ast.IfExp) -> Said:
        choices: list[str] = []
        chosen: ast.expr = node
        while isinstance(chosen, ast.IfExp):
            choices.append(_("if {condition}, {value}").format(
                condition=self.part(chosen.test, _OR), value=self.part(chosen.body, _OR)))
            chosen = chosen.orelse
        choices.append(_("otherwise {value}").format(value=self.part(chosen, _OR)))
        return _("; ").join(choices), _IF

    def Call(self, node: ast.Call) -> Said:
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if name in _READS and node.args and isinstance(node.args[0], ast.Name):
            indicator = node.args[0].id
            read = _read(name, self.indicators.get(indicator, indicator))
            if read is not None:
                return read, _ATOM
        args = [self.part(a, _ATOM) for a in node.args]  # a sum as an argument: bracketed
        said = _function(name, args) if args else None
        return (said, _WORDED) if said is not None else (ast.unparse(node), _ATOM)

