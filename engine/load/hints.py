"""What a person can do about a YAML syntax error, in their words rather than YAML's.

Above all, the characters a Chinese input method types in place of YAML's own ('：' for
':', '，' for ',', a full-width space for a space): fine in text, they break the
structure where YAML expects its punctuation, and YAML's message then points elsewhere.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

import yaml

from ..diagnostics import TYPED_IN_CHINESE, Diagnostic, excerpt, type_instead, typed_name
from ..i18n import _

# The fast C parser where PyYAML has it; the pure-Python one otherwise.
LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def syntax_hint(exc: yaml.MarkedYAMLError, problem: str, found: str) -> str:
    """What a person can do about a YAML syntax error, in their words rather than YAML's."""
    if "tab" in problem or found == "\t":
        return _("YAML does not allow tabs for indentation; indent with spaces")
    context, mark = exc.context or "", exc.context_mark
    where = _("line {line}, column {column}").format(line=mark.line + 1,
                                                     column=mark.column + 1) if mark else ""
    if where and "quoted scalar" in context:
        return _("the quote opened at {where} is never closed").format(where=where)
    if where and "flow sequence" in context:
        return _("the '[' at {where} is never closed with ']'").format(where=where)
    if where and "flow mapping" in context:
        return _("the '{{' at {where} is never closed with '}}'").format(where=where)
    return _("check indentation, and quote text that contains ': ' or starts with a symbol")


_IDEOGRAPHIC_SPACE = "\u3000"
_BLANKS = " " + _IDEOGRAPHIC_SPACE
_LOOK_BACK = 3  # lines before the error to search for a full-width character
_KEY = re.compile(r"[\w.\-]+")  # a word that could be a key, Chinese included


def yaml_problem(problem: str) -> str:
    """The YAML parser's usual complaints in the run's language (as it says them, if not
    known)."""
    return {
        "mapping values are not allowed in this context": _(
            "mapping values are not allowed in this context"),
        "did not find expected key": _("did not find expected key"),
        "did not find expected ',' or ']'": _("did not find expected {first} or {second}").format(
            first="','", second="']'"),
        "did not find expected ',' or '}'": _("did not find expected {first} or {second}").format(
            first="','", second="'}'"),
        "could not find expected ':'": _("could not find expected ':'"),
        "found character that cannot start any token": _(
            "found character that cannot start any token"),
        "found a tab character that violates indentation": _(
            "found a tab character that violates indentation"),
        "found unexpected end of stream": _("found unexpected end of stream"),
        "found unknown escape character": _("found unknown escape character"),
    }.get(problem, problem)


def full_width(file: str, text: str, exc: yaml.MarkedYAMLError) -> Diagnostic | None:
    """A full-width character that caused a syntax error, or None.

    Chinese input methods type '：' for ':', '，' for ',', '　' (U+3000) for a space and
    so on. In text they are fine (``定义: 开票收入，扣除退货``); where YAML expects its
    punctuation they break the structure, and YAML's message points elsewhere, often a
    line later. We look on the lines up to the error for one that stands where
    punctuation belongs, and name it only if typing it in English input mode gets past
    the error (or moves it onto a later line).
    """
    if exc.problem_mark is None:
        return None
    last = exc.problem_mark.line + 1
    numbers = list(range(max(1, last - _LOOK_BACK), last + 1))
    if exc.context_mark is not None and exc.context_mark.line + 1 < numbers[0]:
        numbers.insert(0, exc.context_mark.line + 1)  # where a quote or bracket was opened
    lines = text.splitlines(keepends=True)
    head = lines[:last + 1]  # enough to meet the error again, however long the file is
    before = _first_error("".join(head))
    for number in numbers:
        if number > len(head) or before is None:
            break
        line = head[number - 1]
        found = _structural_full_width(line.rstrip("\r\n"))
        if found is None:
            continue
        column, message, hint = found
        for retyped in _retyped(line, column - 1):
            after = _first_error("".join([*head[:number - 1], retyped, *head[number:]]))
            if after is not None and after[0] == number - 1 and after[1] >= column:
                after = (after[0], after[1] - len(retyped) + len(line))  # columns as written
            if after is None or after > before or (after != before and after[0] >= number):
                return Diagnostic(file, number, column, "error", "", message, hint)
    return None


def _retyped(line: str, at: int) -> list[str]:
    """``line`` with the full-width character at ``at`` typed as YAML means it: for a
    full-width space, each one as the one space or the two it looks like in an editor."""
    if line[at] == _IDEOGRAPHIC_SPACE:  # the whole run of spaces it stands in
        start, end = at, at
        while start > 0 and line[start - 1] in _BLANKS:
            start -= 1
        while end < len(line) and line[end] in _BLANKS:
            end += 1
        run = line[start:end]
        return [line[:start] + run.replace(_IDEOGRAPHIC_SPACE, spaces) + line[end:]
                for spaces in (" ", "  ")]
    typed = TYPED_IN_CHINESE[line[at]][1]
    if typed == ":" and line[at + 1:at + 2] not in (" ", "\r", "\n", ""):
        typed = ": "  # 'key：value' means 'key: value'
    return [line[:at] + typed + line[at + 1:]]


def _first_error(text: str) -> tuple[int, int] | None:
    """Where YAML first fails on ``text`` (0-based line and column), or None if it does not."""
    try:
        for _ in yaml.parse(text, Loader=LOADER):
            pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return (mark.line, mark.column) if mark else (0, 0)
    except yaml.YAMLError:
        return (0, 0)
    return None


def _structural_full_width(line: str) -> tuple[int, str, str] | None:
    """The first full-width character on ``line`` that stands where YAML punctuation belongs.

    A small scanner of one line: indentation, '- ', keys, quoted and plain text, brackets
    and comments. Full-width characters inside quotes, comments and ordinary values are
    left alone. Returns the 1-based column, the message and the hint.
    """
    at, end, depth = 0, len(line), 0
    while at < end and line[at] in _BLANKS + "-":  # indentation and list dashes
        if line[at] == _IDEOGRAPHIC_SPACE:
            return _space(at, indentation=True)
        if line[at] == "-" and at + 1 < end and line[at + 1] not in _BLANKS:
            break  # '-5' or '--' is text, not a list item
        at += 1
    key = True  # the next plain text is where a key would be
    while at < end:
        char = line[at]
        if char == "#" or (char in "|>" and not depth):
            return None  # a comment, or a block of text that goes on below
        if char in "［｛“‘" or (depth and char in "，：］｝"):
            return _typed(line, at)
        if char == _IDEOGRAPHIC_SPACE:  # where YAML wants a space, before a value or key
            after = line[:at].rstrip(_BLANKS)[-1:]
            return _space(at, after if after in (":", ",") else "")
        if char in " ?":
            at += 1
        elif char in "[{":
            depth, at = depth + 1, at + 1
        elif char in "]}":
            depth, at = max(depth - 1, 0), at + 1
        elif char in ",:":
            at += 1
        elif char in "\"'":
            close = _closing_quote(line, at)
            if close is None:  # not closed on this line: closed with a Chinese quote?
                wrong = line.find("”" if char == '"' else "’", at + 1)
                return _typed(line, wrong) if wrong >= 0 else None
            at, key = close + 1, False
        else:
            found, at = _plain(line, at, depth, key)
            if found is not None:
                return found
            key = False
    return None


def _plain(line: str, at: int, depth: int, key: bool) -> tuple[tuple[int, str, str] | None, int]:
    """Scan plain text from ``at`` to where it ends; a misplaced full-width character, or None."""
    start, end = at, len(line)
    while at < end:
        char, after = line[at], line[at + 1:at + 2]
        if char == ":" and (after in ("", " ") or (depth and after in ",[]{}")):
            break
        if char == " " and after == "#":
            break
        if depth and char in ",[]{}":
            break
        if depth and char in "，：］｝":
            return _typed(line, at), at
        if key and char == "：" and _KEY.fullmatch(line[start:at].rstrip(_BLANKS)):
            return _typed(line, at), at
        if key and char == ":" and after == _IDEOGRAPHIC_SPACE and _KEY.fullmatch(line[start:at]):
            return _space(at + 1, ":"), at
        at += 1
    return None, at


def _typed(line: str, at: int) -> tuple[int, str, str]:
    return at + 1, typed_name(line[at]), type_instead(line[at])


def _space(at: int, after: str = "", indentation: bool = False) -> tuple[int, str, str]:
    """A full-width space in the indentation, after ``after`` (':' or ','), or elsewhere."""
    if indentation:
        return (at + 1, _("full-width space (U+3000) in the indentation"),
                _("use ordinary spaces typed in English input mode"))
    return (at + 1, _("full-width space (U+3000) after '{character}'").format(character=after)
            if after else _("full-width space (U+3000)"),
            _("use an ordinary space typed in English input mode"))



def _closing_quote(line: str, start: int) -> int | None:
    """Where the quote opened at ``start`` closes on this line, or None."""
    quote, at = line[start], start + 1
    while at < len(line):
        if quote == '"' and line[at] == "\\":
            at += 2
            continue
        if line[at] == quote:
            if quote == "'" and line[at + 1:at + 2] == "'":  # '' is one quote inside '...'
                at += 2
                continue
            return at
        at += 1
    return None


#: What 万 and its kin multiply by, where a person writes 132万 for 1320000.
_UNITS = {"万": 10_000, "亿": 100_000_000, "千": 1_000, "百万": 1_000_000, "千万": 10_000_000}
_WRITTEN = re.compile(r"([-+]?(?:[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+))\s*(千万|百万|万|亿|千)?"
                      r"(元|\(元\)|块|人|个|次|户|家|分|yuan|CNY|RMB)?")


def number_hint(text: str) -> str:
    """How to write as a number what a person wrote as one (``132万``, ``１２０００００``,
    ``20000元``), or '' if the text is not a number written another way."""
    written = text.strip()
    typed = unicodedata.normalize("NFKC", written)  # full-width digits and signs as ASCII
    found = _WRITTEN.fullmatch(typed)
    if found is None:
        return ""
    digits, unit, suffix = found.groups()
    number = Decimal(digits.replace(",", "")) * _UNITS.get(unit or "", 1)
    plain = excerpt(format(number.normalize(), "f"), 20)
    if unit:
        return _("write {number}: a number is written in full, without {unit}").format(
            number=plain, unit=unit + (suffix or ""))
    if suffix:
        return _("write {number}, without '{unit}'").format(
            number=plain, unit=written[len(written) - len(suffix):]) \
            if typed.endswith(suffix) and len(typed) == len(written) else \
            _("write {number}").format(number=plain)
    wide = next((c for c in text if c in TYPED_IN_CHINESE), None)
    if wide is None:
        return ""
    what = _("full-width digits") if "０" <= wide <= "９" else typed_name(wide)
    return _("{character}: write {number} typed in English input mode").format(
        character=what, number=plain)


def character_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def bad_character(file: str, text: str, code: int) -> Diagnostic:
    """YAML refuses control characters; say where the (usually invisible) one is."""
    index = text.find(chr(code))
    line = text.count("\n", 0, index) + 1 if index >= 0 else 0
    column = index - text.rfind("\n", 0, index) if index >= 0 else 0
    hint = _("delete it; most editors do not show it")
    if code == 0:
        hint = _("the file may be saved as UTF-16; save it as UTF-8")
    return Diagnostic(
        file, line, column, "error", "",
        _("the file contains the invisible character {code}, which YAML does not allow").format(
            code=f"U+{code:04X}"),
        hint,
    )
