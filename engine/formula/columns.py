"""Whole columns at once: formulas and rules over every person of a period with NumPy.

This is the fast path of :func:`engine.evaluate.score_period`. It has no semantics of
its own: every operation here is the same IEEE operation, in the same order, as the
person-by-person path that ``appraise explain`` traces, and every settled comparison
is replaced by a plain comparison with an edge found once (``engine.numbers``), which
gives the very same outcome. Whatever the columns cannot do exactly (powers, floors,
rounding inside a formula, an unusual event count, a division by zero, a value
outside every band) is marked per person, and those people are scored by the
person-by-person path, which is the reference, and which gives the message.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from ..formula.sandbox import Formula
from ..numbers import settle, settles_above, settles_at_least
from ..rules.base import (
    BandsRule,
    CountRule,
    FormulaRule,
    LinearRule,
    LowerIsBetterRule,
    PiecewiseRule,
    RatioRule,
    Rule,
    ThresholdRule,
    TwoLevelRule,
    VetoRule,
)

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]
Compiled = Callable[[Mapping[str, Floats]], tuple[Floats, Flags]]

# Inside a formula, only these work exactly on columns; anything else sends the
# formula person by person (it is rare, and the result is then exact by definition).
_EXACT_CALLS = frozenset({"abs", "min", "max", "clamp", "sqrt", "div"})


@dataclass(frozen=True)
class Scored:
    """Points for a column of people, and who must be scored person by person."""

    points: Floats
    fallback: Flags


def _at_least(x: Floats, edge: float) -> Flags:
    """``settle(x) >= edge`` for a whole column."""
    return x >= settles_at_least(edge)


def _at_most(x: Floats, edge: float) -> Flags:
    """``settle(x) <= edge`` for a whole column."""
    return x < settles_above(edge)


def _at_least_each(x: Floats, edges: Floats) -> Flags:
    """``settle(x) >= edge`` where every person has an edge of their own (a target)."""
    unique, inverse = np.unique(edges, return_inverse=True)
    table = np.array([settles_at_least(float(e)) for e in unique])
    return x >= table[inverse]


def _at_most_each(x: Floats, edges: Floats) -> Flags:
    unique, inverse = np.unique(edges, return_inverse=True)
    table = np.array([settles_above(float(e)) for e in unique])
    return x < table[inverse]


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
        test, body, orelse = _node(node.test), _node(node.body), _node(node.orelse)

        def choose(env: Mapping[str, Floats]) -> tuple[NDArray[np.float64] | float, Flags | bool]:
            t, t_bad = test(env)
            b, b_bad = body(env)
            o, o_bad = orelse(env)
            truth = _truthy(t)
            return np.where(truth, b, o), t_bad | np.where(truth, b_bad, o_bad)

        return choose
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    return _call(node.func.id, [_node(a) for a in node.args])


def _map(result: tuple[NDArray[np.float64] | float, Flags | bool],
         f: Callable[[NDArray[np.float64] | float], NDArray[np.float64] | float]
         ) -> tuple[NDArray[np.float64] | float, Flags | bool]:
    return f(result[0]), result[1]


def _truthy(x: NDArray[np.float64] | float) -> Flags:
    return np.asarray(np.asarray(x) != 0, dtype=np.bool_)


def _binop(node: ast.BinOp) -> _Node:
    left, right = _node(node.left), _node(node.right)
    op = node.op

    def run(env: Mapping[str, Floats]) -> tuple[NDArray[np.float64] | float, Flags | bool]:
        a, a_bad = left(env)
        b, b_bad = right(env)
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        bad = a_bad | b_bad
        if isinstance(op, ast.Add):
            return a + b, bad
        if isinstance(op, ast.Sub):
            return a - b, bad
        if isinstance(op, ast.Mult):
            return a * b, bad
        return a / b, bad | (b == 0)

    return run


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
                result = _SETTLED_COMPARE[type(op)](_settle_column(left), _settle_column(right))
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


def _settle_column(x: NDArray[np.float64] | float) -> Floats:
    """settle() of every value, by settle() itself (once per distinct value)."""
    column = np.atleast_1d(np.asarray(x, dtype=np.float64))
    unique, inverse = np.unique(column, return_inverse=True)
    settled = np.array([settle(v) for v in unique.tolist()], dtype=np.float64)
    return settled[inverse].reshape(column.shape)


def _constant_of(node: ast.expr) -> float | None:
    """The value of an operand made of numbers alone, or None if it uses a field."""
    if any(isinstance(n, ast.Name) and not _is_function(n, node) for n in ast.walk(node)):
        return None
    return Formula("", node, frozenset(), frozenset()).evaluate({})


def _is_function(name: ast.Name, root: ast.expr) -> bool:
    return any(isinstance(n, ast.Call) and n.func is name for n in ast.walk(root))


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


# -- rules --------------------------------------------------------------------------------


def _limit(points: Floats, cap: float | None, floor: float | None) -> Floats:
    if cap is not None:
        points = np.where(points > cap, cap, points)
    if floor is not None:
        points = np.where(points < floor, floor, points)
    return points


def _achievement(value: Floats, target: Floats) -> tuple[Floats, Flags]:
    return value / target * 100, target == 0


def score_columns(rule: Rule, value: Floats, base: Floats, stretch: Floats,
                  points_formula: Compiled | None = None) -> Scored:
    """Points of ``rule`` for a column of values against columns of targets."""
    with np.errstate(all="ignore"):
        points, fallback = _score(rule, value, base, stretch, points_formula)
    points = np.asarray(points, dtype=np.float64)
    return Scored(points, fallback | ~np.isfinite(value) | ~np.isfinite(points))


def _score(rule: Rule, value: Floats, base: Floats, stretch: Floats,
           points_formula: Compiled | None) -> tuple[Floats, Flags]:
    none = np.zeros(len(value), dtype=bool)
    if isinstance(rule, LinearRule):
        if rule.basis == "achievement":
            gain, bad = _achievement(value - base, np.abs(base))
        else:
            gain, bad = value - base, none
        if rule.direction == "lower_is_better":
            gain = -gain
        elif rule.direction == "closest_to_target":
            gain = -np.abs(gain)
        raw = np.where(gain >= 0, rule.at_target + gain * rule.above,
                       rule.at_target + gain * rule.below)
        return _limit(raw, rule.cap, rule.floor), bad
    if isinstance(rule, RatioRule):
        if rule.direction == "lower_is_better":
            ratio, bad = base / value * 100, value == 0
        else:
            ratio, bad = _achievement(value, base)
        return _limit(ratio * rule.factor, rule.cap, rule.floor), bad
    if isinstance(rule, TwoLevelRule):
        top = np.where(np.isnan(stretch), base, stretch)
        if rule.basis == "achievement":
            over, bad_over = _achievement(value, top)
            over = over - 100
            short, bad_short = _achievement(value, base)
            short = 100 - short
        else:
            over, short, bad_over, bad_short = value - top, base - value, none, none
        share = (value - base) / (top - base)
        reached_top, reached_base = _at_least_each(value, top), _at_least_each(value, base)
        raw = np.where(reached_top, rule.stretch_points + over * rule.above,
                       np.where(reached_base,
                                rule.base_points + share * (rule.stretch_points
                                                            - rule.base_points),
                                rule.base_points - short * rule.below))
        bad = np.where(reached_top, bad_over, np.where(reached_base, top == base, bad_short))
        return _limit(raw, rule.cap, rule.floor), bad
    if isinstance(rule, BandsRule):
        x, bad = _measure(rule.on, value, base)
        points = np.full(len(value), np.nan)
        found = np.zeros(len(value), dtype=bool)
        for band in rule.bands:
            inside = ~found
            if rule.closed == "lower":
                if band.low is not None:
                    inside &= _at_least(x, band.low)
                if band.high is not None:
                    inside &= ~_at_least(x, band.high)
            else:
                if band.low is not None:
                    inside &= ~_at_most(x, band.low)
                if band.high is not None:
                    inside &= _at_most(x, band.high)
            points = np.where(inside, band.points, points)
            found |= inside
        return points, bad | ~found
    if isinstance(rule, ThresholdRule):
        x, bad = _measure(rule.on, value, base)
        if rule.at_least is not None:
            met = _at_least(x, rule.at_least)
        elif rule.at_most is not None:
            met = _at_most(x, rule.at_most)
        else:
            edge = np.full(len(value), 100.0) if rule.on == "achievement" else base
            met = _at_most_each(x, edge) if rule.direction == "lower_is_better" \
                else _at_least_each(x, edge)
        return np.where(met, rule.points, rule.otherwise), bad
    if isinstance(rule, LowerIsBetterRule):
        under = _at_most_each(value, base)
        if rule.basis == "achievement":
            over, bad = _achievement(value, base)
            over = over - 100
        else:
            over, bad = value - base, none
        full = np.full(len(value), rule.points)
        raw = np.where(under, full, rule.points - over * rule.per_unit_over)
        return _limit(raw, rule.cap, rule.floor), np.where(under, False, bad)
    if isinstance(rule, PiecewiseRule):
        return _piecewise(rule, value, base)
    if isinstance(rule, CountRule | VetoRule):
        # Whole, non-negative counts settle to themselves; anything else goes person by
        # person, where it is checked and, if wrong, reported.
        unusual = (value != np.rint(value)) | (value < 0) | (np.abs(value) >= 1e12)
        if isinstance(rule, VetoRule):
            return np.where(value > 0, 1.0, 0.0), unusual
        raw = value * rule.per_event
        return _limit(raw, rule.max_points, None), unusual
    if isinstance(rule, FormulaRule):
        assert points_formula is not None
        names = {"value": value, "target": base, "stretch": stretch}
        bad = none
        if rule.formula is not None and "achievement" in rule.formula.names:
            names["achievement"], bad = _achievement(value, base)
        raw, raw_bad = points_formula(names)
        return _limit(raw, rule.cap, rule.floor), bad | raw_bad
    raise TypeError(f"no column form for {type(rule).__name__}")


def _measure(on: str, value: Floats, base: Floats) -> tuple[Floats, Flags]:
    if on == "achievement":
        return _achievement(value, base)
    return value, np.zeros(len(value), dtype=bool)


def _piecewise(rule: PiecewiseRule, value: Floats, base: Floats) -> tuple[Floats, Flags]:
    x, bad = _measure(rule.on, value, base)
    (x0, p0), (xn, pn) = rule.table[0], rule.table[-1]
    low, high = _at_most(x, x0), _at_least(x, xn)
    points = np.where(low, p0, np.where(high, pn, np.nan))
    done = low | high
    for (a, pa), (b, pb) in zip(rule.table, rule.table[1:], strict=False):
        here = ~done & _at_least(x, a) & _at_most(x, b)
        line = pa + (x - a) * (pb - pa) / (b - a)
        points = np.where(here, np.where(_at_most(x, a), pa,
                                         np.where(_at_least(x, b), pb, line)), points)
        done |= here
    return _limit(points, rule.cap, rule.floor), bad | ~done


# -- rounding and ranking a column ----------------------------------------------------------

_HALF_MARGIN = 1e-9  # far wider than settling (1e-12 relative) and binary error together


def round_column(x: Floats, places: int, mode: str) -> Floats:
    """``round_to(x, places, mode)`` for a column, in units of the last place (cents).

    Away from a half (…5) neither settling nor binary error can change the result, so
    plain arithmetic gives it; the few values near a half, or too large for doubles to
    hold to the cent, are rounded one by one by ``round_to`` itself.
    """
    from ..numbers import round_to

    scale = 10.0 ** places
    scaled = np.abs(x) * scale
    near_half = np.abs(scaled - np.floor(scaled) - 0.5) <= _HALF_MARGIN * np.maximum(1, scaled)
    units = np.floor(scaled + 0.5) if mode == "half_up" else np.rint(scaled)
    units = np.copysign(units, x)
    for i in np.flatnonzero(near_half | (np.abs(x) >= 1e9) | ~np.isfinite(x)):
        units[i] = float(round_to(float(x[i]), places, mode).scaleb(places))  # type: ignore[arg-type]
    return units + 0.0  # no negative zero


def rank_column(groups: NDArray[np.intp], shown: Floats) -> tuple[NDArray[np.intp],
                                                                   NDArray[np.intp]]:
    """Competition ranks (1, 2, 2, 4) of ``shown`` from the highest, within each group."""
    n = len(shown)
    order = np.lexsort((-shown, groups))
    g, v = groups[order], shown[order]
    position = np.arange(n)
    new_group = np.r_[True, g[1:] != g[:-1]] if n else np.zeros(0, dtype=bool)
    new_value = new_group | (np.r_[True, v[1:] != v[:-1]] if n else new_group)
    group_start = np.maximum.accumulate(np.where(new_group, position, 0)) if n else position
    value_start = np.maximum.accumulate(np.where(new_value, position, 0)) if n else position
    rank = np.empty(n, dtype=np.intp)
    rank[order] = value_start - group_start + 1
    size = np.bincount(groups, minlength=int(groups.max()) + 1 if n else 0)[groups]
    return rank, size.astype(np.intp)
