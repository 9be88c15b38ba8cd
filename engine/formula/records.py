"""Expressions over records (a field's ``of:`` and ``where:``): checked once, typed, and
evaluated one record at a time by the reference; the sources stage translates the same
checked tree into SQL.

The language is the formulas' own, over the columns of a record instead of a person's
fields: numbers, text, dates and booleans; ``+ - *``; comparisons (``==``, ``!=``, ``<``,
``<=``, ``>``, ``>=``, ``in (...)``); ``and``, ``or``, ``not``; a column of a record that
another refers to is reached through the reference (``customer.tier``). Missing values
follow SQL: a comparison with nothing is unknown, and a record whose filter is unknown is
left out.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..diagnostics import did_you_mean, excerpt
from ..i18n import _
from .functions import MAX_DEPTH, MAX_LENGTH, FormulaError, char_index

#: The types a column of records holds.
TYPES = ("text", "number", "date", "boolean")

ColumnPath = tuple[str, ...]
Value = Decimal | str | date | bool | None

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">",
            ast.GtE: ">="}
_ARITHMETIC = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}


def type_word(kind: str) -> str:
    """A column type as a message names it, in the run's language."""
    return {"text": _("text"), "number": _("a number"), "date": _("a date"),
            "boolean": _("true or false")}.get(kind, kind)


@dataclass(frozen=True)
class RecordExpr:
    """A checked expression: its text, its tree (every column a :class:`ast.Name` whose id
    is the dotted path), its type and the column paths it reads."""

    text: str
    tree: ast.expr
    type: str
    paths: frozenset[ColumnPath]

    def evaluate(self, read: Callable[[ColumnPath], Value]) -> Value:
        """The value for one record, ``read`` giving each column path's value."""
        found: Value = _value(self.tree, read)
        return found


def compile_record_expr(text: str, columns: Mapping[ColumnPath, str],
                        expect: str | None = None) -> RecordExpr:
    """Parse and type ``text`` against the column paths a record reaches (``columns``: path
    to type); ``expect``: the type it must have (``boolean`` for a filter). Raises
    :class:`FormulaError` with the character the problem is at."""
    text = text.strip()
    if not text:
        raise FormulaError(_("the expression is empty"))
    if len(text) > MAX_LENGTH:
        raise FormulaError(_("the expression is {count:,} characters long; at most "
                             "{max_length:,} are allowed").format(count=len(text),
                                                                   max_length=MAX_LENGTH))
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise FormulaError(_("this is not an expression: {problem}").format(
            problem=exc.msg), exc.offset or 0,
            _('write e.g. status == "shipped" and amount >= 50000')) from None
    except (MemoryError, RecursionError, ValueError):
        raise FormulaError(_("the expression is nested too deeply")) from None
    typer = _Typer(text, columns)
    tree = typer.rewrite(tree)
    kind = typer.type_of(tree, 1)
    if expect is not None and kind != expect:
        raise FormulaError(_("this is {found}, not a condition that holds or not").format(
            found=type_word(kind)) if expect == "boolean" else _(
            "this is {found}, expected {expected}").format(found=type_word(kind),
                                                          expected=type_word(expect)),
            0, _('compare a column, e.g. status == "shipped"') if expect == "boolean"
            else "")
    return RecordExpr(text, tree, kind, frozenset(typer.used))


class _Typer:
    def __init__(self, text: str, columns: Mapping[ColumnPath, str]) -> None:
        self.text, self.columns, self.used = text, columns, set[ColumnPath]()

    def at(self, node: ast.AST) -> int:
        return char_index(self.text, getattr(node, "lineno", 1),
                          getattr(node, "col_offset", 0)) + 1

    def fail(self, node: ast.AST, message: str, hint: str = "") -> FormulaError:
        return FormulaError(message, self.at(node), hint)

    def rewrite(self, node: ast.expr) -> ast.expr:
        """Each column reached through references (``customer.tier``) one name, its path;
        ``true`` and ``false`` as the data writes them (unless a column is so named)."""
        if isinstance(node, ast.Name) and node.id in ("true", "false") \
                and (node.id,) not in self.columns:
            return ast.copy_location(ast.Constant(value=node.id == "true"), node)
        if isinstance(node, ast.Attribute):
            parts, inner = [node.attr], node.value
            while isinstance(inner, ast.Attribute):
                parts.append(inner.attr)
                inner = inner.value
            if not isinstance(inner, ast.Name):
                raise self.fail(node, _("only a column can be followed by '.'"))
            parts.append(inner.id)
            return ast.copy_location(ast.Name(id=".".join(reversed(parts)), ctx=ast.Load()),
                                     node)
        for name, value in ast.iter_fields(node):
            if isinstance(value, ast.expr):
                setattr(node, name, self.rewrite(value))
            elif isinstance(value, list):
                value[:] = [self.rewrite(v) if isinstance(v, ast.expr) else v for v in value]
        return node

    def type_of(self, node: ast.expr, depth: int) -> str:
        if depth > MAX_DEPTH:
            raise self.fail(node, _("the expression is nested too deeply"))
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.column(node)
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
            for side in (node.left, node.right):
                if self.type_of(side, depth + 1) != "number":
                    raise self.fail(side, _("'{op}' takes numbers; this is {found}").format(
                        op=_ARITHMETIC[type(node.op)], found=type_word(
                            self.type_of(side, depth + 1))))
            return "number"
        if isinstance(node, ast.BinOp):
            raise self.fail(node, _("only + - * are allowed in an expression over records"),
                            _("a ratio of two figures is written in the indicator's formula"))
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, depth)
        if isinstance(node, ast.BoolOp):
            for value in node.values:
                if self.type_of(value, depth + 1) != "boolean":
                    raise self.fail(value, _("'{op}' joins conditions; this is {found}").format(
                        op="and" if isinstance(node.op, ast.And) else "or",
                        found=type_word(self.type_of(value, depth + 1))))
            return "boolean"
        if isinstance(node, ast.Compare):
            return self.compare(node, depth)
        raise self.fail(node, _("'{what}' is not allowed in an expression over records").format(
            what=excerpt(ast.get_source_segment(self.text, node) or type(node).__name__)),
            _("use columns, numbers, \"text\", comparisons, and, or, not, + - *"))

    def constant(self, node: ast.Constant) -> str:
        if isinstance(node.value, bool):
            return "boolean"
        if isinstance(node.value, int | float):
            return "number"
        if isinstance(node.value, str):
            return "text"
        raise self.fail(node, _("'{what}' is not allowed in an expression over records").format(
            what=excerpt(repr(node.value))))

    def column(self, node: ast.Name) -> str:
        path = tuple(node.id.split("."))
        if path not in self.columns:
            raise self.fail(node, *self.unknown(path))
        self.used.add(path)
        return self.columns[path]

    def unknown(self, path: ColumnPath) -> tuple[str, str]:
        """Why a path names no column, and what to write: the column it meant, or, where a
        column is followed by a dot, that it refers to no other source to go on into."""
        name = ".".join(path)
        known = [p for p in self.columns if len(p) == len(path) and p[:-1] == path[:-1]]
        head = next((path[:k] for k in range(len(path) - 1, 0, -1) if path[:k] in self.columns),
                    None)
        if not known and head is not None:
            return (_("unknown column '{name}': '{step}' refers to no other source of records, "
                      "so no column follows it").format(name=excerpt(name),
                                                        step=".".join(head)),
                    _("declare refers: on the column, or name a column that has one"))
        if not known:
            known = [p for p in self.columns if len(p) == 1]
        names = [".".join(p) for p in known]
        return (_("unknown column '{name}'").format(name=excerpt(name)),
                did_you_mean(name, names) or _("the columns are: {names}").format(
                    names=", ".join(sorted(names))))

    def unary(self, node: ast.UnaryOp, depth: int) -> str:
        kind = self.type_of(node.operand, depth + 1)
        if isinstance(node.op, ast.Not) and kind == "boolean":
            return kind
        if isinstance(node.op, ast.USub | ast.UAdd) and kind == "number":
            return kind
        raise self.fail(node, _("'{op}' cannot take {found}").format(
            op="not" if isinstance(node.op, ast.Not) else "-", found=type_word(kind)))

    def compare(self, node: ast.Compare, depth: int) -> str:
        if len(node.ops) != 1:
            raise self.fail(node, _("write one comparison at a time, joined by 'and'"),
                            _("e.g. amount >= 100 and amount < 500"))
        op, right = node.ops[0], node.comparators[0]
        left_type = self.type_of(node.left, depth + 1)
        if isinstance(op, ast.In | ast.NotIn):
            if not isinstance(right, ast.Tuple | ast.List) or not right.elts:
                raise self.fail(right, _("'in' takes a list of values in brackets"),
                                _('e.g. status in ("shipped", "paid")'))
            for item in right.elts:
                self.same(node, left_type, item, depth)
            return "boolean"
        if type(op) not in _COMPARE:
            raise self.fail(node, _("'{what}' is not allowed in an expression over records"
                                    ).format(what=type(op).__name__))
        self.same(node, left_type, right, depth)
        if left_type == "boolean" and not isinstance(op, ast.Eq | ast.NotEq):
            raise self.fail(node, _("true or false can only be compared with == or !="))
        return "boolean"

    def same(self, node: ast.Compare, left_type: str, right: ast.expr, depth: int) -> None:
        """``right`` comparable with a value of ``left_type``: a date column may be compared
        with a date written as text ("2026-03-01"), which becomes a date."""
        right_type = self.type_of(right, depth + 1)
        if left_type == "date" and right_type == "text" and isinstance(right, ast.Constant):
            written = str(right.value)
            day = _date(written) if _DATE.match(written) else None
            if day is None:
                raise self.fail(right, _("'{value}' is not a date").format(
                    value=excerpt(written)), _("write a date as \"2026-03-01\""))
            right.value = day  # type: ignore[assignment]  # a date, for both evaluators
            return
        if left_type != right_type:
            raise self.fail(node, _("{left} cannot be compared with {right}").format(
                left=type_word(left_type), right=type_word(right_type)),
                _("compare text with \"text\", a number with a number"))


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _value(node: ast.expr, read: Callable[[ColumnPath], Value]) -> Any:
    """SQL's meaning, one record at a time: nothing (None) spreads through arithmetic and
    comparisons; ``and``/``or`` are three-valued."""
    if isinstance(node, ast.Constant):
        value = node.value
        return Decimal(str(value)) if isinstance(value, int | float) \
            and not isinstance(value, bool) else value
    if isinstance(node, ast.Name):
        return read(tuple(node.id.split(".")))
    if isinstance(node, ast.BinOp):
        left, right = _value(node.left, read), _value(node.right, read)
        if left is None or right is None:
            return None
        return left + right if isinstance(node.op, ast.Add) else \
            left - right if isinstance(node.op, ast.Sub) else left * right
    if isinstance(node, ast.UnaryOp):
        inner = _value(node.operand, read)
        if inner is None:
            return None
        return (not inner) if isinstance(node.op, ast.Not) else \
            -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BoolOp):
        values = [_value(v, read) for v in node.values]
        decided = isinstance(node.op, ast.Or)  # the value that settles it: True for 'or'
        if decided in values:
            return decided
        return None if None in values else not decided
    assert isinstance(node, ast.Compare)
    left, op, right = _value(node.left, read), node.ops[0], node.comparators[0]
    if isinstance(op, ast.In | ast.NotIn):
        assert isinstance(right, ast.Tuple | ast.List)
        items = [_value(item, read) for item in right.elts]
        if left is None:
            return None
        return (left in items) == isinstance(op, ast.In)
    other = _value(right, read)
    if left is None or other is None:
        return None
    return {ast.Eq: left == other, ast.NotEq: left != other}.get(type(op)) \
        if isinstance(op, ast.Eq | ast.NotEq) else \
        left < other if isinstance(op, ast.Lt) else left <= other if isinstance(op, ast.LtE) \
        else left > other if isinstance(op, ast.Gt) else left >= other
