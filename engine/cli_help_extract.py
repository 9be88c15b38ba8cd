"""The help texts of the command line, for the catalogue: Babel's extraction method
(``engine/locale/babel.cfg`` names it) that finds the messages in ``_()`` as Babel's own
Python method does, and with them the ``help=`` of each click option and command and the
docstring of each command, cut into messages as :func:`.cli_help.pieces` cuts them when
the help is shown. Used by ``pybabel extract`` and the tests; the command never loads it.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Iterator
from typing import IO, Any

from .cli_help import pieces

#: The click calls whose ``help=`` (``short_help=``, ``epilog=``) a person reads in --help.
CLICK_CALLS = frozenset({"option", "argument", "command", "group", "version_option",
                         "help_option", "Option", "Argument", "Command", "Group"})
HELP_KEYWORDS = ("help", "short_help", "epilog")


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
            options: Any) -> Iterator[tuple[Any, ...]]:
    """Babel's extraction method (its arguments and results as Babel's ``extract_python``
    takes and gives them): the messages of ``_()``, then the help texts."""
    from babel.messages.extract import extract_python

    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    encoding = options.get("encoding", "utf-8")
    for line, text in help_texts(source.decode(encoding)):
        for message in pieces(text):
            yield line, None, message, []


def help_texts(source: str) -> list[tuple[int, str]]:
    """Each help text of a module's click commands, with its line, in the order of the
    lines: a ``help=`` written as a string, a name of the module bound to one, or an
    f-string of such names; a command's docstring."""
    return sorted(_help_texts(source))


def _help_texts(source: str) -> Iterator[tuple[int, str]]:
    tree = ast.parse(source)
    constants = _constants(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in CLICK_CALLS:
            for keyword in node.keywords:
                if keyword.arg in HELP_KEYWORDS:
                    text = _text(keyword.value, constants)
                    if text is None:
                        raise ValueError(f"line {keyword.value.lineno}: a help text must be a "
                                         "string, a name bound to one, or an f-string of them")
                    yield keyword.value.lineno, text
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                _name(d.func if isinstance(d, ast.Call) else d) in ("command", "group")
                for d in node.decorator_list):
            docstring = ast.get_docstring(node, clean=True)
            if docstring:
                yield node.body[0].lineno, docstring


def _constants(tree: ast.Module) -> dict[str, object]:
    """The module's names bound once, at its top, to a string or a number."""
    found: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Constant):
            found[node.targets[0].id] = node.value.value
    return found


def _text(node: ast.expr, constants: dict[str, object]) -> str | None:
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.Name):
        value = constants.get(node.id)
        return value if isinstance(value, str) else None
    if isinstance(node, ast.JoinedStr):
        parts = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                if part.conversion != -1 or part.format_spec is not None or \
                        not isinstance(part.value, ast.Name) or part.value.id not in constants:
                    return None
                parts.append(str(constants[part.value.id]))
            elif isinstance(part, ast.Constant):
                parts.append(str(part.value))
        return "".join(parts)
    return None


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None
