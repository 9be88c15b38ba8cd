"""A formula over whole columns of people at once, with NumPy.

The fast path of scoring. It has no semantics of its own: every operation here is the
same IEEE operation, in the same order, as the sandbox's evaluator (the reference,
which ``appraise explain`` traces), and every settled comparison is replaced by a
plain comparison with an edge found once (:mod:`appraise.numbers`), which gives the
very same outcome. Whatever the columns cannot do exactly (powers, floors, rounding
inside a formula, a division by zero) is marked per person, and those people are
scored person by person by the reference, which also gives the message.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable, Mapping
from typing import Any, cast
from weakref import WeakKeyDictionary

import numpy as np
from numpy.typing import NDArray

from ..numbers import settle, settles_above, settles_at_least
from .sandbox import Formula

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]
Compiled = Callable[[Mapping[str, Floats]], tuple[Floats, Flags]]

# Inside a formula, only these work exactly on columns; anything else sends the
# formula person by person (it is rare, and the result is then exact by definition).
_EXACT_CALLS = frozenset({"abs", "min", "max", "clamp", "sqrt", "div"})


# -- formulas -----------------------------------------------------------------------------


def compile_columns(formula: Formula) -> Compiled | None:
    """A function computing ``formula`` over columns, or None if it cannot do so exactly."""
    for node in ast.walk(formula.tree):
        if isinstance(node, ast.BinOp) and not isinstance(
                node.op, ast.Add | ast.Sub | ast.Mult | ast.Div):
            return None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id not in _EXACT_CALLS:
            return None
    body = _node(formula.tree)

    def run(columns: Mapping[str, Floats]) -> tuple[Floats, Flags]:
        with np.errstate(all="ignore"):
            value, bad = body(columns)
            result = np.asarray(value, dtype=np.float64)
            n = len(next(iter(columns.values()))) if columns else 1
            result = np.broadcast_to(result, (n,)).astype(np.float64)
        return result, np.broadcast_to(bad, result.shape) | ~np.isfinite(result)

    return run


_Node = Callable[[Mapping[str, Floats]], tuple[NDArray[np.float64] | float, Flags | bool]]


def _node(node: ast.expr) -> _Node:
    if isinstance(node, ast.Constant):
        constant = node.value if isinstance(node.value, bool) else float(cast(float, node.value))
        return lambda env: (constant, False)
    if isinstance(node, ast.Name):
        name = node.id
        return lambda env: (env[name], False)
    if isinstance(node, ast.UnaryOp):
        operand = _node(node.operand)
        if isinstance(node.op, ast.Not):
            return lambda env: _map(operand(env), lambda a: np.logical_not(a))
        if isinstance(node.op, ast.USub):
            return lambda env: _map(operand(env), lambda a: -a)
        return operand
    if isinstance(node, ast.BinOp):
        return _binop(node)
    if isinstance(node, ast.BoolOp):
        return _boolop(node)
    if isinstance(node, ast.Compare):
        return _compare(node)
    if isinstance(node, ast.IfExp):
        return _ifexp(node)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    return _call(node.func.id, [_node(a) for a in node.args])


def _map(result: tuple[NDArray[np.float64] | float, Flags | bool],
         f: Callable[[NDArray[np.float64] | float], NDArray[np.float64] | float]
         ) -> tuple[NDArray[np.float64] | float, Flags | bool]:
    return f(result[0]), result[1]


def _truthy(x: NDArray[np.float64] | float) -> Flags:
    return np.asarray(np.asarray(x) != 0, dtype=np.bool_)


def _binop(node: ast.BinOp) -> _Node:
    # a + b + c ... is a tree as deep as the chain is long down its left: walked in a loop,
    # left to right, the same operations in the same order as the reference
    chain: list[ast.BinOp] = []
    first: ast.expr = node
    while isinstance(first, ast.BinOp):
        chain.append(first)
        first = first.left
    start = _node(first)
    steps = [(link.op, _node(link.right)) for link in reversed(chain)]

    def run(env: Mapping[str, Floats]) -> tuple[NDArray[np.float64] | float, Flags | bool]:
        value, bad = start(env)
        a = np.asarray(value, dtype=np.float64)
        for op, right in steps:
            value, b_bad = right(env)
            b = np.asarray(value, dtype=np.float64)
            bad = bad | b_bad
            if isinstance(op, ast.Add):
                a = a + b
            elif isinstance(op, ast.Sub):
                a = a - b
            elif isinstance(op, ast.Mult):
                a = a * b
            else:
                a, bad = a / b, bad | (b == 0)
        return a, bad

    return run


def _ifexp(node: ast.IfExp) -> _Node:
    # 'a if c else b if d else ...': every choice over the whole column, the last first
    choices: list[tuple[_Node, _Node]] = []
    last: ast.expr = node
    while isinstance(last, ast.IfExp):
        choices.append((_node(last.test), _node(last.body)))
        last = last.orelse
    otherwise = _node(last)

    def choose(env: Mapping[str, Floats]) -> tuple[NDArray[np.float64] | float, Flags | bool]:
        value, bad = otherwise(env)
        for test, body in reversed(choices):
            t, t_bad = test(env)
            b, b_bad = body(env)
            truth = _truthy(t)
            value, bad = np.where(truth, b, value), t_bad | np.where(truth, b_bad, bad)
        return value, bad

    return choose


def _boolop(node: ast.BoolOp) -> _Node:
    parts = [_node(v) for v in node.values]
    is_and = isinstance(node.op, ast.And)

    def run(env: Mapping[str, Floats]) -> tuple[NDArray[np.float64] | float, Flags | bool]:
        value, bad = parts[0](env)
        # Python's 'a and b' gives a when a is false, else b; later parts only run
        # where the earlier ones let them, and so only there can they go wrong.
        for part in parts[1:]:
            going_on = _truthy(value) if is_and else ~_truthy(value)
            nxt, nxt_bad = part(env)
            value = np.where(going_on, nxt, value)
            bad = bad | (going_on & nxt_bad)
        return value, bad

    return run


def _compare_with_constant(op: ast.cmpop, x: Floats, edge: float) -> Flags:
    """``settle(x) op settle(edge)`` for a column, by plain comparisons with found edges."""
    edge = settle(edge)
    at_least, above = settles_at_least(edge), settles_above(edge)
    if isinstance(op, ast.GtE):
        return np.asarray(x >= at_least)
    if isinstance(op, ast.Gt):
        return np.asarray(x >= above)
    if isinstance(op, ast.Lt):
        return np.asarray(x < at_least)
    if isinstance(op, ast.LtE):
        return np.asarray(x < above)
    on = (x >= at_least) & (x < above)
    return np.asarray(on if isinstance(op, ast.Eq) else ~on)


_MIRROR: dict[type, ast.cmpop] = {
    ast.Lt: ast.Gt(), ast.LtE: ast.GtE(), ast.Gt: ast.Lt(), ast.GtE: ast.LtE(),
    ast.Eq: ast.Eq(), ast.NotEq: ast.NotEq(),
}


def _compare(node: ast.Compare) -> _Node:
    operands = [node.left, *node.comparators]
    constants = [_constant_of(o) for o in operands]
    parts = [_node(o) for o in operands]

    def run(env: Mapping[str, Floats]) -> tuple[NDArray[np.float64] | float, Flags | bool]:
        left, bad = parts[0](env)
        truth: Flags = np.asarray(True)
        for k, op in enumerate(node.ops):
            right, right_bad = parts[k + 1](env)
            bad = bad | (truth & right_bad)
            a, b = constants[k], constants[k + 1]
            if b is not None and a is None:
                result = _compare_with_constant(op, np.asarray(left, dtype=np.float64), b)
            elif a is not None and b is None:
                result = _compare_with_constant(_MIRROR[type(op)],
                                                np.asarray(right, dtype=np.float64), a)
            elif a is None and b is None:  # two varying sides: settle both, value by value
                result = settled_compare(type(op), left, right)
            else:  # both constant
                assert a is not None and b is not None
                result = np.asarray(_compare_with_constant(op, np.array([a]), b)[0])
            truth = truth & result
            left = right
        return truth.astype(np.float64), bad

    return run


_SETTLED_COMPARE: dict[type, Any] = {
    ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater,
    ast.GtE: np.greater_equal, ast.Eq: np.equal, ast.NotEq: np.not_equal,
}


def settled_compare(op: type, a: Floats | float, b: Floats | float) -> Any:
    """``settle(a) op settle(b)``, value by value, as a formula's comparison."""
    return _SETTLED_COMPARE[op](_settle_column(a), _settle_column(b))


def _settle_column(x: NDArray[np.float64] | float) -> Floats:
    """settle() of every value, by settle() itself (once per distinct value)."""
    column = np.atleast_1d(np.asarray(x, dtype=np.float64))
    unique, inverse = np.unique(column, return_inverse=True)
    settled = np.array([settle(v) for v in unique.tolist()], dtype=np.float64)
    return settled[inverse].reshape(column.shape)


def _constant_of(node: ast.expr) -> float | None:
    """The value of an operand made of numbers alone, or None if it uses a field."""
    functions = {id(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)}
    if any(isinstance(n, ast.Name) and id(n) not in functions for n in ast.walk(node)):
        return None
    return Formula("", node, frozenset(), frozenset()).evaluate({})


def _call(name: str, args: list[_Node]) -> _Node:
    def run(env: Mapping[str, Floats]) -> tuple[NDArray[np.float64] | float, Flags | bool]:
        values, bads = zip(*(a(env) for a in args), strict=True)
        bad = functools.reduce(np.logical_or, bads)
        columns = [np.asarray(v, dtype=np.float64) for v in values]
        if name == "abs":
            return np.abs(columns[0]), bad
        if name == "sqrt":
            return np.sqrt(columns[0]), bad | (columns[0] < 0)
        if name == "div":
            a, b, default = columns
            return np.where(b == 0, default, a / np.where(b == 0, 1.0, b)), bad
        # min and max: with NaN among the arguments Python's answer depends on their
        # order, so such people go person by person.
        bad = functools.reduce(np.logical_or, [np.isnan(c) for c in columns], bad)
        if name == "clamp":
            x, low, high = columns
            return np.minimum(np.maximum(x, low), high), bad
        reduce = np.minimum if name == "min" else np.maximum
        out = columns[0]
        for c in columns[1:]:
            out = reduce(out, c)
        return out, bad

    return run


_FORMS: WeakKeyDictionary[Formula, Compiled | None] = WeakKeyDictionary()


def column_form(formula: Formula) -> Compiled | None:
    """:func:`compile_columns` of ``formula``, made once however often it is asked for."""
    if formula not in _FORMS:
        _FORMS[formula] = compile_columns(formula)
    return _FORMS[formula]
