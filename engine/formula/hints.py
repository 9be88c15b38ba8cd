"""What a person can do about a formula written as in a spreadsheet (``IF(...)``,
``SUM(...)``, ``<>``, ``^``) or typed in Chinese input mode (``（``, ``，``, ``１``): the
formula this tool reads, with their own operands put in where we can."""

from __future__ import annotations

import ast
import re

from ..diagnostics import TYPED_IN_CHINESE, excerpt, type_instead, typed_name
from .functions import FUNCTIONS

IF_HINT = "write it as 'a if condition else b', e.g. 100 if revenue >= target else 0"
SYNTAX_HINT = "check brackets and operators; text must not be quoted"
_SIGNS = {"×": ("multiplication sign '×'", "*"), "÷": ("division sign '÷'", "/")}
_IF_CALL = re.compile(r"\bif\s*\(", re.IGNORECASE)


def character_problem(char: str) -> tuple[str, str] | None:
    """A character typed in place of one a formula needs: what it is, and the hint."""
    if char in TYPED_IN_CHINESE:
        return typed_name(char), type_instead(char)
    if char in _SIGNS:
        return _SIGNS[char][0], f"use '{_SIGNS[char][1]}'"
    return None


def syntax_hint(text: str) -> str:
    """The hint for a formula Python cannot read, from the spreadsheet habits it shows."""
    if text.lstrip().startswith("=") and not text.lstrip().startswith("=="):
        return "leave out the '=' at the start: a formula is written without it"
    if "<>" in text:
        return "write != for 'is not equal to'"
    if _IF_CALL.search(text):
        return IF_HINT
    return SYNTAX_HINT


def function_hint(text: str, call: ast.Call) -> str:
    """How to write a spreadsheet's function (IF, SUM, AVERAGE, ROUND, ...) here, or ''."""
    assert isinstance(call.func, ast.Name)
    name, args = call.func.id, call.args
    upper, shown = name.upper(), [_segment(text, a) for a in args]
    if upper == "IF":
        return IF_HINT if len(args) != 3 else \
            f"write it as 'a if condition else b': {shown[1]} if {shown[0]} else {shown[2]}"
    if upper == "SUM" and args:
        return "add with +: " + " + ".join(shown)
    if upper in ("AVERAGE", "AVG", "MEAN") and args:
        return f"write ({' + '.join(shown)}) / {len(args)}"
    if upper == "IFERROR" and len(args) == 2 and isinstance(args[0], ast.BinOp) \
            and isinstance(args[0].op, ast.Div):
        a, b = _segment(text, args[0].left), _segment(text, args[0].right)
        return f"for a division that may be by 0, write div(a, b, default): div({a}, {b}, " \
            f"{shown[1]})"
    if upper in ("AND", "OR") and len(args) >= 2:
        return "write " + f" {upper.lower()} ".join(_operand(text, a) for a in args)
    if upper == "NOT" and len(args) == 1:
        return f"write not {_operand(text, args[0])}"
    if upper in ("MOD", "POWER") and len(args) == 2:
        sign = "%" if upper == "MOD" else "**"
        return f"write {_operand(text, args[0])} {sign} {_operand(text, args[1])}"
    lower = {"CEILING": "ceil", "INT": "floor"}.get(upper, name.lower())
    if lower in FUNCTIONS:
        return f"write '{lower}' in small letters: {FUNCTIONS[lower].doc}" if lower == \
            name.lower() else f"write '{lower}': {FUNCTIONS[lower].doc}"
    return ""


def power_hint(text: str, node: ast.BinOp) -> str:
    """'^' is a power in a spreadsheet and something else in a formula here."""
    return f"for a power write **, e.g. {_operand(text, node.left)} ** " \
        f"{_operand(text, node.right)}"


def _segment(text: str, node: ast.expr) -> str:
    return excerpt(ast.get_source_segment(text, node) or "...", 40)


def _operand(text: str, node: ast.expr) -> str:
    """The operand as written, in brackets where an operator would bind it otherwise."""
    shown = _segment(text, node)
    simple = isinstance(node, ast.Name | ast.Constant | ast.Call | ast.Compare)
    return shown if simple else f"({shown})"
