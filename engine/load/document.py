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

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path as FilePath
from typing import Any

import yaml

from ..diagnostics import AppraiseError, Diagnostic, Path, excerpt, format_path
from ..i18n import _
from .hints import LOADER, bad_character, character_at, full_width, syntax_hint, yaml_problem
from .text import read_bytes, read_text, wrong_place

MAX_SCHEME_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64

_Loader: Any = LOADER

_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
_DECIMAL = re.compile(r"[-+]?([0-9][0-9_]*(\.[0-9_]*)?|\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?")
_LARGEST = Decimal("1.7976931348623157e308")  # the largest number a float holds
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}

_NUMBER_START = frozenset("+-.0123456789")  # how every number above starts

Position = tuple[int, int]
Events = Callable[[], Any]  # the next event of the parser


class Added:
    """An entry a layer adds to a section of its base, and the names it came after: the
    closest of them (a misspelt change to the base's entry?) is looked for only when a
    message needs it, for a chain of files that add a million people is loaded in
    seconds, not compared name by name."""

    __slots__ = ("before", "key", "keys")

    def __init__(self, key: str, keys: list[str], before: int) -> None:
        self.key, self.keys, self.before = key, keys, before

    def close(self) -> str:
        """The closest name the section had when this entry came, or nothing."""
        found = difflib.get_close_matches(self.key, self.keys[:self.before], n=1, cutoff=0.6)
        return found[0] if found else ""


@dataclass
class Document:
    """A loaded YAML file: its data and where every part of it was written."""

    file: str
    data: Any
    content: bytes
    positions: dict[Path, Position] = field(default_factory=dict)
    key_positions: dict[Path, Position] = field(default_factory=dict)
    # A scheme that extends a base or uses a library: each part written in another file,
    # that file's name (positions are then that file's), and every such file's content.
    origins: dict[Path, str] = field(default_factory=dict)
    drawn_on: dict[str, bytes] = field(default_factory=dict)
    # Entries a scheme adds to its base's named sections, each able to find the base's
    # entry of the closest name, for a problem that may be a misspelt override.
    added: dict[Path, Added] = field(default_factory=dict)

    def position(self, path: Path) -> Position:
        """The line and column of ``path``, or of its nearest written parent."""
        return self.place(path)[1:]

    def place(self, path: Path) -> tuple[str, int, int]:
        """The file, line and column of ``path``, or of its nearest written parent."""
        while True:
            if path in self.positions:
                return (self.origins.get(path, self.file), *self.positions[path])
            if not path:
                return (self.file, 1, 1)
            path = path[:-1]

    def key_place(self, path: Path) -> tuple[str, int, int]:
        """Where the key that names ``path`` is written (falls back to its value)."""
        if path in self.key_positions:
            return (self.origins.get(path, self.file), *self.key_positions[path])
        return self.place(path)

    def key_position(self, path: Path) -> Position:
        """Where the key that names ``path`` is written (falls back to its value)."""
        return self.key_place(path)[1:]

    def text_of(self, file: str) -> bytes:
        """The content of this file or of a file it draws on."""
        return self.content if file == self.file else self.drawn_on.get(file, b"")

    def diagnostic(
        self, path: Path, message: str, hint: str = "", *, at_key: bool = False,
        severity: str = "error",
    ) -> Diagnostic:
        file, line, col = self.key_place(path) if at_key else self.place(path)
        return Diagnostic(
            file, line, col, "warning" if severity == "warning" else "error",
            format_path(path), message, hint,
        )




def load_yaml(file: str | FilePath, content: bytes | None = None) -> Document:
    """Load one YAML file into a :class:`Document`, or raise :class:`AppraiseError`."""
    name = str(file)
    if content is None:
        content = read_bytes(name, MAX_SCHEME_BYTES, "scheme")
    text = read_text(name, content, MAX_SCHEME_BYTES, "scheme")
    builder = _Builder(name)
    try:
        data = _parse(text, _Loader, builder)
    except yaml.YAMLError as exc:
        if (ours := _own_limits(name, text)) is not None:
            raise ours from None
        builder.errors.append(_figures(name, text, None) or _yaml_error(name, text, exc))
        data = None
    else:
        if (figures := _figures(name, text, data)) is not None:
            raise AppraiseError([figures])
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
        _parse(text, yaml.SafeLoader, builder)
    except yaml.YAMLError:
        return None  # the parser's own complaint comes first: the C parser's words stand
    return AppraiseError(builder.errors) if builder.errors else None


def _figures(file: str, text: str, data: Any) -> Diagnostic | None:
    """A period's figures given where the scheme goes (``appraise validate 2026-Q1.csv``):
    one line saying so, not YAML's reading of a whole CSV as one long text. ``data`` is
    what the YAML holds (None if it cannot be read)."""
    if isinstance(data, dict):  # {"period": ..., "people": [...]}
        people = isinstance(data.get("people"), list) and set(data) <= {"period", "people"}
        kind = "JSON" if people else None
    elif isinstance(data, list) and (file.lower().endswith(".json") or (
            text.lstrip()[:1] == "[" and data and all(isinstance(r, dict) for r in data))):
        kind = "JSON"  # [{...}, ...]
    else:  # a text, or no YAML at all: a header of columns and no line a YAML key
        lines = [line.strip() for line in text.split("\n", 50)[:50] if line.strip()]
        header = bool(lines) and ("," in lines[0] or "\t" in lines[0]) \
            and not lines[0].startswith(("#", "-", "[", "{", "?", "|", ">")) \
            and not any(is_yaml_key(line) for line in lines)
        kind = "CSV" if header or file.lower().endswith((".csv", ".tsv")) else None
    if kind is None:
        return None
    return Diagnostic(file, 0, 0, "error", "", _("this looks like a data file ({kind}), not "
                                                 "a scheme").format(kind=kind), wrong_place())


_YAML_KEY = re.compile(r"[^\s,#\-\[{\"'][^,:]*:( .*)?")  # 'appraise: 1', 'fields:'


def is_yaml_key(line: str) -> bool:
    """Whether a line (stripped) starts a YAML mapping entry, as no CSV row does."""
    return _YAML_KEY.fullmatch(line) is not None


def _yaml_error(name: str, text: str, exc: yaml.YAMLError) -> Diagnostic:
    """The parser's complaint, in a person's words."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or _("the YAML cannot be read")
        return full_width(name, text, exc) or Diagnostic(
            name, line, col, "error", "", _("YAML syntax: {problem}").format(
                problem=yaml_problem(problem)),
            syntax_hint(exc, problem, character_at(text, line, col)),
        )
    if isinstance(exc, yaml.reader.ReaderError):
        return bad_character(name, text, exc.character)
    return Diagnostic(name, 0, 0, "error", "", f"YAML: {exc}", "")






def _parse(text: str, loader: Any, builder: _Builder) -> Any:
    """What ``builder`` makes of the events of ``text``, asked of the parser one by one (as
    ``yaml.parse`` does, without a generator between them)."""
    parser = loader(text)
    try:
        return builder.build(parser.get_event)
    finally:
        parser.dispose()


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

    def build(self, events: Events) -> Any:
        events()  # StreamStart
        event = events()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        next_event = events()  # first event of the document's content
        try:
            data = self.node(next_event, events, (), 1)
        except _Stop:
            return None
        events()  # DocumentEnd
        event = events()
        if isinstance(event, yaml.DocumentStartEvent):
            self.error(event, (), _("the file holds more than one YAML document"),
                       _("a scheme is one document: remove the extra '---' and what follows"))
        return data

    def node(self, event: Any, events: Events, path: Path, depth: int) -> Any:
        if depth > MAX_DEPTH:
            self.error(event, (), _("nesting is deeper than {depth} levels").format(
                depth=MAX_DEPTH), _("a scheme never needs this; check the indentation"))
            raise _Stop
        self.positions[path] = _position(event)
        if isinstance(event, yaml.AliasEvent):
            self.error(event, path, _("aliases (*{anchor}) are not supported").format(
                anchor=event.anchor), _("write the content out in full"))
            return None
        if event.anchor is not None:
            self.error(event, path, _("anchors (&{anchor}) are not supported").format(
                anchor=event.anchor), _("write the content out in full where it is needed"))
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, path)
        if getattr(event, "tag", None) not in (None, "!") and not event.implicit:
            self.error(event, path, _("YAML tags ({tag}) are not supported").format(
                tag=_short(event.tag)), _("remove the tag"))
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(event := events(), yaml.SequenceEndEvent):
                items.append(self.node(event, events, (*path, len(items)), depth + 1))
            return items
        return self.mapping(events, path, depth)

    def mapping(self, events: Events, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        positions, key_positions = self.positions, self.key_positions
        while not isinstance(event := events(), yaml.MappingEndEvent):
            if not isinstance(event, yaml.ScalarEvent) or event.anchor or event.tag:
                self.error(event, path, _("a key must be plain text"),
                           _("write the key as a word"))
                self.skip(event, events)
                self.skip(events(), events)
                continue
            key = event.value
            line, column = _position(event)
            if key == "<<" and event.implicit[0]:
                self.error(event, path, _("merge keys (<<) are not supported"),
                           _("write the keys out in full"))
            value_event = events()
            if key in first_line:
                self.error(event, (*path, key),
                           _("duplicate key '{key}' (lines {first} and {line})").format(
                               key=excerpt(key), first=first_line[key], line=line),
                           _("remove one of them; YAML would silently keep only the last"))
                self.skip(value_event, events)
                continue
            first_line[key] = line
            where = (*path, key)
            key_positions[where] = (line, column)
            if type(value_event) is yaml.ScalarEvent and value_event.anchor is None \
                    and depth < MAX_DEPTH:  # most values: what node() would do, in short
                positions[where] = _position(value_event)
                result[key] = self.scalar(value_event, where)
            else:
                result[key] = self.node(value_event, events, where, depth + 1)
        return result

    def skip(self, event: Any, events: Events) -> None:
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            level = 1
            while level:
                event = events()
                if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                    level += 1
                elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                    level -= 1

    def scalar(self, event: Any, path: Path) -> Any:
        if event.tag not in (None, "!"):
            self.error(event, path, _("YAML tags ({tag}) are not supported").format(
                tag=_short(event.tag)), _("remove the tag; quote the value if it must be text"))
        text: str = event.value
        if not event.implicit[0] or event.tag == "!":  # quoted, block or '! x': always text
            return text
        if text in _NULLS:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if text[0] not in _NUMBER_START:  # not a number in any form read below
            return text
        shown = text if len(text) <= 20 else text[:16] + "..."
        if _LEADING_ZERO.fullmatch(text):  # digits, as many as written: never int() them
            sign, digits = text[0] if text[0] in "+-" else "", text.lstrip("+-")
            plain = digits.replace("_", "").lstrip("0") or "0"
            plain = sign.replace("+", "") + (plain if len(plain) <= 20 else plain[:16] + "...")
            self.error(event, path,
                       _("the number {shown} has a leading zero, which YAML 1.1 reads as octal")
                       .format(shown=shown),
                       _("write {number}, or quote it ('{shown}') if it is a code").format(
                           number=plain, shown=shown))
            return None
        is_int = _INT.fullmatch(text) is not None
        if is_int or (_DECIMAL.fullmatch(text) and any(c.isdigit() for c in text)):
            number = _decimal(text.replace("_", ""))
            if isinstance(number, str):
                self.error(event, path, (
                    _("the number {shown} is too large to compute with") if number == "too large"
                    else _("the number {shown} is too close to zero to compute with")).format(
                    shown=shown), _("check it; quote it if it is a code rather than an amount")
                    if number == "too large" else _("check it; write 0 if it is nothing"))
                return None
            return int(number) if is_int else number
        return text


def _decimal(text: str) -> Decimal | str:
    """The number written, or what is wrong with it: 'too large' or 'too close to zero'
    for a float to hold (1e400, 1e-400; 1e99999999999999999999 even for a Decimal)."""
    try:
        number = Decimal(text)
    except InvalidOperation:  # an exponent past what even a Decimal holds
        return "too close to zero" if "e-" in text.lower() else "too large"
    if number.copy_abs() > _LARGEST:
        return "too large"
    if number and float(number) == 0:
        return "too close to zero"
    return number


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


