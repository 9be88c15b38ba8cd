"""The formula sandbox: the only place a scheme's formulas ever run.

A formula is checked once, when the scheme is validated: it must be a single
arithmetic expression over the scheme's own names, built only from the
constructs listed in :data:`ALLOWED` and the functions in :data:`FUNCTIONS`.
Anything else is rejected then, with a message naming the construct, never at
scoring time. Evaluation runs on simpleeval with our own node table and
operators, and every value is a float, so there are no big integers, no
strings and no containers: each operation costs constant time and memory.
"""

from __future__ import annotations

import ast
import math
import operator
import re
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import simpleeval

from ..numbers import round_to, settle

MAX_LENGTH = 1000
MAX_DEPTH = 32
MAX_NODES = 300
MAX_EXPONENT = 10


class FormulaError(Exception):
    """A formula that cannot be accepted; ``column`` is 1-based within the formula."""

    def __init__(self, message: str, column: int = 0, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint


class EvaluationError(Exception):
    """A formula or rule that was valid but cannot give a number for these inputs;
    ``hint`` says what a person can check."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


DIVISOR_HINT = "check the figures: a divisor in the formula is 0 for this person"


def _div(a: float, b: float) -> float:
    if b == 0:
        raise EvaluationError("division by zero", DIVISOR_HINT)
    return a / b


def _floordiv(a: float, b: float) -> float:
    if b == 0:
        raise EvaluationError("division by zero", DIVISOR_HINT)
    return float(math.floor(settle(a / b)))  # 1380000 / 1200000 * 100 // 1 is 115, as by hand


def _mod(a: float, b: float) -> float:
    if b == 0:
        raise EvaluationError("division by zero", DIVISOR_HINT)
    return a % b


def _pow(a: float, b: float) -> float:
    try:
        result: float | complex = float(a) ** float(b)
    except OverflowError:
        raise EvaluationError("a power is too large") from None
    except ZeroDivisionError:
        raise EvaluationError("zero raised to a negative power") from None
    if isinstance(result, complex):
        raise EvaluationError("a negative number raised to a fractional power")
    return result


def _round(x: float, places: float = 0) -> float:
    return float(round_to(x, int(places)))


def _clamp(x: float, low: float, high: float) -> float:
    return min(max(x, low), high)


def _sqrt(x: float) -> float:
    if x < 0:
        raise EvaluationError("square root of a negative number")
    return math.sqrt(x)


def _safe_div(a: float, b: float, default: float) -> float:
    return default if b == 0 else a / b


def _floor(x: float) -> float:
    # math.floor raises on inf and NaN; let them through to the finiteness check.
    return float(math.floor(settle(x))) if math.isfinite(x) else x


def _ceil(x: float) -> float:
    return float(math.ceil(settle(x))) if math.isfinite(x) else x


@dataclass(frozen=True)
class Function:
    call: Callable[..., float]
    min_args: int
    max_args: int
    doc: str


FUNCTIONS: dict[str, Function] = {
    "abs": Function(abs, 1, 1, "abs(x): x without its sign"),
    "min": Function(min, 2, 20, "min(a, b, ...): the smallest"),
    "max": Function(max, 2, 20, "max(a, b, ...): the largest"),
    "round": Function(_round, 1, 2, "round(x, places): half-up rounding, places 0 by default"),
    "floor": Function(_floor, 1, 1, "floor(x): round down"),
    "ceil": Function(_ceil, 1, 1, "ceil(x): round up"),
    "clamp": Function(_clamp, 3, 3, "clamp(x, low, high): x kept between low and high"),
    "sqrt": Function(_sqrt, 1, 1, "sqrt(x): square root"),
    "div": Function(_safe_div, 3, 3, "div(a, b, default): a / b, or default when b is 0"),
}

_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: _div, ast.FloorDiv: _floordiv, ast.Mod: _mod, ast.Pow: _pow,
}
_UNARY: dict[type, Callable[[Any], Any]] = {
    ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_,
}


def _settled(compare: Callable[[float, float], bool]) -> Callable[[Any, Any], bool]:
    """A comparison of settled values: in a formula too, 114.99999999999999 >= 115."""
    return lambda a, b: compare(settle(float(a)), settle(float(b)))


_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: _settled(operator.lt), ast.LtE: _settled(operator.le),
    ast.Gt: _settled(operator.gt), ast.GtE: _settled(operator.ge),
    ast.Eq: _settled(operator.eq), ast.NotEq: _settled(operator.ne),
}

#: The constructs a formula may use, for the documentation and the checker.
ALLOWED = (
    "numbers, names of the scheme's fields, + - * / // % and ** (constant exponent "
    f"from -{MAX_EXPONENT} to {MAX_EXPONENT}), comparisons (< <= > >= == !=), and, or, not, "
    "'a if condition else b', and the functions " + ", ".join(FUNCTIONS)
)

_FORBIDDEN: dict[type, str] = {
    ast.Attribute: "attribute access (x.y)",
    ast.Subscript: "indexing (x[...])",
    ast.Lambda: "a lambda function",
    ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension",
    ast.List: "a list", ast.Tuple: "a tuple", ast.Dict: "a dictionary", ast.Set: "a set",
    ast.JoinedStr: "an f-string", ast.Starred: "a starred argument (*x)",
    ast.NamedExpr: "assignment (:=)", ast.Await: "await",
    ast.Yield: "yield", ast.YieldFrom: "yield", ast.Slice: "a slice",
}


@dataclass(frozen=True, eq=False)
class Formula:
    """A checked formula, parsed once and evaluated many times."""

    text: str
    tree: ast.expr
    names: frozenset[str]
    divisor_names: frozenset[str]

    def evaluate(self, values: Mapping[str, float]) -> float:
        """The formula's value for one set of inputs; raises :class:`EvaluationError`."""
        evaluator = _evaluator()
        evaluator.names = _inputs(self.names, values)
        try:
            result = evaluator.eval(self.text, previously_parsed=self.tree)
        except ZeroDivisionError:
            raise EvaluationError("division by zero", DIVISOR_HINT) from None
        except (OverflowError, ArithmeticError):
            raise EvaluationError("a number is too large") from None
        finally:
            evaluator.names = {}
        if isinstance(result, bool):
            return 1.0 if result else 0.0
        if not isinstance(result, float | int) or not math.isfinite(result):
            raise EvaluationError("the result is not a finite number")
        return float(result)

    def substitute(self, values: Mapping[str, str]) -> str:
        """The formula text with each name replaced by its (formatted) value."""
        spans = sorted(
            (_char_index(self.text, node.lineno, node.col_offset),
             _char_index(self.text, node.end_lineno or node.lineno,
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

    @cached_property
    def template(self) -> str:
        """The formula text with each name it reads as ``{name}``: how an explanation
        shows it with the figures put in (``{cash_collected} / {revenue} * 100``)."""
        return self.substitute({name: f"{{{name}}}" for name in self.names})


def _inputs(names: frozenset[str], values: Mapping[str, float]) -> dict[str, float]:
    """A fresh float copy of exactly the values the formula uses."""
    inputs: dict[str, float] = {}
    for name in names:
        if name not in values:
            missing = sorted(n for n in names if n not in values)
            raise EvaluationError(f"no value for '{missing[0]}'")
        try:
            inputs[name] = float(values[name])
        except (TypeError, ValueError, OverflowError):
            raise EvaluationError(f"the value of '{name}' is not a usable number") from None
    return inputs


def compile_formula(text: str, names: Collection[str]) -> Formula:
    """Parse and check ``text`` against the allowed ``names``; raise :class:`FormulaError`."""
    text = text.strip()
    if not text:
        raise FormulaError("the formula is empty")
    if "\x00" in text:
        raise FormulaError("the formula contains an invisible zero character",
                           text.index("\x00") + 1, "type the formula again")
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            f"the formula is {len(text)} characters long; at most {MAX_LENGTH} are allowed",
            hint="split it into several indicators or fields",
        )
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise FormulaError(*_syntax_message(text, exc)) from None
    except (MemoryError, RecursionError, ValueError):
        raise FormulaError("the formula is nested too deeply") from None
    checker = _Checker(text, names)
    checker.check(tree, 1)
    _check_constant_parts(text, tree)
    return Formula(text, tree, frozenset(checker.used), frozenset(checker.divisors))


def _check_constant_parts(text: str, node: ast.expr) -> None:
    """Work out each part made of constants alone now, so that ``x / 0`` or ``1e200 ** 2``
    is reported when the scheme is validated, not for every person at scoring time."""
    if _constant(node):
        if not isinstance(node, ast.Constant):
            _evaluate_constant(text, node)
        return
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div | ast.FloorDiv | ast.Mod) \
            and _constant(node.right) and _evaluate_constant(text, node.right) == 0:
        raise FormulaError(f"division by zero in '{ast.get_source_segment(text, node)}', "
                           "whatever the figures",
                           _char_index(text, node.lineno, node.col_offset) + 1,
                           "divide by something that is not 0, or use div(a, b, default)")
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.expr):
            _check_constant_parts(text, child)


def _constant(node: ast.expr) -> bool:
    """Whether ``node`` uses no field at all (function names are not fields)."""
    functions = {id(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)}
    return not any(isinstance(n, ast.Name) and id(n) not in functions for n in ast.walk(node))


def _evaluate_constant(text: str, node: ast.expr) -> float:
    try:
        return Formula(text, node, frozenset(), frozenset()).evaluate({})
    except EvaluationError as exc:
        part = ast.get_source_segment(text, node) or text
        raise FormulaError(f"{exc} in '{part}', whatever the figures",
                           _char_index(text, node.lineno, node.col_offset) + 1,
                           "correct the constant part of the formula") from None


_STATEMENTS = {
    "Assign": "an assignment (=)", "AugAssign": "an assignment", "AnnAssign": "an assignment",
    "Import": "an import", "ImportFrom": "an import",
}


def _syntax_message(text: str, exc: SyntaxError) -> tuple[str, int, str]:
    try:
        body = ast.parse(text, mode="exec").body
    except SyntaxError:
        body = None
    except (MemoryError, RecursionError, ValueError):
        return ("the formula is nested too deeply", 0, "")
    if body == []:
        return ("the formula holds only a comment", 1, "write the calculation before the '#'")
    if body and len(body) > 1:
        second = body[1]
        return ("a formula is a single expression, but this holds several",
                _char_index(text, second.lineno, second.col_offset) + 1,
                "write one calculation; if it spans lines, put it in brackets")
    if body:
        kind = type(body[0]).__name__
        what = _STATEMENTS.get(kind, f"a statement ({kind.lower()})")
        hint = "write only the calculation, e.g. revenue / 1000"
        if kind == "Assign":
            hint = "to compare two values write ==; otherwise " + hint
        return (f"a formula is a single expression, not {what}", 1, hint)
    # SyntaxError offsets count characters (unlike node offsets); 0 means "at the end".
    line_start = _char_index(text, exc.lineno or 1, 0)
    column = line_start + exc.offset if exc.offset else len(text) + 1
    return (f"the formula is not valid: {exc.msg}", column,
            "check brackets and operators; text must not be quoted")


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _char_index(text: str, lineno: int, byte_offset: int) -> int:
    """The 0-based character index of an ast position (1-based line, UTF-8 byte column)."""
    start = 0
    for number, match in enumerate(_NEWLINE.finditer(text), start=2):
        if number > lineno:
            break
        start = match.end()
    end = _NEWLINE.search(text, start)
    line = text[start:end.start() if end else len(text)]
    return start + len(line.encode("utf-8")[:byte_offset].decode("utf-8", "ignore"))


class _Checker:
    def __init__(self, text: str, names: Collection[str]) -> None:
        self.text = text
        self.names = names
        self.used: set[str] = set()
        self.divisors: set[str] = set()
        self.nodes = 0

    def fail(self, node: ast.AST, message: str, hint: str = "") -> FormulaError:
        index = _char_index(self.text, getattr(node, "lineno", 1), getattr(node, "col_offset", 0))
        return FormulaError(message, index + 1, hint)

    def check(self, node: ast.expr, depth: int) -> None:
        self.nodes += 1
        if depth > MAX_DEPTH or self.nodes > MAX_NODES:
            raise self.fail(node, f"the formula is too complex (more than {MAX_DEPTH} levels "
                            f"of nesting or {MAX_NODES} parts)", "split it into simpler parts")
        if type(node) in _FORBIDDEN:
            raise self.fail(node, f"{_FORBIDDEN[type(node)]} is not allowed in a formula",
                            "allowed: " + ALLOWED)
        method = getattr(self, "check_" + type(node).__name__, None)
        if method is None:
            raise self.fail(node, f"'{type(node).__name__}' is not allowed in a formula",
                            "allowed: " + ALLOWED)
        method(node, depth)

    def check_Constant(self, node: ast.Constant, depth: int) -> None:
        if isinstance(node.value, str):
            raise self.fail(node, "text is not allowed in a formula",
                            "formulas work on numbers; ratings are scored by a rating rule")
        if not isinstance(node.value, int | float) or isinstance(node.value, complex):
            raise self.fail(node, f"the constant {node.value!r} is not allowed in a formula")
        try:
            finite = math.isfinite(node.value)
        except OverflowError:  # an int too large for a float
            finite = False
        if not finite:
            written = ast.get_source_segment(self.text, node) or ""
            shown = written if len(written) <= 20 else written[:16] + "..."
            raise self.fail(node, f"the number {shown} is too large",
                            "numbers in a formula must be below 1e308")

    def check_Name(self, node: ast.Name, depth: int) -> None:
        if node.id.startswith("_"):
            raise self.fail(node, f"names starting with '_' are not allowed ('{node.id}')")
        if node.id in FUNCTIONS:
            raise self.fail(node, f"the function '{node.id}' must be called with brackets")
        if node.id not in self.names:
            from ..diagnostics import did_you_mean

            raise self.fail(node, f"unknown name '{node.id}'", did_you_mean(node.id, self.names))
        self.used.add(node.id)

    def check_BinOp(self, node: ast.BinOp, depth: int) -> None:
        if type(node.op) not in _BINARY:
            raise self.fail(node, f"the operator '{_op_text(node.op)}' is not allowed",
                            "allowed: " + ALLOWED)
        if isinstance(node.op, ast.Pow):
            exponent = _constant_value(node.right)
            if exponent is None or abs(exponent) > MAX_EXPONENT:
                raise self.fail(node.right, "a power needs a constant exponent between "
                                f"-{MAX_EXPONENT} and {MAX_EXPONENT}",
                                "write e.g. x ** 2 or x ** 0.5")
        self.check(node.left, depth + 1)
        self.check(node.right, depth + 1)
        if isinstance(node.op, ast.Div | ast.FloorDiv | ast.Mod):
            # self.used leaves out the names of called functions, like 'sqrt'
            self.divisors |= {n.id for n in ast.walk(node.right)
                              if isinstance(n, ast.Name) and n.id in self.used}

    def check_UnaryOp(self, node: ast.UnaryOp, depth: int) -> None:
        if type(node.op) not in _UNARY:
            raise self.fail(node, f"the operator '{_op_text(node.op)}' is not allowed",
                            "allowed: " + ALLOWED)
        self.check(node.operand, depth + 1)

    def check_BoolOp(self, node: ast.BoolOp, depth: int) -> None:
        for value in node.values:
            self.check(value, depth + 1)

    def check_Compare(self, node: ast.Compare, depth: int) -> None:
        for op in node.ops:
            if type(op) not in _COMPARE:
                raise self.fail(node, f"the comparison '{_op_text(op)}' is not allowed",
                                "use < <= > >= == or !=")
        self.check(node.left, depth + 1)
        for comparator in node.comparators:
            self.check(comparator, depth + 1)

    def check_IfExp(self, node: ast.IfExp, depth: int) -> None:
        for part in (node.test, node.body, node.orelse):
            self.check(part, depth + 1)

    def check_Call(self, node: ast.Call, depth: int) -> None:
        if type(node.func) in _FORBIDDEN:
            self.check(node.func, depth + 1)  # names the construct: a lambda, an attribute...
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "only the listed functions may be called",
                            "functions: " + ", ".join(FUNCTIONS))
        function = FUNCTIONS.get(node.func.id)
        if function is None:
            from ..diagnostics import did_you_mean

            close = did_you_mean(node.func.id, FUNCTIONS)
            raise self.fail(node, f"unknown function '{node.func.id}'",
                            close if close.startswith("did") else
                            "functions: " + ", ".join(FUNCTIONS))
        if node.keywords:
            raise self.fail(node, f"'{node.func.id}' takes its arguments by position only",
                            function.doc)
        count = len(node.args)
        if not function.min_args <= count <= function.max_args:
            raise self.fail(node, f"'{node.func.id}' takes {_arity(function)}, not {count}",
                            function.doc)
        if node.func.id == "round" and count == 2:
            places = _constant_value(node.args[1])
            if places is None or places not in range(0, 7):
                raise self.fail(node.args[1], "round() needs a constant 0 to 6 for its places")
        for arg in node.args:
            self.check(arg, depth + 1)


def _arity(function: Function) -> str:
    if function.min_args == function.max_args:
        n = function.min_args
        return f"{n} argument" + ("s" if n != 1 else "")
    return f"{function.min_args} to {function.max_args} arguments"


def _constant_value(node: ast.expr) -> float | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _constant_value(node.operand)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) \
            and not isinstance(node.value, bool):
        return float(node.value)
    return None


def _op_text(op: ast.AST) -> str:
    return {
        "BitAnd": "&", "BitOr": "|", "BitXor": "^", "LShift": "<<", "RShift": ">>",
        "MatMult": "@", "Invert": "~", "Is": "is", "IsNot": "is not", "In": "in",
        "NotIn": "not in",
    }.get(type(op).__name__, type(op).__name__)


class _Evaluator(simpleeval.SimpleEval):  # type: ignore[misc]
    """simpleeval with only the node kinds the checker admits, and float arithmetic."""

    def __init__(self) -> None:
        operators: dict[type, Callable[..., Any]] = {**_BINARY, **_UNARY, **_COMPARE}
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
