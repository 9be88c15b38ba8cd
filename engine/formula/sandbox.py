"""The sandbox: the only place a scheme's formulas ever run, one set of figures at a time.

A :class:`Formula` was checked when the scheme was validated (:mod:`.check`). It runs on
simpleeval with our own node table and operators (:mod:`.functions`), every value a
float, so there are no big integers, no strings and no containers: each operation costs
constant time and memory.
"""

from __future__ import annotations

import ast
import math
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import simpleeval

from ..i18n import _
from ..numbers import show
from .earlier import field_of
from .functions import (
    BINARY,
    COMPARE,
    FUNCTIONS,
    UNARY,
    EvaluationError,
    char_index,
    divided_by_zero,
    team_key,
)


@dataclass(frozen=True, eq=False)
class Formula:
    """A checked formula, parsed once and evaluated many times."""

    text: str
    tree: ast.expr
    names: frozenset[str]
    divisor_names: frozenset[str]
    team: frozenset[str] = frozenset()
    """The fields it takes the team's average of (``team_average(revenue)``)."""

    @cached_property
    def team_keys(self) -> frozenset[str]:
        """The inputs that hold those averages, read as the fields are."""
        return frozenset(team_key(name) for name in self.team)

    @cached_property
    def inputs(self) -> frozenset[str]:
        """Every input the formula reads: its fields and its team averages."""
        return self.names | self.team_keys

    looks_back: dict[str, int] = field(default_factory=dict)
    """Each ``previous(field)`` or ``last_year(field)`` among ``names``, with the character
    (1-based) of the formula it is first written at."""

    @cached_property
    def fields(self) -> frozenset[str]:
        """The fields the formula reads: its names, with ``previous(revenue)`` as
        ``revenue`` (a file kept by month gives it every month)."""
        if not self.looks_back:
            return self.names
        return frozenset(field_of(n) for n in self.names)

    def evaluate(self, values: Mapping[str, float]) -> float:
        """The formula's value for one set of inputs; raises :class:`EvaluationError`."""
        evaluator = _evaluator()
        evaluator.names = _inputs(self.inputs, values)
        try:
            result = evaluator.eval(self.text, previously_parsed=self.tree)
        except ZeroDivisionError:
            raise divided_by_zero() from None
        except (OverflowError, ArithmeticError):
            raise EvaluationError(_("a number is too large")) from None
        finally:
            evaluator.names = {}
        if isinstance(result, bool):
            return 1.0 if result else 0.0
        if not isinstance(result, float | int) or not math.isfinite(result):
            raise EvaluationError(_("the result is not a finite number"))
        return float(result)

    def substitute(self, values: Mapping[str, str]) -> str:
        """The formula text with each name replaced by its (formatted) value."""
        spans = sorted(
            (char_index(self.text, node.lineno, node.col_offset),
             char_index(self.text, node.end_lineno or node.lineno,
                         node.end_col_offset or node.col_offset),
             node.id)
            for node in ast.walk(self.tree)
            if isinstance(node, ast.Name) and node.id in values
        )
        out, last = "", 0
        for start, end, name in spans:
            out += self.text[last:start] + values[name]
            last = end
        return out + self.text[last:]

    def working(self, values: Mapping[str, float | str], value: float) -> str:
        """How the formula came to ``value``, as explain shows it: ``revenue_last_year * 1.2
        = 1,000,000 * 1.2 = 1,200,000`` (a lone name: ``revenue_plan = 1,000,000``)."""
        result = show(value)
        if isinstance(self.tree, ast.Name):  # a lone field, or team_average(f)
            return f"{self.text} = {result}"
        shown = self.substitute({k: show(v) if isinstance(v, float) else str(v)
                                 for k, v in values.items() if k in self.inputs})
        return f"{self.text} = {shown} = {result}"

    @cached_property
    def template(self) -> str:
        """The formula text with each name it reads as ``{name}``: how an explanation
        shows it with the figures put in (``{cash_collected} / {revenue} * 100``)."""
        return self.substitute({name: f"{{{name}}}" for name in self.inputs})


def _inputs(names: frozenset[str], values: Mapping[str, float]) -> dict[str, float]:
    """A fresh float copy of exactly the values the formula uses."""
    inputs: dict[str, float] = {}
    for name in names:
        if name not in values:
            missing = sorted(n for n in names if n not in values)
            raise EvaluationError(_("no value for '{name}'").format(name=missing[0]))
        try:
            inputs[name] = float(values[name])
        except (TypeError, ValueError, OverflowError):
            raise EvaluationError(_("the value of '{name}' is not a usable number").format(
                name=name)) from None
    return inputs



class _Evaluator(simpleeval.SimpleEval):  # type: ignore[misc]
    """simpleeval with only the node kinds the checker admits, and float arithmetic."""

    def __init__(self) -> None:
        operators: dict[type, Callable[..., Any]] = {**BINARY, **UNARY, **COMPARE}
        functions = {name: f.call for name, f in FUNCTIONS.items()}
        super().__init__(operators=operators, functions=functions, names={})
        self.nodes = {
            ast.Name: self._eval_name,
            ast.Constant: self._eval_float_constant,
            ast.UnaryOp: self._eval_unaryop,
            ast.BinOp: self._eval_binop,
            ast.BoolOp: self._eval_boolop,
            ast.Compare: self._eval_compare,
            ast.IfExp: self._eval_ifexp,
            ast.Call: self._eval_call,
        }

    def _eval_binop(self, node: ast.BinOp) -> Any:
        """a + b + c ... left to right, as Python would, in a loop: a sum of a thousand
        fields is a tree a thousand deep down its left."""
        chain: list[ast.BinOp] = []
        first: ast.expr = node
        while isinstance(first, ast.BinOp):
            chain.append(first)
            first = first.left
        value = self._eval(first)
        for link in reversed(chain):
            value = self.operators[type(link.op)](value, self._eval(link.right))
        return value

    def _eval_ifexp(self, node: ast.IfExp) -> Any:
        """'a if c else b if d else ...' choice by choice, in a loop."""
        chosen: ast.expr = node
        while isinstance(chosen, ast.IfExp):
            chosen = chosen.body if self._eval(chosen.test) else chosen.orelse
        return self._eval(chosen)

    @staticmethod
    def _eval_float_constant(node: ast.Constant) -> Any:
        value = node.value
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            return float(value)
        raise EvaluationError(f"the constant {value!r} is not a number")  # the checker forbids it


_LOCAL = threading.local()


def _evaluator() -> _Evaluator:
    """This thread's evaluator: simpleeval keeps the names on the instance, so sharing one
    across threads would let one person's values leak into another's result."""
    evaluator: _Evaluator | None = getattr(_LOCAL, "evaluator", None)
    if evaluator is None:
        evaluator = _LOCAL.evaluator = _Evaluator()
    return evaluator
