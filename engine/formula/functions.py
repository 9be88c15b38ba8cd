"""What a formula may do: its limits, the operators and functions of the sandbox, each on
floats and bounded, and the errors a formula can give.

A value is always a float: no big integers, no strings, no containers, so every
operation costs constant time and memory. Division by zero, overflows and complex
results are errors with the formula's words, not exceptions from deep inside Python.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..i18n import _
from ..numbers import round_to, settle

# What a formula may cost: its length, its parts (numbers, names, operators, calls) and how
# deeply it nests as written. A chain of one operator (a + b + c ..., or an elif chain) is
# one level however long, and every evaluator walks such a chain in a loop, not a recursion.
MAX_LENGTH = 10_000
MAX_DEPTH = 32
MAX_NODES = 2_000
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


def divisor_hint() -> str:
    """What to check when a divisor in a formula is 0, in the run's language."""
    return _("check the figures: a divisor in the formula is 0 for this person")


def divided_by_zero() -> EvaluationError:
    """The error of a formula that divides by 0 for these inputs."""
    return EvaluationError(_("division by zero"), divisor_hint())


def _div(a: float, b: float) -> float:
    if b == 0:
        raise divided_by_zero()
    return a / b


def _floordiv(a: float, b: float) -> float:
    if b == 0:
        raise divided_by_zero()
    return float(math.floor(settle(a / b)))  # 1380000 / 1200000 * 100 // 1 is 115, as by hand


def _mod(a: float, b: float) -> float:
    if b == 0:
        raise divided_by_zero()
    return a % b


def _pow(a: float, b: float) -> float:
    try:
        result: float | complex = float(a) ** float(b)
    except OverflowError:
        raise EvaluationError(_("a power is too large")) from None
    except ZeroDivisionError:
        raise EvaluationError(_("zero raised to a negative power")) from None
    if isinstance(result, complex):
        raise EvaluationError(_("a negative number raised to a fractional power"))
    return result


def _round(x: float, places: float = 0) -> float:
    return float(round_to(x, int(places)))


def _clamp(x: float, low: float, high: float) -> float:
    return min(max(x, low), high)


def _sqrt(x: float) -> float:
    if x < 0:
        raise EvaluationError(_("square root of a negative number"))
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

BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: _div, ast.FloorDiv: _floordiv, ast.Mod: _mod, ast.Pow: _pow,
}
UNARY: dict[type, Callable[[Any], Any]] = {
    ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_,
}


def _settled(compare: Callable[[float, float], bool]) -> Callable[[Any, Any], bool]:
    """A comparison of settled values: in a formula too, 114.99999999999999 >= 115."""
    return lambda a, b: compare(settle(float(a)), settle(float(b)))


COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: _settled(operator.lt), ast.LtE: _settled(operator.le),
    ast.Gt: _settled(operator.gt), ast.GtE: _settled(operator.ge),
    ast.Eq: _settled(operator.eq), ast.NotEq: _settled(operator.ne),
}

#: A team figure (团队平均): ``team_average(revenue)`` is the average of a number field over
#: the members of the person's unit. It is worked out for the whole period before anybody is
#: scored, and a formula reads it as one more input, under the name :func:`team_key` gives.
TEAM_AVERAGE = "team_average"
TEAM_DOC = ("team_average(field): the average of a number field over the members of the "
            "person's unit (团队平均)")


def team_key(field: str) -> str:
    """The input a formula reads for ``team_average(field)``: that text itself."""
    return f"{TEAM_AVERAGE}({field})"


#: The constructs a formula may use, for the documentation (in English).
ALLOWED = (
    "numbers, names of the scheme's fields, + - * / // % and ** (constant exponent "
    f"from -{MAX_EXPONENT} to {MAX_EXPONENT}), comparisons (< <= > >= == !=), and, or, not, "
    "'a if condition else b', and the functions " + ", ".join(FUNCTIONS)
)


def allowed_hint() -> str:
    """The constructs a formula may use, as the checker's hint says them."""
    return _("allowed: {constructs}").format(constructs=_(
        "numbers, names of the scheme's fields, + - * / // % and ** (constant exponent from "
        "-{most} to {most}), comparisons (< <= > >= == !=), and, or, not, 'a if condition else "
        "b', and the functions {functions}").format(most=MAX_EXPONENT,
                                                    functions=", ".join(FUNCTIONS)))


FORBIDDEN: dict[type, str] = {
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


def forbidden(kind: type) -> str:
    """What a construct of :data:`FORBIDDEN` is called, in the run's language."""
    said = {"attribute access (x.y)": _("attribute access (x.y)"),
            "indexing (x[...])": _("indexing (x[...])"),
            "a lambda function": _("a lambda function"), "a comprehension": _("a comprehension"),
            "a list": _("a list"), "a tuple": _("a tuple"), "a dictionary": _("a dictionary"),
            "a set": _("a set"), "an f-string": _("an f-string"),
            "a starred argument (*x)": _("a starred argument (*x)"),
            "assignment (:=)": _("assignment (:=)"), "a slice": _("a slice")}
    found = FORBIDDEN.get(kind)
    return said.get(found, found) if found else f"'{kind.__name__}'"



_NEWLINE = re.compile(r"\r\n|\r|\n")


def char_index(text: str, lineno: int, byte_offset: int) -> int:
    """The 0-based character index of an ast position (1-based line, UTF-8 byte column)."""
    start = 0
    for number, match in enumerate(_NEWLINE.finditer(text), start=2):
        if number > lineno:
            break
        start = match.end()
    end = _NEWLINE.search(text, start)
    line = text[start:end.start() if end else len(text)]
    return start + len(line.encode("utf-8")[:byte_offset].decode("utf-8", "ignore"))


def number_too_large(text: str, node: ast.Constant, what: str) -> tuple[str, str] | None:
    """The message and hint for a number of a formula or condition past what a float
    holds (an int too large for one is not finite either); None for any other."""
    try:
        finite = math.isfinite(node.value)  # type: ignore[arg-type]
    except OverflowError:
        finite = False
    if finite:
        return None
    written = ast.get_source_segment(text, node) or ""
    shown = written if len(written) <= 20 else written[:16] + "..."
    return (_("the number {shown} is too large").format(shown=shown),
            _("numbers in a condition must be below 1e308") if what == "condition" else
            _("numbers in a formula must be below 1e308"))


def described(doc: str) -> str:
    """A function's ``doc`` (of :data:`FUNCTIONS`, :data:`TEAM_DOC`, ``previous()`` and
    ``last_year()``), as a hint shows it in the run's language."""
    return {
        "abs(x): x without its sign": _("abs(x): x without its sign"),
        "min(a, b, ...): the smallest": _("min(a, b, ...): the smallest"),
        "max(a, b, ...): the largest": _("max(a, b, ...): the largest"),
        "round(x, places): half-up rounding, places 0 by default": _(
            "round(x, places): half-up rounding, places 0 by default"),
        "floor(x): round down": _("floor(x): round down"),
        "ceil(x): round up": _("ceil(x): round up"),
        "clamp(x, low, high): x kept between low and high": _(
            "clamp(x, low, high): x kept between low and high"),
        "sqrt(x): square root": _("sqrt(x): square root"),
        "div(a, b, default): a / b, or default when b is 0": _(
            "div(a, b, default): a / b, or default when b is 0"),
        TEAM_DOC: _("team_average(field): the average of a number field over the members of "
                    "the person's unit (团队平均)"),
        "previous(f): field f over the period just before the one scored, as long (环比)": _(
            "previous(f): field f over the period just before the one scored, as long (环比)"),
        "last_year(f): field f over the same months a year earlier (同比)": _(
            "last_year(f): field f over the same months a year earlier (同比)"),
    }.get(doc, doc)
