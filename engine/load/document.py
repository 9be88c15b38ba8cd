"""Loading YAML that HR can trust.

We do not use PyYAML's constructors. We read its event stream (from the fast C
parser where available) and build plain Python values ourselves, so that:

- only mappings, sequences and scalars exist: no tags, no anchors, no aliases,
  no merge keys, so a few hundred bytes can never expand into gigabytes;
- YAML 1.1 surprises never change meaning: ``no``/``on``/``yes`` stay text,
  bare dates and ``1:30`` stay text, and ``0755`` is an error rather than 493;
- numbers keep the decimal value as written (``0.1`` is ``Decimal('0.1')``);
- a duplicate key is an error naming both lines;
- every value and key remembers its line and column for diagnostics.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path as FilePath
from typing import Any

import yaml

from ..diagnostics import AppraiseError, Diagnostic, Path, format_path

MAX_SCHEME_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
_DECIMAL = re.compile(r"[-+]?([0-9][0-9_]*(\.[0-9_]*)?|\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?")
_LARGEST = Decimal("1.7976931348623157e308")  # the largest number a float holds
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}

Position = tuple[int, int]


@dataclass
class Document:
    """A loaded YAML file: its data and where every part of it was written."""

    file: str
    data: Any
    content: bytes
    positions: dict[Path, Position] = field(default_factory=dict)
    key_positions: dict[Path, Position] = field(default_factory=dict)

    def position(self, path: Path) -> Position:
        """The line and column of ``path``, or of its nearest written parent."""
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def key_position(self, path: Path) -> Position:
        """Where the key that names ``path`` is written (falls back to its value)."""
        return self.key_positions.get(path) or self.position(path)

    def diagnostic(
        self, path: Path, message: str, hint: str = "", *, at_key: bool = False,
        severity: str = "error",
    ) -> Diagnostic:
        line, col = self.key_position(path) if at_key else self.position(path)
        return Diagnostic(
            self.file, line, col, "warning" if severity == "warning" else "error",
            format_path(path), message, hint,
        )


def read_text(file: str, content: bytes, limit: int, what: str) -> str:
    """Decode a file as UTF-8 with clear errors for the usual ways it goes wrong."""
    if len(content) > limit:
        raise _too_large(file, len(content), limit, what)
    if what != "scheme" and content.startswith(b"PK\x03\x04"):
        raise AppraiseError([Diagnostic(
            file, 0, 0, "error", "", "the file is not text",
            "this looks like an Excel workbook (.xlsx); save it as 'CSV UTF-8' and score the CSV",
        )])
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        column = exc.start - (content.rfind(b"\n", 0, exc.start) + 1) + 1
        raise AppraiseError([Diagnostic(
            file, line, column, "error", "",
            f"the file is not valid UTF-8 (byte 0x{content[exc.start]:02x})",
            _encoding_hint(content, what),
        )]) from None
    if not text.strip():
        raise AppraiseError([Diagnostic(
            file, 0, 0, "error", "", f"the file is empty; expected a {what}", "",
        )])
    return text


def _encoding_hint(content: bytes, what: str) -> str:
    """How to save a file that is not UTF-8: in the editor for a scheme, in Excel for data."""
    utf16 = content.startswith((b"\xff\xfe", b"\xfe\xff"))
    if what == "scheme":
        if utf16:
            return "the file is UTF-16; save it as UTF-8 in your editor"
        if _is_gbk(content):
            return "the file looks like GBK; save it as UTF-8 in your editor"
        return "save the file as UTF-8 in your editor"
    hint = "save the file as UTF-8 (in Excel: 'CSV UTF-8'; in editors: encoding UTF-8)"
    if utf16:
        return "the file is UTF-16; " + hint
    if _is_gbk(content):
        return "the file looks like GBK, Excel's default for Chinese; " + hint
    return hint


def load_yaml(file: str | FilePath, content: bytes | None = None) -> Document:
    """Load one YAML file into a :class:`Document`, or raise :class:`AppraiseError`."""
    name = str(file)
    if content is None:
        content = _read_bytes(name)
    text = read_text(name, content, MAX_SCHEME_BYTES, "scheme")
    builder = _Builder(name)
    try:
        data = builder.build(iter(yaml.parse(text, Loader=_Loader)))
    except yaml.YAMLError as exc:
        if (ours := _own_limits(name, text)) is not None:
            raise ours from None
        builder.errors.append(_yaml_error(name, text, exc))
        data = None
    if builder.errors:
        raise AppraiseError(builder.errors)
    return Document(name, data, content, builder.positions, builder.key_positions)


def _own_limits(file: str, text: str) -> AppraiseError | None:
    """Our limits (nesting depth) where they apply before the parser's own.

    libyaml stops deep nesting with a limit and a message of its own, and reads ahead far
    enough to do so before our builder sees the events. The pure-Python parser has no such
    limit: run on it, our builder stops where our rule says, with our words. Only a file the
    C parser already refused pays for the second reading.
    """
    if _Loader is yaml.SafeLoader:
        return None
    builder = _Builder(file)
    try:
        builder.build(iter(yaml.parse(text, Loader=yaml.SafeLoader)))
    except yaml.YAMLError:
        return None  # the parser's own complaint comes first: the C parser's words stand
    return AppraiseError(builder.errors) if builder.errors else None


def _yaml_error(name: str, text: str, exc: yaml.YAMLError) -> Diagnostic:
    """The parser's complaint, in a person's words."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "the YAML cannot be read"
        return _full_width(name, text, exc) or Diagnostic(
            name, line, col, "error", "", f"YAML syntax: {problem}",
            _syntax_hint(exc, problem, _character_at(text, line, col)),
        )
    if isinstance(exc, yaml.reader.ReaderError):
        return _bad_character(name, text, exc.character)
    return Diagnostic(name, 0, 0, "error", "", f"YAML: {exc}", "")


def _read_bytes(name: str) -> bytes:
    try:
        with open(name, "rb") as handle:
            content = handle.read(MAX_SCHEME_BYTES + 1)
            if len(content) > MAX_SCHEME_BYTES:  # say how large it really is
                size = os.fstat(handle.fileno()).st_size
                raise _too_large(name, max(size, len(content)), MAX_SCHEME_BYTES, "scheme")
            return content
    except OSError as exc:
        raise AppraiseError([Diagnostic(
            name, 0, 0, "error", "", f"cannot read the file: {exc.strerror or exc}", "",
        )]) from None


def _too_large(file: str, size: int, limit: int, what: str) -> AppraiseError:
    return AppraiseError([Diagnostic(
        file, 0, 0, "error", "",
        f"file is {size:,} bytes; a {what} may be at most {limit:,} bytes",
        "split it, or check that this is the right file",
    )])


def _syntax_hint(exc: yaml.MarkedYAMLError, problem: str, found: str) -> str:
    """What a person can do about a YAML syntax error, in their words rather than YAML's."""
    if "tab" in problem or found == "\t":
        return "YAML does not allow tabs for indentation; indent with spaces"
    context, mark = exc.context or "", exc.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    if where and "quoted scalar" in context:
        return f"the quote opened at {where} is never closed"
    if where and "flow sequence" in context:
        return f"the '[' at {where} is never closed with ']'"
    if where and "flow mapping" in context:
        return f"the '{{' at {where} is never closed with '}}'"
    return "check indentation, and quote text that contains ': ' or starts with a symbol"


#: Characters a Chinese input method types in place of YAML's own: what they are, what to type.
_FULL_WIDTH = {
    "：": ("full-width colon '：'", ":"),
    "，": ("full-width comma '，'", ","),
    "［": ("full-width bracket '［'", "["),
    "］": ("full-width bracket '］'", "]"),
    "｛": ("full-width brace '｛'", "{"),
    "｝": ("full-width brace '｝'", "}"),
    "“": ("Chinese quotation mark '“'", '"'),
    "”": ("Chinese quotation mark '”'", '"'),
    "‘": ("Chinese quotation mark '‘'", "'"),
    "’": ("Chinese quotation mark '’'", "'"),
}
_IDEOGRAPHIC_SPACE = "\u3000"
_BLANKS = " " + _IDEOGRAPHIC_SPACE
_LOOK_BACK = 3  # lines before the error to search for a full-width character
_KEY = re.compile(r"[\w.\-]+")  # a word that could be a key, Chinese included


def _full_width(file: str, text: str, exc: yaml.MarkedYAMLError) -> Diagnostic | None:
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
        retyped = _retyped(line, column - 1)
        after = _first_error("".join([*head[:number - 1], retyped, *head[number:]]))
        if after is not None and after[0] == number - 1 and after[1] >= column:
            after = (after[0], after[1] - len(retyped) + len(line))  # columns as written
        if after is None or after > before or (after != before and after[0] >= number):
            return Diagnostic(file, number, column, "error", "", message, hint)
    return None


def _retyped(line: str, at: int) -> str:
    """``line`` with the full-width character at ``at`` typed as YAML means it."""
    if line[at] == _IDEOGRAPHIC_SPACE:  # the whole run of spaces it stands in
        start, end = at, at
        while start > 0 and line[start - 1] in _BLANKS:
            start -= 1
        while end < len(line) and line[end] in _BLANKS:
            end += 1
        return line[:start] + " " * (end - start) + line[end:]
    typed = _FULL_WIDTH[line[at]][1]
    if typed == ":" and line[at + 1:at + 2] not in (" ", "\r", "\n", ""):
        typed = ": "  # 'key：value' means 'key: value'
    return line[:at] + typed + line[at + 1:]


def _first_error(text: str) -> tuple[int, int] | None:
    """Where YAML first fails on ``text`` (0-based line and column), or None if it does not."""
    try:
        for _ in yaml.parse(text, Loader=_Loader):
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
            return _space(at, "in the indentation", "ordinary spaces")
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
            return _space(at + 1, "after ':'", "an ordinary space"), at
        at += 1
    return None, at


def _typed(line: str, at: int) -> tuple[int, str, str]:
    what, instead = _FULL_WIDTH[line[at]]
    shown = f'"{instead}"' if instead == "'" else f"'{instead}'"
    return at + 1, what, f"use {shown} typed in English input mode"


def _space(at: int, where: str, instead: str) -> tuple[int, str, str]:
    return (at + 1, f"full-width space (U+3000) {where}",
            f"use {instead} typed in English input mode")



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


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _bad_character(file: str, text: str, code: int) -> Diagnostic:
    """YAML refuses control characters; say where the (usually invisible) one is."""
    index = text.find(chr(code))
    line = text.count("\n", 0, index) + 1 if index >= 0 else 0
    column = index - text.rfind("\n", 0, index) if index >= 0 else 0
    hint = "delete it; most editors do not show it"
    if code == 0:
        hint = "the file may be saved as UTF-16; save it as UTF-8"
    return Diagnostic(
        file, line, column, "error", "",
        f"the file contains the invisible character U+{code:04X}, which YAML does not allow",
        hint,
    )


def _position(event: Any) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (0, 0)


class _Stop(Exception):
    """Raised to abandon a document that cannot be built safely (too deep)."""


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[Diagnostic] = []
        self.positions: dict[Path, Position] = {}
        self.key_positions: dict[Path, Position] = {}

    def error(self, event: Any, path: Path, message: str, hint: str = "") -> None:
        line, column = _position(event)
        self.errors.append(Diagnostic(
            self.file, line, column, "error", format_path(path), message, hint,
        ))

    def build(self, events: Iterator[Any]) -> Any:
        next(events)  # StreamStart
        event = next(events)
        if isinstance(event, yaml.StreamEndEvent):
            return None
        next_event = next(events)  # first event of the document's content
        try:
            data = self.node(next_event, events, (), 1)
        except _Stop:
            return None
        next(events)  # DocumentEnd
        event = next(events)
        if isinstance(event, yaml.DocumentStartEvent):
            self.error(event, (), "the file holds more than one YAML document",
                       "a scheme is one document: remove the extra '---' and what follows")
        return data

    def node(self, event: Any, events: Iterator[Any], path: Path, depth: int) -> Any:
        if depth > MAX_DEPTH:
            self.error(event, (), f"nesting is deeper than {MAX_DEPTH} levels",
                       "a scheme never needs this; check the indentation")
            raise _Stop
        self.positions[path] = _position(event)
        if isinstance(event, yaml.AliasEvent):
            self.error(event, path, f"aliases (*{event.anchor}) are not supported",
                       "write the content out in full")
            return None
        if event.anchor is not None:
            self.error(event, path, f"anchors (&{event.anchor}) are not supported",
                       "write the content out in full where it is needed")
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, path)
        if getattr(event, "tag", None) not in (None, "!") and not event.implicit:
            self.error(event, path, f"YAML tags ({_short(event.tag)}) are not supported",
                       "remove the tag")
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(event := next(events), yaml.SequenceEndEvent):
                items.append(self.node(event, events, (*path, len(items)), depth + 1))
            return items
        return self.mapping(events, path, depth)

    def mapping(self, events: Iterator[Any], path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        while not isinstance(event := next(events), yaml.MappingEndEvent):
            if not isinstance(event, yaml.ScalarEvent) or event.anchor or event.tag:
                self.error(event, path, "a key must be plain text", "write the key as a word")
                self.skip(event, events)
                self.skip(next(events), events)
                continue
            key = event.value
            line, column = _position(event)
            if key == "<<" and event.implicit[0]:
                self.error(event, path, "merge keys (<<) are not supported",
                           "write the keys out in full")
            value_event = next(events)
            if key in first_line:
                self.error(event, (*path, key),
                           f"duplicate key '{key}' (lines {first_line[key]} and {line})",
                           "remove one of them; YAML would silently keep only the last")
                self.skip(value_event, events)
                continue
            first_line[key] = line
            self.key_positions[(*path, key)] = (line, column)
            result[key] = self.node(value_event, events, (*path, key), depth + 1)
        return result

    def skip(self, event: Any, events: Iterator[Any]) -> None:
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            level = 1
            while level:
                event = next(events)
                if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                    level += 1
                elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                    level -= 1

    def scalar(self, event: Any, path: Path) -> Any:
        if event.tag not in (None, "!"):
            self.error(event, path, f"YAML tags ({_short(event.tag)}) are not supported",
                       "remove the tag; quote the value if it must be text")
        text: str = event.value
        if not event.implicit[0] or event.tag == "!":  # quoted, block or '! x': always text
            return text
        if text in _NULLS:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if _LEADING_ZERO.fullmatch(text):
            plain = int(text.replace("_", ""))
            self.error(event, path,
                       f"the number {text} has a leading zero, which YAML 1.1 reads as octal",
                       f"write {plain}, or quote it ('{text}') if it is a code")
            return None
        is_int = _INT.fullmatch(text) is not None
        if is_int or (_DECIMAL.fullmatch(text) and any(c.isdigit() for c in text)):
            number = Decimal(text.replace("_", ""))
            if number.copy_abs() > _LARGEST:
                shown = text if len(text) <= 20 else text[:16] + "..."
                self.error(event, path, f"the number {shown} is too large to compute with",
                           "check it; quote it if it is a code rather than an amount")
                return None
            return int(number) if is_int else number
        return text


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _is_gbk(content: bytes) -> bool:
    try:
        content.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True
