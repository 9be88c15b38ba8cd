"""Checking a formula once, when the scheme is validated: a single arithmetic expression
over the scheme's own names, built only from the allowed constructs and functions, each
bounded; anything else is rejected then, naming the construct and where it is."""

from __future__ import annotations

import ast
import difflib
from collections.abc import Collection
from typing import cast

from ..diagnostics import did_you_mean, excerpt
from ..i18n import _
from .earlier import LOOK_BACK, as_names, check_look_back
from .functions import (
    BINARY,
    COMPARE,
    FORBIDDEN,
    FUNCTIONS,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_NODES,
    TEAM_AVERAGE,
    TEAM_DOC,
    UNARY,
    EvaluationError,
    FormulaError,
    Function,
    allowed_hint,
    char_index,
    described,
    forbidden,
    number_too_large,
    team_key,
)
from .hints import function_hint, power_hint, syntax_message
from .sandbox import Formula


def compile_formula(text: str, names: Collection[str], *, team: bool = False,
                    looks_back: bool = False) -> Formula:
    """Parse and check ``text`` against the allowed ``names``; raise :class:`FormulaError`.

    ``team``: the formula may take the team's average of a field (``team_average(f)``),
    as an indicator's formula and a target may. ``looks_back``: it may read a field over
    earlier months, ``previous(field)`` and ``last_year(field)``."""
    text = text.strip()
    if not text:
        raise FormulaError(_("the formula is empty"))
    if "\x00" in text:
        raise FormulaError(_("the formula contains an invisible zero character"),
                           text.index("\x00") + 1, _("type the formula again"))
    if len(text) > MAX_LENGTH:
        raise FormulaError(_("the formula is {count:,} characters long; at most {max_length:,} "
                             "are allowed").format(count=len(text), max_length=MAX_LENGTH),
                           hint=_("split it into several indicators or fields"))
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise FormulaError(*syntax_message(text, exc)) from None
    except (MemoryError, RecursionError, ValueError):
        raise FormulaError(_("the formula is nested too deeply"), 0, _("split it into simpler "
                                                                     "parts")) from None
    tree, averaged = _team_averages(text, tree, names, team)
    checker = _Checker(text, names, averaged, looks_back)
    checker.check(tree, 1)
    if checker.earlier:
        tree = as_names(tree)
    _check_constant_parts(text, tree)
    return Formula(text, tree, frozenset(checker.used), frozenset(checker.divisors),
                   team=frozenset(averaged), looks_back=checker.earlier)


def _team_averages(text: str, tree: ast.expr, names: Collection[str], allowed: bool
                   ) -> tuple[ast.expr, set[str]]:
    """Each ``team_average(field)`` made the one input it is (a name the evaluators look up,
    placed where the call is written), and the fields averaged. A loop, not a recursion."""
    if TEAM_AVERAGE not in text:
        return tree, set()
    found: set[str] = set()

    def swap(node: ast.AST) -> ast.AST:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == TEAM_AVERAGE):
            return node
        at = char_index(text, node.lineno, node.col_offset) + 1
        if not allowed:
            raise FormulaError(_("{team_average}() is not allowed here: it is the average of a "
                                 "field over the person's unit").format(team_average=TEAM_AVERAGE
                                                                        ), at,
                               _("use it in an indicator's formula or in a target"))
        if node.keywords or len(node.args) != 1:
            count = len(node.args) + len(node.keywords)
            raise FormulaError(_("'{team_average}' takes 1 argument, not {count}").format(
                                   team_average=TEAM_AVERAGE, count=count), at,
                               described(TEAM_DOC))
        arg = node.args[0]
        if not isinstance(arg, ast.Name):
            raise FormulaError(_("'{team_average}' takes the name of a field, e.g. "
                                 "{team_average}(revenue)").format(team_average=TEAM_AVERAGE),
                               char_index(text, arg.lineno, arg.col_offset) + 1,
                               described(TEAM_DOC))
        if arg.id not in names:
            raise FormulaError(_("unknown name '{id}'").format(id=excerpt(arg.id)),
                               char_index(text, arg.lineno, arg.col_offset) + 1,
                               did_you_mean(arg.id, names))
        found.add(arg.id)
        return ast.copy_location(ast.Name(id=team_key(arg.id), ctx=ast.Load()), node)

    tree = cast(ast.expr, swap(tree))
    for node in ast.walk(tree):
        for name, value in ast.iter_fields(node):
            if isinstance(value, list):
                value[:] = [swap(v) if isinstance(v, ast.AST) else v for v in value]
            elif isinstance(value, ast.AST):
                setattr(node, name, swap(value))
    return tree, found


def _check_constant_parts(text: str, tree: ast.expr) -> None:
    """Work out each part made of constants alone now, so that ``x / 0`` or ``1e200 ** 2``
    is reported when the scheme is validated, not for every person at scoring time.

    A loop over the parts, first to last as written, not a recursion: a sum of a thousand
    fields is a chain a thousand deep."""
    varying = _varying(tree)
    parts = [tree]
    while parts:
        node = parts.pop()
        if id(node) not in varying:
            if not isinstance(node, ast.Constant):
                _evaluate_constant(text, node)
            continue
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div | ast.FloorDiv | ast.Mod) \
                and id(node.right) not in varying and _evaluate_constant(text, node.right) == 0:
            part = excerpt(ast.get_source_segment(text, node) or "", 60)
            raise FormulaError(_("division by zero in '{part}', whatever the figures")
                               .format(part=part),
                               char_index(text, node.lineno, node.col_offset) + 1,
                               _("divide by something that is not 0, or use div(a, b, default)"))
        called = node.func if isinstance(node, ast.Call) else None  # a name, not a part
        parts.extend(reversed([c for c in ast.iter_child_nodes(node)
                               if isinstance(c, ast.expr) and c is not called]))


def _varying(tree: ast.expr) -> set[int]:
    """The ids of the parts of ``tree`` that use a field (function names are not fields)."""
    parent: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                parent[id(child)] = node
    functions = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    varying: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and id(node) not in functions:
            up: ast.AST | None = node
            while up is not None and id(up) not in varying:
                varying.add(id(up))
                up = parent.get(id(up))
    return varying


def _evaluate_constant(text: str, node: ast.expr) -> float:
    try:
        return Formula(text, node, frozenset(), frozenset()).evaluate({})
    except EvaluationError as exc:
        part = excerpt(ast.get_source_segment(text, node) or text, 60)
        raise FormulaError(_("{exc} in '{part}', whatever the figures").format(exc=exc, part=part),
                           char_index(text, node.lineno, node.col_offset) + 1,
                           _("correct the constant part of the formula")) from None


class _Checker:
    def __init__(self, text: str, names: Collection[str], averaged: Collection[str] = (),
                 looks_back: bool = False) -> None:
        self.text = text
        self.names = names
        self.averaged = {team_key(name): name for name in averaged}
        self.earlier_kinds: Collection[str] = LOOK_BACK if looks_back else ()
        self.earlier: dict[str, int] = {}  # previous(field) and the like: where first written
        self.used: set[str] = set()
        self.divisors: set[str] = set()
        self.nodes = 0

    def fail(self, node: ast.AST, message: str, hint: str = "") -> FormulaError:
        index = char_index(self.text, getattr(node, "lineno", 1), getattr(node, "col_offset", 0))
        return FormulaError(message, index + 1, hint)

    def check(self, node: ast.expr, depth: int) -> None:
        self.count(node, depth)
        method = getattr(self, "check_" + type(node).__name__, None)
        if type(node) in FORBIDDEN or method is None:
            raise self.fail(node, _("{what} is not allowed in a formula").format(
                what=forbidden(type(node))), allowed_hint())
        method(node, depth)

    def count(self, node: ast.expr, depth: int) -> None:
        """One more part, ``depth`` levels deep as written; refused past the limits."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise FormulaError(_("the formula is too long: more than {max_nodes:,} numbers, "
                                 "names and operators").format(max_nodes=MAX_NODES), 0,
                               _("split it into several indicators or fields"))
        if depth > MAX_DEPTH:
            raise self.fail(node, _("the formula is nested too deeply: more than {max_depth} "
                                    "levels").format(max_depth=MAX_DEPTH),
                            _("split it into simpler parts"))

    def check_Constant(self, node: ast.Constant, depth: int) -> None:
        if isinstance(node.value, str):
            raise self.fail(node, _("text is not allowed in a formula"),
                            _("formulas work on numbers; ratings are scored by a rating rule"))
        if not isinstance(node.value, int | float) or isinstance(node.value, complex):
            raise self.fail(node, _("the constant {value!r} is not allowed in a "
                                    "formula").format(value=node.value))
        too_large = number_too_large(self.text, node, "formula")
        if too_large is not None:
            raise self.fail(node, *too_large)

    def check_Name(self, node: ast.Name, depth: int) -> None:
        if node.id in self.averaged:  # team_average(f): the person's own f counts in it
            self.used.add(self.averaged[node.id])
            return
        if node.id.startswith("_"):
            raise self.fail(node, _("names starting with '_' are not allowed "
                                    "('{id}')").format(id=excerpt(node.id)))
        if node.id in FUNCTIONS:
            raise self.fail(node, _("the function '{id}' must be called with "
                                    "brackets").format(id=node.id))
        if node.id not in self.names:
            raise self.fail(node, _("unknown name '{id}'").format(id=excerpt(node.id)),
                            did_you_mean(node.id, self.names))
        self.used.add(node.id)

    def check_BinOp(self, node: ast.BinOp, depth: int) -> None:
        # a + b - c + ... is one level as written: the chain of one kind of operator down
        # the left is walked in a loop, outermost first, as the tree would be recursed
        chain = [node]
        self.check_operator(node)
        while _chained(chain[-1].left, node):
            chain.append(cast(ast.BinOp, chain[-1].left))
            self.count(chain[-1], depth)
            self.check_operator(chain[-1])
        self.check(chain[-1].left, depth + 1)
        for link in reversed(chain):
            self.check(link.right, depth + 1)
            if isinstance(link.op, ast.Div | ast.FloorDiv | ast.Mod):
                # self.used leaves out the names of called functions, like 'sqrt'
                self.divisors |= {n.id for n in ast.walk(link.right)
                                  if isinstance(n, ast.Name) and n.id in self.used}

    def check_operator(self, node: ast.BinOp) -> None:
        if type(node.op) not in BINARY:
            raise self.fail(node, _("the operator '{op}' is not allowed").format(
                op=_op_text(node.op)), power_hint(self.text, node)
                            if isinstance(node.op, ast.BitXor)
                            else allowed_hint())
        if isinstance(node.op, ast.Pow):
            exponent = _constant_value(node.right)
            if exponent is None or abs(exponent) > MAX_EXPONENT:
                raise self.fail(node.right, _("a power needs a constant exponent between "
                                              "-{most} and {most}").format(most=MAX_EXPONENT),
                                _("write e.g. x ** 2 or x ** 0.5"))

    def check_UnaryOp(self, node: ast.UnaryOp, depth: int) -> None:
        if type(node.op) not in UNARY:
            raise self.fail(node, _("the operator '{op}' is not allowed").format(
                op=_op_text(node.op)), allowed_hint())
        self.check(node.operand, depth + 1)

    def check_BoolOp(self, node: ast.BoolOp, depth: int) -> None:
        for value in node.values:
            self.check(value, depth + 1)

    def check_Compare(self, node: ast.Compare, depth: int) -> None:
        for op in node.ops:
            if type(op) not in COMPARE:
                raise self.fail(node, _("the comparison '{op}' is not allowed").format(
                    op=_op_text(op)), _("use < <= > >= == or !="))
        self.check(node.left, depth + 1)
        for comparator in node.comparators:
            self.check(comparator, depth + 1)

    def check_IfExp(self, node: ast.IfExp, depth: int) -> None:
        # 'a if c else b if d else ...' is one level as written, however many choices
        while True:
            self.check(node.test, depth + 1)
            self.check(node.body, depth + 1)
            if not isinstance(node.orelse, ast.IfExp):
                break
            node = node.orelse
            self.count(node, depth)
        self.check(node.orelse, depth + 1)

    def check_Call(self, node: ast.Call, depth: int) -> None:
        if type(node.func) in FORBIDDEN:
            self.check(node.func, depth + 1)  # names the construct: a lambda, an attribute...
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, _("only the listed functions may be called"),
                            _("functions: ") + ", ".join(FUNCTIONS))
        if node.func.id in self.earlier_kinds:
            name = check_look_back(self.text, node, self.names)
            self.used.add(name)
            self.earlier.setdefault(name, char_index(self.text, node.lineno,
                                                     node.col_offset) + 1)
            self.count(node.args[0], depth + 1)
            return
        function = FUNCTIONS.get(node.func.id)
        if function is None:
            known = [*FUNCTIONS, *self.earlier_kinds]
            close = difflib.get_close_matches(node.func.id, sorted(known), n=1, cutoff=0.6)
            raise self.fail(node, _("unknown function '{id}'").format(id=excerpt(node.func.id)),
                            function_hint(self.text, node)
                            or (did_you_mean(node.func.id, known) if close else
                                _("functions: ") + ", ".join(FUNCTIONS)))
        if node.keywords:
            raise self.fail(node, _("'{id}' takes its arguments by position only").format(
                id=node.func.id), described(function.doc))
        count = len(node.args)
        if not function.min_args <= count <= function.max_args:
            raise self.fail(node, _("'{id}' takes {arity}, not {count}").format(
                id=node.func.id, arity=_arity(function), count=count),
                described(function.doc))
        if node.func.id == "round" and count == 2:
            places = _constant_value(node.args[1])
            if places is None or places not in range(0, 7):
                raise self.fail(node.args[1], _("round() needs a constant 0 to 6 for its places"))
        for arg in node.args:
            self.check(arg, depth + 1)


_GROUPS = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.FloorDiv: 2, ast.Mod: 2}


def _chained(left: ast.expr, node: ast.BinOp) -> bool:
    """Whether ``left`` goes on the chain of ``node`` as written: operators of one
    precedence (+ and -; * / // and %) follow each other without nesting."""
    group = _GROUPS.get(type(node.op))
    return isinstance(left, ast.BinOp) and group is not None \
        and _GROUPS.get(type(left.op)) == group


def _arity(function: Function) -> str:
    if (n := function.min_args) == function.max_args:
        return _("1 argument") if n == 1 else _("{count} arguments").format(count=n)
    return _("{least} to {most} arguments").format(least=function.min_args,
                                                   most=function.max_args)


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
