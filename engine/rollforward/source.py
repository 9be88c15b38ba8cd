"""Where each scalar of a scheme is written, and the text with some of them rewritten.

A roll-forward changes a few numbers and years and must leave every other byte as HR wrote
it: comments, order, quoting, flow style, blank lines, line width. Rather than dump the
YAML again (any dumper reflows something: a flow mapping written over two lines, the
indentation of sequences), the new scalars are spliced into the original text at the
spans the YAML parser records for them, start and end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
    def number(self) -> Decimal | None:
        """The number a plain scalar writes (1200000, 1_200_000, 1.5e6), or None."""
        if self.style is not None or not _PLAIN_NUMBER.fullmatch(self.value):
            return None
        try:
            return Decimal(self.value.replace("_", ""))
        except InvalidOperation:
            return None


@dataclass
class Source:
    """A scheme's text and where each of its scalars is written, by path."""

    text: str
    bom: bool
    scalars: dict[Path, Scalar]

    def written(self, scalar: Scalar) -> str:
        return self.text[scalar.start:scalar.end]

    def spliced(self, edits: dict[Path, str]) -> bytes:
        """The text with each edited scalar's span replaced by its new text, as bytes."""
        out, done = [], 0
        for scalar, new in sorted(((self.scalars[p], t) for p, t in edits.items()),
                                  key=lambda pair: pair[0].start):
            out += [self.text[done:scalar.start], new]
            done = scalar.end
        out.append(self.text[done:])
        return (BOM if self.bom else b"") + "".join(out).encode("utf-8")


def read_source(content: bytes) -> Source:
    """The scalars of a scheme that has been validated (so it parses, as UTF-8)."""
    bom = content.startswith(BOM)
    text = content[len(BOM):].decode("utf-8") if bom else content.decode("utf-8")
    scalars: dict[Path, Scalar] = {}
    # The pure-Python parser: its marks count characters, as the text is indexed.
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # nodes only: nothing is constructed
    if root is not None:
        _walk(root, (), scalars)
    return Source(text, bom, scalars)


def _walk(node: Any, path: Path, into: dict[Path, Scalar]) -> None:
    if isinstance(node, yaml.ScalarNode):
        mark, end = node.start_mark, node.end_mark
        into[path] = Scalar(mark.index, end.index, mark.line + 1, mark.column + 1,
                            node.style, str(node.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), into)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _walk(value, (*path, str(key.value)), into)


def number_text(value: Decimal) -> str:
    """A number as a person writes it in YAML: no exponent, no trailing '.0' beyond those
    it was rounded to."""
    return format(value, "f")
