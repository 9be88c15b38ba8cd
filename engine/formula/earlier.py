"""A field's figure over earlier months in an indicator's formula: ``previous(revenue)``,
the period just before the one scored (环比), and ``last_year(revenue)``, the same months a
year earlier (同比).

When a formula is checked, each such call becomes one name of its own, spelled as written
(``previous(revenue)``), which the scorer fills in from the earlier months' rows; every
evaluator then reads it as it reads a field. The names cannot clash with a field's, as a
field's id holds no brackets.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Mapping

from ..diagnostics import did_you_mean, excerpt
from ..i18n import _
from .functions import FormulaError, char_index, described

#: Each function that reads a field over earlier months, with what it means.
LOOK_BACK: dict[str, str] = {
    "previous": "previous(f): field f over the period just before the one scored, "
                "as long (环比)",
    "last_year": "last_year(f): field f over the same months a year earlier (同比)",
}


def earlier_name(kind: str, field: str) -> str:
    """The name a call ``kind(field)`` stands for in a checked formula."""
    return f"{kind}({field})"


def looked_back(name: str) -> tuple[str, str] | None:
    """``(kind, field)`` of a name made by :func:`earlier_name`; None for a field's name."""
    kind, bracket, rest = name.partition("(")
    if not bracket or kind not in LOOK_BACK or not rest.endswith(")"):
        return None
    return kind, rest[:-1]


def field_of(name: str) -> str:
    """The field a formula's name reads: itself, or the field of ``previous(field)``."""
    found = looked_back(name)
    return found[1] if found is not None else name


def zero_hint(looks_back: Collection[str], values: Mapping[str, object]) -> str | None:
    """What to tell a person whose formula divided by an earlier figure of 0 (a first
    period with no sales the period before): None if none of them is 0."""
    zero = sorted(n for n in looks_back if values.get(n) == 0)
    if not zero:
        return None
    return _("{name} is 0 for this person; to score a period after one without figures, "
             "divide with div(..., {name}, 0), which gives 0 then").format(name=zero[0])


def check_look_back(text: str, node: ast.Call, names: Collection[str]) -> str:
    """The name ``previous(field)`` (or ``last_year(field)``) stands for; raises
    :class:`FormulaError` unless the call names one field."""
    kind = node.func.id if isinstance(node.func, ast.Name) else ""
    doc = described(LOOK_BACK[kind])

    def fail(at: ast.AST, message: str, hint: str) -> FormulaError:
        index = char_index(text, getattr(at, "lineno", 1), getattr(at, "col_offset", 0))
        return FormulaError(message, index + 1, hint)

    if node.keywords or len(node.args) != 1:
        count = len(node.args) + len(node.keywords)
        raise fail(node, _("'{kind}' takes 1 argument, a field's name, not {count}").format(
                             kind=kind, count=count), doc)
    arg = node.args[0]
    if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) \
            and arg.func.id in LOOK_BACK:
        raise fail(arg, _("{kind}() takes a field's name, not another {id}()").format(
                            kind=kind, id=arg.func.id),
                   _("one step back at a time: to go further back, keep that figure as a field "
                     "of its own"))
    if not isinstance(arg, ast.Name):
        written = excerpt(ast.get_source_segment(text, arg) or "", 40)
        raise fail(arg, _("{kind}() takes a field's name, not '{written}'").format(
                            kind=kind, written=written),
                   _("write the calculation around it, e.g. {kind}(revenue) * 2").format(
                       kind=kind))
    if arg.id not in names:
        close = did_you_mean(arg.id, names)
        raise fail(arg, _("unknown field '{id}' in {kind}()").format(
                            id=excerpt(arg.id), kind=kind),
                   close or _("{kind}() takes the name of one of the scheme's fields").format(
                       kind=kind))
    return earlier_name(kind, arg.id)


def as_names(tree: ast.expr) -> ast.expr:
    """``tree`` with each checked ``previous(field)`` call replaced by the one name it
    stands for, at the call's place in the text (for explanations). A loop over the
    parts, not a recursion: a sum of a thousand fields is a chain a thousand deep."""
    if isinstance(tree, ast.Call) and _is_look_back(tree):
        return _as_name(tree)
    for node in list(ast.walk(tree)):
        for name, value in ast.iter_fields(node):
            if isinstance(value, list):
                value[:] = [_as_name(v) if _is_look_back(v) else v for v in value]
            elif _is_look_back(value):
                setattr(node, name, _as_name(value))
    return tree


def _is_look_back(node: object) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
        and node.func.id in LOOK_BACK and len(node.args) == 1 \
        and isinstance(node.args[0], ast.Name)


def _as_name(node: ast.AST) -> ast.Name:
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
        and isinstance(node.args[0], ast.Name)
    name = ast.Name(earlier_name(node.func.id, node.args[0].id), ast.Load())
    return ast.copy_location(name, node)
