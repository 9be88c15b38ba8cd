"""What a person can do about a formula written as in a spreadsheet (``IF(...)``,
``SUM(...)``, ``<>``, ``^``) or typed in Chinese input mode (``（``, ``，``, ``１``): the
formula this tool reads, with their own operands put in where we can."""

from __future__ import annotations

import ast
import re

from ..diagnostics import TYPED_IN_CHINESE, excerpt, type_instead, typed_name
from ..i18n import _
from .functions import FUNCTIONS, char_index, described

_SIGNS = {"×": "*", "÷": "/"}
_IF_CALL = re.compile(r"\bif\s*\(", re.IGNORECASE)


def _if_hint() -> str:
    return _("write it as 'a if condition else b', e.g. 100 if revenue >= target else 0")


def character_problem(char: str) -> tuple[str, str] | None:
    """A character typed in place of one a formula needs: what it is, and the hint."""
    if char in TYPED_IN_CHINESE:
        return typed_name(char), type_instead(char)
    if char in _SIGNS:
        said = _("multiplication sign '{sign}'") if char == "×" else \
            _("division sign '{sign}'")
        return said.format(sign=char), _("use '{sign}'").format(sign=_SIGNS[char])
    return None


def syntax_hint(text: str) -> str:
    """The hint for a formula Python cannot read, from the spreadsheet habits it shows."""
    if text.lstrip().startswith("=") and not text.lstrip().startswith("=="):
        return _("leave out the '=' at the start: a formula is written without it")
    if "<>" in text:
        return _("write != for 'is not equal to'")
    if _IF_CALL.search(text):
        return _if_hint()
    return _("check brackets and operators; text must not be quoted")


def syntax_message(text: str, exc: SyntaxError) -> tuple[str, int, str]:
    """What is wrong with a formula Python cannot read: the message, the 1-based column
    (0: the whole formula) and the hint."""
    try:
        body = ast.parse(text, mode="exec").body
    except SyntaxError:
        body = None
    except (MemoryError, RecursionError, ValueError):
        return (_("the formula is nested too deeply"), 0, _("split it into simpler parts"))
    if body == []:
        return (_("the formula holds only a comment"), 1,
                _("write the calculation before the '#'"))
    if body and len(body) > 1:
        second = body[1]
        return (_("a formula is a single expression, but this holds several"),
                char_index(text, second.lineno, second.col_offset) + 1,
                _("write one calculation; if it spans lines, put it in brackets"))
    if body:
        kind = type(body[0]).__name__
        what = {"Assign": _("an assignment (=)"), "AugAssign": _("an assignment"),
                "AnnAssign": _("an assignment"), "Import": _("an import"),
                "ImportFrom": _("an import")}.get(kind) or _("a statement ({kind})").format(
                    kind=kind.lower())
        hint = _("to compare two values write ==; otherwise write only the calculation, e.g. "
                 "revenue / 1000") if kind == "Assign" else \
            _("write only the calculation, e.g. revenue / 1000")
        return (_("a formula is a single expression, not {what}").format(what=what), 1, hint)
    # SyntaxError offsets count characters (unlike node offsets); 0 means "at the end".
    line_start = char_index(text, exc.lineno or 1, 0)
    column = line_start + exc.offset if exc.offset else len(text) + 1
    if (typed := character_problem(text[column - 1:column])) is not None:
        return (_("the formula is not valid: {problem}").format(problem=typed[0]), column,
                typed[1])
    return (_("the formula is not valid: {problem}").format(problem=_python_problem(exc.msg)),
            column, syntax_hint(text))


_BRACKET = re.compile(r"'(.)' was never closed|unmatched '(.)'|"
                      r"unterminated string literal \(detected at line (\d+)\)")


def _python_problem(said: str) -> str:
    """Python's usual words for a formula it cannot read, in the run's language (as it says
    them, if not known)."""
    found = _BRACKET.fullmatch(said)
    if found is None:
        return {"invalid syntax": _("invalid syntax"),
                "invalid decimal literal": _("invalid decimal literal")}.get(said, said)
    opened, closed, line = found.groups()
    if opened:
        return _("'{bracket}' was never closed").format(bracket=opened)
    if closed:
        return _("unmatched '{bracket}'").format(bracket=closed)
    return _("unterminated string literal (detected at line {line})").format(line=line)


def function_hint(text: str, call: ast.Call) -> str:
    """How to write a spreadsheet's function (IF, SUM, AVERAGE, ROUND, ...) here, or ''."""
    assert isinstance(call.func, ast.Name)
    name, args = call.func.id, call.args
    upper, shown = name.upper(), [_segment(text, a) for a in args]
    if upper == "IF":
        return _if_hint() if len(args) != 3 else \
            _("write it as 'a if condition else b': {then} if {condition} else {other}").format(
                then=shown[1], condition=shown[0], other=shown[2])
    if upper == "SUM" and args:
        return _("add with +: {sum}").format(sum=" + ".join(shown))
    if upper in ("AVERAGE", "AVG", "MEAN") and args:
        return _("write {average}").format(average=f"({' + '.join(shown)}) / {len(args)}")
    if upper == "IFERROR" and len(args) == 2 and isinstance(args[0], ast.BinOp) \
            and isinstance(args[0].op, ast.Div):
        a, b = _segment(text, args[0].left), _segment(text, args[0].right)
        return _("for a division that may be by 0, write div(a, b, default): {call}").format(
            call=f"div({a}, {b}, {shown[1]})")
    if upper in ("AND", "OR") and len(args) >= 2:
        return _("write {formula}").format(
            formula=f" {upper.lower()} ".join(_operand(text, a) for a in args))
    if upper == "NOT" and len(args) == 1:
        return _("write {formula}").format(formula=f"not {_operand(text, args[0])}")
    if upper in ("MOD", "POWER") and len(args) == 2:
        sign = "%" if upper == "MOD" else "**"
        return _("write {formula}").format(
            formula=f"{_operand(text, args[0])} {sign} {_operand(text, args[1])}")
    lower = {"CEILING": "ceil", "INT": "floor"}.get(upper, name.lower())
    if lower in FUNCTIONS:
        said = _("write '{name}' in small letters: {doc}") if lower == name.lower() else \
            _("write '{name}': {doc}")
        return said.format(name=lower, doc=described(FUNCTIONS[lower].doc))
    return ""


def power_hint(text: str, node: ast.BinOp) -> str:
    """'^' is a power in a spreadsheet and something else in a formula here."""
    return _("for a power write **, e.g. {power}").format(
        power=f"{_operand(text, node.left)} ** {_operand(text, node.right)}")


def _segment(text: str, node: ast.expr) -> str:
    return excerpt(ast.get_source_segment(text, node) or "...", 40)


def _operand(text: str, node: ast.expr) -> str:
    """The operand as written, in brackets where an operator would bind it otherwise."""
    shown = _segment(text, node)
    simple = isinstance(node, ast.Name | ast.Constant | ast.Call | ast.Compare)
    return shown if simple else f"({shown})"
