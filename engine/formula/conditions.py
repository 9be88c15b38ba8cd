"""Conditions on a person's own results (a gate's ``when``, a team share's test): a
comparison over what the person's scorecard items came to, never over raw fields.

    achievement(revenue_achievement) < 80 and value(collection_rate) >= 85

The functions read one item of the card each, named by its indicator: ``value`` (the
item's value), ``achievement`` (the value as a percentage of the person's target, the
other way round for a lower-is-better indicator, as the rules work it out), ``target``
(the base target) and ``points`` (the item's points before any gate). They are not field
functions, so they live here and not in :mod:`.functions`.

A condition is checked once (:func:`compile_condition`) and then evaluated one person at
a time (:meth:`Condition.holds`, the reference) or a column at a time
(:meth:`Condition.column`) with the same operations in the same order: a division by 0,
or a read that cannot be made, is an error for that person on the reference path and a
row marked ``bad`` on the column path, which the reference then scores and words.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import cast

import numpy as np
from numpy.typing import NDArray

from ..diagnostics import did_you_mean, excerpt
from ..i18n import _
from .columns import settled_compare
from .functions import (
    COMPARE,
    MAX_DEPTH,
    MAX_LENGTH,
    EvaluationError,
    FormulaError,
    number_too_large,
)

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]
Read = tuple[str, str]  # (function, indicator)

#: The functions of a condition, each reading one item of the card, with what they say.
READS = {
    "value": "the item's value",
    "achievement": "the value as a percentage of the person's own target",
    "target": "the person's own (base) target",
    "points": "the item's points, before any gate",
}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
            ast.NotEq: "!="}
_ARITHMETIC = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _example() -> str:
    return _("e.g. {condition}").format(condition="achievement(revenue_achievement) < 80")


class ConditionError(FormulaError):
    """A condition that cannot be accepted; ``column`` is 1-based within it."""


@dataclass(frozen=True, eq=False)
class Condition:
    """A checked condition, parsed once."""

    text: str
    tree: ast.expr
    reads: tuple[Read, ...]  # each (function, indicator) it reads, in order of first use

    @property
    def indicators(self) -> frozenset[str]:
        return frozenset(name for _, name in self.reads)

    def holds(self, read: Callable[[str, str], float]) -> bool:
        """Whether the condition holds for one person, whose items ``read`` reads;
        raises :class:`EvaluationError` (a division by 0, a read that cannot be made)."""
        return bool(_scalar(self.tree, read))

    def column(self, read: Callable[[str, str], tuple[Floats, Flags]], n: int
               ) -> tuple[Flags, Flags]:
        """Whether it holds for each of ``n`` people, and who the column cannot answer for
        (``read`` gives each read as a column, with the rows it cannot make)."""
        found, bad = _columns(self.tree, read, n)
        return np.asarray(found, dtype=bool) & ~bad, bad

    def substitute(self, values: Mapping[Read, str]) -> str:
        """The text with each read replaced by its (formatted) value."""
        return _written(self.tree, values)


def compile_condition(text: str, indicators: Collection[str]) -> Condition:
    """Parse and check ``text``, whose functions may read the ``indicators``; raise
    :class:`FormulaError` with the column (1-based) of the problem."""
    text = text.strip()
    if not text:
        raise ConditionError(_("the condition is empty"), 0,
            _("write a comparison, {example}").format(example=_example()))
    if len(text) > MAX_LENGTH:
        raise ConditionError(_("the condition is {count:,} characters long; at most "
                               "{max_length:,} are allowed").format(
                                 count=len(text), max_length=MAX_LENGTH), 0,
                               _("split it into several gates"))
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise ConditionError(_("the condition cannot be read: {msg}").format(msg=exc.msg),
                             exc.offset or 0,
                           _("write a comparison, {example}").format(example=_example())) from None
    except (MemoryError, RecursionError, ValueError):
        raise ConditionError(_("the condition is nested too deeply"), 0,
                           _("split it into several gates")) from None
    reads: list[Read] = []
    _Checker(text, indicators, reads).truth(tree, 1)
    return Condition(text, tree, tuple(reads))


class _Checker:
    def __init__(self, text: str, indicators: Collection[str], reads: list[Read]) -> None:
        self.text, self.indicators, self.reads = text, indicators, reads

    def fail(self, node: ast.AST, message: str, hint: str) -> ConditionError:
        return ConditionError(message, getattr(node, "col_offset", -1) + 1, hint)

    def deep(self, node: ast.AST, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise self.fail(node, _("the condition is nested too deeply"),
                            _("split it into several gates"))

    def truth(self, node: ast.expr, depth: int) -> None:
        """A part that is true or false: a comparison, or comparisons joined."""
        self.deep(node, depth)
        if isinstance(node, ast.BoolOp):
            for part in node.values:
                self.truth(part, depth + 1)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            self.truth(node.operand, depth + 1)
        elif isinstance(node, ast.Compare):
            for op in node.ops:
                if type(op) not in _COMPARE:
                    raise self.fail(node, _("'{value}' compares with an operator a condition "
                                            "does not use").format(value=_source(self.text, node)),
                                    _("compare with <, <=, >, >=, == or !="))
            for part in (node.left, *node.comparators):
                self.number(part, depth + 1)
        else:
            raise self.fail(node, _("'{value}' is not a comparison").format(
                                      value=_source(self.text, node)),
                            _("a condition compares a result with a number, {example}").format(
                                example=_example()))

    def number(self, node: ast.expr, depth: int) -> None:
        """A part that is a number: a constant, a read, or arithmetic of them."""
        self.deep(node, depth)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            too_large = number_too_large(self.text, node, "condition")
            if too_large is not None:
                raise self.fail(node, *too_large)
            return
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            self.number(node.operand, depth + 1)
        elif isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
            self.number(node.left, depth + 1)
            self.number(node.right, depth + 1)
            if isinstance(node.op, ast.Div) and _constant(node.right) == 0:
                raise self.fail(node, _("division by zero in '{value}', whatever the "
                                        "results").format(value=_source(self.text, node)),
                                    _("divide by something that is not 0"))
        elif isinstance(node, ast.Call):
            self.call(node)
        elif isinstance(node, ast.Name):
            raise self.fail(node, _("'{id}' is read without a function").format(id=node.id),
                _("read an item with value({id}), achievement({id}), target({id}) or "
                  "points({id})").format(id=node.id))
        else:
            raise self.fail(node, _("'{value}' is not allowed in a condition").format(
                                      value=_source(self.text, node)),
                            _("use numbers, + - * /, comparisons, and, or, not, and value(), "
                              "achievement(), target(), points() of an indicator"))

    def call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in READS:
            raise self.fail(node, _("'{value}' is not a function of a condition").format(
                                      value=_source(self.text, node.func)),
                            _("use value(), achievement(), target() or points() of an "
                              "indicator"))
        if node.keywords or len(node.args) != 1 or not isinstance(node.args[0], ast.Name):
            raise self.fail(node, _("{name}() takes one indicator's name").format(name=name),
                            _("write e.g. {name}(revenue_achievement)").format(name=name))
        indicator = node.args[0].id
        if indicator not in self.indicators:
            raise _unknown(self.fail(node.args[0], "", ""), indicator, self.indicators)
        if (name, indicator) not in self.reads:
            self.reads.append((name, indicator))


def _unknown(error: FormulaError, name: str, known: Collection[str]) -> ConditionError:
    hint = did_you_mean(name, known) or _("name an indicator of the scorecard")
    return ConditionError(_("unknown indicator '{name}'").format(name=excerpt(name)),
                          error.column, hint)


def _constant(node: ast.expr) -> float | None:
    """The number a part made of numbers alone comes to (None: it reads a result)."""
    try:
        return float(_scalar(node, _no_read))
    except (EvaluationError, _Reads):
        return None


class _Reads(Exception):
    pass


def _no_read(function: str, name: str) -> float:
    raise _Reads


def _source(text: str, node: ast.AST) -> str:
    return ast.get_source_segment(text, node) or type(node).__name__


def _read_of(node: ast.Call) -> Read:
    assert isinstance(node.func, ast.Name) and isinstance(node.args[0], ast.Name)
    return node.func.id, node.args[0].id


def _scalar(node: ast.expr, read: Callable[[str, str], float]) -> float | bool:
    if isinstance(node, ast.Constant):
        return float(cast(float, node.value))
    if isinstance(node, ast.Call):
        return read(*_read_of(node))
    if isinstance(node, ast.UnaryOp):
        inner = _scalar(node.operand, read)
        return (not inner) if isinstance(node.op, ast.Not) else \
            -inner if isinstance(node.op, ast.USub) else +inner
    if isinstance(node, ast.BinOp):
        a, b = float(_scalar(node.left, read)), float(_scalar(node.right, read))
        if isinstance(node.op, ast.Div):
            if b == 0:
                raise EvaluationError(_("'{divisor}' in the condition is 0, and the condition "
                                        "divides by it").format(divisor=ast.unparse(node.right)),
                                      _("check the figures it reads for this person, or compare "
                                        "without dividing"))
            return a / b
        return a + b if isinstance(node.op, ast.Add) else \
            a - b if isinstance(node.op, ast.Sub) else a * b
    if isinstance(node, ast.BoolOp):
        is_and = isinstance(node.op, ast.And)
        for part in node.values:  # left to right, stopping as Python's and/or stop
            if bool(_scalar(part, read)) != is_and:
                return not is_and
        return is_and
    assert isinstance(node, ast.Compare)
    left = float(_scalar(node.left, read))
    for op, part in zip(node.ops, node.comparators, strict=True):
        right = float(_scalar(part, read))
        if not _compare(type(op), left, right):
            return False
        left = right
    return True


def _compare(op: type, a: float, b: float) -> bool:
    """As a formula compares: settled values, so 114.99999999999999 >= 115."""
    return bool(COMPARE[op](a, b))


def _columns(node: ast.expr, read: Callable[[str, str], tuple[Floats, Flags]], n: int
             ) -> tuple[Floats | Flags, Flags]:
    """The column form: the same operations, and the rows whose scalar form would raise
    (a part ``and``/``or`` does not reach is not asked, as in the scalar form)."""
    if isinstance(node, ast.Constant):
        return np.full(n, float(cast(float, node.value))), np.zeros(n, dtype=bool)
    if isinstance(node, ast.Call):
        return read(*_read_of(node))
    if isinstance(node, ast.UnaryOp):
        inner, bad = _columns(node.operand, read, n)
        if isinstance(node.op, ast.Not):
            return ~np.asarray(inner, dtype=bool), bad
        number = np.asarray(inner, dtype=np.float64)
        return (-number if isinstance(node.op, ast.USub) else +number), bad
    if isinstance(node, ast.BinOp):
        (a, bad_a), (b, bad_b) = _columns(node.left, read, n), _columns(node.right, read, n)
        a, b, bad = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64), \
            bad_a | bad_b
        with np.errstate(all="ignore"):
            if isinstance(node.op, ast.Div):
                return a / np.where(b == 0, 1.0, b), bad | (b == 0)
            return (a + b if isinstance(node.op, ast.Add) else
                    a - b if isinstance(node.op, ast.Sub) else a * b), bad
    if isinstance(node, ast.BoolOp):
        is_and = isinstance(node.op, ast.And)
        decided = np.zeros(n, dtype=bool)  # a part before gave the answer
        answer = np.full(n, is_and)
        bad = np.zeros(n, dtype=bool)
        for part in node.values:
            found, wrong = _columns(part, read, n)
            bad |= wrong & ~decided
            stops = (np.asarray(found, dtype=bool) != is_and) & ~decided
            answer[stops] = not is_and
            decided |= stops | wrong
        return answer, bad
    assert isinstance(node, ast.Compare)
    left, bad = _columns(node.left, read, n)
    holds = np.ones(n, dtype=bool)
    for op, part in zip(node.ops, node.comparators, strict=True):
        right, wrong = _columns(part, read, n)
        bad = bad | (wrong & holds)  # a chain stops at its first false link
        a, b = np.asarray(left, dtype=np.float64), np.asarray(right, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            holds = holds & _compare_columns(type(op), a, b)
        left = right
    return holds, bad


def _compare_columns(op: type, a: Floats, b: Floats) -> Flags:
    """:func:`_compare` of whole columns."""
    return np.asarray(settled_compare(op, a, b), dtype=bool)


def _written(node: ast.expr, values: Mapping[Read, str]) -> str:
    """The condition as written, each read replaced by its value (explain's numbers)."""
    if isinstance(node, ast.Call):
        return values.get(_read_of(node), ast.unparse(node))
    if isinstance(node, ast.Constant):
        return ast.unparse(node)
    if isinstance(node, ast.UnaryOp):
        word = "not " if isinstance(node.op, ast.Not) else "-" if isinstance(node.op, ast.USub) \
            else "+"
        return word + _written(node.operand, values)
    if isinstance(node, ast.BinOp):
        return f"({_written(node.left, values)} {_ARITHMETIC[type(node.op)]} " \
               f"{_written(node.right, values)})"
    if isinstance(node, ast.BoolOp):
        word = " and " if isinstance(node.op, ast.And) else " or "
        return "(" + word.join(_written(v, values) for v in node.values) + ")"
    assert isinstance(node, ast.Compare)
    parts = [_written(node.left, values)]
    for op, part in zip(node.ops, node.comparators, strict=True):
        parts += [_COMPARE[type(op)], _written(part, values)]
    return " ".join(parts)


__all__ = ["READS", "Condition", "ConditionError", "compile_condition"]
