"""A scheme as Appraise reads it (``appraise show --resolved``): its base merged in and its
library entries resolved, written out as YAML that is itself a valid scheme.

A part that was written in another file (the base, a library) names that file and line
in a comment at the end of its first line, so an auditor can see where each weight,
target and rule of the effective scheme comes from.
"""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from typing import Any

from ..diagnostics import Path
from ..i18n import _
from ..load import Document

FLOW_WIDTH = 100  # a map of plain values is written on one line when it fits
_PLAIN = re.compile(r"[A-Za-z_\u3400-\u9fff\uf900-\ufaff][^:#\n\t]*")
_FLOW_SPECIAL = re.compile(r"[,\[\]{}]")
_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}


def resolved_yaml(doc: Document) -> str:
    """``doc``'s data as YAML, each part drawn from another file marked with its place."""
    lines = [*(f"# {line}" for line in _(
        "{file} as Appraise reads it: its base scheme merged in and its\nlibrary entries "
        "resolved. A part written in another file names it at the\nend of its line."
    ).format(file=doc.file).splitlines()), ""]
    _Writer(doc, lines).mapping(_paths_from_here(doc), (), 0, doc.file)
    return "\n".join(lines) + "\n"


def _paths_from_here(doc: Document) -> Any:
    """The data with each file a base names (a counted scheme: ``subjects.*.scheme``)
    written relative to the scheme's own folder, as the resolved scheme reads it there."""
    subjects = doc.data.get("subjects") if isinstance(doc.data, dict) else None
    if not isinstance(subjects, dict):
        return doc.data
    moved = dict(subjects)
    here = os.path.dirname(doc.file)
    for name, entry in subjects.items():
        origin = doc.origins.get(("subjects", name, "scheme"), doc.file)
        written = entry.get("scheme") if isinstance(entry, dict) else None
        if origin != doc.file and not origin.startswith("<") and isinstance(written, str) \
                and not os.path.isabs(written):
            there = os.path.join(os.path.dirname(origin), written)
            moved[name] = {**entry, "scheme": os.path.relpath(there, here or os.curdir)}
    return {**doc.data, "subjects": moved}


class _Writer:
    def __init__(self, doc: Document, lines: list[str]) -> None:
        self.doc = doc
        self.lines = lines

    def origin(self, path: Path) -> str:
        return self.doc.origins.get(path, self.doc.file)

    def note(self, path: Path, above: str) -> str:
        """The comment naming where ``path`` was written, when not where its parent was."""
        if self.origin(path) == above:
            return ""
        file, line, _ = self.doc.key_place(path)
        return f"  # {file}:{line}"

    def mapping(self, value: dict[str, Any], path: Path, indent: int, above: str,
                first: str = "") -> None:
        pad = " " * indent
        for i, (key, item) in enumerate(value.items()):
            lead = first if i == 0 and first else pad
            self.entry(f"{lead}{_scalar(key)}:", item, (*path, key), indent, above)

    def entry(self, head: str, item: Any, path: Path, indent: int, above: str) -> None:
        note = self.note(path, above)
        here = self.origin(path)
        flow = self.flow(item, path, here)
        if flow is not None:
            self.lines.append(f"{head} {flow}{note}")
        elif isinstance(item, dict):
            self.lines.append(f"{head}{note}")
            self.mapping(item, path, indent + 2, here)
        else:
            self.lines.append(f"{head}{note}")
            self.sequence(item, path, indent + 2, here)

    def sequence(self, value: list[Any], path: Path, indent: int, above: str) -> None:
        pad = " " * indent
        for i, item in enumerate(value):
            where = (*path, i)
            here = self.origin(where)
            flow = self.flow(item, where, here)
            if flow is not None:
                self.lines.append(f"{pad}- {flow}{self.note(where, above)}")
            elif isinstance(item, dict):
                start = len(self.lines)
                self.mapping(item, where, indent + 2, here, first=f"{pad}- ")
                if (note := self.note(where, above)) and "  # " not in self.lines[start]:
                    self.lines[start] += note
            else:
                self.lines.append(f"{pad}-{self.note(where, above)}")
                self.sequence(item, where, indent + 2, here)

    def flow(self, item: Any, path: Path, here: str) -> str | None:
        """``item`` on one line: a plain value, an empty map or list, or a short map or
        list of plain values all written in one file."""
        if not isinstance(item, dict | list):
            return _scalar(item)
        if not item:
            return "{}" if isinstance(item, dict) else "[]"
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        if any(isinstance(v, dict | list) or self.origin((*path, k)) != here
               for k, v in pairs):
            return None
        if isinstance(item, dict):
            text = "{" + ", ".join(f"{_scalar(k, True)}: {_scalar(v, True)}"
                                   for k, v in item.items()) + "}"
        else:
            text = "[" + ", ".join(_scalar(v, True) for v in item) + "]"
        return text if len(text) <= FLOW_WIDTH else None


def _scalar(value: Any, flow: bool = False) -> str:
    """A plain value as YAML that reads back as the same value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | float):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text == text.strip() and text.lower() not in _WORDS \
            and not (flow and _FLOW_SPECIAL.search(text)):
        return text
    return json.dumps(text, ensure_ascii=False)


def library_table(doc: Document) -> str:
    """A library's indicators, one a line: id, name, English name, perspective, rule."""
    from .layout import render_table

    data = doc.data
    indicators = data.get("indicators") or {}
    title = " ".join(str(data[k]) for k in ("label", "label_en") if data.get(k))
    rows = [(key, str(entry.get("label", "")), str(entry.get("label_en", "")),
             str(entry.get("perspective", "")), str(_kind(entry.get("rule"))))
            for key, entry in indicators.items() if isinstance(entry, dict)]
    table = render_table((_("Id"), _("Indicator"), _("In English"), _("Perspective"),
                          _("Rule")), rows, (False,) * 5)
    count = (_("1 indicator") if len(rows) == 1 else _("{count} indicators")).format(
        count=len(rows))
    heading = _("{file}: {title}, {count}") if title else _("{file}: {count}")
    return (heading.format(file=doc.file, title=title, count=count) + "\n\n" + table
            + _("A scheme takes one with  {example}").format(
                example="indicators: {ID: {use: ID}}") + "\n")


def _kind(rule: Any) -> Any:
    """A rule's kind as written (a rule written wrong shows as written: validate says why)."""
    return rule.get("kind", "") if isinstance(rule, dict) else rule
