"""How a formula's value follows the length of the period it is worked out for.

Over a quarter a summed field (revenue) is about three months' worth, while an average,
a weighted average or a last value is one month's worth. A formula's *degree* says the
same of its value: 1 for a total (``revenue``, ``revenue - returns``, ``cash * 0.9``),
0 for a rate or a level (``cash / revenue * 100``, ``satisfaction``), and None when the
formula mixes the two (``revenue + satisfaction``, ``revenue - 5000``) or does something
whose degree cannot be told (``sqrt(revenue)``). A constant 0 goes with anything.

A target or threshold written for a month is scaled to a longer period only for a
degree-1 value; a formula of no clear degree must say so (``sums_over_months``).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

ANY = "any"  # the constant 0: of whatever degree it is combined with
Degree = int | str | None

_SAME = {"abs", "min", "max", "floor", "ceil", "clamp"}


def period_degree(tree: ast.expr, degrees: Mapping[str, int]) -> int | None:
    """The degree of the formula ``tree``, given each field's (1: summed, 0: not)."""
    try:
        found = _degree(tree, degrees)
    except RecursionError:
        return None
    return 0 if found == ANY else found if isinstance(found, int) else None


def _degree(node: ast.expr, degrees: Mapping[str, int]) -> Degree:
    if isinstance(node, ast.Constant):
        return ANY if node.value == 0 and not isinstance(node.value, bool) else 0
    if isinstance(node, ast.Name):
        return degrees.get(node.id, 0)
    if isinstance(node, ast.UnaryOp):
        return 0 if isinstance(node.op, ast.Not) else _degree(node.operand, degrees)
    if isinstance(node, ast.Compare):  # a total against a fixed number has no one period
        sides = _same([_degree(n, degrees) for n in (node.left, *node.comparators)])
        return None if sides is None else 0
    if isinstance(node, ast.BoolOp):
        return _same([_degree(v, degrees) for v in node.values])
    if isinstance(node, ast.IfExp):  # a condition of no one period makes the whole so
        if _degree(node.test, degrees) is None:
            return None
        return _same([_degree(node.body, degrees), _degree(node.orelse, degrees)])
    if isinstance(node, ast.BinOp):
        return _binary(node, degrees)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return _call(node.func.id, node.args, degrees)
    return None


_SUMS = (ast.Add, ast.Sub)
_PRODUCTS = (ast.Mult, ast.Div)


def _binary(node: ast.BinOp, degrees: Mapping[str, int]) -> Degree:
    if isinstance(node.op, _SUMS):  # a + b - c + ...: along the chain, not down it
        terms: list[ast.expr] = []
        inner: ast.expr = node
        while isinstance(inner, ast.BinOp) and isinstance(inner.op, _SUMS):
            terms.append(inner.right)
            inner = inner.left
        return _same([_degree(t, degrees) for t in [inner, *terms]])
    if isinstance(node.op, _PRODUCTS):  # a * b / c ...: degrees add, a divisor's subtract
        factors: list[tuple[ast.expr, int]] = []
        inner = node
        while isinstance(inner, ast.BinOp) and isinstance(inner.op, _PRODUCTS):
            factors.append((inner.right, -1 if isinstance(inner.op, ast.Div) else 1))
            inner = inner.left
        total = 0
        anything = False
        for factor, sign in [(inner, 1), *factors]:
            found = _degree(factor, degrees)
            if found is None:
                return None
            if isinstance(found, int):
                total += found * sign
            else:
                anything = True
        return ANY if anything else total
    left, right = _degree(node.left, degrees), _degree(node.right, degrees)
    if left is None or right is None:
        return None
    if ANY in (left, right):
        return ANY if left == ANY else None
    assert isinstance(left, int) and isinstance(right, int)
    if isinstance(node.op, ast.Pow) and right == 0 and isinstance(node.right, ast.Constant) \
            and isinstance(node.right.value, int):
        return left * node.right.value
    return 0 if left == right == 0 else None


def _call(name: str, args: list[ast.expr], degrees: Mapping[str, int]) -> Degree:
    found = [_degree(a, degrees) for a in args]
    if name in _SAME:
        return _same(found)
    if name == "round":
        return found[0] if found else None
    if name == "div":  # div(a, b, default): a / b, or the default
        if len(found) != 3 or None in found[:2]:
            return None
        a, b = found[0], found[1]
        quotient: Degree = ANY if ANY in (a, b) else a - b  # type: ignore[operator]
        return _same([quotient, found[2]])
    return 0 if found and all(f in (0, ANY) for f in found) else None


def _same(found: list[Degree]) -> Degree:
    """The one degree all of ``found`` share (a constant 0 goes with any), else None."""
    chosen = {f for f in found if f != ANY}
    if None in chosen or len(chosen) > 1:
        return None
    return chosen.pop() if chosen else ANY
