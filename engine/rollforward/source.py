"""Where each scalar of a scheme is written, and the text with some of them rewritten.

A roll-forward changes a few numbers and years and must leave every other byte as HR wrote
it: comments, order, quoting, flow style, blank lines, line width. Rather than dump the
YAML again (any dumper reflows something: a flow mapping written over two lines, the
indentation of sequences), the new scalars are spliced into the original text at the
spans the YAML parser records for them, start and end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

Key = str | int
Path = tuple[Key, ...]

BOM = b"\xef\xbb\xbf"
_PLAIN_NUMBER = re.compile(r"[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?")


@dataclass(frozen=True)
class Scalar:
    """One scalar as written: its span in the text (characters), line (1-based) and style."""

    start: int
    end: int
    line: int
    column: int
    style: str | None  # None: plain; "'" or '"': quoted; "|" or ">": a block
    value: str  # what the parser read

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def number(self) -> Decimal | None:
        """The number a plain scalar writes (1200000, 1_200_000, 1.5e6), or None."""
        if self.style is not None or not _PLAIN_NUMBER.fullmatch(self.value):
            return None
        try:
            return Decimal(self.value.replace("_", ""))
        except InvalidOperation:
            return None


@dataclass(frozen=True)
class Mapping:
    """A mapping as written: in flow style ({a: 1}) or block style (one key a line), the
    column of its keys, and where its last entry ends (for a block, the end of the last
    text written in it: the end of its last line but for that line's comment and break)."""

    flow: bool
    column: int
    end: int
    line: int
    empty: bool = False


@dataclass
class Source:
    """A scheme's text and where each of its scalars and mappings is written, by path."""

    text: str
    bom: bool
    scalars: dict[Path, Scalar]
    mappings: dict[Path, Mapping]
    sequences: dict[Path, tuple[int, int]] = field(default_factory=dict)  # each one's span

    def written(self, scalar: Scalar) -> str:
        return self.text[scalar.start:scalar.end]

    def entries_added(self, path: Path, entries: list[tuple[str, str]]) -> tuple[int, str]:
        """Where and what to write to add ``key: value`` entries (flow values) to the mapping
        at ``path``, in its own style: ', key: value' after the last entry of a flow mapping,
        a line each under the keys of a block one."""
        mapping = self.mappings[path]
        if mapping.flow:
            joined = ", ".join(f"{key}: {value}" for key, value in entries)
            return mapping.end, ("" if mapping.empty else ", ") + joined
        end = self.text.find("\n", mapping.end)
        end = len(self.text) if end < 0 else end
        newline = "\n"
        if end > 0 and self.text[end - 1] == "\r":
            end, newline = end - 1, "\r\n"
        indent = " " * (mapping.column - 1)
        return end, "".join(f"{newline}{indent}{key}: {value}" for key, value in entries)

    def line_at(self, index: int) -> int:
        return self.text.count("\n", 0, index) + 1

    def spliced(self, edits: list[tuple[tuple[int, int], str]]) -> bytes:
        """The text with each span replaced by its new text (an empty span: text added), as
        bytes, with the byte order mark it had."""
        out, done = [], 0
        for (start, end), new in sorted(edits, key=lambda edit: edit[0]):
            out += [self.text[done:start], new]
            done = end
        out.append(self.text[done:])
        return (BOM if self.bom else b"") + "".join(out).encode("utf-8")


def read_source(content: bytes) -> Source:
    """The scalars of a scheme that has been validated (so it parses, as UTF-8)."""
    bom = content.startswith(BOM)
    text = content[len(BOM):].decode("utf-8") if bom else content.decode("utf-8")
    source = Source(text, bom, {}, {})
    # The pure-Python parser: its marks count characters, as the text is indexed.
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # nodes only: nothing is constructed
    if root is not None:
        _walk(root, (), source)
    return source


def _walk(node: Any, path: Path, into: Source) -> int:
    """Record the scalars and mappings under ``node``; the end of the last text it writes
    (a block collection's own end mark lies at the next token, maybe lines further on)."""
    if isinstance(node, yaml.ScalarNode):
        mark, end = node.start_mark, node.end_mark
        into.scalars[path] = Scalar(mark.index, end.index, mark.line + 1, mark.column + 1,
                                    node.style, str(node.value))
        return int(end.index)
    last = int(node.start_mark.index)
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            last = max(last, _walk(item, (*path, index), into))
        end = int(node.end_mark.index) if node.flow_style else last
        into.sequences[path] = (int(node.start_mark.index), end)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                last = max(last, _walk(value, (*path, str(key.value)), into))
        if node.flow_style:
            last = int(node.end_mark.index)
        first = node.value[0][0].start_mark if node.value else node.start_mark
        into.mappings[path] = Mapping(bool(node.flow_style), first.column + 1,
                                      _last_entry_end(node, last), node.start_mark.line + 1,
                                      not node.value)
    if getattr(node, "flow_style", False):
        last = int(node.end_mark.index)
    return last


def _last_entry_end(node: Any, last: int) -> int:
    """Where an entry goes in a flow mapping: after its last value (before the '}')."""
    if node.flow_style:  # after the last value, or inside the braces of {}
        return int(node.value[-1][1].end_mark.index) if node.value else last - 1
    return last


def number_text(value: Decimal) -> str:
    """A number as a person writes it in YAML: no exponent, no trailing '.0' beyond those
    it was rounded to."""
    return format(value, "f")
